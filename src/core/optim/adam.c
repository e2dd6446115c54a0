/* Adam — torch.optim.Adam (1.13, torch/optim/adam.py, _single_tensor_adam): bias-corrected
 * moment estimates, optional L2 weight decay (added to g) and AMSGrad (u = max v so far). */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, EPS, WEIGHT_DECAY, AMSGRAD, MAXIMIZE, BIAS_CORRECTION };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-3}, 0, INFINITY, 0, NULL, "learning rate" },
    { "betas", PARAM_PAIR, BETA1, {0.9, 0.999}, 0, 1, PARAM_HI_OPEN, NULL,
      "moment decay rates" },
    { "eps", PARAM_REAL, EPS, {1e-8}, 0, INFINITY, 0, NULL, "added to the denominator" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "amsgrad", PARAM_BOOL, AMSGRAD, {0}, 0, 0, 0, NULL, "AMSGrad variant" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
    { "bias_correction", PARAM_BOOL, BIAS_CORRECTION, {1}, 0, 0, 0, NULL,
      "optiplay's extension, not torch: False drops the 1/(1 - beta^t) corrections" },
};

enum { AMS = 1 }; /* variant of el */

static void prep(Optim *o, OptimCoef *c)
{
    adam_coef(o, c, o->p[BIAS_CORRECTION] != 0);
}

static int variant(const OptimCoef *c)
{
    return c->f1 ? AMS : 0;
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)w;
    double gi = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ",
                                 t_add(g, x, c->wd)) : g;
    double denom = adam_denom(c, var & AMS, gi, m, v, u);
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − η·m̂/(√v̂+ε)",
               t_addcdiv(x, *m, denom, c->k[1]));
}

OPTIM_BATCH(adam, 2, BATCH_M | BATCH_V | BATCH_U)

OPTIM_KIND(adam) = {
    .name = "Adam",
    .doc = "adaptive moments (Kingma & Ba 2015), optional AMSGrad; bias_correction=False is "
           "optiplay's, not torch",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mvu",
    .rule = "m ← β₁m + (1−β₁)g\nv ← β₂v + (1−β₂)g²\n"
            "θ ← θ − η·m̂/(√v̂+ε)   (AMSGrad: v̂ from u = max v)",
    OPTIM_ROW(adam),
    .maximize = MAXIMIZE,
    .check = NULL,
};
