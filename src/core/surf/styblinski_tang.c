/* Styblinski–Tang: four basins of different depth; global minimum −78.33 at (−2.9035, −2.9035). */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double x2 = x * x, y2 = y * y;
    *gx = 2 * x2 * x - 16 * x + 2.5;
    *gy = 2 * y2 * y - 16 * y + 2.5;
    return 0.5 * ((x2 * x2 - 16 * x2 + 5 * x) + (y2 * y2 - 16 * y2 + 5 * y));
}

SURF_BATCH(styblinski_tang, 1)

SURF_KIND(styblinski_tang) = {
    .name = "styblinski-tang",
    .formula = "½ Σ (x⁴ − 16x² + 5x)",
    .view = {-5, -5, 5, 5},
    .start = {-0.5, 4},
    SURF_ROW(styblinski_tang),
    .nminima = 1,
    /* the root of 4x³ − 32x + 5 near −2.9, in 50-digit arithmetic, rounded to double */
    .minima = {{-2.903534027771177, -2.903534027771177}},
};
