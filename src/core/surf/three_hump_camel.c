/* Three-hump camel: global minimum 0 at the origin between two local minima of 0.2986. */
#include "surf.h"

static double eval(const Surface *s, double x, double y, double g[2])
{
    (void)s;
    double x2 = x * x, x4 = x2 * x2;
    if (g) {
        g[0] = 4 * x - 4.2 * x2 * x + x4 * x + y;
        g[1] = x + 2 * y;
    }
    return 2 * x2 - 1.05 * x4 + x4 * x2 / 6 + x * y + y * y;
}

const SurfaceKind surf_three_hump_camel = {
    .name = "three-hump-camel",
    .formula = "2x² − 1.05x⁴ + x⁶/6 + xy + y²",
    .view = {-2, -2, 2, 2},
    .start = {-1.8, -1.8},
    .eval = eval,
    .nminima = 1,
    .minima = {{0, 0}},
};
