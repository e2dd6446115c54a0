/* Lion — Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms" (arXiv 2302.06675),
 * Program 1: the sign of an interpolation of momentum and gradient, with decoupled weight
 * decay; the momentum is updated after the step with a second, slower rate β₂. Every
 * coordinate moves by exactly η (plus the decay) unless c is 0. */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, WEIGHT_DECAY };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-4}, 0, INFINITY, PARAM_LO_OPEN, NULL, "learning rate" },
    { "betas", PARAM_PAIR, BETA1, {0.9, 0.99}, 0, 1, PARAM_HI_OPEN, NULL,
      "interpolation and momentum rates" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "decoupled weight decay" },
};

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    coef_begin(o, c);
    c->b1 = p[BETA1];
    c->b2 = p[BETA2];
    c->wd = p[WEIGHT_DECAY];
    c->k[0] = 1 - o->lr * c->wd; /* decay */
}

static int variant(const OptimCoef *c)
{
    (void)c;
    return 0;
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)var, (void)v, (void)u, (void)w;
    double b1 = c->b1, b2 = c->b2;
    double ci = TAP(c, ANAT_DIR, "c", "interpolates: c = β₁m + (1−β₁)g", b1 * *m + (1 - b1) * g);
    if (c->wd != 0)
        TAPS(c, ANAT_MOVE, "−ηλθ", "decoupled weight decay: θ ← θ(1 − ηλ)", x * c->k[0] - x);
    double xn = TAP(c, ANAT_STEP, "θ", "the step: θ ← θ(1 − ηλ) − η·sign(c) (only signs count)",
                    x * c->k[0] - c->lr * t_sign(ci));
    *m = TAP(c, ANAT_DIR, "m", "then the momentum: m ← β₂m + (1−β₂)g", b2 * *m + (1 - b2) * g);
    return xn;
}

OPTIM_BATCH(lion, 1, BATCH_M)

OPTIM_KIND(lion) = {
    .name = "Lion",
    .doc = "sign of interpolated momentum, decoupled weight decay (Chen et al. 2023; not torch)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "m",
    .rule = "c = β₁m + (1−β₁)g\nθ ← θ(1 − ηλ) − η·sign(c)\nm ← β₂m + (1−β₂)g",
    OPTIM_ROW(lion),
    .check = NULL,
};
