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

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double b1 = p[BETA1], b2 = p[BETA2], xn[2];
    OptimState *s = &o->st;
    s->t++;
    double bc1 = 1 - pow(b1, (double)s->t), bc2 = 1 - pow(b2, (double)s->t);
    double step_size = o->lr / bc1, bc2_sqrt = sqrt(bc2);
    double decay = 1 - o->lr * p[WEIGHT_DECAY];
    for (int i = 0; i < 2; i++) {
        double xi = x[i] * decay; /* param.mul_(1 - lr * weight_decay), even when it is 1 */
        s->m[i] = t_add(s->m[i] * b1, g[i], 1 - b1);
        s->v[i] = t_addcmul(s->v[i] * b2, g[i], g[i], 1 - b2);
        double v = s->v[i];
        if (p[AMSGRAD] != 0)
            v = s->u[i] = t_max(s->u[i], s->v[i]);
        double denom = sqrt(v) / bc2_sqrt + p[EPS];
        xn[i] = t_addcdiv(xi, s->m[i], denom, -step_size);
    }
    commit(o, x, xn);
}

const OptimKind optim_adamw = {
    .name = "AdamW",
    .doc = "Adam with decoupled weight decay (Loshchilov & Hutter 2019)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mvu",
    .rule = "θ ← θ(1 − ηλ)\nm ← β₁m + (1−β₁)g\nv ← β₂v + (1−β₂)g²\n"
            "θ ← θ − η·m̂/(√v̂+ε)   (AMSGrad: v̂ from u = max v)",
    .step = step,
    .maximize = MAXIMIZE,
    .check = NULL,
};
