/* optim.h — optimizers: PyTorch's torch.optim (1.13) and a few from the literature.
 *
 * An OptimKind is one table row (name, keywords, update rule); each lives in its own small file
 * under optim/ and is listed in optim.c. An Optim is one racer's optimizer: its kind, its
 * hyperparameters p[] (slot 0 is always lr), the current learning rate (what a schedule sets,
 * torch's param_group['lr']) and its state. optim_step() does not allocate.
 *
 *     Optim o = { .kind = optim_find("Adam") };
 *     param_defaults(o.kind->params, o.kind->nparams, o.p);
 *     optim_reset(&o, x0);
 *     optim_step(&o, x, g);   // x ← x − update(g)
 */
#ifndef OPTIPLAY_OPTIM_H
#define OPTIPLAY_OPTIM_H

#include "err.h"
#include "param.h"

enum { OPTIM_MAXP = 16, LBFGS_MAXHIST = 100 };

/* LBFGS's memory (torch's state: d, t, old_dirs/old_stps/ro as a ring, H_diag, prev_flat_grad,
 * prev_loss, n_iter). */
typedef struct LbfgsState {
    double d[2], t, h_diag, prev_g[2], prev_loss;
    long n_iter;
    int nhist, head;                 /* pairs kept; the oldest is at head */
    double y[LBFGS_MAXHIST][2], s[LBFGS_MAXHIST][2], ro[LBFGS_MAXHIST];
} LbfgsState;

/* What an optimizer keeps between steps. Each kind documents which buffers it uses in `show`;
 * the names follow the seeds (m: first moment, v: second moment). */
typedef struct OptimState {
    long t;           /* steps taken */
    double m[2];      /* first moment / momentum buffer / velocity */
    double v[2];      /* second moment / square average / accumulator */
    double u[2];      /* third buffer: max v (AMSGrad), Δ accumulator, grad average, prev grad */
    double w[2];      /* fourth buffer: Rprop step sizes, ... */
    double s[4];      /* scalars: NAdam μ product, SWATS phase and λ, ... */
    double step[2];   /* the update just applied, per coordinate: x_new − x_old */
    long evals;       /* loss and gradient evaluations so far (LBFGS makes several a step) */
} OptimState;

typedef struct Optim Optim;
struct OptimCoef;  /* swarm/batch.h */
struct OptimBatch;

typedef struct OptimKind {
    const char *name;        /* as torch spells it, e.g. "Adam" */
    const char *doc;         /* one line for `optiplay list` */
    const ParamDef *params;  /* keywords in torch's order; params[0] is lr at slot 0 */
    int nparams;
    int beta1;               /* slot of the first β-like knob (momentum, β₁, ρ), -1 if none */
    int beta2;               /* slot of the second (β₂, alpha), -1 if none */
    const char *show;        /* which state buffers mean something: letters of "mvuw" */
    const char *rule;        /* the update rule as the seeds write it, lines split by '\n' */
    void (*step)(Optim *o, double x[2], const double g[2]);
    /* Checks combinations a range cannot (SGD's nesterov needs momentum); may be NULL. */
    int (*check)(const double *p, Err *err);
    int needs_fn;            /* evaluates the loss itself (LBFGS): the caller sets Optim.fn */
    /* slot of torch's maximize keyword (the step sees −g, as torch negates the gradient
     * first); 0: the kind has none (slot 0 is lr) */
    int maximize;
    /* The update as one coordinate's formula (optim/<kind>.c, see swarm/batch.h): prep
     * computes what a step takes from the step count, lr and p[] alone (and advances st.t and
     * st.s[]), variant picks the formula's variant it selects, batch is the formula in loops
     * over many particles (the swarm). NULL where a step is not one formula per coordinate
     * (LBFGS's line search; SWATS's switch looks at both coordinates). */
    void (*prep)(Optim *o, struct OptimCoef *c);
    int (*variant)(const struct OptimCoef *c);
    const struct OptimBatch *batch;
} OptimKind;

struct Optim {
    const OptimKind *kind;
    double p[OPTIM_MAXP]; /* hyperparameters, at the slots of kind->params */
    double lr;            /* current learning rate (p[0] until a schedule changes it) */
    int la_k;             /* Lookahead: sync every k steps, 0 = no Lookahead */
    double la_alpha;      /* Lookahead: slow-weight step size */
    double slow[2];       /* Lookahead: slow weights */
    /* torch's closure, for kinds that evaluate more than once a step (LBFGS): the loss at x
     * and its gradient into g. The caller sets it, and fx, the loss at the x of the step's g. */
    double (*fn)(void *ctx, const double x[2], double g[2]);
    void *fn_ctx;
    double fx;
    /* LBFGS's memory, kept by the caller (4 KB: not in every Optim and Spec); optim_reset
     * clears it. NULL: each step starts afresh, as torch's first. */
    LbfgsState *lb;
    struct Anatomy *tap;  /* the anatomy of the next step is being taken (anatomy.h); NULL */
    OptimState st;
};

extern const OptimKind *const optim_kinds[];
extern const int optim_count;
extern const OptimKind optim_lookahead; /* the wrapper, listed for `list` and the parser */

/* The kind named `name` (case-insensitive), or NULL. */
const OptimKind *optim_find(const char *name);

/* Clears the state and sets lr = p[0]; x0 is the start point (Lookahead's slow weights). */
void optim_reset(Optim *o, const double x0[2]);

/* Is maximize=True set (gradient ascent)? */
int optim_maximizes(const Optim *o);

/* One update of x from gradient g, then Lookahead's synchronisation if la_k > 0. */
void optim_step(Optim *o, double x[2], const double g[2]);

#endif
