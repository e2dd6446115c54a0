/* Beale: a flat plateau with steep walls; one global minimum at (3, 0.5). */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double y2 = y * y, y3 = y2 * y;
    double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
    *gx = 2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y3 - 1));
    *gy = 2 * x * (t1 + 2 * y * t2 + 3 * y2 * t3);
    return t1 * t1 + t2 * t2 + t3 * t3;
}

SURF_BATCH(beale, 1)

SURF_KIND(beale) = {
    .name = "beale",
    .formula = "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
    .view = {-4.5, -4.5, 4.5, 4.5},
    .start = {1, 1.5},
    SURF_ROW(beale),
    .nminima = 1,
    .minima = {{3, 0.5}},
};
