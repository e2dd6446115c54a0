/* An axis-aligned quadratic bowl of condition number ky/kx: the ravine where plain gradient
 * descent zig-zags and momentum shines. Minimum 0 at (0, 0). */
#include "surf.h"

#include <math.h>

static const ParamDef params[] = {
    {"kx", PARAM_REAL, 0, {1, 0}, 0, INFINITY, PARAM_LO_OPEN, NULL, "the curvature along x"},
    {"ky", PARAM_REAL, 1, {10, 0}, 0, INFINITY, PARAM_LO_OPEN, NULL, "the curvature along y"},
};

static double eval(const Surface *s, double x, double y, double g[2])
{
    double kx = s->p[0], ky = s->p[1];
    if (g) {
        g[0] = kx * x;
        g[1] = ky * y;
    }
    return 0.5 * (kx * x * x + ky * y * y);
}

const SurfaceKind surf_quadratic = {
    .name = "quadratic",
    .formula = "½(kx·x² + ky·y²)",
    .params = params,
    .nparams = 2,
    .view = {-10, -5, 10, 5},
    .start = {-8, 3.5},
    .eval = eval,
    .nminima = 1,
    .minima = {{0, 0}},
};
