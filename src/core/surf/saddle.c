/* A saddle point at the origin and no minimum: shows how long each optimizer lingers on the
 * ridge before it escapes along y. */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    *gx = 2 * x;
    *gy = -2 * y;
    return x * x - y * y;
}

SURF_BATCH(saddle, 0)

SURF_KIND(saddle) = {
    .name = "saddle",
    .formula = "x² − y²",
    .view = {-2, -2, 2, 2},
    .start = {-1.5, 0.001},
    SURF_ROW(saddle),
};
