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

static void step(Optim *o, double x[2], const double g[2])
{
    double b = o->p[BETA], xn[2];
    o->st.t++;
    for (int i = 0; i < 2; i++) {
        o->st.m[i] = b * o->st.m[i] + (1 - b) * g[i];
        xn[i] = x[i] - o->lr * o->st.m[i];
    }
    commit(o, x, xn);
}

const OptimKind optim_sgdm = {
    .name = "SGDM",
    .doc = "momentum as an exponential average of gradients (the lecture notes' form; not torch)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA,
    .beta2 = -1,
    .show = "m",
    .rule = "v ← βv + (1−β)g\nθ ← θ − ηv",
    .step = step,
    .check = NULL,
};
