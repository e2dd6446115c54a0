/* Adadelta — torch.optim.Adadelta (1.13, torch/optim/adadelta.py, _single_tensor_adadelta):
 * the step is the ratio of two running RMS values, Δ = RMS[Δθ]/RMS[g]·g (Zeiler 2012), then
 * scaled by lr (default 1.0, the paper's). */
#include "optim_kinds.h"

enum { LR, RHO, EPS, WEIGHT_DECAY, MAXIMIZE };

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1.0}, 0, INFINITY, 0, NULL,
      "coefficient that scales delta" },
    { "rho", PARAM_REAL, RHO, {0.9}, 0, 1, 0, NULL, "decay of the running averages" },
    { "eps", PARAM_REAL, EPS, {1e-6}, 0, INFINITY, 0, NULL, "added inside the square roots" },
    { "weight_decay", PARAM_REAL, WEIGHT_DECAY, {0}, 0, INFINITY, 0, NULL,
      "weight decay (L2 penalty)" },
    { "maximize", PARAM_BOOL, MAXIMIZE, {0}, 0, 0, 0, NULL,
      "gradient ascent: maximize the loss" },
};

static void prep(Optim *o, OptimCoef *c)
{
    const double *p = o->p;
    coef_begin(o, c);
    c->b1 = p[RHO];
    c->eps = p[EPS];
    c->wd = p[WEIGHT_DECAY];
}

static int variant(const OptimCoef *c)
{
    (void)c;
    return 0;
}

HOT double el(const OptimCoef *restrict c, const int var, double x, double g, double *m, double *v,
              double *u, double *w)
{
    (void)var, (void)m, (void)w;
    double rho = c->b1, eps = c->eps;
    double gi = c->wd != 0 ? TAP(c, ANAT_GRAD, "g+λθ", "weight decay (L2): g ← g + λθ", t_add(g, x, c->wd)) : g;
    *v = t_addcmul(TAP(c, ANAT_NUM, "ρv", "the average of g² decays: v ← ρv", *v * rho), gi, gi,
                   1 - rho);
    TAPS(c, ANAT_NUM, "v", "adds (1−ρ)g²: v ← ρv + (1−ρ)g²", *v);
    double std = TAP(c, ANAT_SCALE, "√(v+ε)", "scale per coordinate: divide by √(v+ε)",
                     sqrt(*v + eps));
    double delta = TAP(c, ANAT_DIR, "Δ", "times the RMS of past updates: Δ ← √(u+ε)/√(v+ε)·g",
                       sqrt(*u + eps) / std * gi);
    *u = TAP(c, ANAT_NUM, "u", "the average of Δ² follows: u ← ρu + (1−ρ)Δ²",
             t_addcmul(*u * rho, delta, delta, 1 - rho));
    return TAP(c, ANAT_STEP, "θ", "the step: θ ← θ − ηΔ", t_add(x, delta, -c->lr));
}

OPTIM_BATCH(adadelta, 1, BATCH_V | BATCH_U)

OPTIM_KIND(adadelta) = {
    .name = "Adadelta",
    .doc = "steps sized by the ratio of running RMS of updates and of gradients (Zeiler 2012)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = RHO,
    .beta2 = -1,
    .show = "vu",
    .rule = "v ← ρv + (1−ρ)g²\nΔ ← √(u+ε)/√(v+ε)·g\nu ← ρu + (1−ρ)Δ²\nθ ← θ − ηΔ",
    OPTIM_ROW(adadelta),
    .maximize = MAXIMIZE,
    .check = NULL,
};
