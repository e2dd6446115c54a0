/* Adamax — torch.optim.Adamax (1.13, torch/optim/adamax.py, _single_tensor_adamax): Adam with
 * the infinity norm, v ← max(β₂v, |g| + ε) (Kingma & Ba 2015, §7.1; torch adds ε inside). */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, EPS, WEIGHT_DECAY, MAXIMIZE };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {2e-3}, 0, INFINITY, 0, NULL, "learning rate" },
    { "betas", PARAM_PAIR, BETA1, {0.9, 0.999}, 0, 1, PARAM_HI_OPEN, NULL,
      "moment decay rates" },
    { "eps", PARAM_REAL, EPS, {1e-8}, 0, INFINITY, 0, NULL, "added to |g|" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
};

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double b1 = p[BETA1], b2 = p[BETA2], wd = p[WEIGHT_DECAY], xn[2];
    OptimState *s = &o->st; /* v: exp_inf */
    s->t++;
    double clr = o->lr / (1 - pow(b1, (double)s->t));
    for (int i = 0; i < 2; i++) {
        double gi = wd != 0 ? t_add(g[i], x[i], wd) : g[i];
        s->m[i] = t_add(s->m[i] * b1, gi, 1 - b1);
        s->v[i] = t_max(s->v[i] * b2, fabs(gi) + p[EPS]); /* torch.amax over the pair */
        xn[i] = t_addcdiv(x[i], s->m[i], s->v[i], -clr);
    }
    commit(o, x, xn);
}

const OptimKind optim_adamax = {
    .name = "Adamax",
    .doc = "Adam with the infinity norm in place of the second moment",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mv",
    .rule = "m ← β₁m + (1−β₁)g\nv ← max(β₂v, |g|+ε)\nθ ← θ − η/(1−β₁ᵗ)·m/v",
    .step = step,
    .maximize = MAXIMIZE,
    .check = NULL,
};
