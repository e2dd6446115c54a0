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

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double b1 = p[BETA1], b2 = p[BETA2], xn[2];
    double decay = 1 - o->lr * p[WEIGHT_DECAY];
    OptimState *s = &o->st;
    s->t++;
    for (int i = 0; i < 2; i++) {
        double c = b1 * s->m[i] + (1 - b1) * g[i];
        xn[i] = x[i] * decay - o->lr * t_sign(c);
        s->m[i] = b2 * s->m[i] + (1 - b2) * g[i];
    }
    commit(o, x, xn);
}

const OptimKind optim_lion = {
    .name = "Lion",
    .doc = "sign of interpolated momentum, decoupled weight decay (Chen et al. 2023; not torch)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "m",
    .rule = "c = β₁m + (1−β₁)g\nθ ← θ(1 − ηλ) − η·sign(c)\nm ← β₂m + (1−β₂)g",
    .step = step,
    .check = NULL,
};
