/* ASGD — torch.optim.ASGD (1.13, torch/optim/asgd.py, _single_tensor_asgd): averaged SGD. The
 * trajectory is SGD's with a decaying step η and a weight decay λη; u keeps the average of the
 * iterates from step t0 on (Polyak averaging), which torch also only keeps. */
#include "optim_kinds.h"

enum { LR, LAMBD, ALPHA, T0, WEIGHT_DECAY, MAXIMIZE };
enum { ETA, MU }; /* in st.s: state['eta'], state['mu'] */

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-2}, 0, INFINITY, 0, NULL, "learning rate" },
    { "lambd", PARAM_REAL, LAMBD, {1e-4}, 0, INFINITY, 0, NULL, "decay term" },
    { "alpha", PARAM_REAL, ALPHA, {0.75}, 0, INFINITY, 0, NULL, "power for the eta update" },
    { "t0", PARAM_REAL, T0, {1e6}, 0, INFINITY, 0, NULL, "step at which averaging starts" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
};

enum { AVERAGE = 1 }; /* variant of el: μ ≠ 1 */

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    OptimState *s = &o->st;
    if (s->t == 0) { /* torch's state: eta = lr, mu = 1, ax = 0 */
        s->s[ETA] = o->lr;
        s->s[MU] = 1;
    }
    coef_begin(o, c);
    double t = (double)c->t;
    c->k[0] = s->s[ETA];
    c->k[1] = s->s[MU];
    c->k[2] = p[LAMBD];
    c->wd = p[WEIGHT_DECAY];
    s->s[ETA] = o->lr / pow(1 + p[LAMBD] * o->lr * t, p[ALPHA]);
    s->s[MU] = 1 / fmax(1, t - p[T0]);
}

static int variant(const OptimCoef *c)
{
    return c->k[1] != 1 ? AVERAGE : 0;
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)m, (void)v, (void)w;
    double eta = c->k[0];
    double gi = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ", t_add(g, x, c->wd)) : g;
    TAPS(c, ANAT_SCALAR, "ηₜ", "this step's rate ηₜ = lr/(1 + λ·lr·t)^α (from the last step)", eta);
    double xn = TAP(c, ANAT_STEP, "θ′", "decay: θ ← θ(1 − ληₜ)", x * (1 - c->k[2] * eta));
    xn = TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − ηₜg", t_add(xn, gi, -eta));
    *u = TAP(c, ANAT_NUM, "u", "the average: u ← u + μ(θ − u)",
             var & AVERAGE ? *u + (xn - *u) * c->k[1] : xn);
    return xn;
}

OPTIM_BATCH(asgd, 2, BATCH_U)

OPTIM_KIND(asgd) = {
    .name = "ASGD",
    .doc = "averaged SGD: decaying step lr/(1 + lambd*lr*t)^alpha, the average kept in u",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = -1,
    .beta2 = -1,
    .show = "u",
    .rule = "θ ← θ(1 − λη) − η·g\nη ← lr/(1 + λ·lr·t)^α\nu ← u + μ(θ − u)   (μ = 1/max(1, t − t0))",
    OPTIM_ROW(asgd),
    .check = NULL,
    .maximize = MAXIMIZE,
};
