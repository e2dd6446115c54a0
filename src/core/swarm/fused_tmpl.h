/* fused_tmpl.h — private to swarm/fused.c: the fused loops as templates. A kind's a_one (its el
 * on both coordinates, kern_tmpl.h) and a surface's formula are inlined into one loop over a
 * block's particles with the quiet test of the surface's q loop (kern_q_one): one pass per
 * step, in which the surface and the race's checks of some particles run while the divider
 * works on the next ones. The split loops (the kind's loop, then the surface's q) leave the
 * divider idle while q runs: a few hundred instructions apart, the out-of-order core cannot
 * overlap them. Built for AVX-512 only (x86-64): with AVX2's 16 registers the fused loop
 * spills and reloads its pointers, and ran at 0.48 of the divider's limit where the split
 * loops run at 0.64 (Zen 4); AVX2, plain x86-64 and other CPUs take the split loops. */
#ifndef OPTIPLAY_FUSED_TMPL_H
#define OPTIPLAY_FUSED_TMPL_H

/* The loop is skewed: the update of chunk c (FUSED_A: the divides and square roots) comes
 * before the surface and the quiet test of chunk c − FUSED_LAG (FUSED_B), whose inputs are
 * then long computed. Unskewed, every particle's surface and test wait on its own divides:
 * those waiting instructions fill the scheduler, the core cannot fetch the next particles'
 * square roots, and the divider idles (0.82 of its limit on Zen 4, 0.91 skewed; chunks of 8
 * or 16, lag 1 or 2 are alike). lq: a count per lane, summed once at the end (a sum per
 * chunk costs a horizontal add each time); the tail and a block of fewer than
 * FUSED_LAG × FUSED_CH particles count into loud. */
enum { FUSED_CH = 8, FUSED_LAG = 2 };
#define FUSED_A(V, b, e)                                                                    \
    for (int i = (b); i < (e); i++) {                                                       \
        double xi, yi, ai;                                                                  \
        a_one(&k, V, x[i], y[i], gx[i], gy[i], m0 + i, v0 + i, u0 + i, w0 + i, m1 + i,      \
              v1 + i, u1 + i, w1 + i, &xi, &yi, &ai);                                       \
        xn[i] = xi;                                                                         \
        yn[i] = yi;                                                                         \
        acc[i] = ai;                                                                        \
    }
#define FUSED_B(b, e, count)                                                                \
    for (int i = (b); i < (e); i++) {                                                       \
        double gxi, gyi, f = formula(s, xn[i], yn[i], &gxi, &gyi);                          \
        gx[i] = gxi;                                                                        \
        gy[i] = gyi;                                                                        \
        count += kern_q_one(sw, nq, mx, my, lim, xn[i], yn[i], acc[i], f, gxi, gyi, st[i]); \
    }
#define FUSED_LOOP(sname, isa, attr, V, nmin)                                               \
    attr NOINLINE static long fused_##sname##_##isa##_##V(FUSED_LOOP_PARAMS)                \
    {                                                                                       \
        if (V >= FUSED_NVAR)                                                                \
            return n;                                                                       \
        const Surface *s = sw->surface;                                                     \
        double mx[SURFACE_MAXMIN], my[SURFACE_MAXMIN];                                      \
        const int nm = kern_minima(s, nmin, mx, my);                                        \
        /* only without weight decay and not maximizing (the caller checks): both known  \
         * here, GCC drops the selects they take, which it if-converts by computing both  \
         * sides (RMSprop's square roots and divides twice) */                              \
        OptimCoef k = *c;                                                                   \
        k.wd = 0;                                                                           \
        k.neg = 0;                                                                          \
        long loud = 0, lq[FUSED_CH] = {0};                                                  \
        const int nq = (nmin) >= 0 ? (nmin) : nm;                                           \
        int i0 = 0;                                                                         \
        if (n >= FUSED_LAG * FUSED_CH) {                                                    \
            for (; i0 < FUSED_LAG * FUSED_CH; i0 += FUSED_CH)                               \
                FUSED_A(V, i0, i0 + FUSED_CH)                                               \
            for (; i0 + FUSED_CH <= n; i0 += FUSED_CH) {                                    \
                FUSED_A(V, i0, i0 + FUSED_CH)                                               \
                FUSED_B(i0 - FUSED_LAG * FUSED_CH, i0 - (FUSED_LAG - 1) * FUSED_CH,         \
                        lq[i - (i0 - FUSED_LAG * FUSED_CH)])                                \
            }                                                                               \
            for (int b = i0 - FUSED_LAG * FUSED_CH; b < i0; b += FUSED_CH)                  \
                FUSED_B(b, b + FUSED_CH, lq[i - b])                                         \
        }                                                                                   \
        FUSED_A(V, i0, n)                                                                   \
        FUSED_B(i0, n, loud)                                                                \
        for (int j = 0; j < FUSED_CH; j++)                                                  \
            loud += lq[j];                                                                  \
        return loud;                                                                        \
    }
#define FUSED_ISA(sname, isa, attr, nmin)                                                   \
    FUSED_LOOP(sname, isa, attr, 0, nmin) FUSED_LOOP(sname, isa, attr, 1, nmin)             \
    FUSED_LOOP(sname, isa, attr, 2, nmin) FUSED_LOOP(sname, isa, attr, 3, nmin)             \
    FUSED_LOOP(sname, isa, attr, 4, nmin) FUSED_LOOP(sname, isa, attr, 5, nmin)             \
    FUSED_LOOP(sname, isa, attr, 6, nmin) FUSED_LOOP(sname, isa, attr, 7, nmin)
#define FUSED_SURF_LOOPS(sname, nmin) FUSED_ISA(sname, avx512, KERN_AVX512, nmin)

#define FUSED_ROW_ISA(sname, isa)                                                           \
    {fused_##sname##_##isa##_0, fused_##sname##_##isa##_1, fused_##sname##_##isa##_2,       \
     fused_##sname##_##isa##_3, fused_##sname##_##isa##_4, fused_##sname##_##isa##_5,       \
     fused_##sname##_##isa##_6, fused_##sname##_##isa##_7}
#define FUSED_ROW(sname)                                                                    \
    {&surf_##sname##_loops, {{NULL}, {NULL}, FUSED_ROW_ISA(sname, avx512)}}

#endif
