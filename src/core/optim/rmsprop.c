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

enum { CENTER = 1, MOM = 2 }; /* variants of el */

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    coef_begin(o, c);
    c->b2 = p[ALPHA];
    c->eps = p[EPS];
    c->wd = p[WEIGHT_DECAY];
    c->k[0] = p[MOMENTUM];
    c->f1 = p[CENTERED] != 0;
}

static int variant(const OptimCoef *c)
{
    return (c->f1 ? CENTER : 0) | (c->k[0] > 0 ? MOM : 0);
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)w;
    double a = c->b2;
    double gi = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ", t_add(g, x, c->wd)) : g;
    *v = t_addcmul(TAP(c, ANAT_NUM, "αv", "the square average decays: v ← αv", *v * a), gi, gi,
                   1 - a);
    TAPS(c, ANAT_NUM, "v", "adds (1−α)g²: v ← αv + (1−α)g²", *v);
    double avg;
    if (var & CENTER) {
        *u = TAP(c, ANAT_DIR, "ḡ", "centered: the gradient's average ḡ ← αḡ + (1−α)g",
                 t_add(*u * a, gi, 1 - a));
        avg = sqrt(t_addcmul(*v, *u, *u, -1));
    } else {
        avg = sqrt(*v);
    }
    avg = TAP(c, ANAT_SCALE, "d", var & CENTER ? "scale per coordinate: divide by d = √(v − ḡ²) + ε"
              : "scale per coordinate: divide by d = √v + ε (ε outside the root)", avg + c->eps);
    if (var & MOM) {
        *m = t_addcdiv(TAP(c, ANAT_DIR, "μb", "momentum decays: b ← μb", *m * c->k[0]), gi, avg, 1);
        TAPS(c, ANAT_DIR, "b", "adds the scaled gradient: b ← μb + g/d", *m);
        return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − ηb", t_add(x, *m, -c->lr));
    }
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − η·g/d", t_addcdiv(x, gi, avg, -c->lr));
}

OPTIM_BATCH(rmsprop, 4, BATCH_M | BATCH_V | BATCH_U)

OPTIM_KIND(rmsprop) = {
    .name = "RMSprop",
    .doc = "gradient divided by a running RMS (Hinton), optional momentum and centering",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = MOMENTUM,
    .beta2 = ALPHA,
    .show = "mvu",
    .rule = "v ← αv + (1−α)g²\nθ ← θ − η·g/(√v+ε)\n"
            "momentum: b ← μb + g/(√v+ε), θ ← θ − ηb\ncentered: u ← αu + (1−α)g, v → v − u²",
    OPTIM_ROW(rmsprop),
    .maximize = MAXIMIZE,
    .check = NULL,
};
