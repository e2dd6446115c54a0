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

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double b1 = p[BETA1], b2 = p[BETA2], psi = p[MOMENTUM_DECAY], wd = p[WEIGHT_DECAY], xn[2];
    OptimState *s = &o->st;
    if (s->t == 0)
        s->s[0] = 1; /* state['mu_product'] = torch.tensor(1.) */
    s->t++;
    double t = (double)s->t;
    double bc2 = 1 - pow(b2, t);
    double mu = b1 * (1. - 0.5 * pow(0.96, t * psi));
    double mu_next = b1 * (1. - 0.5 * pow(0.96, (t + 1) * psi));
    s->s[0] *= mu;
    double mu_product_next = s->s[0] * mu * mu_next;
    double c1 = -o->lr * (1. - mu) / (1. - s->s[0]);
    double c2 = -o->lr * mu_next / (1. - mu_product_next);
    for (int i = 0; i < 2; i++) {
        double gi = wd != 0 ? t_add(g[i], x[i], wd) : g[i];
        s->m[i] = t_add(s->m[i] * b1, gi, 1 - b1);
        s->v[i] = t_addcmul(s->v[i] * b2, gi, gi, 1 - b2);
        double denom = sqrt(s->v[i] / bc2) + p[EPS];
        xn[i] = t_addcdiv(t_addcdiv(x[i], gi, denom, c1), s->m[i], denom, c2);
    }
    commit(o, x, xn);
}

const OptimKind optim_nadam = {
    .name = "NAdam",
    .doc = "Adam with Nesterov momentum and a momentum schedule (Dozat 2016)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mv",
    .rule = "μₜ = β₁(1 − ½·0.96^(tψ))\nm ← β₁m + (1−β₁)g\nv ← β₂v + (1−β₂)g²\n"
            "θ ← θ − η(1−μₜ)/(1−Πμ)·g/(√v̂+ε) − ημₜ₊₁/(1−Πμ·μₜ₊₁)·m/(√v̂+ε)",
    .step = step,
    .check = NULL,
};
