/* sched_kinds.h — private to the schedules: their table rows (listed in sched.c) and the few
 * helpers they share. Not for use outside src/core. */
#ifndef OPTIPLAY_SCHED_KINDS_H
#define OPTIPLAY_SCHED_KINDS_H

#include "../sched.h"

/* Python's math.pi, the same double. */
#define SCHED_PI 3.141592653589793

extern const SchedKind sched_steplr;
extern const SchedKind sched_multisteplr;
extern const SchedKind sched_constantlr;
extern const SchedKind sched_linearlr;
extern const SchedKind sched_exponentiallr;
extern const SchedKind sched_polynomiallr;
extern const SchedKind sched_cosineannealinglr;
extern const SchedKind sched_cycliclr;
extern const SchedKind sched_onecyclelr;
extern const SchedKind sched_cosineannealingwarmrestarts;
extern const SchedKind sched_inversetimelr;
extern const SchedKind sched_inversesqrtlr;
extern const SchedKind sched_reducelronplateau;
extern const SchedKind sched_lambdalr;
extern const SchedKind sched_multiplicativelr;
extern const SchedKind sched_swalr;
extern const SchedKind sched_sequentiallr;
extern const SchedKind sched_chainedscheduler;

/* torch's `'momentum' in optimizer.defaults` (and, when allow_betas, `'betas' in ...`, which
 * wins as in OneCycleLR's use_beta1): the slot in o->p of the optimizer's momentum keyword or of
 * betas[0], found by keyword name; -1 when the optimizer has neither. */
int sched_momentum_slot(const Optim *o, int allow_betas);

#endif
