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

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    coef_begin(o, c);
    c->b1 = p[BETA1];
    c->b2 = p[BETA2];
    c->eps = p[EPS];
    c->wd = p[WEIGHT_DECAY];
    c->k[0] = -(o->lr / (1 - pow(c->b1, (double)c->t))); /* −clr */
}

static int variant(const OptimCoef *c)
{
    (void)c;
    return 0;
}

/* v: exp_inf */
HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)var, (void)u, (void)w;
    double b1 = c->b1;
    double gi = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ", t_add(g, x, c->wd)) : g;
    *m = t_add(TAP(c, ANAT_DIR, "β₁m", "the first moment decays: m ← β₁m", *m * b1), gi, 1 - b1);
    TAPS(c, ANAT_DIR, "m", "adds (1−β₁)g: m ← β₁m + (1−β₁)g", *m);
    *v = TAP(c, ANAT_SCALE, "u", "the infinity norm: u ← max(β₂u, |g|+ε); divide by it",
             t_max(TAP(c, ANAT_NUM, "β₂u", "the norm decays: u ← β₂u", *v * c->b2),
                   fabs(gi) + c->eps)); /* torch.amax over the pair */
    TAPS(c, ANAT_SCALAR, "η/(1−β₁ᵗ)", "bias correction: the step size η/(1−β₁ᵗ)", -c->k[0]);
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − η/(1−β₁ᵗ)·m/u", t_addcdiv(x, *m, *v, c->k[0]));
}

OPTIM_BATCH(adamax, 1, BATCH_M | BATCH_V)

OPTIM_KIND(adamax) = {
    .name = "Adamax",
    .doc = "Adam with the infinity norm in place of the second moment",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mv",
    .rule = "m ← β₁m + (1−β₁)g\nv ← max(β₂v, |g|+ε)\nθ ← θ − η/(1−β₁ᵗ)·m/v",
    OPTIM_ROW(adamax),
    .maximize = MAXIMIZE,
    .check = NULL,
};
