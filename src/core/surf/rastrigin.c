/* Rastrigin: a bowl covered in a regular grid of local minima; global minimum 0 at (0, 0). */
#include "surf.h"

#include <math.h>

static const ParamDef params[] = {
    {"A", PARAM_REAL, 0, {10, 0}, 0, 1000, 0, NULL, "the height of the ripples"},
};

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    double a = s->p[0], w = 2 * M_PI;
    *gx = 2 * x + a * w * sin(w * x);
    *gy = 2 * y + a * w * sin(w * y);
    return 2 * a + (x * x - a * cos(w * x)) + (y * y - a * cos(w * y));
}

SURF_BATCH(rastrigin, 1)

SURF_KIND(rastrigin) = {
    .name = "rastrigin",
    .formula = "2A + Σ (x² − A cos 2πx)",
    .params = params,
    .nparams = 1,
    .view = {-5.12, -5.12, 5.12, 5.12},
    .start = {-3.2, 2.7},
    SURF_ROW(rastrigin),
    .nminima = 1,
    .minima = {{0, 0}},
};
