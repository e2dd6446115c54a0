/* fused.c — the fused loops (fused_tmpl.h) of one optimizer kind with every surface kind,
 * built once per kind (../meson.build: -DFUSED_KIND=<kind>, x86-64 only) with the kernels'
 * flags. The kind's file and each surface's are included as they are: their el and formula
 * are the race's own (one formula each, batch.h), here inlined into one loop. The table,
 * optim_<kind>_fused, is what the kind's OptimBatch points at; the swarm takes a row when
 * its surface's batched loops are the row's (kern.c). Not the expression surfaces (no
 * formula of their own) and not linreg (a loop over its data per point). */
#include "batch.h"
#include "fused_tmpl.h"
#include "../surf/surf.h"

#define FUSED_STR2(x) #x
#define FUSED_STR(x) FUSED_STR2(x)
#define FUSED_CAT2(a, b) a##b
#define FUSED_CAT(a, b) FUSED_CAT2(a, b)

/* the kind's file: its a_one and the number of its variants, not its split loops */
#undef KERN_OPTIM_LOOPS
#define KERN_OPTIM_LOOPS(name, nvar, bufs)                                                  \
    enum { FUSED_NVAR = (nvar) };                                                           \
    KERN_A_ONE(bufs)
/* each surface's file: the fused loops, not its eval and split loops; its row (unused) of
 * fused_surf.h's type */
#undef SURF_BATCH
#undef SURF_ROW
#undef SURF_KIND
#define SURF_BATCH(name, nmin)                                                              \
    extern const SurfBatch surf_##name##_loops;                                             \
    FUSED_SURF_LOOPS(name, nmin)
#define SURF_ROW(name) .batch = &surf_##name##_loops
#define SURF_KIND(name) __attribute__((unused)) static const FUSED_CAT(SurfRow_, S) kern_row_##name

#include FUSED_STR(../optim/FUSED_KIND.c)

#define S ackley
#define FUSED_SURF "../surf/ackley.c"
#include "fused_surf.h"
#define S beale
#define FUSED_SURF "../surf/beale.c"
#include "fused_surf.h"
#define S booth
#define FUSED_SURF "../surf/booth.c"
#include "fused_surf.h"
#define S goldstein_price
#define FUSED_SURF "../surf/goldstein_price.c"
#include "fused_surf.h"
#define S himmelblau
#define FUSED_SURF "../surf/himmelblau.c"
#include "fused_surf.h"
#define S levi13
#define FUSED_SURF "../surf/levi13.c"
#include "fused_surf.h"
#define S matyas
#define FUSED_SURF "../surf/matyas.c"
#include "fused_surf.h"
#define S monkey_saddle
#define FUSED_SURF "../surf/monkey_saddle.c"
#include "fused_surf.h"
#define S plateau
#define FUSED_SURF "../surf/plateau.c"
#include "fused_surf.h"
#define S quadratic
#define FUSED_SURF "../surf/quadratic.c"
#include "fused_surf.h"
#define S rastrigin
#define FUSED_SURF "../surf/rastrigin.c"
#include "fused_surf.h"
#define S rosenbrock
#define FUSED_SURF "../surf/rosenbrock.c"
#include "fused_surf.h"
#define S saddle
#define FUSED_SURF "../surf/saddle.c"
#include "fused_surf.h"
#define S six_hump_camel
#define FUSED_SURF "../surf/six_hump_camel.c"
#include "fused_surf.h"
#define S styblinski_tang
#define FUSED_SURF "../surf/styblinski_tang.c"
#include "fused_surf.h"
#define S three_hump_camel
#define FUSED_SURF "../surf/three_hump_camel.c"
#include "fused_surf.h"

const FusedRow FUSED_CAT(FUSED_CAT(optim_, FUSED_KIND), _fused)[] = {
    FUSED_ROW(ackley), FUSED_ROW(beale), FUSED_ROW(booth), FUSED_ROW(goldstein_price),
    FUSED_ROW(himmelblau), FUSED_ROW(levi13), FUSED_ROW(matyas), FUSED_ROW(monkey_saddle),
    FUSED_ROW(plateau), FUSED_ROW(quadratic), FUSED_ROW(rastrigin), FUSED_ROW(rosenbrock),
    FUSED_ROW(saddle), FUSED_ROW(six_hump_camel), FUSED_ROW(styblinski_tang),
    FUSED_ROW(three_hump_camel), {NULL, {{NULL}}},
};
