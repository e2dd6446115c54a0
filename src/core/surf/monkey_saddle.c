/* The monkey saddle: a flat (degenerate) saddle at the origin with three valleys, no minimum.
 * From the ridge y = 0 a racer slows to a crawl near the origin before it escapes. */
#include "surf.h"

static double eval(const Surface *s, double x, double y, double g[2])
{
    (void)s;
    if (g) {
        g[0] = 3 * (x * x - y * y);
        g[1] = -6 * x * y;
    }
    return x * (x * x - 3 * y * y);
}

const SurfaceKind surf_monkey_saddle = {
    .name = "monkey-saddle",
    .formula = "x³ − 3xy²",
    .view = {-2, -2, 2, 2},
    .start = {1.5, 0.001},
    .eval = eval,
};
