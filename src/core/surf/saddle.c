/* A saddle point at the origin and no minimum: shows how long each optimizer lingers on the
 * ridge before it escapes along y. */
#include "surf.h"

static double eval(const Surface *s, double x, double y, double g[2])
{
    (void)s;
    if (g) {
        g[0] = 2 * x;
        g[1] = -2 * y;
    }
    return x * x - y * y;
}

const SurfaceKind surf_saddle = {
    .name = "saddle",
    .formula = "x² − y²",
    .view = {-2, -2, 2, 2},
    .start = {-1.5, 0.001},
    .eval = eval,
};
