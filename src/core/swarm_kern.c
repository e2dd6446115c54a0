/* swarm_kern.c — the swarm's hot loops: one block of particles through k steps.
 *
 * Bit-exactness: every kernel below is its optimizer's step (optim/<kind>.c) rewritten for
 * one coordinate of one particle, with the same operations in the same order and the same
 * helpers (t_add, t_addcmul, ... from optim_kinds.h, which round as torch does), and every
 * batched surface is its surf/<name>.c formula copied verbatim; test_swarm holds them to the
 * race bit for bit. Only what depends on the step count, lr and β alone (bias corrections, the
 * schedule) is hoisted out, computed once per block and step from the group's shadow
 * optimizer exactly as the kind computes it.
 *
 * Speed: a step of a block is two loops over its particles, the optimizer (loop A: both
 * coordinates) and the surface with the race's bookkeeping (loop B), written for the
 * auto-vectoriser (-O3; -fno-math-errno makes sqrt an instruction; -fno-trapping-math lets
 * selects vectorise; none changes a result). They are compiled for plain x86-64, AVX2+FMA and
 * AVX-512 and the best the CPU runs is picked at run time. The rare cases (a particle that may
 * diverge, converge, or sits within 1e-12 of a threshold) are redone one at a time with the
 * race's own arithmetic, so every decision is the race's. */
#include "swarm_impl.h"

#include <math.h>
#include <string.h>

#include "optim/optim_kinds.h"

#if defined(__GNUC__) || defined(__clang__)
#define HOT static inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#else
#define HOT static inline
#define NOINLINE
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SWARM_X86 1
#endif

enum { SMALL_GRAD_STEPS = 10 };

/* ---- which kernel, which surface ---------------------------------------------------------- */

Kern swarm_kern_for(const OptimKind *k)
{
    static const struct {
        const OptimKind *kind;
        Kern kern;
    } table[] = {
        {&optim_sgd, KERN_SGD},         {&optim_sgdm, KERN_SGDM},
        {&optim_adam, KERN_ADAM},       {&optim_adamw, KERN_ADAMW},
        {&optim_adagrad, KERN_ADAGRAD}, {&optim_adadelta, KERN_ADADELTA},
        {&optim_rmsprop, KERN_RMSPROP}, {&optim_rprop, KERN_RPROP},
        {&optim_adamax, KERN_ADAMAX},   {&optim_nadam, KERN_NADAM},
        {&optim_radam, KERN_RADAM},     {&optim_adabound, KERN_ADABOUND},
        {&optim_lion, KERN_LION},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].kind == k)
            return table[i].kern;
    return KERN_GENERIC;
}

/* (the minima counts are b_body's constants: a surface with other minima is done per point) */
SurfId swarm_surf_for(const Surface *s)
{
    static const struct {
        const char *name;
        SurfId id;
        int nminima;
    } table[] = {
        {"beale", SURF_BEALE, 1},           {"rosenbrock", SURF_ROSENBROCK, 1},
        {"himmelblau", SURF_HIMMELBLAU, 4}, {"quadratic", SURF_QUADRATIC, 1},
        {"booth", SURF_BOOTH, 1},           {"rastrigin", SURF_RASTRIGIN, 1},
        {"six-hump-camel", SURF_SIX_HUMP_CAMEL, 2},
        {"styblinski-tang", SURF_STYBLINSKI_TANG, 1},
    };
    if (!s->kind)
        return SURF_POINT;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(s->kind->name, table[i].name) && s->nminima == table[i].nminima)
            return table[i].id;
    return SURF_POINT;
}

int swarm_isa_best(void)
{
#ifdef SWARM_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("fma"))
        return 3;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return 2;
#endif
    return 1;
}

/* ---- per-step scalars --------------------------------------------------------------------- */

/* What a step of a kind computes from the step count, lr and p[] alone; named after the
 * kind's own locals. */
typedef struct Coef {
    long t;           /* the step being taken (1-based) */
    int first;        /* the state was created at this step (Adagrad, Rprop) */
    double lr;
    double b1, b2, wd, eps;
    double k[8];      /* kind-specific, see each coef case */
    int f1, f2;       /* kind-specific flags */
} Coef;

/* The slots of each kind's keywords, by name (pairs: "betas" then "betas+1"). */
static int slot_of(const OptimKind *k, const char *name)
{
    size_t len = strcspn(name, "+");
    for (int i = 0; i < k->nparams; i++)
        if (strlen(k->params[i].name) == len && !strncmp(k->params[i].name, name, len))
            return k->params[i].slot + (name[len] == '+');
    return -1;
}

/* p[] of the shadow by role: the roles each kernel reads, in this order */
enum { P_A, P_B, P_C, P_D, P_E, P_F, P_G, NP };
_Static_assert((int)NP <= (int)SWARM_NSLOTS, "SwarmImpl.ps is too small");

static const char *const kern_params[][NP] = {
    [KERN_SGD] = {"momentum", "dampening", "weight_decay", "nesterov"},
    [KERN_SGDM] = {"beta"},
    [KERN_ADAM] = {"betas", "betas+1", "eps", "weight_decay", "amsgrad"},
    [KERN_ADAMW] = {"betas", "betas+1", "eps", "weight_decay", "amsgrad"},
    [KERN_ADAGRAD] = {"lr_decay", "weight_decay", "initial_accumulator_value", "eps"},
    [KERN_ADADELTA] = {"rho", "eps", "weight_decay"},
    [KERN_RMSPROP] = {"alpha", "eps", "weight_decay", "momentum", "centered"},
    [KERN_RPROP] = {"etas", "etas+1", "step_sizes", "step_sizes+1"},
    [KERN_ADAMAX] = {"betas", "betas+1", "eps", "weight_decay"},
    [KERN_NADAM] = {"betas", "betas+1", "eps", "weight_decay", "momentum_decay"},
    [KERN_RADAM] = {"betas", "betas+1", "eps", "weight_decay"},
    [KERN_ADABOUND] = {"betas", "betas+1", "final_lr", "gamma", "eps", "weight_decay",
                       "amsbound"},
    [KERN_LION] = {"betas", "betas+1", "weight_decay"},
};

