/* Lévi N.13: ripples in x and y over a shallow bowl; minimum 0 at (1, 1). */
#include "surf.h"

#include <math.h>

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double sx = sin(3 * M_PI * x), sy3 = sin(3 * M_PI * y), sy2 = sin(2 * M_PI * y);
    double u = x - 1, v = y - 1;
    double a = 1 + sy3 * sy3, b = 1 + sy2 * sy2;
    /* d sin²(kπt)/dt = kπ sin(2kπt) */
    *gx = 3 * M_PI * sin(6 * M_PI * x) + 2 * u * a;
    *gy = u * u * 3 * M_PI * sin(6 * M_PI * y) + 2 * v * b +
           v * v * 2 * M_PI * sin(4 * M_PI * y);
    return sx * sx + u * u * a + v * v * b;
}

SURF_BATCH(levi13, 1)

SURF_KIND(levi13) = {
    .name = "levi13",
    .formula = "sin²(3πx) + (x − 1)²(1 + sin²(3πy)) + (y − 1)²(1 + sin²(2πy))",
    .view = {-10, -10, 10, 10},
    .start = {-7, 8},
    SURF_ROW(levi13),
    .nminima = 1,
    .minima = {{1, 1}},
};
