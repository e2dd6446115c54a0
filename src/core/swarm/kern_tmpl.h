/* kern_tmpl.h — private to the kernel build (batch.h includes it under OPTIPLAY_KERNEL): the
 * swarm's loops as templates. An optimizer file's el and a surface file's formula are inlined
 * into loops over a block of particles, written for the auto-vectoriser, and each loop is built
 * for plain x86-64, AVX2+FMA and AVX-512 (the swarm picks the best the CPU runs). Out of line,
 * with the arrays as restrict parameters of their own: GCC vectorises them there. */
#ifndef OPTIPLAY_KERN_TMPL_H
#define OPTIPLAY_KERN_TMPL_H

#include <math.h>

#include "swarm_impl.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define KERN_X86 1
#define KERN_AVX2 __attribute__((target("avx2,fma")))
#define KERN_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
#endif

enum { SMALL_GRAD_STEPS = 10 };

typedef double (*KernFormula)(const Surface *s, double x, double y, double *gx, double *gy);

/* ---- an optimizer: variant V of el over n particles, both coordinates --------------------- */

/* One particle's step, both coordinates, and the sum of the state buffers the kind keeps:
 * the body of the split loops and of the fused ones (fused_tmpl.h). */
#define KERN_A_ONE(bufs)                                                                    \
    HOT void a_one(const OptimCoef *restrict c, const int V, double x, double y, double gx,  \
                   double gy, double *m0, double *v0, double *u0, double *w0, double *m1,  \
                   double *v1, double *u1, double *w1, double *xn, double *yn, double *acc) \
    {                                                                                       \
        const int neg = c->neg;                                                             \
        double gxi = neg ? -gx : gx, gyi = neg ? -gy : gy;                                  \
        *xn = el(c, V, x, gxi, m0, v0, u0, w0);                                             \
        *yn = el(c, V, y, gyi, m1, v1, u1, w1);                                             \
        double a = 0;                                                                       \
        if ((bufs) & BATCH_M)                                                               \
            a += *m0 + *m1;                                                                 \
        if ((bufs) & BATCH_V)                                                               \
            a += *v0 + *v1;                                                                 \
        if ((bufs) & BATCH_U)                                                               \
            a += *u0 + *u1;                                                                 \
        if ((bufs) & BATCH_W)                                                               \
            a += *w0 + *w1;                                                                 \
        *acc = a;                                                                           \
    }

#define KERN_OPTIM_LOOP(isa, attr, V, nvar, bufs)                                           \
    attr NOINLINE static void loop_##isa##_##V(OPTIM_LOOP_PARAMS)                           \
    {                                                                                       \
        if (V >= (nvar))                                                                    \
            return;                                                                         \
        for (int i = 0; i < n; i++)                                                         \
            a_one(c, V, x[i], y[i], gx[i], gy[i], m0 + i, v0 + i, u0 + i, w0 + i, m1 + i,   \
                  v1 + i, u1 + i, w1 + i, xn + i, yn + i, acc + i);                         \
    }
#define KERN_OPTIM_ISA(isa, attr, nvar, bufs)                                               \
    KERN_OPTIM_LOOP(isa, attr, 0, nvar, bufs) KERN_OPTIM_LOOP(isa, attr, 1, nvar, bufs)     \
    KERN_OPTIM_LOOP(isa, attr, 2, nvar, bufs) KERN_OPTIM_LOOP(isa, attr, 3, nvar, bufs)     \
    KERN_OPTIM_LOOP(isa, attr, 4, nvar, bufs) KERN_OPTIM_LOOP(isa, attr, 5, nvar, bufs)     \
    KERN_OPTIM_LOOP(isa, attr, 6, nvar, bufs) KERN_OPTIM_LOOP(isa, attr, 7, nvar, bufs)
#define KERN_OPTIM_ROW(isa)                                                                 \
    {loop_##isa##_0, loop_##isa##_1, loop_##isa##_2, loop_##isa##_3,                        \
     loop_##isa##_4, loop_##isa##_5, loop_##isa##_6, loop_##isa##_7}
#ifdef KERN_X86
#define KERN_OPTIM_LOOPS(name, nvar, bufs)                                                  \
    _Static_assert((nvar) <= OPTIM_MAXVAR, "too many variants");                            \
    KERN_A_ONE(bufs)                                                                        \
    KERN_OPTIM_ISA(plain, , nvar, bufs)                                                     \
    KERN_OPTIM_ISA(avx2, KERN_AVX2, nvar, bufs)                                             \
    KERN_OPTIM_ISA(avx512, KERN_AVX512, nvar, bufs)                                         \
    extern const FusedRow optim_##name##_fused[];                                           \
    const OptimBatch optim_##name##_loops = {                                               \
        nvar, bufs, {KERN_OPTIM_ROW(plain), KERN_OPTIM_ROW(avx2), KERN_OPTIM_ROW(avx512)},  \
        optim_##name##_fused};
#else
#define KERN_OPTIM_LOOPS(name, nvar, bufs)                                                  \
    _Static_assert((nvar) <= OPTIM_MAXVAR, "too many variants");                            \
    KERN_A_ONE(bufs)                                                                        \
    KERN_OPTIM_ISA(plain, , nvar, bufs)                                                     \
    const OptimBatch optim_##name##_loops = {                                               \
        nvar, bufs, {KERN_OPTIM_ROW(plain), KERN_OPTIM_ROW(plain), KERN_OPTIM_ROW(plain)},  \
        NULL};
