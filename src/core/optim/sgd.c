/* SGD — torch.optim.SGD (1.13, torch/optim/sgd.py, _single_tensor_sgd): stochastic gradient
 * descent with optional heavy-ball or Nesterov momentum, dampening and L2 weight decay.
 * torch requires lr; here it defaults to 0.01. */
#include "optim_kinds.h"

enum { LR, MOMENTUM, DAMPENING, WEIGHT_DECAY, NESTEROV, MAXIMIZE };
enum { HAS_BUF }; /* in st.s: the momentum buffer exists */

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {0.01}, 0, INFINITY, 0, NULL, "learning rate" },
    { "momentum", PARAM_REAL, MOMENTUM, {0}, 0, INFINITY, 0, NULL, "momentum factor" },
    { "dampening", PARAM_REAL, DAMPENING, {0}, 0, 0, 0, NULL, "dampening for momentum" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "nesterov", PARAM_BOOL, NESTEROV, {0}, 0, 0, 0, NULL, "Nesterov momentum" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
};

/* torch's constructor: "Nesterov momentum requires a momentum and zero dampening" */
static int check(const double *p, Err *err)
{
    if (p[NESTEROV] != 0 && (p[MOMENTUM] <= 0 || p[DAMPENING] != 0))
        return err_set(err, 0, "nesterov=True needs momentum > 0 and dampening=0 (got "
                       "momentum=%g, dampening=%g)", p[MOMENTUM], p[DAMPENING]);
    return 0;
}

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double mu = p[MOMENTUM], wd = p[WEIGHT_DECAY], xn[2];
    o->st.t++;
    for (int i = 0; i < 2; i++) {
        double d = wd != 0 ? t_add(g[i], x[i], wd) : g[i];
        if (mu != 0) {
            /* the buffer starts as an undamped copy of the gradient at the first step with
             * momentum (torch: momentum_buffer is None), which a cycling schedule can delay */
            double *b = &o->st.m[i];
            *b = o->st.s[HAS_BUF] == 0 ? d : t_add(*b * mu, d, 1 - p[DAMPENING]);
            d = p[NESTEROV] != 0 ? t_add(d, *b, mu) : *b;
        }
        xn[i] = t_add(x[i], d, -o->lr);
    }
    if (mu != 0)
        o->st.s[HAS_BUF] = 1;
    commit(o, x, xn);
}

const OptimKind optim_sgd = {
    .name = "SGD",
    .doc = "stochastic gradient descent, heavy-ball or Nesterov momentum (lr defaults to 0.01)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = MOMENTUM,
    .beta2 = -1,
    .show = "m",
    .rule = "g ← g + λθ\nb ← μb + (1−τ)g   (b₁ = g)\nθ ← θ − η·b   (Nesterov: θ − η(g + μb))",
    .step = step,
    .maximize = MAXIMIZE,
    .check = check,
};
