/* optim_kinds.h — private to the optimizers: their table rows (listed in optim.c) and the
 * tensor operations they share. Not for use outside src/core.
 *
 * The helpers round exactly as torch 1.13's CPU kernels do on a 2-element float64 tensor, so a
 * trajectory here is torch's to the last bit: `a.add(b, alpha=s)` and `a.addcmul(b, c,
 * value=s)` are one fused multiply-add each (the kernels are built with FMA on x86-64: measured
 * against torch, not assumed), `a.addcdiv(b, c, value=s)` is a + (s·b)/c, and
 * `scalar / tensor` is tensor.reciprocal() * scalar (torch/_tensor.py, __rdiv__).
 *
 * Adding an optimizer: write optim/<kind>.c with its params, prep (what a step takes from the
 * step count, lr and p[] alone; it starts with coef_begin), variant (the flags that select
 * code, as bits constant in each batched loop) and el (one coordinate's update), then
 * OPTIM_BATCH(kind, variants, buffers kept) and the row OPTIM_KIND(kind) = {...,
 * OPTIM_ROW(kind)}; declare it here, list it in optim.c's table and in optim/meson.build. The race's step and the swarm's loops are both made from el
 * (../swarm/batch.h). A step that is not one formula per coordinate (LBFGS's line search,
 * SWATS's switch) writes its own step and leaves prep, variant and batch NULL: the swarm then
 * calls it particle by particle. */
#ifndef OPTIPLAY_OPTIM_KINDS_H
#define OPTIPLAY_OPTIM_KINDS_H

#include <math.h>

#include "../anatomy.h"
#include "../optim.h"
#include "../swarm/batch.h"

extern const OptimKind optim_sgd;
extern const OptimKind optim_sgdm;
extern const OptimKind optim_adam;
extern const OptimKind optim_adamw;
extern const OptimKind optim_adagrad;
extern const OptimKind optim_adadelta;
extern const OptimKind optim_rmsprop;
extern const OptimKind optim_rprop;
extern const OptimKind optim_adamax;
extern const OptimKind optim_nadam;
extern const OptimKind optim_radam;
extern const OptimKind optim_adabound;
extern const OptimKind optim_swats;
extern const OptimKind optim_lion;
extern const OptimKind optim_asgd;
extern const OptimKind optim_lbfgs;

/* a.add(b, alpha=s) */
static inline double t_add(double a, double b, double s)
{
    return fma(s, b, a);
}

/* a.addcmul(b, c, value=s) */
static inline double t_addcmul(double a, double b, double c, double s)
{
    return fma(s * b, c, a);
}

/* a.addcdiv(b, c, value=s) */
static inline double t_addcdiv(double a, double b, double c, double s)
{
    return a + s * b / c;
}

/* torch.maximum(a, b): NaN wins, unlike fmax */
static inline double t_max(double a, double b)
{
    return (a != a || a > b) ? a : b;
}

/* a.clamp(lo, hi) = min(max(a, lo), hi); NaN stays NaN */
static inline double t_clamp(double a, double lo, double hi)
{
    if (a != a)
        return a;
    a = a < lo ? lo : a;
    return a > hi ? hi : a;
}

/* torch.sign: -1, 0 or 1 (NaN stays NaN) */
static inline double t_sign(double a)
{
    return a > 0 ? 1.0 : a < 0 ? -1.0 : a == 0 ? 0.0 : a;
}

/* Adam's and AdamW's update after their weight decay, g decayed or not: the moments, AMSGrad's
 * max (ams), and the denominator √v̂+ε it returns; 1−β₁ᵗ and 1−β₂ᵗ are c->k[4] and c->k[3]
 * (named for the anatomy), √(1−β₂ᵗ) is c->k[0]; c->f2: bias-corrected. */
HOT double adam_denom(const OptimCoef *restrict c, int ams, double g, double *m, double *v,
                      double *u)
{
    double b1 = c->b1, b2 = c->b2;
    *m = t_add(TAP(c, ANAT_DIR, "β₁m", "the first moment decays: m ← β₁m", *m * b1), g, 1 - b1);
    TAPS(c, ANAT_DIR, "m", "adds (1−β₁)g: m ← β₁m + (1−β₁)g", *m);
    *v = t_addcmul(TAP(c, ANAT_NUM, "β₂v", "the second moment decays: v ← β₂v", *v * b2), g, g,
                   1 - b2);
    TAPS(c, ANAT_NUM, "v", "adds (1−β₂)g²: v ← β₂v + (1−β₂)g²", *v);
    double vi = *v;
    if (ams)
        vi = *u = TAP(c, ANAT_NUM, "vₘₐₓ", "AMSGrad keeps the largest: vₘₐₓ ← max(vₘₐₓ, v)",
                      t_max(*u, *v));
    if (c->f2) {
        TAPS(c, ANAT_SCALAR, "1−β₁ᵗ", "bias correction of m: 1−β₁ᵗ (m starts at 0)", c->k[4]);
        TAPS(c, ANAT_SCALAR, "1−β₂ᵗ", "bias correction of v: 1−β₂ᵗ", c->k[3]);
        TAPS(c, ANAT_DIR, "m̂", "m̂ = m/(1−β₁ᵗ) (torch folds it into the step size η/(1−β₁ᵗ))",
             *m / c->k[4]);
    }
    double denom = TAP(c, ANAT_SCALE, "√v̂+ε", c->f2 ? "scale per coordinate: divide by √v̂+ε, "
                       "√v̂ = √v/√(1−β₂ᵗ)" : "scale per coordinate: divide by √v+ε (no bias "
                       "correction: optiplay's variant, not torch)", sqrt(vi) / c->k[0] + c->eps);
    return denom;
}

/* Every prep starts here: the step count advanced, lr, and whether the state is made now. */
static inline void coef_begin(Optim *o, OptimCoef *c)
{
    *c = (OptimCoef){.first = o->st.t == 0, .lr = o->lr, .tap = o->tap};
    c->t = ++o->st.t;
}

/* Adam's and AdamW's coefficients (their params start alike: lr, betas, eps, weight_decay,
 * amsgrad): β₁, β₂, ε, λ, AMSGrad, then 1−β₁ᵗ and 1−β₂ᵗ (1 and 1 without bias correction:
 * optiplay's variant) as adam_denom reads them, and the step −η/(1−β₁ᵗ). torch's python
 * floats: step = state['step'].item(). */
static inline void adam_coef(Optim *o, OptimCoef *c, int bias_correction)
{
    enum { A_BETA1 = 1, A_BETA2, A_EPS, A_WEIGHT_DECAY, A_AMSGRAD };
    const double *p = o->p;
    coef_begin(o, c);
    double b1 = c->b1 = p[A_BETA1], b2 = c->b2 = p[A_BETA2], t = (double)c->t;
    c->eps = p[A_EPS];
    c->wd = p[A_WEIGHT_DECAY];
    c->f1 = p[A_AMSGRAD] != 0;
    double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
    if (!bias_correction)
        bc1 = bc2 = 1;
    c->f2 = bias_correction;
    c->k[0] = sqrt(bc2); /* bc2_sqrt */
    c->k[1] = -(o->lr / bc1);
    c->k[3] = bc2;
    c->k[4] = bc1;
}

/* Every step ends here: x ← x_new and st.step = x_new − x_old, as applied. */
static inline void commit(Optim *o, double x[2], const double xn[2])
{
    for (int i = 0; i < 2; i++) {
        o->st.step[i] = xn[i] - x[i];
        x[i] = xn[i];
    }
}

#endif