int swarm_kern_slots(Kern kern, const OptimKind *k, int *slots)
{
    for (int i = 0; i < NP; i++) {
        const char *name = kern == KERN_GENERIC ? NULL : kern_params[kern][i];
        slots[i] = name ? slot_of(k, name) : 0;
        if (name && slots[i] < 0)
            return -1;
    }
    return 0;
}

/* One step's scalars; advances the shadow's st.t (and st.s[] where the kind keeps scalars
 * there), as the kind's step does. */
static void coef(Kern kern, Optim *o, const int *ps, Coef *c)
{
    const double *p = o->p;
    OptimState *s = &o->st;
    memset(c, 0, sizeof *c);
    c->first = s->t == 0;
    if (kern == KERN_NADAM && s->t == 0)
        s->s[0] = 1;
    c->t = ++s->t;
    c->lr = o->lr;
    double t = (double)c->t;
    switch (kern) {
    case KERN_SGD: /* k0 momentum, k1 1 − dampening; f1 nesterov */
        c->k[0] = p[ps[P_A]];
        /* the buffer is made at the first step with momentum (sgd.c keeps s[0] the same) */
        c->first = c->k[0] != 0 && s->s[0] == 0;
        if (c->k[0] != 0)
            s->s[0] = 1;
        c->k[1] = 1 - p[ps[P_B]];
        c->wd = p[ps[P_C]];
        c->f1 = p[ps[P_D]] != 0;
        break;
    case KERN_SGDM:
        c->b1 = p[ps[P_A]];
        break;
    case KERN_ADAM:
    case KERN_ADAMW: { /* k0 √(1 − β₂ᵗ), k1 −step_size, k2 AdamW's decay; f1 amsgrad */
        double b1 = c->b1 = p[ps[P_A]], b2 = c->b2 = p[ps[P_B]];
        c->eps = p[ps[P_C]];
        c->wd = p[ps[P_D]];
        c->f1 = p[ps[P_E]] != 0;
        double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
        double step_size = o->lr / bc1;
        c->k[0] = sqrt(bc2);
        c->k[1] = -step_size;
        c->k[2] = 1 - o->lr * c->wd;
        break;
    }
    case KERN_ADAGRAD: /* k0 −clr, k1 initial_accumulator_value */
        c->wd = p[ps[P_B]];
        c->k[1] = p[ps[P_C]];
        c->eps = p[ps[P_D]];
        c->k[0] = -(o->lr / (1 + (t - 1) * p[ps[P_A]]));
        break;
    case KERN_ADADELTA:
        c->b1 = p[ps[P_A]];
        c->eps = p[ps[P_B]];
        c->wd = p[ps[P_C]];
        break;
    case KERN_RMSPROP: /* b2 alpha, k0 momentum; f1 centered */
        c->b2 = p[ps[P_A]];
        c->eps = p[ps[P_B]];
        c->wd = p[ps[P_C]];
        c->k[0] = p[ps[P_D]];
        c->f1 = p[ps[P_E]] != 0;
        break;
    case KERN_RPROP: /* k0 etaminus, k1 etaplus, k2 step min, k3 step max */
        for (int i = 0; i < 4; i++)
            c->k[i] = p[ps[P_A + i]];
        break;
    case KERN_ADAMAX: /* k0 −clr */
        c->b1 = p[ps[P_A]];
        c->b2 = p[ps[P_B]];
        c->eps = p[ps[P_C]];
        c->wd = p[ps[P_D]];
        c->k[0] = -(o->lr / (1 - pow(c->b1, t)));
        break;
    case KERN_NADAM: { /* k0 bias_correction2, k1 c1, k2 c2 */
        double b1 = c->b1 = p[ps[P_A]], b2 = c->b2 = p[ps[P_B]];
        c->eps = p[ps[P_C]];
        c->wd = p[ps[P_D]];
        double psi = p[ps[P_E]];
        double bc2 = 1 - pow(b2, t);
        double mu = b1 * (1. - 0.5 * pow(0.96, t * psi));
        double mu_next = b1 * (1. - 0.5 * pow(0.96, (t + 1) * psi));
        s->s[0] *= mu;
        double mu_product_next = s->s[0] * mu * mu_next;
        c->k[0] = bc2;
        c->k[1] = -o->lr * (1. - mu) / (1. - s->s[0]);
        c->k[2] = -o->lr * mu_next / (1. - mu_product_next);
        break;
    }
    case KERN_RADAM: { /* k0 bias_correction1, k1 √bias_correction2, k2 rect; f1 ρₜ > 5 */
        double b1 = c->b1 = p[ps[P_A]], b2 = c->b2 = p[ps[P_B]];
        c->eps = p[ps[P_C]];
        c->wd = p[ps[P_D]];
        double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
        double rho_inf = 2 / (1 - b2) - 1;
        double rho_t = rho_inf - 2 * t * pow(b2, t) / bc2;
        s->s[0] = rho_t;
        double rect = 0;
        if (rho_t > 5.)
            rect = sqrt((rho_t - 4) * (rho_t - 2) * rho_inf /
                        ((rho_inf - 4) * (rho_inf - 2) * rho_t));
        c->k[0] = bc1;
        c->k[1] = sqrt(bc2);
        c->k[2] = rect;
        c->f1 = rho_t > 5.;
        break;
    }
    case KERN_ADABOUND: { /* k0 step_size, k1 lower, k2 upper; f1 amsbound */
        double b1 = c->b1 = p[ps[P_A]], b2 = c->b2 = p[ps[P_B]];
        double gamma = p[ps[P_D]];
        c->eps = p[ps[P_E]];
        c->wd = p[ps[P_F]];
        c->f1 = p[ps[P_G]] != 0;
        double bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t);
        c->k[0] = o->lr * sqrt(bc2) / bc1;
        double final_lr = p[ps[P_C]] * o->lr / p[0];
        c->k[1] = final_lr * (1 - 1 / (gamma * t + 1));
        c->k[2] = final_lr * (1 + 1 / (gamma * t));
        break;
    }
    case KERN_LION: /* k0 decay */
        c->b1 = p[ps[P_A]];
        c->b2 = p[ps[P_B]];
        c->wd = p[ps[P_C]];
        c->k[0] = 1 - o->lr * c->wd;
        break;
    case KERN_GENERIC:
        break;
    }
}

/* ---- the kernels: one coordinate of one particle -------------------------------------------
 * Returns the new coordinate from the current one x and its gradient g; m, v, u, w point to
 * this coordinate's state buffers (OptimState's, same meaning). Each mirrors its kind's step;
 * a flag argument is a constant at every call, so each variant is its own loop. */

