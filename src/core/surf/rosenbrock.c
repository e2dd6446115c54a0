/* Rosenbrock: a curved banana valley, easy to find and slow to follow, minimum at (a, a²). */
#include "surf.h"

#include <math.h>

static const ParamDef params[] = {
    {"a", PARAM_REAL, 0, {1, 0}, -10, 10, 0, NULL, "the minimum is at (a, a²)"},
    {"b", PARAM_REAL, 1, {100, 0}, 0, INFINITY, PARAM_LO_OPEN, NULL,
     "the steepness of the valley walls"},
};

HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    double a = s->p[0], b = s->p[1];
    double u = a - x, v = y - x * x;
    *gx = -2 * u - 4 * b * x * v;
    *gy = 2 * b * v;
    return u * u + b * v * v;
}

static int setup(Surface *s, Err *err)
{
    (void)err;
    double a = s->p[0];
    s->nminima = 1;
    s->minima[0][0] = a;
    s->minima[0][1] = a * a;
    surf_view_include(&s->view, a, a * a);
    return 0;
}

SURF_BATCH(rosenbrock, 1)

SURF_KIND(rosenbrock) = {
    .name = "rosenbrock",
    .formula = "(a − x)² + b(y − x²)²",
    .params = params,
    .nparams = 2,
    .view = {-2, -1, 2, 3},
    .start = {-1.5, 2},
    SURF_ROW(rosenbrock),
    .setup = setup,
};
