/* Adam — torch.optim.Adam (1.13, torch/optim/adam.py, _single_tensor_adam): bias-corrected
 * moment estimates, optional L2 weight decay (added to g) and AMSGrad (u = max v so far). */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, EPS, WEIGHT_DECAY, AMSGRAD, MAXIMIZE };

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
};

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double b1 = p[BETA1], b2 = p[BETA2], wd = p[WEIGHT_DECAY], xn[2];
    OptimState *s = &o->st;
    s->t++;
    /* torch: python floats, step = state['step'].item() */
    double bc1 = 1 - pow(b1, (double)s->t), bc2 = 1 - pow(b2, (double)s->t);
    double step_size = o->lr / bc1, bc2_sqrt = sqrt(bc2);
    for (int i = 0; i < 2; i++) {
        double gi = wd != 0 ? t_add(g[i], x[i], wd) : g[i];
        s->m[i] = t_add(s->m[i] * b1, gi, 1 - b1);
        s->v[i] = t_addcmul(s->v[i] * b2, gi, gi, 1 - b2);
        double v = s->v[i];
        if (p[AMSGRAD] != 0)
            v = s->u[i] = t_max(s->u[i], s->v[i]);
        double denom = sqrt(v) / bc2_sqrt + p[EPS];
        xn[i] = t_addcdiv(x[i], s->m[i], denom, -step_size);
    }
    commit(o, x, xn);
}

const OptimKind optim_adam = {
    .name = "Adam",
    .doc = "adaptive moments (Kingma & Ba 2015), optional AMSGrad",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mvu",
    .rule = "m ← β₁m + (1−β₁)g\nv ← β₂v + (1−β₂)g²\n"
            "θ ← θ − η·m̂/(√v̂+ε)   (AMSGrad: v̂ from u = max v)",
    .step = step,
    .maximize = MAXIMIZE,
    .check = NULL,
};
