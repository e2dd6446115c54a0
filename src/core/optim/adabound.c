/* AdaBound — Luo et al. 2019, "Adaptive Gradient Methods with Dynamic Bound of Learning Rate",
 * as their reference implementation (github.com/Luolc/AdaBound, adabound/adabound.py) computes
 * it: Adam's per-coordinate step size η√(1−β₂ᵗ)/(1−β₁ᵗ)/(√v+ε) (no bias correction inside the
 * root) is clipped into [ηₗ(t), ηᵤ(t)], bounds that close in on final_lr like SGD's.
 * final_lr follows the schedule as the reference does: final_lr·lr/base_lr, base_lr = p[0].
 * gamma=0 (allowed by the reference's check, a ZeroDivisionError there) means ηᵤ = ∞ here. */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, FINAL_LR, GAMMA, EPS, WEIGHT_DECAY, AMSBOUND };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-3}, 0, INFINITY, PARAM_LO_OPEN, NULL, "Adam learning rate" },
    { "betas", PARAM_PAIR, BETA1, {0.9, 0.999}, 0, 1, PARAM_HI_OPEN, NULL,
      "moment decay rates" },
    { "final_lr", PARAM_REAL, FINAL_LR, {0.1}, 0, INFINITY, 0, NULL,
      "the SGD learning rate the bounds close in on" },
    { "gamma", PARAM_REAL, GAMMA, {1e-3}, 0, 1, PARAM_HI_OPEN, NULL,
      "how fast the bounds close in" },
    { "eps", PARAM_REAL, EPS, {1e-8}, 0, INFINITY, 0, NULL, "added to the denominator" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "amsbound", PARAM_BOOL, AMSBOUND, {0}, 0, 0, 0, NULL, "AMSBound variant" },
};

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double b1 = p[BETA1], b2 = p[BETA2], wd = p[WEIGHT_DECAY], xn[2];
    OptimState *s = &o->st;
    s->t++;
    double t = (double)s->t;
    double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
    double step_size = o->lr * sqrt(bc2) / bc1;
    double final_lr = p[FINAL_LR] * o->lr / p[LR];
    double lower = final_lr * (1 - 1 / (p[GAMMA] * t + 1));
    double upper = final_lr * (1 + 1 / (p[GAMMA] * t));
    for (int i = 0; i < 2; i++) {
        double gi = wd != 0 ? t_add(g[i], x[i], wd) : g[i];
        s->m[i] = t_add(s->m[i] * b1, gi, 1 - b1);
        s->v[i] = t_addcmul(s->v[i] * b2, gi, gi, 1 - b2);
        double v = s->v[i];
        if (p[AMSBOUND] != 0)
            v = s->u[i] = t_max(s->u[i], s->v[i]);
        double denom = sqrt(v) + p[EPS];
        double u = t_clamp(step_size / denom, lower, upper) * s->m[i];
        xn[i] = x[i] + -u;
    }
    commit(o, x, xn);
}

const OptimKind optim_adabound = {
    .name = "AdaBound",
    .doc = "Adam whose step sizes are clipped into bounds that converge to SGD's (Luo 2019; "
           "not torch)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mvu",
    .rule = "m ← β₁m + (1−β₁)g\nv ← β₂v + (1−β₂)g²\n"
            "ηₜ = clip(η√(1−β₂ᵗ)/(1−β₁ᵗ)/(√v+ε), η*(1 − 1/(γt+1)), η*(1 + 1/(γt)))\n"
            "θ ← θ − ηₜ·m",
    .step = step,
    .check = NULL,
};