#define EARGS const Coef *restrict c, double x, double g, double *m, double *v, double *u, \
              double *w

HOT double el_sgd_f(EARGS, const int momentum, const int nesterov, const int first)
{
    (void)v, (void)u, (void)w;
    double d = c->wd != 0 ? t_add(g, x, c->wd) : g;
    if (momentum) {
        /* the buffer starts as a copy of the first gradient, undamped */
        double b = first ? d : t_add(*m * c->k[0], d, c->k[1]);
        *m = b;
        d = nesterov ? t_add(d, b, c->k[0]) : b;
    }
    return t_add(x, d, -c->lr);
}

HOT double el_sgdm(EARGS)
{
    (void)v, (void)u, (void)w;
    double b = c->b1;
    *m = b * *m + (1 - b) * g;
    return x - c->lr * *m;
}

HOT double el_adam_f(EARGS, const int ams)
{
    (void)w;
    double b1 = c->b1, b2 = c->b2;
    double gi = c->wd != 0 ? t_add(g, x, c->wd) : g;
    *m = t_add(*m * b1, gi, 1 - b1);
    *v = t_addcmul(*v * b2, gi, gi, 1 - b2);
    double vi = *v;
    if (ams)
        vi = *u = t_max(*u, *v);
    double denom = sqrt(vi) / c->k[0] + c->eps;
    return t_addcdiv(x, *m, denom, c->k[1]);
}

HOT double el_adamw_f(EARGS, const int ams)
{
    (void)w;
    double b1 = c->b1, b2 = c->b2;
    double xi = x * c->k[2]; /* param.mul_(1 - lr * weight_decay), even when it is 1 */
    *m = t_add(*m * b1, g, 1 - b1);
    *v = t_addcmul(*v * b2, g, g, 1 - b2);
    double vi = *v;
    if (ams)
        vi = *u = t_max(*u, *v);
    double denom = sqrt(vi) / c->k[0] + c->eps;
    return t_addcdiv(xi, *m, denom, c->k[1]);
}

/* (the accumulator is filled with initial_accumulator_value before the first step) */
HOT double el_adagrad(EARGS)
{
    (void)m, (void)u, (void)w;
    double gi = c->wd != 0 ? t_add(g, x, c->wd) : g;
    *v = t_addcmul(*v, gi, gi, 1);
    double std = sqrt(*v) + c->eps;
    return t_addcdiv(x, gi, std, c->k[0]);
}

HOT double el_adadelta(EARGS)
{
    (void)m, (void)w;
    double rho = c->b1, eps = c->eps;
    double gi = c->wd != 0 ? t_add(g, x, c->wd) : g;
    *v = t_addcmul(*v * rho, gi, gi, 1 - rho);
    double std = sqrt(*v + eps);
    double delta = sqrt(*u + eps) / std * gi;
    *u = t_addcmul(*u * rho, delta, delta, 1 - rho);
    return t_add(x, delta, -c->lr);
}

HOT double el_rms_f(EARGS, const int centered, const int momentum)
{
    (void)w;
    double a = c->b2;
    double gi = c->wd != 0 ? t_add(g, x, c->wd) : g;
    *v = t_addcmul(*v * a, gi, gi, 1 - a);
    double avg;
    if (centered) {
        *u = t_add(*u * a, gi, 1 - a);
        avg = sqrt(t_addcmul(*v, *u, *u, -1));
    } else {
        avg = sqrt(*v);
    }
    avg = avg + c->eps;
    if (momentum) {
        *m = t_addcdiv(*m * c->k[0], gi, avg, 1);
        return t_add(x, *m, -c->lr);
    }
    return t_addcdiv(x, gi, avg, -c->lr);
}

/* (u and w are set up, to 0 and lr, before the first step) */
HOT double el_rprop(EARGS)
{
    (void)m, (void)v;
    double em = c->k[0], ep = c->k[1];
    double sign = t_sign(g * *u);
    double eta = sign > 0 ? ep : sign < 0 ? em : sign == 0 ? 1 : sign;
    *w = t_clamp(*w * eta, c->k[2], c->k[3]);
    double gi = eta == em ? 0 : g; /* grad[sign.eq(etaminus)] = 0 */
    *u = gi;
    return t_addcmul(x, t_sign(gi), *w, -1);
}

HOT double el_adamax(EARGS)
{
    (void)u, (void)w;
    double b1 = c->b1;
    double gi = c->wd != 0 ? t_add(g, x, c->wd) : g;
    *m = t_add(*m * b1, gi, 1 - b1);
    *v = t_max(*v * c->b2, fabs(gi) + c->eps); /* torch.amax over the pair */
    return t_addcdiv(x, *m, *v, c->k[0]);
}

HOT double el_nadam(EARGS)
{
    (void)u, (void)w;
    double b1 = c->b1, b2 = c->b2;
    double gi = c->wd != 0 ? t_add(g, x, c->wd) : g;
    *m = t_add(*m * b1, gi, 1 - b1);
    *v = t_addcmul(*v * b2, gi, gi, 1 - b2);
    double denom = sqrt(*v / c->k[0]) + c->eps;
    return t_addcdiv(t_addcdiv(x, gi, denom, c->k[1]), *m, denom, c->k[2]);
}

HOT double el_radam_f(EARGS, const int adaptive)
{
    (void)u, (void)w;
    double b1 = c->b1, b2 = c->b2;
    double gi = c->wd != 0 ? t_add(g, x, c->wd) : g;
    *m = t_add(*m * b1, gi, 1 - b1);
    *v = t_addcmul(*v * b2, gi, gi, 1 - b2);
    double mhat = *m / c->k[0];
    if (adaptive) {
        /* sqrt(bc2) / tensor is tensor.reciprocal() * sqrt(bc2) in torch */
        double adaptive_lr = (1 / (sqrt(*v) + c->eps)) * c->k[1];
        return t_add(x, mhat * c->lr * adaptive_lr * c->k[2], -1.0);
    }
    return t_add(x, mhat * c->lr, -1.0);
}

