/* batch.h — private to src/core: one formula, two builds. An optimizer's update of one
 * coordinate (optim/<kind>.c's `el`) and a surface's value and gradient at one point
 * (surf/<name>.c's `formula`) are each written once, as always-inline functions. Each of those
 * files is compiled twice, as dav1d compiles one template per bit depth:
 *
 *   - into the core: OPTIM_BATCH / SURF_BATCH make the scalar step (prep, then el on each
 *     coordinate, as the race calls it) and the scalar eval from the formula, and the table
 *     row points at the batched loops of the other build;
 *   - into the swarm's kernel library (-DOPTIPLAY_KERNEL, -O3, see ../meson.build): the same
 *     macros make the batched loops, the formula inlined into loops over a block of particles,
 *     once per instruction set (kern_tmpl.h), and the table of them (optim_<kind>_loops,
 *     surf_<name>_loops).
 *
 * The swarm is the race bit for bit because both run the same source: IEEE-754 +, −, ×, ÷, √
 * and fma round the same in a vector lane as in a scalar register, and none of the kernel flags
 * changes a result (no -ffast-math; -ffp-contract=off everywhere). */
#ifndef OPTIPLAY_BATCH_H
#define OPTIPLAY_BATCH_H

#if defined(__GNUC__) || defined(__clang__)
#define HOT static inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#else
#define HOT static inline
#define NOINLINE
#endif

/* the instruction sets a loop is built for: plain x86-64 (or any CPU), AVX2+FMA, AVX-512 */
enum { KERN_NISA = 3, OPTIM_MAXVAR = 8 };

/* the state buffers of OptimState an update keeps, as bits (BUF_* in swarm_impl.h) */
enum { BATCH_M = 1, BATCH_V = 2, BATCH_U = 4, BATCH_W = 8 };

struct Optim;
struct Surface;
struct SwarmImpl;

/* What a step of a kind computes from the step count, lr and p[] alone (prep), named in each
 * kind's file; the update of each coordinate (el) reads it. */
typedef struct OptimCoef {
    long t;           /* the step being taken (1-based) */
    int first;        /* the state is made at this step */
    int neg;          /* maximize: the batched loop negates g first, as optim_step does */
    double lr;
    double b1, b2, wd, eps;
    double k[8];      /* kind-specific */
    int f1, f2;       /* kind-specific flags */
    struct Anatomy *tap; /* the anatomy of this update (../anatomy.h), NULL: none */
    int coord;        /* the coordinate el is computing, for tap */
} OptimCoef;

/* TAP(c, role, sym, what, v): el's value v, named for the anatomy of one update when one is
 * being taken (c->tap), else just v; the kernels compile it to v. TAPS: the same as a
 * statement. */
#ifdef OPTIPLAY_KERNEL
#define TAP(c, role, sym, what, v) (v)
#else
double anatomy_tap(struct Anatomy *an, int coord, int role, const char *sym, const char *what,
                   double v);
#define TAP(c, role, sym, what, v)                                                          \
    ((c)->tap ? anatomy_tap((c)->tap, (c)->coord, (role), (sym), (what), (v)) : (v))
#endif
#define TAPS(c, role, sym, what, v) ((void)TAP(c, role, sym, what, v))

/* The optimizer step of n particles, both coordinates: (xn, yn) the new points, acc the sum
 * of the state buffers the kind keeps (finite when they all are, or it overflowed). */
#define OPTIM_LOOP_PARAMS const OptimCoef *restrict c, int n, const double *restrict x,       \
    const double *restrict y, const double *restrict gx, const double *restrict gy,           \
    double *restrict m0, double *restrict v0, double *restrict u0, double *restrict w0,       \
    double *restrict m1, double *restrict v1, double *restrict u1, double *restrict w1,       \
    double *restrict xn, double *restrict yn, double *restrict acc
typedef void (*OptimLoop)(OPTIM_LOOP_PARAMS);

/* A fused loop (fused_tmpl.h): the kind's step of n particles as OptimLoop, the surface at
 * the new points (gx, gy ← its gradient) and the quiet test of the surface's q loop, in one
 * pass; returns how many particles are loud (0: every running particle just moves). Only
 * for c->wd == 0 and !c->neg. */
#define FUSED_LOOP_PARAMS const OptimCoef *restrict c, const struct SwarmImpl *restrict sw,   \
    int n, double lim, const double *restrict x, const double *restrict y,                   \
    double *restrict gx, double *restrict gy, double *restrict m0, double *restrict v0,       \
    double *restrict u0, double *restrict w0, double *restrict m1, double *restrict v1,       \
    double *restrict u1, double *restrict w1, double *restrict xn, double *restrict yn,       \
    double *restrict acc, const double *restrict st
typedef long (*FusedLoop)(FUSED_LOOP_PARAMS);

