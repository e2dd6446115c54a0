/* Lookahead — Zhang et al. 2019, "Lookahead Optimizer: k steps forward, 1 step back": wraps
 * another optimizer (the fast weights); every k steps the slow weights move α of the way to
 * the fast ones and the fast weights restart from there. Not an optimizer by itself (step is
 * NULL; optim_find does not return it): the parser sets Optim.la_k and la_alpha from this
 * table, and optim_step does the synchronisation. Its slots are its own (k at 0, alpha at 1),
 * not an optimizer's p[]. */
#include "optim_kinds.h"

enum { K, ALPHA };

static const ParamDef params[] = {
    { "k", PARAM_INT, K, {5}, 1, 1e9, 0, NULL, "steps between synchronisations" }, /* an int */
    { "alpha", PARAM_REAL, ALPHA, {0.5}, 0, 1, 0, NULL, "slow-weight step size" },
};

const OptimKind optim_lookahead = {
    .name = "Lookahead",
    .doc = "wraps an optimizer: every k steps, slow ← slow + α(θ − slow), θ ← slow (not torch)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = -1,
    .beta2 = -1,
    .show = "",
    .rule = "k steps of the inner optimizer, then\nφ ← φ + α(θ − φ)\nθ ← φ",
    .step = NULL,
    .check = NULL,
};
