/* anatomy.h — one update taken apart: the selected racer's next step as the sub-steps its
 * optimizer computes (the gradient, a moment decaying and adding, a bias correction, the
 * per-coordinate scaling, the step), each with its numbers, for the "anatomy of one update".
 *
 * The numbers are the core's own: race_anatomy takes the racer's next step on a copy (the
 * gradient with its noise and mini-batch as the race will draw them), and each optimizer's
 * update formula (optim/<kind>.c's el, written once) names its intermediate values with TAP
 * (swarm/batch.h) as it computes them; x_new is that step's result, bit for bit what
 * race_step gives next. The race is not changed.
 *
 *     Anatomy an;
 *     if (race_anatomy(&race, i, &an) == 0)
 *         for (int k = 0; k < an.n; k++) ... an.part[k].what, an.part[k].v ...
 */
#ifndef OPTIPLAY_ANATOMY_H
#define OPTIPLAY_ANATOMY_H

enum { ANAT_PARTS = 24 };

/* What a sub-step's value is, which says how it is drawn. */
typedef enum AnatRole {
    ANAT_GRAD,   /* a gradient (units of g): drawn from θ as −η·v */
    ANAT_DIR,    /* a moment or momentum in units of g: drawn from θ as −η·v */
    ANAT_NUM,    /* per-coordinate numbers only (squared units, step sizes, flags) */
    ANAT_SCALAR, /* one number, v[0] */
    ANAT_SCALE,  /* the per-coordinate divisor of the step: drawn as the step's direction
                  * bending away from −g */
    ANAT_MOVE,   /* a displacement of θ, chained from θ (the look-ahead jump, a fast step) */
    ANAT_STEP,   /* θ moves: v is the point it reaches (the last one is x_new) */
} AnatRole;

typedef struct AnatPart {
    AnatRole role;
    const char *sym;  /* its name, UTF-8: "g", "m", "√v̂+ε" */
    const char *what; /* the caption, UTF-8: "momentum decays: m ← β₁m" */
    double v[2];      /* its value per coordinate (ANAT_SCALAR: v[0]) */
} AnatPart;

typedef struct Anatomy {
    int racer;        /* whose update */
    long step;        /* the race's step count before the update */
    int n;
    AnatPart part[ANAT_PARTS];
    double x[2];      /* θ before */
    double x_new[2];  /* θ after: the race's next step, bit for bit */
    double g[2];      /* the gradient the step sees (noise, mini-batch and maximize included) */
    double lr;        /* η of this step */
    const char *generic; /* non-NULL: no finer decomposition is meaningful; says why */
    int diverges;     /* the step leaves the finite numbers: the race stops the racer here */
    int shown;        /* the sub-step on screen, 0-based (the viewer's; the core leaves it 0) */
} Anatomy;

struct Race;

/* Racer i's next update taken apart (the race unchanged). 0, or -1 when the racer does not
 * step (disabled, diverged, no such racer). */
int race_anatomy(const struct Race *r, int i, Anatomy *an);

/* For the optimizers (TAP): records value v of coordinate `coord` under sym (a new part the
 * first time sym is seen in this update) and returns v unchanged. */
double anatomy_tap(Anatomy *an, int coord, int role, const char *sym, const char *what, double v);

#endif
