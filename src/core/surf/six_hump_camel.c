/* Six-hump camel: two global minima −1.0316 at ±(0.0898, −0.7127) among four local ones. */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double x2 = x * x, y2 = y * y;
    *gx = 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y;
    *gy = x - 8 * y + 16 * y2 * y;
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
}

SURF_BATCH(six_hump_camel, 2)

SURF_KIND(six_hump_camel) = {
    .name = "six-hump-camel",
    .formula = "(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²",
    .view = {-2, -1, 2, 1},
    .start = {-1.2, 0.9},
    SURF_ROW(six_hump_camel),
    .nminima = 2,
    /* Newton's method in 50-digit arithmetic, rounded to double */
    .minima = {{0.08984201310031806, -0.7126564030207396},
               {-0.08984201310031806, 0.7126564030207396}},
};
