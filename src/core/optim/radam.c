/* RAdam — torch.optim.RAdam (1.13, torch/optim/radam.py, _single_tensor_radam): Adam whose
 * adaptive step is switched on, and rectified, once the variance estimate is trustworthy
 * (ρₜ > 5; Liu et al. 2020); before that, momentum SGD with m̂. s[0] = ρₜ. */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, EPS, WEIGHT_DECAY };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-3}, 0, INFINITY, 0, NULL, "learning rate" },
    { "betas", PARAM_PAIR, BETA1, {0.9, 0.999}, 0, 1, PARAM_HI_OPEN, NULL,
      "moment decay rates" },
    { "eps", PARAM_REAL, EPS, {1e-8}, 0, INFINITY, 0, NULL, "added to the denominator" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
};

enum { ADAPTIVE = 1 }; /* variant of el: ρₜ > 5 */

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    coef_begin(o, c);
    double b1 = c->b1 = p[BETA1], b2 = c->b2 = p[BETA2], t = (double)c->t;
    c->eps = p[EPS];
    c->wd = p[WEIGHT_DECAY];
    double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
    double rho_inf = 2 / (1 - b2) - 1;
    double rho_t = rho_inf - 2 * t * pow(b2, t) / bc2;
    o->st.s[0] = rho_t;
    double rect = 0;
    if (rho_t > 5.)
        rect = sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
    c->k[0] = bc1;
    c->k[1] = sqrt(bc2);
    c->k[2] = rect;
    c->k[3] = rho_t; /* for the anatomy (TAP) */
    c->f1 = rho_t > 5.;
}

static int variant(const OptimCoef *c)
{
    return c->f1 ? ADAPTIVE : 0;
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)u, (void)w;
    double b1 = c->b1, b2 = c->b2;
    double gi = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ", t_add(g, x, c->wd)) : g;
    *m = t_add(TAP(c, ANAT_DIR, "β₁m", "the first moment decays: m ← β₁m", *m * b1), gi, 1 - b1);
    TAPS(c, ANAT_DIR, "m", "adds (1−β₁)g: m ← β₁m + (1−β₁)g", *m);
    *v = t_addcmul(TAP(c, ANAT_NUM, "β₂v", "the second moment decays: v ← β₂v", *v * b2), gi, gi,
                   1 - b2);
    TAPS(c, ANAT_NUM, "v", "adds (1−β₂)g²: v ← β₂v + (1−β₂)g²", *v);
    double mhat = TAP(c, ANAT_DIR, "m̂", "bias correction: m̂ = m/(1−β₁ᵗ)", *m / c->k[0]);
    TAPS(c, ANAT_SCALAR, "ρₜ", var & ADAPTIVE ? "ρₜ > 5: the variance is trusted, rectified "
         "adaptive step" : "ρₜ ≤ 5: too early to trust v: an un-rectified momentum step", c->k[3]);
    if (var & ADAPTIVE) {
        /* sqrt(bc2) / tensor is tensor.reciprocal() * sqrt(bc2) in torch */
        double adaptive_lr = TAP(c, ANAT_SCALE, "√(1−β₂ᵗ)/(√v+ε)", "scale per coordinate: "
                                 "times √(1−β₂ᵗ)/(√v+ε)", (1 / (sqrt(*v) + c->eps)) * c->k[1]);
        TAPS(c, ANAT_SCALAR, "r", "the rectification r (→ 1 as ρₜ → ρ∞)", c->k[2]);
        return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − η·r·m̂·√(1−β₂ᵗ)/(√v+ε)",
                   t_add(x, mhat * c->lr * adaptive_lr * c->k[2], -1.0));
    }
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − η·m̂ (no division by √v yet)",
               t_add(x, mhat * c->lr, -1.0));
}

OPTIM_BATCH(radam, 2, BATCH_M | BATCH_V)

OPTIM_KIND(radam) = {
    .name = "RAdam",
    .doc = "rectified Adam: momentum SGD until the variance estimate settles (Liu et al. 2020)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mv",
    .rule = "m ← β₁m + (1−β₁)g\nv ← β₂v + (1−β₂)g²\nρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ)\n"
            "θ ← θ − η·m̂·r(ρₜ)·√(1−β₂ᵗ)/(√v+ε)   if ρₜ > 5\nθ ← θ − η·m̂   otherwise",
    OPTIM_ROW(radam),
    .check = NULL,
};
