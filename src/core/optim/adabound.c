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

enum { AMS = 1 }; /* variant of el */

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    coef_begin(o, c);
    double b1 = c->b1 = p[BETA1], b2 = c->b2 = p[BETA2], t = (double)c->t;
    c->eps = p[EPS];
    c->wd = p[WEIGHT_DECAY];
    c->f1 = p[AMSBOUND] != 0;
    double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
    c->k[0] = o->lr * sqrt(bc2) / bc1; /* step_size */
    double final_lr = p[FINAL_LR] * o->lr / p[LR];
    c->k[1] = final_lr * (1 - 1 / (p[GAMMA] * t + 1)); /* lower */
    c->k[2] = final_lr * (1 + 1 / (p[GAMMA] * t)); /* upper */
}

static int variant(const OptimCoef *c)
{
    return c->f1 ? AMS : 0;
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)w;
    double b1 = c->b1, b2 = c->b2;
    double gi = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ", t_add(g, x, c->wd)) : g;
    *m = t_add(TAP(c, ANAT_DIR, "β₁m", "the first moment decays: m ← β₁m", *m * b1), gi, 1 - b1);
    TAPS(c, ANAT_DIR, "m", "adds (1−β₁)g: m ← β₁m + (1−β₁)g", *m);
    *v = t_addcmul(TAP(c, ANAT_NUM, "β₂v", "the second moment decays: v ← β₂v", *v * b2), gi, gi,
                   1 - b2);
    TAPS(c, ANAT_NUM, "v", "adds (1−β₂)g²: v ← β₂v + (1−β₂)g²", *v);
    double vi = *v;
    if (var & AMS)
        vi = *u = TAP(c, ANAT_NUM, "vₘₐₓ", "AMSBound keeps the largest: vₘₐₓ ← max(vₘₐₓ, v)",
                      t_max(*u, *v));
    double denom = TAP(c, ANAT_SCALE, "√v+ε", "scale per coordinate: step size "
                       "η√(1−β₂ᵗ)/(1−β₁ᵗ) divided by √v+ε", sqrt(vi) + c->eps);
    double ui = TAP(c, ANAT_NUM, "η̂", "clipped into the bounds that close in on final_lr",
                    t_clamp(c->k[0] / denom, c->k[1], c->k[2])) * *m;
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − η̂·m", x + -ui);
}

OPTIM_BATCH(adabound, 2, BATCH_M | BATCH_V | BATCH_U)

OPTIM_KIND(adabound) = {
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
    OPTIM_ROW(adabound),
    .check = NULL,
};
