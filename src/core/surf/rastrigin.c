/* Rastrigin: a bowl covered in a regular grid of local minima; global minimum 0 at (0, 0). */
#include "surf.h"

#include <math.h>

static const ParamDef params[] = {
    {"A", PARAM_REAL, 0, {10, 0}, 0, 1000, 0, NULL, "the height of the ripples"},
};

static double eval(const Surface *s, double x, double y, double g[2])
{
    double a = s->p[0], w = 2 * M_PI;
    if (g) {
        g[0] = 2 * x + a * w * sin(w * x);
        g[1] = 2 * y + a * w * sin(w * y);
    }
    return 2 * a + (x * x - a * cos(w * x)) + (y * y - a * cos(w * y));
}

const SurfaceKind surf_rastrigin = {
    .name = "rastrigin",
    .formula = "2A + Σ (x² − A cos 2πx)",
    .params = params,
    .nparams = 1,
    .view = {-5.12, -5.12, 5.12, 5.12},
    .start = {-3.2, 2.7},
    .eval = eval,
    .nminima = 1,
    .minima = {{0, 0}},
};
