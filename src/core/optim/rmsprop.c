/* RMSprop — torch.optim.RMSprop (1.13, torch/optim/rmsprop.py, _single_tensor_rmsprop):
 * g scaled by a running RMS; optional momentum on the scaled step, and the centered variant
 * that divides by an estimate of the standard deviation instead (v − ḡ²). Note torch puts ε
 * outside the root, and does not bound alpha or momentum above. */
#include "optim_kinds.h"

enum { LR, ALPHA, EPS, WEIGHT_DECAY, MOMENTUM, CENTERED, MAXIMIZE };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-2}, 0, INFINITY, 0, NULL, "learning rate" },
    { "alpha", PARAM_REAL, ALPHA, {0.99}, 0, INFINITY, 0, NULL,
      "decay of the squared-gradient average" },
    { "eps", PARAM_REAL, EPS, {1e-8}, 0, INFINITY, 0, NULL, "added to the denominator" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "momentum", PARAM_REAL, MOMENTUM, {0}, 0, INFINITY, 0, NULL, "momentum factor" },
    { "centered", PARAM_BOOL, CENTERED, {0}, 0, 0, 0, NULL, "divide by the variance estimate" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
};

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double a = p[ALPHA], wd = p[WEIGHT_DECAY], mu = p[MOMENTUM], xn[2];
    OptimState *s = &o->st;
    s->t++;
    for (int i = 0; i < 2; i++) {
        double gi = wd != 0 ? t_add(g[i], x[i], wd) : g[i];
        s->v[i] = t_addcmul(s->v[i] * a, gi, gi, 1 - a);
        double avg;
        if (p[CENTERED] != 0) {
            s->u[i] = t_add(s->u[i] * a, gi, 1 - a);
            avg = sqrt(t_addcmul(s->v[i], s->u[i], s->u[i], -1));
        } else {
            avg = sqrt(s->v[i]);
        }
        avg = avg + p[EPS];
        if (mu > 0) {
            s->m[i] = t_addcdiv(s->m[i] * mu, gi, avg, 1);
            xn[i] = t_add(x[i], s->m[i], -o->lr);
        } else {
            xn[i] = t_addcdiv(x[i], gi, avg, -o->lr);
        }
    }
    commit(o, x, xn);
}

const OptimKind optim_rmsprop = {
    .name = "RMSprop",
    .doc = "gradient divided by a running RMS (Hinton), optional momentum and centering",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = MOMENTUM,
    .beta2 = ALPHA,
    .show = "mvu",
    .rule = "v ← αv + (1−α)g²\nθ ← θ − η·g/(√v+ε)\n"
            "momentum: b ← μb + g/(√v+ε), θ ← θ − ηb\ncentered: u ← αu + (1−α)g, v → v − u²",
    .step = step,
    .maximize = MAXIMIZE,
    .check = NULL,
};