/* a kind's fused loops with one surface kind's formula; a NULL loop: none for that set */
typedef struct FusedRow {
    const struct SurfBatch *surf;
    FusedLoop loop[KERN_NISA][OPTIM_MAXVAR];
} FusedRow;

typedef struct OptimBatch {
    int nvar;          /* variants of el (flags fixed at compile time), variant() picks one */
    unsigned bufs;     /* BATCH_* the kind keeps */
    OptimLoop loop[KERN_NISA][OPTIM_MAXVAR];
    const FusedRow *fused; /* rows up to one with no surface; NULL: none (swarm/fused.c) */
} OptimBatch;

/* A surface's loops (kern_tmpl.h): the race's bookkeeping after a step (b), its quiet fast
 * path (q), and value and gradient of n points (e). */
#define SURF_LOOP_B_PARAMS const struct SwarmImpl *restrict sw, int n, double lim,             \
    const double *restrict xn, const double *restrict yn, const double *restrict acc,         \
    double *restrict x, double *restrict y, const double *restrict st, double *restrict sg,   \
    double *restrict gx, double *restrict gy, double *restrict ev
#define SURF_LOOP_Q_PARAMS const struct SwarmImpl *restrict sw, int n, double lim,             \
    const double *restrict xn, const double *restrict yn, const double *restrict acc,         \
    const double *restrict st, double *restrict gx, double *restrict gy
#define SURF_LOOP_E_PARAMS const struct Surface *restrict s, int n, const double *restrict x, \
    const double *restrict y, double *restrict f, double *restrict gx, double *restrict gy
typedef long (*SurfLoopB)(SURF_LOOP_B_PARAMS);
typedef long (*SurfLoopQ)(SURF_LOOP_Q_PARAMS);
typedef void (*SurfLoopE)(SURF_LOOP_E_PARAMS);

typedef struct SurfBatch {
    int nmin;          /* the minima the loops compare with, -1: as many as the surface has */
    SurfLoopB b[KERN_NISA];
    SurfLoopQ q[KERN_NISA];
    SurfLoopE e[KERN_NISA];
} SurfBatch;

#ifdef OPTIPLAY_KERNEL
#include "kern_tmpl.h"
#else
#define KERN_OPTIM_LOOPS(name, nvar, bufs)
#define KERN_SURF_LOOPS(name, nmin)
#endif

/* In optim/<kind>.c, after prep, variant and el: the scalar step and (kernel build) the
 * batched loops. The row is declared with OPTIM_KIND(kind) = { ..., OPTIM_ROW(kind) }. */
#define OPTIM_BATCH(name, nvar, bufs)                                                       \
    extern const OptimBatch optim_##name##_loops;                                           \
    static void step(Optim *o, double x[2], const double g[2])                              \
    {                                                                                       \
        OptimCoef c;                                                                        \
        prep(o, &c);                                                                        \
        int var = variant(&c);                                                              \
        OptimState *s = &o->st;                                                             \
        double xn[2];                                                                       \
        for (int i = 0; i < 2; i++)                                                         \
            c.coord = i, xn[i] = el(&c, var, x[i], g[i], &s->m[i], &s->v[i], &s->u[i], &s->w[i]);        \
        commit(o, x, xn);                                                                   \
    }                                                                                       \
    KERN_OPTIM_LOOPS(name, nvar, bufs)
#define OPTIM_ROW(name)                                                                     \
    .step = step, .prep = prep, .variant = variant, .batch = &optim_##name##_loops

/* In surf/<name>.c, after formula: the scalar eval and (kernel build) the batched loops;
 * nmin: the surface's number of minima when fixed, else -1. */
#define SURF_BATCH(name, nmin)                                                              \
    extern const SurfBatch surf_##name##_loops;                                             \
    static double eval(const Surface *s, double x, double y, double g[2])                   \
    {                                                                                       \
        double gx, gy, f = formula(s, x, y, &gx, &gy);                                      \
        if (g) {                                                                            \
            g[0] = gx;                                                                      \
            g[1] = gy;                                                                      \
        }                                                                                   \
        return f;                                                                           \
    }                                                                                       \
    KERN_SURF_LOOPS(name, nmin)
#define SURF_ROW(name) .eval = eval, .batch = &surf_##name##_loops

/* The table rows: in the kernel build a file's row is a local nobody reads (the core's
 * build defines the real one). */
#ifdef OPTIPLAY_KERNEL
#define OPTIM_KIND(name) __attribute__((unused)) static const OptimKind kern_row_##name
#define SURF_KIND(name) __attribute__((unused)) static const SurfaceKind kern_row_##name
#else
#define OPTIM_KIND(name) const OptimKind optim_##name
#define SURF_KIND(name) const SurfaceKind surf_##name
#endif

#endif
