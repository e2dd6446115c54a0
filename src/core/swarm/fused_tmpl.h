/* fused_tmpl.h — private to swarm/fused.c: the fused loops as templates. A kind's a_one (its el
 * on both coordinates, kern_tmpl.h) and a surface's formula are inlined into one loop over a
 * block's particles with the quiet test of the surface's q loop (kern_q_one): one pass per
 * step, in which the surface and the race's checks of one particle run while the divider
 * works on the next ones. The split loops (the kind's loop, then the surface's q) leave the
 * divider idle while q runs: a few hundred instructions apart, the out-of-order core cannot
 * overlap them. Built for AVX-512 only (x86-64): with AVX2's 16 registers the fused loop
 * spills and reloads its pointers, and ran at 0.48 of the divider's limit where the split
 * loops run at 0.64 (Zen 4); AVX2, plain x86-64 and other CPUs take the split loops. */
#ifndef OPTIPLAY_FUSED_TMPL_H
#define OPTIPLAY_FUSED_TMPL_H

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
        long loud = 0;                                                                      \
        for (int i = 0; i < n; i++) {                                                       \
            double xi, yi, ai, gxi, gyi;                                                    \
            a_one(&k, V, x[i], y[i], gx[i], gy[i], m0 + i, v0 + i, u0 + i, w0 + i, m1 + i,  \
                  v1 + i, u1 + i, w1 + i, &xi, &yi, &ai);                                   \
            xn[i] = xi;                                                                     \
            yn[i] = yi;                                                                     \
            acc[i] = ai;                                                                    \
            double f = formula(s, xi, yi, &gxi, &gyi);                                      \
            gx[i] = gxi;                                                                    \
            gy[i] = gyi;                                                                    \
            loud += kern_q_one(sw, (nmin) >= 0 ? (nmin) : nm, mx, my, lim, xi, yi, ai, f,   \
                               gxi, gyi, st[i]);                                            \
        }                                                                                   \
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
