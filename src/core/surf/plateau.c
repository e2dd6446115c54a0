/* A well in a plateau (seed 000: "very slow at plateau: actually this is the most serious
 * limitation of gradient descent"). Away from the well the loss is nearly 1 and the gradient
 * nearly 0, so a step of η·g hardly moves; an optimizer that normalises its step does not care
 * how small g is. Minimum 0 at (0, 0). */
#include "surf.h"

#include <math.h>

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    (void)s;
    double e = exp(-0.5 * (x * x + y * y));
    *gx = x * e;
    *gy = y * e;
    return 1 - e;
}

SURF_BATCH(plateau, 1)

SURF_KIND(plateau) = {
    .name = "plateau",
    .formula = "1 − exp(−(x² + y²)/2)",
    .view = {-4, -4, 4, 4},
    .start = {3, 2},
    SURF_ROW(plateau),
    .nminima = 1,
    .minima = {{0, 0}},
};
