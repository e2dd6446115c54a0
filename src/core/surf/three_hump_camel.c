/* Three-hump camel: global minimum 0 at the origin between two local minima of 0.2986. */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double x2 = x * x, x4 = x2 * x2;
    *gx = 4 * x - 4.2 * x2 * x + x4 * x + y;
    *gy = x + 2 * y;
    return 2 * x2 - 1.05 * x4 + x4 * x2 / 6 + x * y + y * y;
}

SURF_BATCH(three_hump_camel, 1)

SURF_KIND(three_hump_camel) = {
    .name = "three-hump-camel",
    .formula = "2x² − 1.05x⁴ + x⁶/6 + xy + y²",
    .view = {-2, -2, 2, 2},
    .start = {-1.8, -1.8},
    SURF_ROW(three_hump_camel),
    .nminima = 1,
    .minima = {{0, 0}},
};
