/* Booth: a tilted elliptic bowl (Hessian eigenvalues 2 and 18), minimum at (1, 3). */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double u = x + 2 * y - 7, v = 2 * x + y - 5;
    *gx = 2 * u + 4 * v;
    *gy = 4 * u + 2 * v;
    return u * u + v * v;
}

SURF_BATCH(booth, 1)

SURF_KIND(booth) = {
    .name = "booth",
    .formula = "(x + 2y − 7)² + (2x + y − 5)²",
    .view = {-10, -10, 10, 10},
    .start = {-5, 8},
    SURF_ROW(booth),
    .nminima = 1,
    .minima = {{1, 3}},
};
