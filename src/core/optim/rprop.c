/* Rprop — torch.optim.Rprop (1.13, torch/optim/rprop.py, _single_tensor_rprop): only the sign
 * of g is used; each coordinate's step size grows by etaplus while the sign holds and shrinks
 * by etaminus when it flips (then that coordinate does not move and forgets its gradient).
 * torch fills the step sizes with the group's lr when the state is created, at the first step,
 * and never reads lr again: a schedule that changes lr afterwards has no effect, as in torch. */
#include "optim_kinds.h"

enum { LR, ETAMINUS, ETAPLUS, STEP_MIN, STEP_MAX, MAXIMIZE };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-2}, 0, INFINITY, 0, NULL,
      "initial step size" },
    { "etas", PARAM_PAIR, ETAMINUS, {0.5, 1.2}, 0, INFINITY, PARAM_LO_OPEN, NULL,
      "step-size factors (decrease, increase)" },
    { "step_sizes", PARAM_PAIR, STEP_MIN, {1e-6, 50}, 0, 0, 0, NULL,
      "minimal and maximal step size" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
};

/* torch's constructor: 0 < etas[0] < 1 < etas[1] */
static int check(const double *p, Err *err)
{
    if (!(0 < p[ETAMINUS] && p[ETAMINUS] < 1 && 1 < p[ETAPLUS]))
        return err_set(err, 0, "etas must satisfy 0 < etas[0] < 1 < etas[1], got (%g, %g)",
                       p[ETAMINUS], p[ETAPLUS]);
    return 0;
}

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double em = p[ETAMINUS], ep = p[ETAPLUS], xn[2];
    OptimState *s = &o->st; /* u: prev, w: step_size */
    if (s->t == 0) {
        s->u[0] = s->u[1] = 0;
        s->w[0] = s->w[1] = o->lr;
    }
    s->t++;
    for (int i = 0; i < 2; i++) {
        double sign = t_sign(g[i] * s->u[i]);
        double eta = sign > 0 ? ep : sign < 0 ? em : sign == 0 ? 1 : sign;
        s->w[i] = t_clamp(s->w[i] * eta, p[STEP_MIN], p[STEP_MAX]);
        double gi = eta == em ? 0 : g[i]; /* grad[sign.eq(etaminus)] = 0 */
        xn[i] = t_addcmul(x[i], t_sign(gi), s->w[i], -1);
        s->u[i] = gi;
    }
    commit(o, x, xn);
}

const OptimKind optim_rprop = {
    .name = "Rprop",
    .doc = "resilient backpropagation: sign-based steps that grow and shrink per coordinate",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = -1,
    .beta2 = -1,
    .show = "uw",
    .rule = "s ← s·η₊ if g·u > 0,  s·η₋ if g·u < 0   (clamped to step_sizes)\n"
            "u ← g   (0 where the sign flipped)\nθ ← θ − s·sign(u)",
    .step = step,
    .maximize = MAXIMIZE,
    .check = check,
};
