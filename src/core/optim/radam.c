/* RAdam — torch.optim.RAdam (1.13, torch/optim/radam.py, _single_tensor_radam): Adam whose
 * adaptive step is switched on, and rectified, once the variance estimate is trustworthy
 * (ρₜ > 5; Liu et al. 2020); before that, momentum SGD with m̂. s[0] = ρₜ. */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, EPS, WEIGHT_DECAY };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-3}, 0, INFINITY, 0, NULL, "learning rate" },
    { "betas", PARAM_PAIR, BETA1, {0.9, 0.999}, 0, 1, PARAM_HI_OPEN, NULL,
      "moment decay rates" },
    { "eps", PARAM_REAL, EPS, {1e-8}, 0, INFINITY, 0, NULL, "added to the denominator" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
};

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double b1 = p[BETA1], b2 = p[BETA2], wd = p[WEIGHT_DECAY], xn[2];
    OptimState *s = &o->st;
    s->t++;
    double t = (double)s->t;
    double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
    double rho_inf = 2 / (1 - b2) - 1;
    double rho_t = rho_inf - 2 * t * pow(b2, t) / bc2;
    s->s[0] = rho_t;
    double rect = 0;
    if (rho_t > 5.)
        rect = sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
    for (int i = 0; i < 2; i++) {
        double gi = wd != 0 ? t_add(g[i], x[i], wd) : g[i];
        s->m[i] = t_add(s->m[i] * b1, gi, 1 - b1);
        s->v[i] = t_addcmul(s->v[i] * b2, gi, gi, 1 - b2);
        double mhat = s->m[i] / bc1;
        if (rho_t > 5.) {
            /* sqrt(bc2) / tensor is tensor.reciprocal() * sqrt(bc2) in torch */
            double adaptive_lr = (1 / (sqrt(s->v[i]) + p[EPS])) * sqrt(bc2);
            xn[i] = t_add(x[i], mhat * o->lr * adaptive_lr * rect, -1.0);
        } else {
            xn[i] = t_add(x[i], mhat * o->lr, -1.0);
        }
    }
    commit(o, x, xn);
}

const OptimKind optim_radam = {
    .name = "RAdam",
    .doc = "rectified Adam: momentum SGD until the variance estimate settles (Liu et al. 2020)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mv",
    .rule = "m ← β₁m + (1−β₁)g\nv ← β₂v + (1−β₂)g²\nρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ)\n"
            "θ ← θ − η·m̂·r(ρₜ)·√(1−β₂ᵗ)/(√v+ε)   if ρₜ > 5\nθ ← θ − η·m̂   otherwise",
    .step = step,
    .check = NULL,
};
