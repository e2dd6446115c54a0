/* An axis-aligned quadratic bowl of condition number ky/kx: the ravine where plain gradient
 * descent zig-zags and momentum shines. Minimum 0 at (0, 0). */
#include "surf.h"

#include <math.h>

static const ParamDef params[] = {
    {"kx", PARAM_REAL, 0, {1, 0}, 0, INFINITY, PARAM_LO_OPEN, NULL, "the curvature along x"},
    {"ky", PARAM_REAL, 1, {10, 0}, 0, INFINITY, PARAM_LO_OPEN, NULL, "the curvature along y"},
};

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    double kx = s->p[0], ky = s->p[1];
    *gx = kx * x;
    *gy = ky * y;
    return 0.5 * (kx * x * x + ky * y * y);
}

SURF_BATCH(quadratic, 1)

SURF_KIND(quadratic) = {
    .name = "quadratic",
    .formula = "½(kx·x² + ky·y²)",
    .params = params,
    .nparams = 2,
    .view = {-10, -5, 10, 5},
    .start = {-8, 3.5},
    SURF_ROW(quadratic),
    .nminima = 1,
    .minima = {{0, 0}},
};
