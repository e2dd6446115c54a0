/* surface.h — 2-D loss surfaces: value, exact gradient, default view, known global minima.
 *
 * A SurfaceKind is one table row (the standard test functions, each in its own small file
 * under surf/, listed in surface.c). surface_init() reads the text a user typed: a name with
 * optional keywords ("rosenbrock(b=10)"), or else an expression in x and y ("x^2 + 3*y^2").
 *
 *     Surface s;
 *     if (surface_init(&s, "beale", &err) < 0) ...
 *     double g[2], f = surface_eval(&s, x, y, g);
 *     surface_deinit(&s);
 */
#ifndef OPTIPLAY_SURFACE_H
#define OPTIPLAY_SURFACE_H

#include "err.h"
#include "expr.h"
#include "param.h"

enum { SURFACE_MAXP = 4, SURFACE_MAXMIN = 8 };

typedef struct Rect {
    double x0, y0, x1, y1; /* x0 < x1, y0 < y1 */
} Rect;

typedef struct Surface Surface;
struct SurfBatch; /* swarm/batch.h */

typedef struct SurfaceKind {
    const char *name;     /* e.g. "rosenbrock" */
    const char *formula;  /* for `list` and the window, e.g. "(a − x)² + b(y − x²)²" */
    const ParamDef *params;
    int nparams;
    Rect view;            /* default view */
    double start[2];      /* a good default start point */
    /* Value at (x, y); writes the exact gradient into g unless g is NULL. */
    double (*eval)(const Surface *s, double x, double y, double g[2]);
    /* Fills s->minima (and data for data surfaces) from s->p; NULL when minima are fixed. */
    int (*setup)(Surface *s, Err *err);
    int nminima;                        /* fixed minima (used when setup is NULL) */
    double minima[SURFACE_MAXMIN][2];
    /* the formula in loops over many points (surf/<name>.c, see swarm/batch.h); NULL: the
     * swarm evaluates point by point */
    const struct SurfBatch *batch;
} SurfaceKind;

struct Surface {
    const SurfaceKind *kind;   /* NULL for a custom expression */
    double p[SURFACE_MAXP];
    char name[1024];           /* as typed by the user, normalised: "rosenbrock(a=1, b=100)" */
    Rect view;                 /* default view */
    double start[2];           /* default start */
    int nminima;
    double minima[SURFACE_MAXMIN][2];
    double fmin;               /* the loss at the global minima (NAN when unknown) */
    Expr *expr;                /* custom expression, owned */
    int n;                     /* data surfaces: number of points */
    double *dx, *dy;           /* data surfaces: the points, owned */
};

extern const SurfaceKind *const surface_kinds[];
extern const int surface_count;

/* Reads a surface from text. Returns 0, or -1 with err set (col points into text). */
int surface_init(Surface *s, const char *text, Err *err);
void surface_deinit(Surface *s);

/* Value at (x, y); g (may be NULL) receives the exact gradient. */
double surface_eval(const Surface *s, double x, double y, double g[2]);

/* Data surfaces only: value and gradient over the points idx[0..n). */
double surface_eval_batch(const Surface *s, double x, double y, double g[2], const int *idx, int n);

#endif
