/* NAdam — torch.optim.NAdam (1.13, torch/optim/nadam.py, _single_tensor_nadam): Adam with
 * Nesterov momentum and Dozat's momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)).
 * As in torch 1.13, μ-product-next is Π_{i≤t}μᵢ · μₜ · μₜ₊₁ (μₜ counted twice; torch fixed it
 * after 1.13, pytorch PR 92699): kept, since this is 1.13's arithmetic. s[0] = Π μᵢ. */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, EPS, WEIGHT_DECAY, MOMENTUM_DECAY };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {2e-3}, 0, INFINITY, 0, NULL, "learning rate" },
    { "betas", PARAM_PAIR, BETA1, {0.9, 0.999}, 0, 1, PARAM_HI_OPEN, NULL,
      "moment decay rates" },
    { "eps", PARAM_REAL, EPS, {1e-8}, 0, INFINITY, 0, NULL, "added to the denominator" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "momentum_decay", PARAM_REAL, MOMENTUM_DECAY, {4e-3}, 0, INFINITY, 0, NULL,
      "ψ of the momentum schedule" },
};

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    OptimState *s = &o->st;
    if (s->t == 0)
        s->s[0] = 1; /* state['mu_product'] = torch.tensor(1.) */
    coef_begin(o, c);
    double b1 = c->b1 = p[BETA1], b2 = c->b2 = p[BETA2], psi = p[MOMENTUM_DECAY];
    double t = (double)c->t;
    c->eps = p[EPS];
    c->wd = p[WEIGHT_DECAY];
    double bc2 = 1 - pow(b2, t);
    double mu = b1 * (1. - 0.5 * pow(0.96, t * psi));
    double mu_next = b1 * (1. - 0.5 * pow(0.96, (t + 1) * psi));
    s->s[0] *= mu;
    double mu_product_next = s->s[0] * mu * mu_next;
    c->k[0] = bc2;
    c->k[1] = -o->lr * (1. - mu) / (1. - s->s[0]); /* c1 */
    c->k[2] = -o->lr * mu_next / (1. - mu_product_next); /* c2 */
}

static int variant(const OptimCoef *c)
{
    (void)c;
    return 0;
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)var, (void)u, (void)w;
    double b1 = c->b1, b2 = c->b2;
    double gi = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ", t_add(g, x, c->wd)) : g;
    *m = t_add(TAP(c, ANAT_DIR, "β₁m", "the first moment decays: m ← β₁m", *m * b1), gi, 1 - b1);
    TAPS(c, ANAT_DIR, "m", "adds (1−β₁)g: m ← β₁m + (1−β₁)g", *m);
    *v = t_addcmul(TAP(c, ANAT_NUM, "β₂v", "the second moment decays: v ← β₂v", *v * b2), gi, gi,
                   1 - b2);
    TAPS(c, ANAT_NUM, "v", "adds (1−β₂)g²: v ← β₂v + (1−β₂)g²", *v);
    TAPS(c, ANAT_SCALAR, "1−β₂ᵗ", "bias correction of v: 1−β₂ᵗ", c->k[0]);
    double denom = TAP(c, ANAT_SCALE, "√v̂+ε", "scale per coordinate: divide by √v̂+ε, "
                       "v̂ = v/(1−β₂ᵗ)", sqrt(*v / c->k[0]) + c->eps);
    double xg = TAP(c, ANAT_STEP, "θ′", "the gradient's part now: θ − η(1−μₜ)/(1−Πμ)·g/(√v̂+ε)",
                    t_addcdiv(x, gi, denom, c->k[1]));
    return TAP(c, ANAT_STEP, "θ", "Nesterov's look-ahead: the momentum's part with the next "
               "μₜ₊₁: θ ← θ′ − ημₜ₊₁/(1−Πμ·μₜ₊₁)·m/(√v̂+ε)", t_addcdiv(xg, *m, denom, c->k[2]));
}

OPTIM_BATCH(nadam, 1, BATCH_M | BATCH_V)

OPTIM_KIND(nadam) = {
    .name = "NAdam",
    .doc = "Adam with Nesterov momentum and a momentum schedule (Dozat 2016)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mv",
    .rule = "μₜ = β₁(1 − ½·0.96^(tψ))\nm ← β₁m + (1−β₁)g\nv ← β₂v + (1−β₂)g²\n"
            "θ ← θ − η(1−μₜ)/(1−Πμ)·g/(√v̂+ε) − ημₜ₊₁/(1−Πμ·μₜ₊₁)·m/(√v̂+ε)",
    OPTIM_ROW(nadam),
    .check = NULL,
};
