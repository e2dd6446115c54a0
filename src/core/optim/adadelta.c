/* Adadelta — torch.optim.Adadelta (1.13, torch/optim/adadelta.py, _single_tensor_adadelta):
 * the step is the ratio of two running RMS values, Δ = RMS[Δθ]/RMS[g]·g (Zeiler 2012), then
 * scaled by lr (default 1.0, the paper's). */
#include "optim_kinds.h"

enum { LR, RHO, EPS, WEIGHT_DECAY, MAXIMIZE };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1.0}, 0, INFINITY, 0, NULL,
      "coefficient that scales delta" },
    { "rho", PARAM_REAL, RHO, {0.9}, 0, 1, 0, NULL, "decay of the running averages" },
    { "eps", PARAM_REAL, EPS, {1e-6}, 0, INFINITY, 0, NULL, "added inside the square roots" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
};

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double rho = p[RHO], eps = p[EPS], wd = p[WEIGHT_DECAY], xn[2];
    OptimState *s = &o->st;
    s->t++;
    for (int i = 0; i < 2; i++) {
        double gi = wd != 0 ? t_add(g[i], x[i], wd) : g[i];
        s->v[i] = t_addcmul(s->v[i] * rho, gi, gi, 1 - rho);
        double std = sqrt(s->v[i] + eps);
        double delta = sqrt(s->u[i] + eps) / std * gi;
        s->u[i] = t_addcmul(s->u[i] * rho, delta, delta, 1 - rho);
        xn[i] = t_add(x[i], delta, -o->lr);
    }
    commit(o, x, xn);
}

const OptimKind optim_adadelta = {
    .name = "Adadelta",
    .doc = "steps sized by the ratio of running RMS of updates and of gradients (Zeiler 2012)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = RHO,
    .beta2 = -1,
    .show = "vu",
    .rule = "v ← ρv + (1−ρ)g²\nΔ ← √(u+ε)/√(v+ε)·g\nu ← ρu + (1−ρ)Δ²\nθ ← θ − ηΔ",
    .step = step,
    .maximize = MAXIMIZE,
    .check = NULL,
};
