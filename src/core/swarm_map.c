/* swarm_map.c — placeholder */
#include "swarm_impl.h"
SwarmBasin *swarm_basin_create(const Surface *s, const Spec *spec, const SwarmBasinDesc *d, Err *err) { (void)s; (void)spec; (void)d; (void)err; return NULL; }
void swarm_basin_wait(SwarmBasin *m) { (void)m; }
void swarm_basin_destroy(SwarmBasin **m) { (void)m; }
SwarmHpmap *swarm_hpmap_create(const Surface *s, const Spec *base, const SwarmHpmapDesc *d, Err *err) { (void)s; (void)base; (void)d; (void)err; return NULL; }
void swarm_hpmap_wait(SwarmHpmap *m) { (void)m; }
void swarm_hpmap_destroy(SwarmHpmap **m) { (void)m; }
