/* Goldstein–Price: huge dynamic range and three local minima; global minimum 3 at (0, −1). */
#include "surf.h"

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double u = x + y + 1, u2 = u * u;
    double p = 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y;
    double w = 2 * x - 3 * y, w2 = w * w;
    double q = 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y;
    double a = 1 + u2 * p, b = 30 + w2 * q;
    double ad = 2 * u * p + u2 * (-14 + 6 * x + 6 * y); /* ∂a/∂x = ∂a/∂y */
    double bx = 4 * w * q + w2 * (-32 + 24 * x - 36 * y);
    double by = -6 * w * q + w2 * (48 - 36 * x + 54 * y);
    *gx = ad * b + a * bx;
    *gy = ad * b + a * by;
    return a * b;
}

SURF_BATCH(goldstein_price, 1)

SURF_KIND(goldstein_price) = {
    .name = "goldstein-price",
    .formula = "[1 + (x + y + 1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]"
               " × [30 + (2x − 3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]",
    .view = {-2, -2, 2, 2},
    .start = {-1.5, 0},
    SURF_ROW(goldstein_price),
    .nminima = 1,
    .minima = {{0, -1}},
};