HOT double el_adabound_f(EARGS, const int ams)
{
    (void)w;
    double b1 = c->b1, b2 = c->b2;
    double gi = c->wd != 0 ? t_add(g, x, c->wd) : g;
    *m = t_add(*m * b1, gi, 1 - b1);
    *v = t_addcmul(*v * b2, gi, gi, 1 - b2);
    double vi = *v;
    if (ams)
        vi = *u = t_max(*u, *v);
    double denom = sqrt(vi) + c->eps;
    double ui = t_clamp(c->k[0] / denom, c->k[1], c->k[2]) * *m;
    return x + -ui;
}

HOT double el_lion(EARGS)
{
    (void)v, (void)u, (void)w;
    double b1 = c->b1, b2 = c->b2;
    double ci = b1 * *m + (1 - b1) * g;
    double xn = x * c->k[0] - c->lr * t_sign(ci);
    *m = b2 * *m + (1 - b2) * g;
    return xn;
}

/* the variants: a kernel with its flags fixed */
#define EPASS c, x, g, m, v, u, w
HOT double el_sgd(EARGS) { return el_sgd_f(EPASS, 0, 0, 0); }
HOT double el_sgd_hb(EARGS) { return el_sgd_f(EPASS, 1, 0, 0); }
HOT double el_sgd_hb1(EARGS) { return el_sgd_f(EPASS, 1, 0, 1); }
HOT double el_sgd_nes(EARGS) { return el_sgd_f(EPASS, 1, 1, 0); }
HOT double el_sgd_nes1(EARGS) { return el_sgd_f(EPASS, 1, 1, 1); }
HOT double el_adam0(EARGS) { return el_adam_f(EPASS, 0); }
HOT double el_adam1(EARGS) { return el_adam_f(EPASS, 1); }
HOT double el_adamw0(EARGS) { return el_adamw_f(EPASS, 0); }
HOT double el_adamw1(EARGS) { return el_adamw_f(EPASS, 1); }
HOT double el_rms00(EARGS) { return el_rms_f(EPASS, 0, 0); }
HOT double el_rms10(EARGS) { return el_rms_f(EPASS, 1, 0); }
HOT double el_rms01(EARGS) { return el_rms_f(EPASS, 0, 1); }
HOT double el_rms11(EARGS) { return el_rms_f(EPASS, 1, 1); }
HOT double el_radam0(EARGS) { return el_radam_f(EPASS, 0); }
HOT double el_radam1(EARGS) { return el_radam_f(EPASS, 1); }
HOT double el_adabound0(EARGS) { return el_adabound_f(EPASS, 0); }
HOT double el_adabound1(EARGS) { return el_adabound_f(EPASS, 1); }
#undef EPASS

/* each variant with the state buffers it keeps (their sum goes into acc) */
#define A_VARIANTS(X)                                                                      \
    X(sgd, 0) X(sgd_hb, M) X(sgd_hb1, M) X(sgd_nes, M) X(sgd_nes1, M) X(sgdm, M)             \
    X(adam0, M + V) X(adam1, M + V + U) X(adamw0, M + V) X(adamw1, M + V + U)                \
    X(adagrad, V) X(adadelta, V + U) X(rms00, V) X(rms10, V + U) X(rms01, M + V)             \
    X(rms11, M + V + U) X(rprop, U + W) X(adamax, M + V) X(nadam, M + V) X(radam0, M + V)    \
    X(radam1, M + V) X(adabound0, M + V) X(adabound1, M + V + U) X(lion, M)

#define X_ENUM(name, sum) A_##name,
typedef enum AVar { A_VARIANTS(X_ENUM) NAVAR } AVar;
#undef X_ENUM

/* The variant for this step (RAdam's ρₜ > 5, a scheduled momentum: flags may change). */
static AVar variant(Kern kern, const Coef *c)
{
    switch (kern) {
    case KERN_SGD:
        if (c->k[0] == 0)
            return A_sgd;
        return c->f1 ? (c->first ? A_sgd_nes1 : A_sgd_nes) : (c->first ? A_sgd_hb1 : A_sgd_hb);
    case KERN_SGDM: return A_sgdm;
    case KERN_ADAM: return c->f1 ? A_adam1 : A_adam0;
    case KERN_ADAMW: return c->f1 ? A_adamw1 : A_adamw0;
    case KERN_ADAGRAD: return A_adagrad;
    case KERN_ADADELTA: return A_adadelta;
    case KERN_RMSPROP:
        return c->f1 ? (c->k[0] > 0 ? A_rms11 : A_rms10) : (c->k[0] > 0 ? A_rms01 : A_rms00);
    case KERN_RPROP: return A_rprop;
    case KERN_ADAMAX: return A_adamax;
    case KERN_NADAM: return A_nadam;
    case KERN_RADAM: return c->f1 ? A_radam1 : A_radam0;
    case KERN_ADABOUND: return c->f1 ? A_adabound1 : A_adabound0;
    case KERN_LION: return A_lion;
    default: return NAVAR;
    }
}

/* The optimizer step of n particles, both coordinates: (xn, yn) the new points, acc the sum
 * of the state buffers the variant keeps (finite when they all are, or it overflowed).
 * Buffers a variant does not keep point at scratch and are not touched. */
#define PARAMS_A const Coef *restrict c, int n, const double *restrict x,                     \
    const double *restrict y, const double *restrict gx, const double *restrict gy,           \
    double *restrict m0, double *restrict v0, double *restrict u0, double *restrict w0,       \
    double *restrict m1, double *restrict v1, double *restrict u1, double *restrict w1,       \
    double *restrict xn, double *restrict yn, double *restrict acc
#define ARGS_A c, n, x, y, gx, gy, m0, v0, u0, w0, m1, v1, u1, w1, xn, yn, acc
typedef void (*LoopA)(PARAMS_A);

#define M (m0[i] + m1[i])
#define V (v0[i] + v1[i])
#define U (u0[i] + u1[i])
#define W (w0[i] + w1[i])
#define X_BODY(name, sum)                                                                  \
    HOT void a_##name(PARAMS_A)                                                            \
    {                                                                                      \
        for (int i = 0; i < n; i++) {                                                      \
            xn[i] = el_##name(c, x[i], gx[i], m0 + i, v0 + i, u0 + i, w0 + i);             \
            yn[i] = el_##name(c, y[i], gy[i], m1 + i, v1 + i, u1 + i, w1 + i);             \
            acc[i] = (sum);                                                                \
        }                                                                                  \
    }
