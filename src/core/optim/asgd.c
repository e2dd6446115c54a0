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

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    OptimState *s = &o->st;
    if (s->t == 0) { /* torch's state: eta = lr, mu = 1, ax = 0 */
        s->s[ETA] = o->lr;
        s->s[MU] = 1;
    }
    double t = (double)++s->t, eta = s->s[ETA], mu = s->s[MU], xn[2];
    for (int i = 0; i < 2; i++) {
        double gi = p[WEIGHT_DECAY] != 0 ? t_add(g[i], x[i], p[WEIGHT_DECAY]) : g[i];
        xn[i] = x[i] * (1 - p[LAMBD] * eta);
        xn[i] = t_add(xn[i], gi, -eta);
        s->u[i] = mu != 1 ? s->u[i] + (xn[i] - s->u[i]) * mu : xn[i];
    }
    s->s[ETA] = o->lr / pow(1 + p[LAMBD] * o->lr * t, p[ALPHA]);
    s->s[MU] = 1 / fmax(1, t - p[T0]);
    commit(o, x, xn);
}

const OptimKind optim_asgd = {
    .name = "ASGD",
    .doc = "averaged SGD: decaying step lr/(1 + lambd*lr*t)^alpha, the average kept in u",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = -1,
    .beta2 = -1,
    .show = "u",
    .rule = "θ ← θ(1 − λη) − η·g\nη ← lr/(1 + λ·lr·t)^α\nu ← u + μ(θ − u)   (μ = 1/max(1, t − t0))",
    .step = step,
    .check = NULL,
    .maximize = MAXIMIZE,
};
