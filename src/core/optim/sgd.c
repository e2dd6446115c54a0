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

enum { MOM = 1, NES = 2, FIRST = 4 }; /* variants of el */

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    coef_begin(o, c);
    c->k[0] = p[MOMENTUM];
    c->k[1] = 1 - p[DAMPENING];
    c->wd = p[WEIGHT_DECAY];
    c->f1 = p[NESTEROV] != 0;
    /* the buffer starts as an undamped copy of the gradient at the first step with momentum
     * (torch: momentum_buffer is None), which a cycling schedule can delay */
    c->first = c->k[0] != 0 && o->st.s[HAS_BUF] == 0;
    if (c->k[0] != 0)
        o->st.s[HAS_BUF] = 1;
}

static int variant(const OptimCoef *c)
{
    return c->k[0] == 0 ? 0 : MOM | (c->f1 ? NES : 0) | (c->first ? FIRST : 0);
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)v, (void)u, (void)w;
    double d = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ", t_add(g, x, c->wd)) : g;
    if (var & MOM) {
        double b = var & FIRST ? d : t_add(TAP(c, ANAT_DIR, "μb", "momentum decays: b ← μb",
                                               *m * c->k[0]), d, c->k[1]);
        *m = TAP(c, ANAT_DIR, "b", var & FIRST ? "the buffer starts as the gradient: b ← g "
                 "(torch's first momentum step)" : c->k[1] != 1 ? "adds the damped gradient: "
                 "b ← μb + (1−τ)g" : "adds the gradient: b ← μb + g", b);
        if (var & NES) {
            TAPS(c, ANAT_MOVE, "−ημb", "Nesterov's look-ahead: the momentum alone jumps −ημb",
                 -c->lr * (c->k[0] * b));
            TAPS(c, ANAT_MOVE, "−ηg", "the correction −ηg from the look-ahead (g was taken at θ: "
                 "torch's θ is the classic look-ahead point θ + μv)", -c->lr * d);
            d = TAP(c, ANAT_DIR, "g+μb", "Nesterov's direction: g + μb", t_add(d, b, c->k[0]));
        } else {
            d = b;
        }
    }
    return TAP(c, ANAT_STEP, "θ", !(var & MOM) ? "the step: θ ← θ − ηg" : var & NES ?
               "the step: θ ← θ − η(g + μb)" : "the step: θ ← θ − ηb", t_add(x, d, -c->lr));
}

OPTIM_BATCH(sgd, 8, BATCH_M)

OPTIM_KIND(sgd) = {
    .name = "SGD",
    .doc = "stochastic gradient descent, heavy-ball or Nesterov momentum (lr defaults to 0.01)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = MOMENTUM,
    .beta2 = -1,
    .show = "m",
    .rule = "g ← g + λθ\nb ← μb + (1−τ)g   (b₁ = g)\nθ ← θ − η·b   (Nesterov: θ − η(g + μb))",
    OPTIM_ROW(sgd),
    .maximize = MAXIMIZE,
    .check = check,
};
