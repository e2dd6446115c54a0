/* SGDM — momentum as the lecture notes write it: an exponential moving average of the
 * gradients, v ← βv + (1−β)g, θ ← θ − ηv. Unlike torch's SGD(momentum=β) the step is
 * (1−β) times smaller and v starts at 0, so the first steps are short (no bias correction). */
#include "optim_kinds.h"

enum { LR, BETA };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {0.01}, 0, INFINITY, PARAM_LO_OPEN, NULL, "learning rate" },
    { "beta", PARAM_REAL, BETA, {0.9}, 0, 1, PARAM_HI_OPEN, NULL,
      "decay of the gradient average" },
};

static void prep(Optim *o, OptimCoef *c)
{
    coef_begin(o, c);
    c->b1 = o->p[BETA];
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
    double b = c->b1;
    *m = TAP(c, ANAT_DIR, "βv", "the average decays: v ← βv", b * *m) + (1 - b) * g;
    TAPS(c, ANAT_DIR, "v", "adds (1−β)g: v ← βv + (1−β)g", *m);
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − ηv", x - c->lr * *m);
}

OPTIM_BATCH(sgdm, 1, BATCH_M)

OPTIM_KIND(sgdm) = {
    .name = "SGDM",
    .doc = "momentum as an exponential average of gradients (the lecture notes' form; not torch)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA,
    .beta2 = -1,
    .show = "m",
    .rule = "v ← βv + (1−β)g\nθ ← θ − ηv",
    OPTIM_ROW(sgdm),
    .check = NULL,
};
