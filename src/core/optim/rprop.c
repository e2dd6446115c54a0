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

enum { FIRST = 1 }; /* variant of el */

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    coef_begin(o, c);
    c->k[0] = p[ETAMINUS];
    c->k[1] = p[ETAPLUS];
    c->k[2] = p[STEP_MIN];
    c->k[3] = p[STEP_MAX];
}

static int variant(const OptimCoef *c)
{
    return c->first ? FIRST : 0;
}

/* u: prev, w: step_size */
HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)m, (void)v;
    if (var & FIRST) {
        *u = 0;
        *w = c->lr;
    }
    double em = c->k[0], ep = c->k[1];
    double sign = TAP(c, ANAT_NUM, "sign(g·u)", "does g agree in sign with the last gradient u? "
                      "(+1 agrees, −1 flips, 0 first or after a flip)", t_sign(g * *u));
    double eta = TAP(c, ANAT_NUM, "η±", "each step size's factor: η₊ when the signs agree, η₋ "
                     "when they flip, else 1", sign > 0 ? ep : sign < 0 ? em : sign == 0 ? 1 : sign);
    *w = TAP(c, ANAT_NUM, "s", "step sizes grow or shrink: s ← clamp(s·η±) to step_sizes",
             t_clamp(*w * eta, c->k[2], c->k[3]));
    double gi = eta == em ? 0 : g; /* grad[sign.eq(etaminus)] = 0 */
    *u = TAP(c, ANAT_DIR, "u", "remembers g (0 where the sign flipped: that coordinate waits)",
             gi);
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − sign(g)·s (only the sign of g counts)",
               t_addcmul(x, t_sign(gi), *w, -1));
}

OPTIM_BATCH(rprop, 2, BATCH_U | BATCH_W)

OPTIM_KIND(rprop) = {
    .name = "Rprop",
    .doc = "resilient backpropagation: sign-based steps that grow and shrink per coordinate",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = -1,
    .beta2 = -1,
    .show = "uw",
    .rule = "s ← s·η₊ if g·u > 0,  s·η₋ if g·u < 0   (clamped to step_sizes)\n"
            "u ← g   (0 where the sign flipped)\nθ ← θ − s·sign(u)",
    OPTIM_ROW(rprop),
    .maximize = MAXIMIZE,
    .check = check,
};