#endif

/* ---- a surface: the race's bookkeeping after a step ---------------------------------------- */

/* After the step, for n particles, vectorised: evaluates the surface at the new points (gx,
 * gy ← the gradient there) and does the race's racer_step bookkeeping for the common case: a
 * running particle whose new point, loss, gradient and state are surely finite and inside
 * the limits, and whose status surely stays, moves there and counts its small-gradient steps.
 * Any other is left where it is with ev[i] = 1, for `exact`: one that may leave the finite
 * numbers or the limits (or whose sum overflowed), may converge or unconverge now, or whose
 * gradient norm is too close to gtol to count without the race's hypot(). Returns how many.
 * Distances are compared squared, with a margin of 1e-12 around each threshold. */

HOT long kern_b_body(KernFormula f_, const int nmin, SURF_LOOP_B_PARAMS)
{
    const Surface *s = sw->surface;
    const double cx = sw->cx, cy = sw->cy;
    const double t2hi = sw->tol2[1], T2lo = sw->tol10_2[0];
    const double g2lo = sw->gtol2[0], g2hi = sw->gtol2[1];
    const double gmid = 0.5 * (g2lo + g2hi), ghalf = 0.5 * (g2hi - g2lo) * (1 + 1e-9);
    const int nm = nmin >= 0 ? nmin : s->nminima;
    double mx[SURFACE_MAXMIN], my[SURFACE_MAXMIN];
    for (int j = 0; j < nm; j++) {
        mx[j] = s->minima[j][0];
        my[j] = s->minima[j][1];
    }
    /* truths are 0.0 and 1.0, combined with × and +: GCC 12 vectorises that, and not every
     * mix of int truths and double comparisons */
#define B(c) ((c) ? 1.0 : 0.0)
    for (int i = 0; i < n; i++) {
        double gxi, gyi, f = f_(s, xn[i], yn[i], &gxi, &gyi);
        gx[i] = gxi;
        gy[i] = gyi;
        double d = INFINITY;
        for (int j = 0; j < (nmin >= 0 ? nmin : nm); j++) {
            double dx = xn[i] - mx[j], dy = yn[i] - my[j];
            double e = dx * dx + dy * dy;
            d = e < d ? e : d;
        }
        double s0 = st[i];
        /* u: 0 when the sum of everything is finite, else NaN; e: the farther of the two
         * distances from the centre, NaN when u is (x > y ? x : y is maxpd: NaN in y wins) */
        double t = acc[i] + xn[i] + yn[i] + f + gxi + gyi, u = t - t;
        double ex = fabs(xn[i] - cx), ey = fabs(yn[i] - cy);
        double e = ex > ey ? ex : ey;
        e = e > u ? e : u;
        double bad = B(!(e <= lim));
        double gn2 = gxi * gxi + gyi * gyi;
        double small = B(gn2 < g2lo);
        double sgn = small * (sg[i] + 1);
        double band = B(fabs(gn2 - gmid) <= ghalf);
        /* may converge: running, and near a minimum or long small; may unconverge:
         * converged, gradient not small, not near */
        double conv = B(d <= t2hi) + B(sgn >= SMALL_GRAD_STEPS);
        double unconv = B(d >= T2lo) - B(d >= T2lo) * small;
        double trans = s0 == ST_RUNNING ? conv : unconv;
        double flag = B(s0 != ST_DIVERGED) * B(bad + band + trans != 0);
        double go = B(s0 != ST_DIVERGED) - flag;
        x[i] = go != 0 ? xn[i] : x[i];
        y[i] = go != 0 ? yn[i] : y[i];
        sg[i] = go != 0 ? sgn : sg[i];
        ev[i] = flag;
    }
#undef B
    long nev = 0;
    for (int i = 0; i < n; i++)
        nev += ev[i] != 0;
    return nev;
}

