/* The monkey saddle: a flat (degenerate) saddle at the origin with three valleys, no minimum.
 * From the ridge y = 0 a racer slows to a crawl near the origin before it escapes. */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    *gx = 3 * (x * x - y * y);
    *gy = -6 * x * y;
    return x * (x * x - 3 * y * y);
}

SURF_BATCH(monkey_saddle, 0)

SURF_KIND(monkey_saddle) = {
    .name = "monkey-saddle",
    .formula = "x³ − 3xy²",
    .view = {-2, -2, 2, 2},
    .start = {1.5, 0.001},
    SURF_ROW(monkey_saddle),
};
