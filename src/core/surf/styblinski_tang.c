/* Styblinski–Tang: four basins of different depth; global minimum −78.33 at (−2.9035, −2.9035). */
#include "surf.h"

static double eval(const Surface *s, double x, double y, double g[2])
{
    (void)s;
    double x2 = x * x, y2 = y * y;
    if (g) {
        g[0] = 2 * x2 * x - 16 * x + 2.5;
        g[1] = 2 * y2 * y - 16 * y + 2.5;
    }
    return 0.5 * ((x2 * x2 - 16 * x2 + 5 * x) + (y2 * y2 - 16 * y2 + 5 * y));
}

const SurfaceKind surf_styblinski_tang = {
    .name = "styblinski-tang",
    .formula = "½ Σ (x⁴ − 16x² + 5x)",
    .view = {-5, -5, 5, 5},
    .start = {-0.5, 4},
    .eval = eval,
    .nminima = 1,
    /* the root of 4x³ − 32x + 5 near −2.9, in 50-digit arithmetic, rounded to double */
    .minima = {{-2.903534027771177, -2.903534027771177}},
};
