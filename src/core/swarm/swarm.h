/* swarm.h — the batched update path: hundreds of thousands of particles, each its own racer.
 *
 * A swarm is N particles on one surface, each with its own optimizer state, stepped on all
 * cores. Particle i runs spec[i / per]: one spec for a basin map, one spec per cell for a
 * hyperparameter map. A particle's trajectory is the race's, bit for bit: the same spec and
 * start give the same x after k steps as race_step, with the race's converged/diverged rules
 * (noise-free and full-batch: RaceConfig.noise and batch are not modelled). The results do not
 * depend on the number of threads. Stepping does not allocate.
 *
 *     Swarm *sw = swarm_create(&(SwarmDesc){ .surface = &s, .spec = &spec, .per = 262144 }, &err);
 *     for (int i = 0; i < sw->n; i++) swarm_set_start(sw, i, x0[i], y0[i]);
 *     swarm_restart(sw);
 *     swarm_step(sw, 300);          ... sw->x[i], sw->status[i], swarm_nearest(sw, i, &d)
 *     swarm_destroy(&sw);
 *
 * On top, three instruments (each its own thread pool, in the background where it is slow):
 * swarm_basin_* colours every start point of a view by where the optimizer ends; swarm_hpmap_*
 * maps the loss over an lr × β grid; swarm_fair_lr tunes lr for one spec. The maps publish
 * their cells to plain arrays as they finish (poll them once a frame), and are cancelled by
 * destroying them. */
#ifndef OPTIPLAY_SWARM_H
#define OPTIPLAY_SWARM_H

#include "../race.h"

typedef struct SwarmDesc {
    const Surface *surface; /* borrowed: outlives the swarm (required) */
    const Spec *spec;       /* nspec specs of one optimizer kind; particle i runs spec[i / per] */
    int nspec;              /* default 1 */
    int per;                /* particles per spec; n = nspec × per (required) */
    RaceConfig cfg;         /* start (of every particle until set), tol, gtol, far: the race's */
    int threads;            /* threads stepping, the caller's included; default: the cores */
    int isa;                /* tests only: 1 plain x86-64, 2 AVX2+FMA, 3 AVX-512; default best */
} SwarmDesc;

typedef struct Swarm {
    int n;                  /* particles */
    long step;              /* steps since the (re)start */
    const double *x, *y;    /* [n] current points (the last finite point of a diverged one) */
    const double *loss;     /* [n] loss there */
    const unsigned char *status; /* [n] RacerStatus */
    const int *status_step; /* [n] the step at which status last changed */
    struct SwarmImpl *impl;
} Swarm;

/* Returns the swarm with every particle at cfg's start, or NULL with err (bad desc, a spec
 * the swarm cannot run, out of memory). */
Swarm *swarm_create(const SwarmDesc *d, Err *err);
void swarm_destroy(Swarm **sw);

/* Particle i's start point; it moves there at the next restart. */
void swarm_set_start(Swarm *sw, int i, double x, double y);

/* Every particle back to its start, state cleared, step 0. */
void swarm_restart(Swarm *sw);

/* Advances every running particle by k steps. */
void swarm_step(Swarm *sw, int k);

/* The known minimum nearest to particle i (-1 when the surface knows none), and in *d (may
 * be NULL) its distance: within cfg.tol is where the race calls a racer at_minimum. */
int swarm_nearest(const Swarm *sw, int i, double *d);

/* The machine's cores: the default number of threads. */
int swarm_cores(void);

/* ---- basin map: where does the optimizer end, from every start point of the view? ---- */

enum {
    SWARM_BASIN_PENDING = -4,  /* not computed yet */
    SWARM_BASIN_DIVERGED = -3,
    SWARM_BASIN_MOVING = -2,   /* still on its way after `steps` steps */
    SWARM_BASIN_OTHER = -1,    /* settled at a point beyond the SWARM_BASIN_MAXCLASS classes */
    SWARM_BASIN_MAXCLASS = 64,
};

typedef struct SwarmBasinDesc {
    Rect view;              /* start points: the centres of a w × h grid of cells (required) */
    int w, h;               /* cells; default 256 × 256 */
    int steps;              /* steps per start point; default 300 */
    RaceConfig cfg;         /* tol, gtol, far: the race's (start is not used) */
    int threads;            /* default: the cores */
} SwarmBasinDesc;

