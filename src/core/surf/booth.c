/* Booth: a tilted elliptic bowl (Hessian eigenvalues 2 and 18), minimum at (1, 3). */
#include "surf.h"

static double eval(const Surface *s, double x, double y, double g[2])
{
    (void)s;
    double u = x + 2 * y - 7, v = 2 * x + y - 5;
    if (g) {
        g[0] = 2 * u + 4 * v;
        g[1] = 4 * u + 2 * v;
    }
    return u * u + v * v;
}

const SurfaceKind surf_booth = {
    .name = "booth",
    .formula = "(x + 2y − 7)² + (2x + y − 5)²",
    .view = {-10, -10, 10, 10},
    .start = {-5, 8},
    .eval = eval,
    .nminima = 1,
    .minima = {{1, 3}},
};
