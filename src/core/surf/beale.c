/* Beale: a flat plateau with steep walls; one global minimum at (3, 0.5). */
#include "surf.h"

static double eval(const Surface *s, double x, double y, double g[2])
{
    (void)s;
    double y2 = y * y, y3 = y2 * y;
    double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
    if (g) {
        g[0] = 2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y3 - 1));
        g[1] = 2 * x * (t1 + 2 * y * t2 + 3 * y2 * t3);
    }
    return t1 * t1 + t2 * t2 + t3 * t3;
}

const SurfaceKind surf_beale = {
    .name = "beale",
    .formula = "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
    .view = {-4.5, -4.5, 4.5, 4.5},
    .start = {1, 1.5},
    .eval = eval,
    .nminima = 1,
    .minima = {{3, 0.5}},
};
