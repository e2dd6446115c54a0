/* Matyas: a very flat diagonal valley (Hessian eigenvalues 0.04 and 1), minimum at (0, 0). */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    *gx = 0.52 * x - 0.48 * y;
    *gy = 0.52 * y - 0.48 * x;
    return 0.26 * (x * x + y * y) - 0.48 * x * y;
}

SURF_BATCH(matyas, 1)

SURF_KIND(matyas) = {
    .name = "matyas",
    .formula = "0.26(x² + y²) − 0.48xy",
    .view = {-10, -10, 10, 10},
    .start = {-8, -6},
    SURF_ROW(matyas),
    .nminima = 1,
    .minima = {{0, 0}},
};
