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

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double wd = p[WEIGHT_DECAY], xn[2];
    OptimState *s = &o->st;
    if (s->t == 0)
        s->v[0] = s->v[1] = p[INITIAL_ACCUMULATOR_VALUE];
    s->t++;
    double clr = o->lr / (1 + ((double)s->t - 1) * p[LR_DECAY]);
    for (int i = 0; i < 2; i++) {
        double gi = wd != 0 ? t_add(g[i], x[i], wd) : g[i];
        s->v[i] = t_addcmul(s->v[i], gi, gi, 1);
        double std = sqrt(s->v[i]) + p[EPS];
        xn[i] = t_addcdiv(x[i], gi, std, -clr);
    }
    commit(o, x, xn);
}

const OptimKind optim_adagrad = {
    .name = "Adagrad",
    .doc = "per-coordinate steps scaled by the root of the summed squared gradients",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = -1,
    .beta2 = -1,
    .show = "v",
    .rule = "v ← v + g²\nθ ← θ − η/(1+(t−1)·δ)·g/(√v+ε)",
    .step = step,
    .maximize = MAXIMIZE,
    .check = NULL,
};