/* The fast path of kern_b_body, for a block whose particles are all running (or diverged) with no
 * small-gradient step counted: whether the race's step would do anything to a particle but
 * move it to (xn, yn), where the surface is f with gradient (gx, gy): 1 unless it is
 * diverged, or surely finite, inside the limits, not near a minimum and not a small
 * gradient. One test for the split loops (q) and the fused ones (fused_tmpl.h). */
HOT long kern_q_one(const SwarmImpl *restrict sw, const int nm, const double *mx,
                    const double *my, double lim, double xn, double yn, double acc, double f,
                    double gxi, double gyi, double st)
{
    double d = INFINITY;
    for (int j = 0; j < nm; j++) {
        double dx = xn - mx[j], dy = yn - my[j];
        double e = dx * dx + dy * dy;
        d = e < d ? e : d;
    }
    double t = acc + xn + yn + f + gxi + gyi, u = t - t;
    double ex = fabs(xn - sw->cx), ey = fabs(yn - sw->cy);
    double e = ex > ey ? ex : ey;
    e = e > u ? e : u; /* NaN when t is not finite */
    double gn2 = gxi * gxi + gyi * gyi;
    return (st != ST_DIVERGED) & !((e <= lim) & (d > sw->tol2[1]) & (gn2 > sw->gtol2[1]));
}

/* the surface's minima as two arrays, for kern_q_one; returns how many */
HOT int kern_minima(const Surface *s, const int nmin, double *mx, double *my)
{
    const int nm = nmin >= 0 ? nmin : s->nminima;
    for (int j = 0; j < nm; j++) {
        mx[j] = s->minima[j][0];
        my[j] = s->minima[j][1];
    }
    return nm;
}

/* q: evaluates the surface at the new points (gx, gy ← the gradient) and counts the
 * particles kern_q_one finds loud. When none is, the caller moves them all (kern_b_body
 * would do exactly that); else it runs kern_b_body. */
HOT long kern_q_body(KernFormula f_, const int nmin, SURF_LOOP_Q_PARAMS)
{
    double mx[SURFACE_MAXMIN], my[SURFACE_MAXMIN];
    const int nm = kern_minima(sw->surface, nmin, mx, my);
    long loud = 0;
    for (int i = 0; i < n; i++) {
        double gxi, gyi, f = f_(sw->surface, xn[i], yn[i], &gxi, &gyi);
        gx[i] = gxi;
        gy[i] = gyi;
        loud += kern_q_one(sw, nmin >= 0 ? nmin : nm, mx, my, lim, xn[i], yn[i], acc[i], f,
                           gxi, gyi, st[i]);
    }
    return loud;
}

/* value and gradient of n points */
HOT void kern_e_body(KernFormula f_, SURF_LOOP_E_PARAMS)
{
    for (int i = 0; i < n; i++) {
        double gxi, gyi;
        f[i] = f_(s, x[i], y[i], &gxi, &gyi);
        gx[i] = gxi;
        gy[i] = gyi;
    }
}

#define KERN_SURF_ISA(isa, attr, nmin)                                                      \
    attr NOINLINE static long b_##isa(SURF_LOOP_B_PARAMS)                                   \
    {                                                                                       \
        return kern_b_body(formula, nmin, sw, n, lim, xn, yn, acc, x, y, st, sg, gx, gy, ev); \
    }                                                                                       \
    attr NOINLINE static long q_##isa(SURF_LOOP_Q_PARAMS)                                   \
    {                                                                                       \
        return kern_q_body(formula, nmin, sw, n, lim, xn, yn, acc, st, gx, gy);             \
    }                                                                                       \
    attr NOINLINE static void e_##isa(SURF_LOOP_E_PARAMS)                                   \
    {                                                                                       \
        kern_e_body(formula, s, n, x, y, f, gx, gy);                                        \
    }
#ifdef KERN_X86
#define KERN_SURF_LOOPS(name, nmin)                                                         \
    KERN_SURF_ISA(plain, , nmin)                                                            \
    KERN_SURF_ISA(avx2, KERN_AVX2, nmin)                                                    \
    KERN_SURF_ISA(avx512, KERN_AVX512, nmin)                                                \
    const SurfBatch surf_##name##_loops = {nmin, {b_plain, b_avx2, b_avx512},               \
                                           {q_plain, q_avx2, q_avx512},                     \
                                           {e_plain, e_avx2, e_avx512}};
#else
#define KERN_SURF_LOOPS(name, nmin)                                                         \
    KERN_SURF_ISA(plain, , nmin)                                                            \
    const SurfBatch surf_##name##_loops = {nmin, {b_plain, b_plain, b_plain},               \
                                           {q_plain, q_plain, q_plain},                     \
                                           {e_plain, e_plain, e_plain}};
#endif

#endif