A_VARIANTS(X_BODY)
#undef X_BODY
#undef M
#undef V
#undef U
#undef W

/* ---- the batched surfaces: surf/<name>.c's eval, verbatim, for one point ------------------ */

#define SARGS const Surface *s, double x, double y, double *gx, double *gy

HOT double sf_beale(SARGS)
{
    (void)s;
    double y2 = y * y, y3 = y2 * y;
    double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
    *gx = 2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y3 - 1));
    *gy = 2 * x * (t1 + 2 * y * t2 + 3 * y2 * t3);
    return t1 * t1 + t2 * t2 + t3 * t3;
}

HOT double sf_rosenbrock(SARGS)
{
    double a = s->p[0], b = s->p[1];
    double u = a - x, v = y - x * x;
    *gx = -2 * u - 4 * b * x * v;
    *gy = 2 * b * v;
    return u * u + b * v * v;
}

HOT double sf_himmelblau(SARGS)
{
    (void)s;
    double u = x * x + y - 11, v = x + y * y - 7;
    *gx = 4 * x * u + 2 * v;
    *gy = 2 * u + 4 * y * v;
    return u * u + v * v;
}

HOT double sf_quadratic(SARGS)
{
    double kx = s->p[0], ky = s->p[1];
    *gx = kx * x;
    *gy = ky * y;
    return 0.5 * (kx * x * x + ky * y * y);
}

HOT double sf_booth(SARGS)
{
    (void)s;
    double u = x + 2 * y - 7, v = 2 * x + y - 5;
    *gx = 2 * u + 4 * v;
    *gy = 4 * u + 2 * v;
    return u * u + v * v;
}

/* sin and cos are libm's, the very functions the per-point formula calls */
HOT double sf_rastrigin(SARGS)
{
    double a = s->p[0], w = 2 * M_PI;
    *gx = 2 * x + a * w * sin(w * x);
    *gy = 2 * y + a * w * sin(w * y);
    return 2 * a + (x * x - a * cos(w * x)) + (y * y - a * cos(w * y));
}

HOT double sf_six_hump_camel(SARGS)
{
    (void)s;
    double x2 = x * x, y2 = y * y;
    *gx = 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y;
    *gy = x - 8 * y + 16 * y2 * y;
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
}

HOT double sf_styblinski_tang(SARGS)
{
    (void)s;
    double x2 = x * x, y2 = y * y;
    *gx = 2 * x2 * x - 16 * x + 2.5;
    *gy = 2 * y2 * y - 16 * y + 2.5;
    return 0.5 * ((x2 * x2 - 16 * x2 + 5 * x) + (y2 * y2 - 16 * y2 + 5 * y));
}

HOT double sf_point(SARGS)
{
    double g[2], f = surface_eval(s, x, y, g);
    *gx = g[0];
    *gy = g[1];
    return f;
}

/* each surface with its id and its number of known minima (-1: any, read at run time) */
#define B_SURFACES(X)                                                                      \
    X(point, SURF_POINT, -1) X(beale, SURF_BEALE, 1) X(rosenbrock, SURF_ROSENBROCK, 1)       \
    X(himmelblau, SURF_HIMMELBLAU, 4) X(quadratic, SURF_QUADRATIC, 1)                        \
    X(booth, SURF_BOOTH, 1) X(rastrigin, SURF_RASTRIGIN, 1)                                  \
    X(six_hump_camel, SURF_SIX_HUMP_CAMEL, 2) X(styblinski_tang, SURF_STYBLINSKI_TANG, 1)

HOT double sf(const SurfId id, SARGS)
{
    switch (id) {
#define X_CASE(name, ID, nmin) case ID: return sf_##name(s, x, y, gx, gy);
        B_SURFACES(X_CASE)
#undef X_CASE
    }
    return sf_point(s, x, y, gx, gy);
}

/* Value and gradient of n points. */
#define PARAMS_E const Surface *restrict s, int n, const double *restrict x,                  \
    const double *restrict y, double *restrict f, double *restrict gx, double *restrict gy
#define ARGS_E s, n, x, y, f, gx, gy
typedef void (*LoopE)(PARAMS_E);

HOT void e_body(const SurfId id, PARAMS_E)
{
    for (int i = 0; i < n; i++) {
        double gxi, gyi;
        f[i] = sf(id, s, x[i], y[i], &gxi, &gyi);
        gx[i] = gxi;
        gy[i] = gyi;
    }
}

/* ---- the race's bookkeeping ---------------------------------------------------------------- */

/* After the step, for n particles, vectorised: evaluates the surface at the new points (gx,
 * gy ← the gradient there) and does the race's racer_step bookkeeping for the common case: a
 * running particle whose new point, loss, gradient and state are surely finite and inside
 * the limits, and whose status surely stays, moves there and counts its small-gradient steps.
 * Any other is left where it is with ev[i] = 1, for `exact`: one that may leave the finite
 * numbers or the limits (or whose sum overflowed), may converge or unconverge now, or whose
 * gradient norm is too close to gtol to count without the race's hypot(). Returns how many.
 * Distances are compared squared, with a margin of 1e-12 around each threshold. */
#define PARAMS_B const SwarmImpl *restrict sw, int n, double lim, const double *restrict xn, \
    const double *restrict yn, const double *restrict acc, double *restrict x,              \
    double *restrict y, const double *restrict st, double *restrict sg,                     \
    double *restrict gx, double *restrict gy, double *restrict ev
#define ARGS_B sw, n, lim, xn, yn, acc, x, y, st, sg, gx, gy, ev
typedef long (*LoopB)(PARAMS_B);

