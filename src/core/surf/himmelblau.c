/* Himmelblau: four global minima of value 0 around a local maximum; which basin a racer ends
 * in depends on its path. */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double u = x * x + y - 11, v = x + y * y - 7;
    *gx = 4 * x * u + 2 * v;
    *gy = 2 * u + 4 * y * v;
    return u * u + v * v;
}

SURF_BATCH(himmelblau, 4)

SURF_KIND(himmelblau) = {
    .name = "himmelblau",
    .formula = "(x² + y − 11)² + (x + y² − 7)²",
    .view = {-5, -5, 5, 5},
    .start = {0.5, -0.5},
    SURF_ROW(himmelblau),
    .nminima = 4,
    /* the three irrational ones: Newton's method in 50-digit arithmetic, rounded to double */
    .minima = {{3, 2},
               {-2.805118086952745, 3.131312518250573},
               {-3.779310253377747, -3.2831859912861696},
               {3.5844283403304917, -1.8481265269644036}},
};
