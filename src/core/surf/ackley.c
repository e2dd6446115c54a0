/* Ackley: a nearly flat, rippled outer region around a deep funnel; minimum 0 at (0, 0). */
#include "surf.h"

#include <math.h>

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double w = 2 * M_PI;
    double r = sqrt(0.5 * (x * x + y * y));
    double e1 = exp(-0.2 * r);
    double e2 = exp(0.5 * (cos(w * x) + cos(w * y)));
    /* ∂(−20 e^(−0.2 r))/∂x = 4 e^(−0.2 r) · x / (2r): a cone's tip; its gradient at the
     * origin is defined as 0 (the minimum), not the NaN of 0/0 */
    double k = r > 0 ? 2 * e1 / r : 0;
    *gx = k * x + M_PI * e2 * sin(w * x);
    *gy = k * y + M_PI * e2 * sin(w * y);
    /* grouped so that the minimum is exactly 0: 20(1 − 1) + (e − e) */
    return 20 * (1 - e1) + (exp(1.0) - e2);
}

SURF_BATCH(ackley, 1)

SURF_KIND(ackley) = {
    .name = "ackley",
    .formula = "−20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20",
    .view = {-5, -5, 5, 5},
    .start = {3.3, -2.8},
    SURF_ROW(ackley),
    .nminima = 1,
    .minima = {{0, 0}},
};
