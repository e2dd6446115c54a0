/* Linear regression: the mean squared error of the line w·x + b over n synthetic points, as a
 * function of (w, b) = (x, y) of the surface. The points are x_i uniform in [−1, 1) and
 * y_i = 2 x_i − 1 + noise·N(0, 1), drawn from the seed, so the least-squares fit sits near
 * (2, −1). It is the one data surface: mini-batches take a subset of the points. */
#include "surf.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../rng.h"

static const ParamDef params[] = {
    {"n", PARAM_INT, 0, {64, 0}, 2, 4096, 0, NULL, "the number of data points"},
    {"noise", PARAM_REAL, 1, {0.5, 0}, 0, INFINITY, 0, NULL,
     "the standard deviation of the noise on y"},
    {"seed", PARAM_INT, 2, {1, 0}, 0, 2147483647, 0, NULL, "the seed of the data"},
};

/* The stream of the data generator: distinct from the racers' streams, so that a race seeded
 * like the data does not draw the same numbers. */
enum { DATA_STREAM = 0x6c696e72 /* "linr" */ };

/* (1/m) Σ over the given points (all when idx is NULL). */
static double mse(const Surface *s, double w, double b, double g[2], const int *idx, int m)
{
    double f = 0, gw = 0, gb = 0;
    for (int k = 0; k < m; k++) {
        int i = idx ? idx[k] : k;
        assert(i >= 0 && i < s->n);
        double r = w * s->dx[i] + b - s->dy[i];
        f += r * r;
        gw += r * s->dx[i];
        gb += r;
    }
    if (g) {
        g[0] = 2 * gw / m;
        g[1] = 2 * gb / m;
    }
    return f / m;
}

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    double g[2], f = mse(s, x, y, g, NULL, s->n);
    *gx = g[0];
    *gy = g[1];
    return f;
}

#ifndef OPTIPLAY_KERNEL
double surf_linreg_batch(const Surface *s, double x, double y, double g[2], const int *idx,
                         int n)
{
    assert(s->kind == &surf_linreg && s->dx && idx && n > 0);
    return mse(s, x, y, g, idx, n);
}
#endif

static int setup(Surface *s, Err *err)
{
    int n = (int)s->p[0];
    double noise = s->p[1];
    Rng rng;
    rng_seed(&rng, (uint64_t)s->p[2], DATA_STREAM);
    s->dx = malloc(sizeof *s->dx * (size_t)n);
    s->dy = malloc(sizeof *s->dy * (size_t)n);
    if (!s->dx || !s->dy)
        return err_set(err, 0, "out of memory for %d data points", n);
    s->n = n;
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
        double x = 2 * rng_uniform(&rng) - 1;
        s->dx[i] = x;
        s->dy[i] = 2 * x - 1 + noise * rng_normal(&rng);
        mx += x;
        my += s->dy[i];
    }
    mx /= n;
    my /= n;
    /* closed-form least squares, on centred sums for accuracy */
    double sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        sxx += (s->dx[i] - mx) * (s->dx[i] - mx);
        sxy += (s->dx[i] - mx) * (s->dy[i] - my);
    }
    if (!(sxx > 0)) /* two equal draws of 53 random bits: not in this universe, but defined */
        return err_set(err, 0, "linreg: the data points all have the same x; try another seed");
    double w = sxy / sxx, b = my - w * mx;
    s->nminima = 1;
    s->minima[0][0] = w;
    s->minima[0][1] = b;
    surf_view_include(&s->view, w, b);
    return 0;
}

SURF_BATCH(linreg, 1)

SURF_KIND(linreg) = {
    .name = "linreg",
    .formula = "(1/n) Σ (w·xᵢ + b − yᵢ)²,  (w, b) = (x, y)",
    .params = params,
    .nparams = 3,
    .view = {-2, -5, 6, 3},
    .start = {-1, 2},
    SURF_ROW(linreg),
    .setup = setup,
};
