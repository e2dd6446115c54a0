/* surf.h — private to surface.c and the files of surf/: the table rows, one per file.
 *
 * Adding a surface: write surf/<name>.c with its formula (value and gradient at a point),
 * SURF_BATCH(name, minima) and the row SURF_KIND(name) = {..., SURF_ROW(name)}; declare it
 * here, list it in surface.c's table and in surf/meson.build. The race and the swarm both run
 * that formula (../swarm/batch.h). */
#ifndef OPTIPLAY_SURF_H
#define OPTIPLAY_SURF_H

#include "../surface.h"
#include "../swarm/batch.h"

extern const SurfaceKind surf_beale;
extern const SurfaceKind surf_rosenbrock;
extern const SurfaceKind surf_himmelblau;
extern const SurfaceKind surf_booth;
extern const SurfaceKind surf_matyas;
extern const SurfaceKind surf_goldstein_price;
extern const SurfaceKind surf_three_hump_camel;
extern const SurfaceKind surf_six_hump_camel;
extern const SurfaceKind surf_rastrigin;
extern const SurfaceKind surf_ackley;
extern const SurfaceKind surf_styblinski_tang;
extern const SurfaceKind surf_levi13;
extern const SurfaceKind surf_saddle;
extern const SurfaceKind surf_monkey_saddle;
extern const SurfaceKind surf_quadratic;
extern const SurfaceKind surf_plateau;
extern const SurfaceKind surf_linreg;

/* linreg's value and gradient over the points idx[0..n) (surface_eval_batch). */
double surf_linreg_batch(const Surface *s, double x, double y, double g[2], const int *idx,
                         int n);

/* Grows v so that (x, y) lies inside it with a margin of a tenth of its size: for setups
 * whose minimum moves with the parameters (rosenbrock's (a, a²), linreg's fit). */
static inline void surf_view_include(Rect *v, double x, double y)
{
    double mx = 0.1 * (v->x1 - v->x0), my = 0.1 * (v->y1 - v->y0);
    if (x - mx < v->x0)
        v->x0 = x - mx;
    if (x + mx > v->x1)
        v->x1 = x + mx;
    if (y - my < v->y0)
        v->y0 = y - my;
    if (y + my > v->y1)
        v->y1 = y + my;
}

#endif
