/* SWATS — Keskar & Socher 2017, "Improving Generalization Performance by Switching from Adam
 * to SGD" (arXiv 1712.07628), Algorithm 1 on the whole 2-D point: Adam steps
 * p = −η√(1−β₂ᵏ)/(1−β₁ᵏ)·m/(√v+ε) while tracking the SGD learning rate that would make the same
 * progress along p, γ = pᵀp/(−pᵀg), in an average λ; once its bias-corrected value Λ agrees with
 * γ to within switch_eps (after the first step), switch for good to SGD with momentum,
 * u ← β₁u + g, θ ← θ − (1−β₁)Λu. A schedule scales Λ by lr/base_lr (base_lr = p[0]).
 * Weight decay, not in the paper, is L2 (added to g) in both phases.
 * s[0]: phase (0 Adam, 1 SGD), s[1]: λ, s[2]: Λ, s[3]: the step k of the switch (0: none). */
#include "optim_kinds.h"

enum { LR, BETA1, BETA2, EPS, WEIGHT_DECAY, SWITCH_EPS };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1e-3}, 0, INFINITY, PARAM_LO_OPEN, NULL,
      "Adam-phase learning rate" },
    { "betas", PARAM_PAIR, BETA1, {0.9, 0.999}, 0, 1, PARAM_HI_OPEN, NULL,
      "moment decay rates" },
    { "eps", PARAM_REAL, EPS, {1e-9}, 0, INFINITY, 0, NULL,
      "added to the denominator" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    /* the paper's ε of the switching test; its 1e-9 rarely fires on a 2-D surface, so a
     * lecture can raise it (1e-5 is what others found practical) */
    { "switch_eps", PARAM_REAL, SWITCH_EPS, {1e-9}, 0, INFINITY, 0, NULL,
      "switching tolerance |Λ − γ|" },
};

/* the anatomy's names for this step's values (TAP in swarm/batch.h, done by hand here) */
#define T(i, role, sym, what, v) (o->tap ? anatomy_tap(o->tap, (i), (role), (sym), (what), (v)) : (v))

static void step(Optim *o, double x[2], const double g[2])
{
    const double *p = o->p;
    double b1 = p[BETA1], b2 = p[BETA2], eps = p[EPS], wd = p[WEIGHT_DECAY], xn[2], gi[2];
    double switch_eps = p[SWITCH_EPS];
    OptimState *s = &o->st;
    s->t++;
    double k = (double)s->t;
    for (int i = 0; i < 2; i++)
        gi[i] = wd != 0 ? T(i, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ",
                            g[i] + wd * x[i]) : g[i];
    if (s->s[0] != 0) {
        double lr = s->s[2] * (o->lr / p[LR]);
        for (int i = 0; i < 2; i++) {
            s->u[i] = T(i, ANAT_DIR, "b", "switched to SGD: momentum b ← β₁b + g",
                        b1 * s->u[i] + gi[i]);
            xn[i] = T(i, ANAT_STEP, "θ", "the step with the learned SGD rate λ: θ ← θ − (1−β₁)λb",
                      x[i] - (1 - b1) * lr * s->u[i]);
        }
        commit(o, x, xn);
        return;
    }
    double bc1 = 1 - pow(b1, k), bc2 = 1 - pow(b2, k);
    double step_size = o->lr * sqrt(bc2) / bc1;
    double pk[2];
    for (int i = 0; i < 2; i++) {
        s->m[i] = T(i, ANAT_DIR, "m", "Adam phase: m ← β₁m + (1−β₁)g",
                    b1 * s->m[i] + (1 - b1) * gi[i]);
        s->v[i] = T(i, ANAT_NUM, "v", "v ← β₂v + (1−β₂)g²", b2 * s->v[i] + (1 - b2) * gi[i] * gi[i]);
        pk[i] = -step_size * s->m[i] / T(i, ANAT_SCALE, "√v+ε", "scale per coordinate: divide "
                                         "by √v+ε (step size η√(1−β₂ᵗ)/(1−β₁ᵗ))", sqrt(s->v[i]) + eps);
        xn[i] = T(i, ANAT_STEP, "θ", "the Adam step: θ ← θ + p, p = −η̂·m/(√v+ε)", x[i] + pk[i]);
    }
    double pg = pk[0] * gi[0] + pk[1] * gi[1];
    if (pg != 0) {
        double gamma = (pk[0] * pk[0] + pk[1] * pk[1]) / -pg;
        s->s[1] = b2 * s->s[1] + (1 - b2) * gamma;
        double lambda = T(0, ANAT_SCALAR, "λ", "the SGD rate that matches this step, averaged: "
                          "it switches to SGD once λ settles", s->s[1] / bc2);
        if (s->t > 1 && fabs(lambda - gamma) < switch_eps) {
            s->s[0] = 1;
            s->s[2] = lambda;
            s->s[3] = k;
        }
    }
    commit(o, x, xn);
}

const OptimKind optim_swats = {
    .name = "SWATS",
    .doc = "starts as Adam, switches to SGD once the matching SGD rate settles (Keskar 2017; "
           "not torch)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = BETA1,
    .beta2 = BETA2,
    .show = "mvu",
    .rule = "Adam: p = −η√(1−β₂ᵏ)/(1−β₁ᵏ)·m/(√v+ε),  θ ← θ + p\n"
            "γ = pᵀp/(−pᵀg),  λ ← β₂λ + (1−β₂)γ,  Λ = λ/(1−β₂ᵏ)\n"
            "switch when |Λ − γ| < switch_eps\nSGD: u ← β₁u + g,  θ ← θ − (1−β₁)Λu",
    .step = step,
    .check = NULL,
};