typedef struct SwarmBasin {
    int w, h, steps;
    Rect view;
    /* [w·h], row-major, row 0 at the top (view.y1); SWARM_BASIN_PENDING until published */
    signed char *cls;       /* ended within 10·tol of class_pt[cls], or SWARM_BASIN_* < 0 */
    int *step;              /* converged: steps to converge; diverged: the step; else 0 */
    double *end;            /* [2·w·h] where it ended: x, y */
    double *loss;           /* loss there */
    int nknown;             /* classes 0..nknown−1: the surface's known (global) minima */
    int nclass;             /* then local minima found by settled particles (when complete) */
    double class_pt[SWARM_BASIN_MAXCLASS][2];
    int done;               /* cells published */
    int complete;           /* all cells published and classified */
    struct SwarmBasinImpl *impl;
} SwarmBasin;

/* Starts computing the basin map of spec on s in the background; NULL with err on failure.
 * The surface is borrowed until destroy. */
SwarmBasin *swarm_basin_create(const Surface *s, const Spec *spec, const SwarmBasinDesc *d,
                               Err *err);

/* Publishes the cells finished since the last call (call it from the thread that reads the
 * arrays, e.g. once a frame). Returns 1 when the map is complete. */
int swarm_basin_poll(SwarmBasin *m);

/* Blocks until the map is complete, then publishes it. */
void swarm_basin_wait(SwarmBasin *m);

/* The start point of cell (i, j) (column i, row j from the top): a race started there runs
 * exactly as the cell's particle did. */
void swarm_basin_cell(const SwarmBasin *m, int i, int j, double *x, double *y);

/* Cancels the work if it is running and frees the map. */
void swarm_basin_destroy(SwarmBasin **m);

/* ---- hyperparameter map: loss after N steps over an lr × β grid, one particle per cell ---- */

typedef struct SwarmHpmapDesc {
    double lr0, lr1;        /* lr over the columns, log-spaced; default 1e-4 .. 1 */
    int slot;               /* the knob over the rows (a p[] slot); default the kind's beta1 */
    double b0, b1;          /* its range, 1 − β log-spaced; default 0..0.99 (β₂: 0.9..0.9999) */
    int w, h;               /* columns × rows; default 64 × 64 (1 row when the kind has no β) */
    int steps;              /* default 300 */
    RaceConfig cfg;         /* start (default the surface's), tol, gtol, far */
    int threads;            /* default: the cores */
} SwarmHpmapDesc;

typedef struct SwarmHpmap {
    int w, h, steps, slot;  /* slot: the row knob, -1 when there is none (h = 1) */
    double *lr;             /* [w] the lr of each column */
    double *beta;           /* [h] the knob's value in each row */
    /* [w·h], row-major (cell i + w·j): filled as published */
    double *loss;           /* loss after steps (diverged: where it stopped); NAN: pending */
    unsigned char *status;  /* RacerStatus */
    int *step;              /* converged/diverged: the step; else 0 */
    int done, complete;
    struct SwarmHpmapImpl *impl;
} SwarmHpmap;

/* Starts the map of base's kind (its other hyperparameters and schedule kept) in the
 * background; NULL with err (a range outside the knob's, out of memory). */
SwarmHpmap *swarm_hpmap_create(const Surface *s, const Spec *base, const SwarmHpmapDesc *d,
                               Err *err);
int swarm_hpmap_poll(SwarmHpmap *m);
void swarm_hpmap_wait(SwarmHpmap *m);
/* The setting of cell (i, j) as a spec: what a click loads into the racer. */
void swarm_hpmap_spec(const SwarmHpmap *m, int i, int j, Spec *out);
void swarm_hpmap_destroy(SwarmHpmap **m);

/* ---- fair start ---- */

/* The lr in [lo, hi] (default 1e-5 .. 10) with the lowest loss after `steps` steps of spec on
 * s from cfg's start: 25 log-spaced candidates, then 8 finer ones around the best; a diverged
 * candidate loses, ties go to the one that converged first, then to the smaller lr.
 * Deterministic. Returns 0 with *lr (and *loss, may be NULL), or -1 with err. */
int swarm_fair_lr(const Surface *s, const Spec *spec, const RaceConfig *cfg, int steps,
                  double lo, double hi, double *lr, double *loss, Err *err);

#endif