HOT long b_body(const SurfId id, const int nmin, PARAMS_B)
{
    const Surface *s = sw->surface;
    const double cx = sw->cx, cy = sw->cy;
    const double t2hi = sw->tol2[1], T2lo = sw->tol10_2[0];
    const double g2lo = sw->gtol2[0], g2hi = sw->gtol2[1];
    const double gmid = 0.5 * (g2lo + g2hi), ghalf = 0.5 * (g2hi - g2lo) * (1 + 1e-9);
    const int nm = nmin >= 0 ? nmin : s->nminima;
    double mx[SURFACE_MAXMIN], my[SURFACE_MAXMIN];
    for (int j = 0; j < nm; j++) {
        mx[j] = s->minima[j][0];
        my[j] = s->minima[j][1];
    }
    /* truths are 0.0 and 1.0, combined with × and +: GCC 12 vectorises that, and not every
     * mix of int truths and double comparisons */
#define B(c) ((c) ? 1.0 : 0.0)
    for (int i = 0; i < n; i++) {
        double gxi, gyi, f = sf(id, s, xn[i], yn[i], &gxi, &gyi);
        gx[i] = gxi;
        gy[i] = gyi;
        double d = INFINITY;
        for (int j = 0; j < (nmin >= 0 ? nmin : nm); j++) {
            double dx = xn[i] - mx[j], dy = yn[i] - my[j];
            double e = dx * dx + dy * dy;
            d = e < d ? e : d;
        }
        double s0 = st[i];
        /* u: 0 when the sum of everything is finite, else NaN; e: the farther of the two
         * distances from the centre, NaN when u is (x > y ? x : y is maxpd: NaN in y wins) */
        double t = acc[i] + xn[i] + yn[i] + f + gxi + gyi, u = t - t;
        double ex = fabs(xn[i] - cx), ey = fabs(yn[i] - cy);
        double e = ex > ey ? ex : ey;
        e = e > u ? e : u;
        double bad = B(!(e <= lim));
        double gn2 = gxi * gxi + gyi * gyi;
        double small = B(gn2 < g2lo);
        double sgn = small * (sg[i] + 1);
        double band = B(fabs(gn2 - gmid) <= ghalf);
        /* may converge: running, and near a minimum or long small; may unconverge:
         * converged, gradient not small, not near */
        double conv = B(d <= t2hi) + B(sgn >= SMALL_GRAD_STEPS);
        double unconv = B(d >= T2lo) - B(d >= T2lo) * small;
        double trans = s0 == ST_RUNNING ? conv : unconv;
        double flag = B(s0 != ST_DIVERGED) * B(bad + band + trans != 0);
        double go = B(s0 != ST_DIVERGED) - flag;
        x[i] = go != 0 ? xn[i] : x[i];
        y[i] = go != 0 ? yn[i] : y[i];
        sg[i] = go != 0 ? sgn : sg[i];
        ev[i] = flag;
    }
#undef B
    long nev = 0;
    for (int i = 0; i < n; i++)
        nev += ev[i] != 0;
    return nev;
}

/* The fast path of b_body, for a block whose particles are all running (or diverged) with no
 * small-gradient step counted: evaluates the surface at the new points (gx, gy ← the
 * gradient) and counts the running particles for which the race's step would do anything but
 * move: surely finite, inside the limits, not near a minimum and not a small gradient. When
 * none would, the caller moves them all (b_body would do exactly that); else it runs b_body. */
#define PARAMS_Q const SwarmImpl *restrict sw, int n, double lim, const double *restrict xn, \
    const double *restrict yn, const double *restrict acc, const double *restrict st,       \
    double *restrict gx, double *restrict gy
#define ARGS_Q sw, n, lim, xn, yn, acc, st, gx, gy
typedef long (*LoopQ)(PARAMS_Q);

HOT long q_body(const SurfId id, const int nmin, PARAMS_Q)
{
    const Surface *s = sw->surface;
    const double cx = sw->cx, cy = sw->cy, t2hi = sw->tol2[1], g2hi = sw->gtol2[1];
    const int nm = nmin >= 0 ? nmin : s->nminima;
    double mx[SURFACE_MAXMIN], my[SURFACE_MAXMIN];
    for (int j = 0; j < nm; j++) {
        mx[j] = s->minima[j][0];
        my[j] = s->minima[j][1];
    }
    long loud = 0;
    for (int i = 0; i < n; i++) {
        double gxi, gyi, f = sf(id, s, xn[i], yn[i], &gxi, &gyi);
        gx[i] = gxi;
        gy[i] = gyi;
        double d = INFINITY;
        for (int j = 0; j < (nmin >= 0 ? nmin : nm); j++) {
            double dx = xn[i] - mx[j], dy = yn[i] - my[j];
            double e = dx * dx + dy * dy;
            d = e < d ? e : d;
        }
        double t = acc[i] + xn[i] + yn[i] + f + gxi + gyi, u = t - t;
        double ex = fabs(xn[i] - cx), ey = fabs(yn[i] - cy);
        double e = ex > ey ? ex : ey;
        e = e > u ? e : u; /* NaN when t is not finite */
        double gn2 = gxi * gxi + gyi * gyi;
        loud += (st[i] != ST_DIVERGED) & !((e <= lim) & (d > t2hi) & (gn2 > g2hi));
    }
    return loud;
}

/* ---- the loops, once per instruction set ----------------------------------------------------
 * Out of line, with the arrays as restrict parameters of their own: GCC vectorises them
 * there (not always once inlined into a bigger function). IEEE-754 +, −, ×, ÷, √ and fma
 * round the same at any vector width, so the three sets agree bit for bit. */

