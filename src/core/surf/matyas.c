/* Matyas: a very flat diagonal valley (Hessian eigenvalues 0.04 and 1), minimum at (0, 0). */
#include "surf.h"

static double eval(const Surface *s, double x, double y, double g[2])
{
    (void)s;
    if (g) {
        g[0] = 0.52 * x - 0.48 * y;
        g[1] = 0.52 * y - 0.48 * x;
    }
    return 0.26 * (x * x + y * y) - 0.48 * x * y;
}

const SurfaceKind surf_matyas = {
    .name = "matyas",
    .formula = "0.26(x² + y²) − 0.48xy",
    .view = {-10, -10, 10, 10},
    .start = {-8, -6},
    .eval = eval,
    .nminima = 1,
    .minima = {{0, 0}},
};
