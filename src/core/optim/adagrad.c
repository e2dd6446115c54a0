/* Adagrad — torch.optim.Adagrad (1.13, torch/optim/adagrad.py, _single_tensor_adagrad): the
 * sum of squared gradients scales each coordinate; lr decays as lr/(1 + (t−1)·lr_decay).
 * torch fills state['sum'] with initial_accumulator_value in the constructor; here it is
 * filled before the first step (the same numbers). */
#include "optim_kinds.h"

enum { LR, LR_DECAY, WEIGHT_DECAY, INITIAL_ACCUMULATOR_VALUE, EPS, MAXIMIZE };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-2}, 0, INFINITY, 0, NULL, "learning rate" },
    { "lr_decay", PARAM_REAL, LR_DECAY, {0}, 0, INFINITY, 0, NULL, "learning-rate decay" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "initial_accumulator_value", PARAM_REAL, INITIAL_ACCUMULATOR_VALUE, {0}, 0, INFINITY, 0,
      NULL, "starting sum of squared gradients" },
    { "eps", PARAM_REAL, EPS, {1e-10}, 0, INFINITY, 0, NULL, "added to the denominator" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
};

enum { FIRST = 1 }; /* variant of el */

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    coef_begin(o, c);
    c->wd = p[WEIGHT_DECAY];
    c->eps = p[EPS];
    c->k[0] = -(o->lr / (1 + ((double)c->t - 1) * p[LR_DECAY])); /* −clr */
    c->k[1] = p[INITIAL_ACCUMULATOR_VALUE];
}

static int variant(const OptimCoef *c)
{
    return c->first ? FIRST : 0;
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)m, (void)u, (void)w;
    if (var & FIRST)
        *v = c->k[1];
    double gi = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ", t_add(g, x, c->wd)) : g;
    *v = TAP(c, ANAT_NUM, "v", "the accumulator adds g²: v ← v + g² (it only grows)",
             t_addcmul(*v, gi, gi, 1));
    double std = TAP(c, ANAT_SCALE, "√v+ε", "scale per coordinate: divide by √v+ε",
                     sqrt(*v) + c->eps);
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − η/(1+(t−1)δ)·g/(√v+ε)",
               t_addcdiv(x, gi, std, c->k[0]));
}

OPTIM_BATCH(adagrad, 2, BATCH_V)

OPTIM_KIND(adagrad) = {
    .name = "Adagrad",
    .doc = "per-coordinate steps scaled by the root of the summed squared gradients",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = -1,
    .beta2 = -1,
    .show = "v",
    .rule = "v ← v + g²\nθ ← θ − η/(1+(t−1)·δ)·g/(√v+ε)",
    OPTIM_ROW(adagrad),
    .maximize = MAXIMIZE,
    .check = NULL,
};
