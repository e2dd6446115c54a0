/* A well in a plateau (seed 000: "very slow at plateau: actually this is the most serious
 * limitation of gradient descent"). Away from the well the loss is nearly 1 and the gradient
 * nearly 0, so a step of η·g hardly moves; an optimizer that normalises its step does not care
 * how small g is. Minimum 0 at (0, 0). */
#include "surf.h"

#include <math.h>

static double eval(const Surface *s, double x, double y, double g[2])
{
    (void)s;
    double e = exp(-0.5 * (x * x + y * y));
    if (g) {
        g[0] = x * e;
        g[1] = y * e;
    }
    return 1 - e;
}

const SurfaceKind surf_plateau = {
    .name = "plateau",
    .formula = "1 − exp(−(x² + y²)/2)",
    .view = {-4, -4, 4, 4},
    .start = {3, 2},
    .eval = eval,
    .nminima = 1,
    .minima = {{0, 0}},
};