typedef struct Isa {
    LoopA a[NAVAR];
    LoopB b[SURF_STYBLINSKI_TANG + 1];
    LoopQ q[SURF_STYBLINSKI_TANG + 1];
    LoopE e[SURF_STYBLINSKI_TANG + 1];
} Isa;

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define X_A(name, sum)                                                                     \
    ISA_ATTR NOINLINE static void CAT(a_##name##_, ISA)(PARAMS_A) { a_##name(ARGS_A); }
#define X_B(name, ID, nmin)                                                                \
    ISA_ATTR NOINLINE static long CAT(b_##name##_, ISA)(PARAMS_B)                          \
    {                                                                                      \
        return b_body(ID, nmin, ARGS_B);                                                   \
    }                                                                                      \
    ISA_ATTR NOINLINE static long CAT(q_##name##_, ISA)(PARAMS_Q)                          \
    {                                                                                      \
        return q_body(ID, nmin, ARGS_Q);                                                   \
    }                                                                                      \
    ISA_ATTR NOINLINE static void CAT(e_##name##_, ISA)(PARAMS_E) { e_body(ID, ARGS_E); }
#define X_AT(name, sum) [A_##name] = CAT(a_##name##_, ISA),
#define X_BT(name, ID, nmin) [ID] = CAT(b_##name##_, ISA),
#define X_QT(name, ID, nmin) [ID] = CAT(q_##name##_, ISA),
#define X_ET(name, ID, nmin) [ID] = CAT(e_##name##_, ISA),
#define ISA_TABLE                                                                          \
    {                                                                                      \
        {A_VARIANTS(X_AT)}, {B_SURFACES(X_BT)}, {B_SURFACES(X_QT)}, {B_SURFACES(X_ET)}     \
    }

#define ISA plain
#define ISA_ATTR
A_VARIANTS(X_A)
B_SURFACES(X_B)
static const Isa isa_plain = ISA_TABLE;
#undef ISA
#undef ISA_ATTR

#ifdef SWARM_X86
#define ISA avx2
#define ISA_ATTR __attribute__((target("avx2,fma")))
A_VARIANTS(X_A)
B_SURFACES(X_B)
static const Isa isa_avx2 = ISA_TABLE;
#undef ISA
#undef ISA_ATTR

#define ISA avx512
#define ISA_ATTR __attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma")))
A_VARIANTS(X_A)
B_SURFACES(X_B)
static const Isa isa_avx512 = ISA_TABLE;
#undef ISA
#undef ISA_ATTR
#endif

static const Isa *isa_of(int isa)
{
#ifdef SWARM_X86
    if (isa == 3)
        return &isa_avx512;
    if (isa == 2)
        return &isa_avx2;
#endif
    (void)isa;
    return &isa_plain;
}

void swarm_eval(const Surface *s, SurfId id, int isa, int n, const double *x, const double *y,
                double *f, double *gx, double *gy)
{
    isa_of(isa)->e[id](s, n, x, y, f, gx, gy);
}

/* ---- the rare cases, one particle at a time --------------------------------------------- */

/* The block's slice of the swarm's arrays. */
typedef struct View {
    double *x, *y, *gx, *gy, *loss, *st, *sg, *sstep;
    double *buf[2][NBUF], *sv[4], *slow[2];
} View;

/* A particle that diverged: its state and gradient are cleared so that it computes harmless
 * numbers from now on (it never moves again); its loss is the loss where it stopped. */
static void bury(const SwarmImpl *w, View *v, int i)
{
    double g[2];
    v->loss[i] = surface_eval(w->surface, v->x[i], v->y[i], g);
    v->gx[i] = v->gy[i] = 0;
    for (int c = 0; c < 2; c++) {
        for (int q = 0; q < NBUF; q++)
            if (v->buf[c][q])
                v->buf[c][q][i] = 0;
        if (v->slow[c])
            v->slow[c][i] = c ? v->y[i] : v->x[i];
    }
    for (int q = 0; q < 4; q++)
        if (v->sv[q])
            v->sv[q][i] = 0;
}

/* The particles b_body left (ev[i] = 1), with the race's own arithmetic (racer_step).
 * Returns how many diverged. */
static int exact(const SwarmImpl *w, View *v, int n, double stepno, double lim,
                 const double *xn, const double *yn, const double *ev)
{
    const Surface *s = w->surface;
    int died = 0;
    for (int i = 0; i < n; i++) {
        if (ev[i] == 0)
            continue;
        double g[2], f = surface_eval(s, xn[i], yn[i], g);
        int fin = isfinite(xn[i]) && isfinite(yn[i]) && isfinite(f) && isfinite(g[0]) &&
                  isfinite(g[1]);
        for (int c = 0; c < 2; c++) {
            for (int q = 0; q < NBUF; q++)
                fin = fin && (!v->buf[c][q] || isfinite(v->buf[c][q][i]));
            fin = fin && (!v->slow[c] || isfinite(v->slow[c][i]));
        }
        fin = fin && isfinite(xn[i] - v->x[i]) && isfinite(yn[i] - v->y[i]);
        if (!fin || fabs(xn[i] - w->cx) > lim || fabs(yn[i] - w->cy) > lim) {
            /* stop at the last finite point: nothing non-finite leaves the core */
            v->st[i] = ST_DIVERGED;
            v->sstep[i] = stepno;
            bury(w, v, i);
            died++;
            continue;
        }
        v->x[i] = xn[i];
        v->y[i] = yn[i];
        v->sg[i] = hypot(g[0], g[1]) < w->gtol ? v->sg[i] + 1 : 0;
        double d = INFINITY;
        for (int j = 0; j < s->nminima; j++)
            d = fmin(d, hypot(v->x[i] - s->minima[j][0], v->y[i] - s->minima[j][1]));
        if (v->st[i] == ST_RUNNING && (d < w->tol || v->sg[i] >= SMALL_GRAD_STEPS)) {
            v->st[i] = ST_CONVERGED;
            v->sstep[i] = stepno;
        } else if (v->st[i] == ST_CONVERGED && v->sg[i] == 0 && d > 10 * w->tol) {
            v->st[i] = ST_RUNNING;
            v->sstep[i] = stepno;
        }
    }
    return died;
}

/* KERN_GENERIC: the kind's own step (optim_step, Lookahead included) per particle, its
 * state moved in and out of an Optim; acc as the loops' (the buffers and slow weights). */
static void generic(const Optim *shadow, long t0, const View *v, int n, double *xn,
                    double *yn, double *acc)
{
    Optim o = *shadow;
    for (int i = 0; i < n; i++) {
        OptimState *s = &o.st;
        s->t = t0;
        for (int c = 0; c < 2; c++) {
            s->m[c] = v->buf[c][BUF_M][i];
            s->v[c] = v->buf[c][BUF_V][i];
            s->u[c] = v->buf[c][BUF_U][i];
            s->w[c] = v->buf[c][BUF_W][i];
            o.slow[c] = v->slow[c] ? v->slow[c][i] : 0;
        }
        for (int q = 0; q < 4; q++)
            s->s[q] = v->sv[q][i];
        double p[2] = {v->x[i], v->y[i]}, g[2] = {v->gx[i], v->gy[i]};
        optim_step(&o, p, g);
        xn[i] = p[0];
        yn[i] = p[1];
        acc[i] = 0;
        for (int c = 0; c < 2; c++) {
            v->buf[c][BUF_M][i] = s->m[c];
            v->buf[c][BUF_V][i] = s->v[c];
            v->buf[c][BUF_U][i] = s->u[c];
            v->buf[c][BUF_W][i] = s->w[c];
            acc[i] += s->m[c] + s->v[c] + s->u[c] + s->w[c];
            if (v->slow[c]) {
                v->slow[c][i] = o.slow[c];
                acc[i] += o.slow[c];
            }
        }
        for (int q = 0; q < 4; q++)
            v->sv[q][i] = s->s[q];
    }
}

/* ---- one block through k steps ------------------------------------------------------------ */

/* None converged, no small-gradient step counted: the block may take q_body's fast path. */
int swarm_block_quiet(int n, const double *st, const double *sg)
{
    long loud = 0;
    for (int i = 0; i < n; i++)
        loud += (st[i] == ST_CONVERGED) | ((st[i] == ST_RUNNING) & (sg[i] != 0));
    return loud == 0;
}

static int quiet(int n, const double *st, const double *sg)
{
    return swarm_block_quiet(n, st, sg);
}

void swarm_run_block(Swarm *sw, int b)
{
    SwarmImpl *w = sw->impl;
    const Isa *isa = isa_of(w->isa);
    Block *bk = &w->blk[b];
    Group g = w->grp[bk->group];
    const int i0 = bk->begin, n = bk->end - bk->begin;
    _Alignas(64) double xs[SWARM_BLOCK], ys[SWARM_BLOCK], acc[SWARM_BLOCK], ev[SWARM_BLOCK];
    _Alignas(64) double spare[SWARM_BLOCK]; /* stands in for buffers not kept */
    View v = {w->x + i0, w->y + i0, w->gx + i0, w->gy + i0, w->loss + i0,
              w->st + i0, w->sg + i0, w->sstep + i0, {{0}}, {0}, {0}};
    /* the new points; a step that moves every particle swaps them with v.x, v.y */
    double *xn = xs, *yn = ys;
    double *bufs[2][NBUF];
    for (int c = 0; c < 2; c++) {
        for (int q = 0; q < NBUF; q++) {
            v.buf[c][q] = w->buf[c][q] ? w->buf[c][q] + i0 : NULL;
            bufs[c][q] = v.buf[c][q] ? v.buf[c][q] : spare;
        }
        v.slow[c] = w->slow[c] ? w->slow[c] + i0 : NULL;
    }
    for (int q = 0; q < 4; q++)
        v.sv[q] = w->sv[q] ? w->sv[q] + i0 : NULL;
    long step = w->step0;
    for (int k = 0; k < w->k; k++, step++) {
        if (atomic_load_explicit(&w->cancel, memory_order_relaxed))
            return;
        long t0 = g.opt.st.t;
        Coef c;
        coef(w->kern, &g.opt, w->ps, &c);
        if (bk->alive == 0) {
            sched_step(&g.sched, &g.opt);
            continue;
        }
        if (w->kern == KERN_GENERIC) {
            generic(&g.opt, t0, &v, n, xn, yn, acc);
        } else {
            if (c.first && w->kern == KERN_ADAGRAD)
                for (int i = 0; i < n; i++) /* state['sum'], initial_accumulator_value */
                    v.buf[0][BUF_V][i] = v.buf[1][BUF_V][i] = c.k[1];
            if (c.first && w->kern == KERN_RPROP)
                for (int i = 0; i < n; i++) { /* state['prev'], state['step_size'] */
                    v.buf[0][BUF_U][i] = v.buf[1][BUF_U][i] = 0;
                    v.buf[0][BUF_W][i] = v.buf[1][BUF_W][i] = c.lr;
                }
            isa->a[variant(w->kern, &c)](&c, n, v.x, v.y, v.gx, v.gy, bufs[0][BUF_M],
                                         bufs[0][BUF_V], bufs[0][BUF_U], bufs[0][BUF_W],
                                         bufs[1][BUF_M], bufs[1][BUF_V], bufs[1][BUF_U],
                                         bufs[1][BUF_W], xn, yn, acc);
            if (g.opt.la_k > 0 && c.t % g.opt.la_k == 0) {
                /* Lookahead (optim_step): φ ← φ + α(θ − φ), θ ← φ */
                double alpha = g.opt.la_alpha;
                for (int q = 0; q < 2; q++) {
                    double *sl = v.slow[q], *p = q ? yn : xn;
                    for (int i = 0; i < n; i++) {
                        sl[i] += alpha * (p[i] - sl[i]);
                        p[i] = sl[i];
                        acc[i] += sl[i];
                    }
                }
            }
        }
        sched_step(&g.sched, &g.opt);
        if (w->check_step) /* x_new − x_old must be finite too (OptimState.step) */
            for (int i = 0; i < n; i++)
                acc[i] += (xn[i] - v.x[i]) + (yn[i] - v.y[i]);
        double lim = isfinite(g.opt.lr) ? w->lim : -1; /* an lr that overflowed stops all */
        if (bk->quiet && !isa->q[w->surf](w, n, lim, xn, yn, acc, v.st, v.gx, v.gy)) {
            double *t = v.x; /* every running particle moves, and that is all */
            v.x = xn;
            xn = t;
            t = v.y;
            v.y = yn;
            yn = t;
            if (bk->alive < n) /* the diverged stay where they stopped */
                for (int i = 0; i < n; i++) {
                    v.x[i] = v.st[i] == ST_DIVERGED ? xn[i] : v.x[i];
                    v.y[i] = v.st[i] == ST_DIVERGED ? yn[i] : v.y[i];
                }
            continue;
        }
        if (isa->b[w->surf](w, n, lim, xn, yn, acc, v.x, v.y, v.st, v.sg, v.gx, v.gy, ev))
            bk->alive -= exact(w, &v, n, (double)(step + 1), lim, xn, yn, ev);
        bk->quiet = quiet(n, v.st, v.sg);
    }
    if (v.x != w->x + i0) { /* the points are in the scratch arrays */
        memcpy(w->x + i0, v.x, sizeof(double) * (size_t)n);
        memcpy(w->y + i0, v.y, sizeof(double) * (size_t)n);
        v.x = w->x + i0;
        v.y = w->y + i0;
        xn = xs;
        yn = ys;
    }
    if (bk->first)
        w->grp_next[bk->group] = g;
    /* the loss where each running particle is now (a diverged one's was kept by bury) */
    isa->e[w->surf](w->surface, n, v.x, v.y, xn, yn, acc);
    for (int i = 0; i < n; i++) {
        if (v.st[i] != ST_DIVERGED)
            v.loss[i] = xn[i];
        w->status[i0 + i] = (unsigned char)v.st[i];
        w->status_step[i0 + i] = (int)v.sstep[i];
    }
}
