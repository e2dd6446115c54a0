/* AdamW — torch.optim.AdamW (1.13, torch/optim/adamw.py, _single_tensor_adamw): Adam with
 * decoupled weight decay, θ ← θ(1 − ηλ) before the Adam step (Loshchilov & Hutter 2019). */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, EPS, WEIGHT_DECAY, AMSGRAD, MAXIMIZE };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-3}, 0, INFINITY, 0, NULL, "learning rate" },
    { "betas", PARAM_PAIR, BETA1, {0.9, 0.999}, 0, 1, PARAM_HI_OPEN, NULL,
      "moment decay rates" },
    { "eps", PARAM_REAL, EPS, {1e-8}, 0, INFINITY, 0, NULL, "added to the denominator" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {1e-2}, 0, INFINITY, 0, NULL,
      "decoupled weight decay" },
    { "amsgrad", PARAM_BOOL, AMSGRAD, {0}, 0, 0, 0, NULL, "AMSGrad variant" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
};

enum { AMS = 1 }; /* variant of el */

static void prep(Optim *o, OptimCoef *c)
{
    adam_coef(o, c, 1);
    c->k[2] = 1 - o->lr * c->wd; /* decay */
}

static int variant(const OptimCoef *c)
{
    return c->f1 ? AMS : 0;
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)w;
    double xi = x * c->k[2]; /* param.mul_(1 - lr * weight_decay), even when it is 1 */
    if (c->wd != 0)
        TAPS(c, ANAT_MOVE, "−ηλθ", "decoupled weight decay: θ ← θ(1 − ηλ)", xi - x);
    double denom = adam_denom(c, var & AMS, g, m, v, u);
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − η·m̂/(√v̂+ε)",
               t_addcdiv(xi, *m, denom, c->k[1]));
}

OPTIM_BATCH(adamw, 2, BATCH_M | BATCH_V | BATCH_U)

OPTIM_KIND(adamw) = {
    .name = "AdamW",
    .doc = "Adam with decoupled weight decay (Loshchilov & Hutter 2019)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mvu",
    .rule = "θ ← θ(1 − ηλ)\nm ← β₁m + (1−β₁)g\nv ← β₂v + (1−β₂)g²\n"
            "θ ← θ − η·m̂/(√v̂+ε)   (AMSGrad: v̂ from u = max v)",
    OPTIM_ROW(adamw),
    .maximize = MAXIMIZE,
    .check = NULL,
};
