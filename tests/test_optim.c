/* test_optim — the optimizers without the spec parser: their tables, one step against the
 * closed form, the invariants every step keeps (st.step is the applied update), AdaBound's
 * bounds, SWATS's switch, Lookahead's synchronisation. Trajectories against torch itself are
 * test_torch's job (tests/fixtures/torch_optim.txt). */
#undef NDEBUG
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "optim.h"

/* A fresh optimizer of the kind named `name` with its defaults, reset at x0. */
static Optim make(const char *name, const double x0[2])
{
    Optim o = {.kind = optim_find(name)};
    if (!o.kind) {
        fprintf(stderr, "no optimizer '%s'\n", name);
        exit(1);
    }
    param_defaults(o.kind->params, o.kind->nparams, o.p);
    optim_reset(&o, x0);
    return o;
}

/* The slot of keyword `kw` in o's table (the tests set hyperparameters by name). */
static int slot(const Optim *o, const char *kw)
{
    for (int i = 0; i < o->kind->nparams; i++)
        if (!strcmp(o->kind->params[i].name, kw))
            return o->kind->params[i].slot;
    fprintf(stderr, "%s has no keyword '%s'\n", o->kind->name, kw);
    exit(1);
}

static int has(const Optim *o, const char *kw)
{
    for (int i = 0; i < o->kind->nparams; i++)
        if (!strcmp(o->kind->params[i].name, kw))
            return 1;
    return 0;
}

static void set(Optim *o, const char *kw, double v)
{
    o->p[slot(o, kw)] = v;
    if (!strcmp(kw, "lr"))
        o->lr = v;
}

static int in_range(const ParamDef *d, double v)
{
    if (d->lo == 0 && d->hi == 0)
        return 1;
    int lo = (d->flags & PARAM_LO_OPEN) ? v > d->lo : v >= d->lo;
    int hi = (d->flags & PARAM_HI_OPEN) ? v < d->hi : v <= d->hi;
    return lo && hi;
}

static int width(const ParamDef *d)
{
    return d->type == PARAM_PAIR ? 2 : d->type == PARAM_LIST ? 1 + PARAM_LIST_MAX : 1;
}

/* Each table row: lr first at slot 0, slots unique and in p[], defaults inside their ranges,
 * β slots pointing at numbers, the documented fields filled in. */
static void test_tables(void)
{
    CHECK(optim_count >= 14);
    for (int k = 0; k <= optim_count; k++) {
        const OptimKind *K = k < optim_count ? optim_kinds[k] : &optim_lookahead;
        int is_optim = K != &optim_lookahead;
        CHECK(K->name && K->name[0] && K->doc && K->doc[0] && K->rule && K->rule[0]);
        CHECK(K->params && K->nparams > 0);
        CHECK(K->show && strspn(K->show, "mvuw") == strlen(K->show));
        CHECK(is_optim ? K->step != NULL : K->step == NULL);
        if (is_optim) {
            CHECK(!strcmp(K->params[0].name, "lr"));
            CHECK(K->params[0].slot == 0);
            CHECK(K->params[0].lo == 0); /* torch's allow lr=0, the others need lr > 0 */
        }
        int used[OPTIM_MAXP] = {0};
        double p[OPTIM_MAXP] = {0};
        param_defaults(K->params, K->nparams, p);
        for (int i = 0; i < K->nparams; i++) {
            const ParamDef *d = &K->params[i];
            for (int j = 0; j < width(d); j++) {
                int s = d->slot + j;
                CHECK(s >= 0 && s < OPTIM_MAXP);
                if (s >= 0 && s < OPTIM_MAXP) {
                    CHECK(!used[s]);
                    used[s] = 1;
                }
            }
            CHECK(d->type == PARAM_BOOL || (d->flags & PARAM_REQUIRED) ||
                  ((d->flags & PARAM_NONE_OK) && isnan(p[d->slot])) ||
                  (in_range(d, p[d->slot]) &&
                   (d->type != PARAM_PAIR || in_range(d, p[d->slot + 1]))));
            CHECK(d->why && d->why[0]);
            for (int j = 0; j < i; j++)
                CHECK(strcmp(K->params[j].name, d->name) != 0);
        }
        for (int b = 0; b < 2; b++) {
            int s = b ? K->beta2 : K->beta1;
            CHECK(s == -1 || (s > 0 && s < OPTIM_MAXP && used[s]));
        }
        if (K->check)
            CHECK(K->check(p, NULL) == 0);
    }
    /* the β knobs a user turns: momentum / β₁ first, β₂ / alpha second */
    Optim o = make("RMSprop", NULL);
    CHECK(o.kind->beta1 == slot(&o, "momentum") && o.kind->beta2 == slot(&o, "alpha"));
    o = make("Adam", NULL);
    CHECK(o.kind->beta1 == slot(&o, "betas") && o.kind->beta2 == slot(&o, "betas") + 1);
    o = make("SGD", NULL);
    CHECK(o.kind->beta1 == slot(&o, "momentum") && o.kind->beta2 == -1);
}

static void test_find(void)
{
    CHECK(optim_find("Adam") == optim_find("adam"));
    CHECK(optim_find("ADAMW") && !strcmp(optim_find("ADAMW")->name, "AdamW"));
    CHECK(optim_find("rmsProp") && !strcmp(optim_find("rmsProp")->name, "RMSprop"));
    CHECK(optim_find("sgd") && !strcmp(optim_find("sgd")->name, "SGD"));
    CHECK(optim_find("Adamm") == NULL);
    CHECK(optim_find("Ada") == NULL);
    CHECK(optim_find("") == NULL);
    CHECK(optim_find(NULL) == NULL);
    CHECK(optim_find("Lookahead") == NULL); /* a wrapper, not an optimizer */
    for (int k = 0; k < optim_count; k++)
        CHECK(optim_find(optim_kinds[k]->name) == optim_kinds[k]);
}

static void test_checks(void)
{
    Err e = {0};
    Optim o = make("SGD", NULL);
    set(&o, "nesterov", 1);
    CHECK(o.kind->check(o.p, &e) < 0); /* torch: nesterov needs momentum > 0 */
    CHECK_MSG(e.msg, "nesterov");
    set(&o, "momentum", 0.9);
    CHECK(o.kind->check(o.p, &e) == 0);
    set(&o, "dampening", 0.1);
    CHECK(o.kind->check(o.p, &e) < 0); /* ... and dampening = 0 */
    o = make("Rprop", NULL);
    int s = slot(&o, "etas");
    o.p[s] = 1.1; /* torch: 0 < etas[0] < 1 < etas[1] */
    CHECK(o.kind->check(o.p, &e) < 0);
    CHECK_MSG(e.msg, "etas");
    o.p[s] = 0.5;
    o.p[s + 1] = 0.9;
    CHECK(o.kind->check(o.p, &e) < 0);
}

static void test_reset(void)
{
    double x0[2] = {1.5, -2};
    Optim o = make("Adam", x0);
    set(&o, "lr", 0.3);
    o.lr = 7; /* as a schedule would */
    o.st.t = 9;
    o.st.m[1] = 4;
    optim_reset(&o, x0);
    CHECK(o.lr == 0.3 && o.st.t == 0 && o.st.m[1] == 0);
    CHECK(o.slow[0] == 1.5 && o.slow[1] == -2);
}

static void test_sgd(void)
{
    double x[2] = {1, -2}, g[2] = {0.5, -3};
    Optim o = make("SGD", x);
    set(&o, "lr", 0.1);
    optim_step(&o, x, g);
    CHECK_FEQ(x[0], 1 - 0.1 * 0.5, 1e-15);
    CHECK_FEQ(x[1], -2 + 0.1 * 3, 1e-15);
    CHECK(o.st.t == 1);

    /* momentum: the buffer starts as g (torch clones the first d_p, no dampening) */
    double y[2] = {0, 0}, g2[2] = {2, -1};
    o = make("SGD", y);
    set(&o, "lr", 0.1);
    set(&o, "momentum", 0.9);
    set(&o, "dampening", 0.5);
    optim_step(&o, y, g);
    CHECK_FEQ(o.st.m[0], 0.5, 1e-15);
    CHECK_FEQ(y[0], -0.05, 1e-15);
    optim_step(&o, y, g2);
    double b = 0.9 * 0.5 + 0.5 * 2;
    CHECK_FEQ(o.st.m[0], b, 1e-15);
    CHECK_FEQ(y[0], -0.05 - 0.1 * b, 1e-15);

    /* the buffer is made at the first step with momentum, not at step 1 (torch:
     * momentum_buffer is None): a schedule that starts momentum at 0 makes it later, undamped */
    double q[2] = {0, 0};
    o = make("SGD", q);
    set(&o, "lr", 0.1);
    set(&o, "dampening", 0.5);
    optim_step(&o, q, g);
    CHECK_FEQ(q[0], -0.05, 1e-15);
    o.p[slot(&o, "momentum")] = 0.9;
    optim_step(&o, q, g2);
    CHECK_FEQ(o.st.m[0], 2, 1e-15);
    CHECK_FEQ(q[0], -0.05 - 0.1 * 2, 1e-15);
    optim_step(&o, q, g2);
    CHECK_FEQ(o.st.m[0], 0.9 * 2 + 0.5 * 2, 1e-15);

    /* Nesterov: θ ← θ − η(g + μb) */
    double z[2] = {0, 0};
    o = make("SGD", z);
    set(&o, "lr", 0.1);
    set(&o, "momentum", 0.9);
    set(&o, "nesterov", 1);
    optim_step(&o, z, g);
    CHECK_FEQ(z[0], -0.1 * (0.5 + 0.9 * 0.5), 1e-15);

    /* weight decay: g + λθ */
    double w[2] = {2, 0};
    o = make("SGD", w);
    set(&o, "lr", 0.1);
    set(&o, "weight_decay", 0.5);
    optim_step(&o, w, (double[2]){0, 0});
    CHECK_FEQ(w[0], 2 - 0.1 * 0.5 * 2, 1e-15);
}

static void test_sgdm(void)
{
    double x[2] = {1, 1}, g[2] = {2, -4};
    Optim o = make("SGDM", x);
    set(&o, "lr", 0.1);
    optim_step(&o, x, g); /* v = (1 − β)g = 0.1g */
    CHECK_FEQ(x[0], 1 - 0.1 * 0.2, 1e-15);
    CHECK_FEQ(x[1], 1 + 0.1 * 0.4, 1e-15);
    optim_step(&o, x, g); /* v = 0.9·0.1g + 0.1g = 0.19g */
    CHECK_FEQ(o.st.m[0], 0.38, 1e-15);
    CHECK_FEQ(x[0], 1 - 0.1 * 0.2 - 0.1 * 0.38, 1e-15);
}

/* Adam's first step: m̂ = g, v̂ = g², so every coordinate moves by lr·g/(|g| + ε) ≈ lr·sign(g). */
static void test_adam_family(void)
{
    const char *names[] = {"Adam", "AdamW", "Adamax", "NAdam", "AdaBound", "SWATS"};
    for (int n = 0; n < 6; n++) {
        double x[2] = {0.3, -0.2}, g[2] = {5, -0.01};
        Optim o = make(names[n], x);
        set(&o, "lr", 0.01);
        if (!strcmp(names[n], "AdamW"))
            set(&o, "weight_decay", 0);
        if (!strcmp(names[n], "AdaBound"))
            set(&o, "final_lr", 0.01); /* bounds around lr, wide at t = 1 */
        optim_step(&o, x, g);
        double want = 0.01;
        if (!strcmp(names[n], "NAdam")) {
            /* NAdam: ((1−μ₁)/(1−μ₁) + μ₂(1−β₁)/(1−μ₁²μ₂))·lr·g/(|g|+ε), torch 1.13's product */
            double mu1 = 0.9 * (1 - 0.5 * pow(0.96, 0.004));
            double mu2 = 0.9 * (1 - 0.5 * pow(0.96, 0.008));
            want = 0.01 * (1 + mu2 * 0.1 / (1 - mu1 * mu1 * mu2));
        }
        CHECK_FEQ(o.st.step[0], -want, 1e-6);
        CHECK_FEQ(o.st.step[1], want, 1e-4); /* |g| = 0.01: ε shows (AdaBound: not rescaled) */
    }
    /* RAdam's first step is momentum SGD with m̂ = g (ρ₁ ≤ 5) */
    double x[2] = {0, 0}, g[2] = {5, -0.01};
    Optim o = make("RAdam", x);
    set(&o, "lr", 0.01);
    optim_step(&o, x, g);
    CHECK(o.st.s[0] <= 5);
    CHECK_FEQ(x[0], -0.05, 1e-14);
    CHECK_FEQ(x[1], 0.0001, 1e-12);

    /* AMSGrad keeps the largest v */
    o = make("Adam", x);
    set(&o, "amsgrad", 1);
    optim_step(&o, x, (double[2]){3, 3});
    optim_step(&o, x, (double[2]){0, 0});
    CHECK(o.st.u[0] > o.st.v[0]);
    CHECK_FEQ(o.st.u[0], (1 - 0.999) * 9, 1e-12);

    /* AdamW decays θ by (1 − ηλ) before the Adam step */
    double w[2] = {2, 2};
    o = make("AdamW", w);
    set(&o, "lr", 0.1);
    set(&o, "weight_decay", 0.5);
    optim_step(&o, w, (double[2]){1, -1});
    CHECK_FEQ(w[0], 2 * (1 - 0.05) - 0.1 / (1 + 1e-8), 1e-14);
    CHECK_FEQ(w[1], 2 * (1 - 0.05) + 0.1 / (1 + 1e-8), 1e-14);
}

static void test_adagrad(void)
{
    double x[2] = {1, 1}, g[2] = {3, -4};
    Optim o = make("Adagrad", x);
    set(&o, "lr", 0.5);
    set(&o, "initial_accumulator_value", 7);
    set(&o, "lr_decay", 0.25);
    optim_step(&o, x, g); /* v = 7 + g² */
    CHECK_FEQ(o.st.v[0], 16, 1e-15);
    CHECK_FEQ(x[0], 1 - 0.5 * 3 / (4 + 1e-10), 1e-15);
    CHECK_FEQ(x[1], 1 + 0.5 * 4 / (sqrt(23) + 1e-10), 1e-15);
    optim_step(&o, x, g); /* second step: lr/(1 + 1·lr_decay) */
    CHECK_FEQ(o.st.step[0], -0.5 / 1.25 * 3 / (5 + 1e-10), 1e-14);
}

static void test_adadelta(void)
{
    double x[2] = {0, 0}, g[2] = {2, -1};
    Optim o = make("Adadelta", x);
    optim_step(&o, x, g); /* Δ = √ε/√((1−ρ)g² + ε)·g */
    double eps = 1e-6;
    CHECK_FEQ(x[0], -sqrt(eps) / sqrt(0.1 * 4 + eps) * 2, 1e-14);
    CHECK_FEQ(x[1], sqrt(eps) / sqrt(0.1 * 1 + eps), 1e-14);
}

static void test_rmsprop(void)
{
    double x[2] = {1, 1}, g[2] = {2, -0.5};
    Optim o = make("RMSprop", x);
    set(&o, "lr", 0.01);
    optim_step(&o, x, g); /* v = (1−α)g²: |step| = lr/√(1−α) */
    CHECK_FEQ(x[0], 1 - 0.01 * 2 / (sqrt(0.01 * 4) + 1e-8), 1e-14);
    CHECK_FEQ(o.st.step[1], 0.01 / sqrt(0.01), 1e-6);

    /* centered: divides by √(v − ū²); on the first step v − ū² = (1−α)α g² */
    double y[2] = {0, 0};
    o = make("RMSprop", y);
    set(&o, "lr", 0.01);
    set(&o, "centered", 1);
    optim_step(&o, y, g);
    CHECK_FEQ(y[0], -0.01 * 2 / (sqrt(0.01 * 4 - 0.02 * 0.02) + 1e-8), 1e-12);

    /* momentum: b ← μb + g/(√v+ε), θ ← θ − ηb */
    double z[2] = {0, 0};
    o = make("RMSprop", z);
    set(&o, "lr", 0.01);
    set(&o, "momentum", 0.5);
    optim_step(&o, z, g);
    optim_step(&o, z, g);
    double d1 = 2 / (sqrt(0.04) + 1e-8), d2 = 2 / (sqrt(0.99 * 0.04 + 0.04) + 1e-8);
    CHECK_FEQ(z[0], -0.01 * d1 - 0.01 * (0.5 * d1 + d2), 1e-12);
}

/* Rprop: the first step is lr·sign(g); sizes grow by etaplus while the sign holds, shrink by
 * etaminus (and that coordinate stays) when it flips. lr is read once, at the first step. */
static void test_rprop(void)
{
    double x[2] = {0, 0};
    Optim o = make("Rprop", x);
    set(&o, "lr", 0.1);
    optim_step(&o, x, (double[2]){3, -1e-3});
    CHECK_FEQ(x[0], -0.1, 1e-15);
    CHECK_FEQ(x[1], 0.1, 1e-15);
    o.lr = 1000; /* a schedule: torch's Rprop never reads lr again */
    optim_step(&o, x, (double[2]){1, 2});
    CHECK_FEQ(o.st.w[0], 0.12, 1e-15);
    CHECK_FEQ(o.st.w[1], 0.05, 1e-15);
    CHECK_FEQ(x[0], -0.22, 1e-15);
    CHECK_FEQ(x[1], 0.1, 1e-15); /* sign flipped: no move */
    CHECK(o.st.u[1] == 0);
    optim_step(&o, x, (double[2]){1, 2}); /* after a flip the size is kept (η = 1) */
    CHECK_FEQ(o.st.w[1], 0.05, 1e-15);
    CHECK_FEQ(x[1], 0.05, 1e-14);
}

/* Lion moves every coordinate by exactly lr (without weight decay) while c ≠ 0. */
static void test_lion(void)
{
    double x[2] = {1, -1};
    Optim o = make("Lion", x);
    set(&o, "lr", 0.125); /* a power of two: the moves are exact */
    double g[][2] = {{3, -1e-9}, {-0.1, 2}, {5, 5}};
    for (int k = 0; k < 3; k++) {
        optim_step(&o, x, g[k]);
        CHECK(fabs(o.st.step[0]) == 0.125 && fabs(o.st.step[1]) == 0.125);
    }
    CHECK(o.st.step[0] == -0.125 && o.st.step[1] == -0.125);
    /* c = β₁m + (1−β₁)g picks the sign: m says +, a small opposite g does not flip it */
    double y[2] = {0, 0};
    o = make("Lion", y);
    optim_step(&o, y, (double[2]){1, 1});
    optim_step(&o, y, (double[2]){-0.05, 0});
    CHECK(o.st.step[0] < 0);
    /* decoupled decay */
    double z[2] = {2, 2};
    o = make("Lion", z);
    set(&o, "lr", 0.1);
    set(&o, "weight_decay", 0.5);
    optim_step(&o, z, (double[2]){1, -1});
    CHECK_FEQ(z[0], 2 * 0.95 - 0.1, 1e-15);
    CHECK_FEQ(z[1], 2 * 0.95 + 0.1, 1e-15);
}

/* AdaBound clips η√(1−β₂ᵗ)/(1−β₁ᵗ)/(√v+ε) into [ηf(1 − 1/(γt+1)), ηf(1 + 1/(γt))]. */
static void test_adabound(void)
{
    const double gamma = 0.5, flr = 0.1;
    double up = flr * (1 + 1 / gamma), lo = flr * (1 - 1 / (gamma + 1));
    for (int c = 0; c < 3; c++) {
        double lr = c == 0 ? 10 : c == 1 ? 1e-4 : 0.01; /* above, below, inside */
        double x[2] = {0, 0}, g[2] = {1, -2};
        Optim o = make("AdaBound", x);
        set(&o, "lr", lr);
        set(&o, "gamma", gamma);
        set(&o, "final_lr", flr);
        optim_step(&o, x, g);
        double m = 0.1 * g[0], denom = sqrt(0.001 * g[0] * g[0]) + 1e-8;
        double eta = lr * sqrt(0.001) / 0.1 / denom;
        double want = c == 0 ? up : c == 1 ? lo : eta;
        CHECK(c != 0 || eta > up);
        CHECK(c != 1 || eta < lo);
        CHECK(c != 2 || (eta > lo && eta < up));
        CHECK_FEQ(x[0], -want * m, 1e-12);
    }
    /* a schedule moves the bounds: final_lr·lr/base_lr */
    double x[2] = {0, 0};
    Optim o = make("AdaBound", x);
    set(&o, "lr", 10);
    set(&o, "gamma", gamma);
    o.lr = 5;
    optim_step(&o, x, (double[2]){1, 1});
    CHECK_FEQ(x[0], -0.5 * up * 0.1, 1e-12);
    /* the bounds close in: at large t the rate is final_lr whatever lr is */
    o = make("AdaBound", x);
    set(&o, "lr", 0.5);
    set(&o, "gamma", 0.1);
    for (int k = 0; k < 2000; k++)
        optim_step(&o, x, (double[2]){1e-3, 1e-3});
    CHECK_FEQ(o.st.step[0], -0.1 * (1 + 1 / (0.1 * 2000)) * o.st.m[0], 1e-9);
}

/* SWATS on 0.5(x² + 10y²) from far away, where the gradient hardly changes between the first
 * steps: γ settles at once and SWATS switches to SGD with a positive, finite rate Λ. */
static void test_swats(void)
{
    double x[2] = {100, 50};
    Optim o = make("SWATS", x);
    int k;
    for (k = 0; k < 100 && o.st.s[0] == 0; k++)
        optim_step(&o, x, (double[2]){x[0], 10 * x[1]});
    CHECK(o.st.s[0] == 1);
    CHECK(o.st.s[3] == 2 && o.st.t == 2); /* never at k = 1, where Λ = γ always */
    double L = o.st.s[2];
    CHECK(L > 0 && isfinite(L));
    /* SGD phase: u ← β₁u + g, θ ← θ − (1−β₁)Λu */
    double x0 = x[0], u0 = o.st.u[0], m0 = o.st.m[0];
    optim_step(&o, x, (double[2]){x[0], 10 * x[1]});
    CHECK_FEQ(o.st.u[0], 0.9 * u0 + x0, 1e-15);
    CHECK_FEQ(x[0], x0 - 0.1 * L * (0.9 * u0 + x0), 1e-15);
    CHECK(o.st.m[0] == m0); /* Adam's moments are left alone */
    CHECK(o.st.s[2] == L);
    /* near a minimum, where γ keeps changing, it stays Adam */
    double y[2] = {3, -2};
    o = make("SWATS", y);
    for (k = 0; k < 300; k++)
        optim_step(&o, y, (double[2]){y[0], 10 * y[1]});
    CHECK(o.st.s[0] == 0 && o.st.s[3] == 0);
}

/* Lookahead: k inner steps, then slow ← slow + α(θ − slow), θ ← slow. */
static void test_lookahead(void)
{
    double x[2] = {1, 1}, ref[2] = {1, 1}, slow[2] = {1, 1};
    Optim o = make("SGD", x), r = make("SGD", ref);
    set(&o, "lr", 0.1);
    set(&r, "lr", 0.1);
    o.la_k = 3;
    o.la_alpha = 0.25;
    optim_reset(&o, x);
    for (int k = 1; k <= 9; k++) {
        double g[2] = {2 * x[0], -x[1]}, before[2] = {x[0], x[1]};
        optim_step(&o, x, g);
        optim_step(&r, ref, g);
        if (k % 3 == 0) {
            for (int i = 0; i < 2; i++) {
                slow[i] = slow[i] + 0.25 * (ref[i] - slow[i]);
                CHECK_FEQ(x[i], slow[i], 1e-15);
                CHECK_FEQ(o.slow[i], slow[i], 1e-15);
            }
            ref[0] = slow[0]; /* the fast weights restart from the slow ones */
            ref[1] = slow[1];
        } else {
            CHECK(x[0] == ref[0] && x[1] == ref[1]);
        }
        CHECK(o.st.step[0] == x[0] - before[0] && o.st.step[1] == x[1] - before[1]);
    }
    CHECK(optim_lookahead.params[0].slot == 0 && !strcmp(optim_lookahead.params[0].name, "k"));
    CHECK(optim_lookahead.params[1].slot == 1 &&
          !strcmp(optim_lookahead.params[1].name, "alpha"));
}

/* Every kind: st.step is x_new − x_old, t counts the steps, nothing leaves finite input
 * non-finite on a smooth bowl, and the state buffers not in `show` stay untouched. */
static void test_invariants(void)
{
    for (int k = 0; k < optim_count; k++) {
        const OptimKind *K = optim_kinds[k];
        for (int la = 0; la < 2; la++) {
            double x[2] = {1.5, -0.7};
            Optim o = make(K->name, x);
            o.la_k = la ? 4 : 0;
            o.la_alpha = 0.5;
            int ok = 1, finite = 1;
            for (int s = 1; s <= 50; s++) {
                double before[2] = {x[0], x[1]}, g[2] = {2 * x[0] + x[1], x[0] + 4 * x[1]};
                optim_step(&o, x, g);
                ok &= o.st.step[0] == x[0] - before[0] && o.st.step[1] == x[1] - before[1];
                ok &= o.st.t == s;
                finite &= isfinite(x[0]) && isfinite(x[1]);
            }
            if (!ok || !finite)
                fprintf(stderr, "%s%s: step record %d, finite %d\n", K->name,
                        la ? " (Lookahead)" : "", ok, finite);
            CHECK(ok && finite);
            static const char letters[] = "mvuw";
            for (int b = 0; b < 4; b++) {
                const double *buf = b == 0 ? o.st.m : b == 1 ? o.st.v : b == 2 ? o.st.u : o.st.w;
                if (!strchr(K->show, letters[b]) && (buf[0] != 0 || buf[1] != 0)) {
                    fprintf(stderr, "%s writes %c but does not show it\n", K->name, letters[b]);
                    CHECK(0);
                }
            }
        }
    }
}

/* eps = 0 and g = 0: 0/0 in torch's Adam, AdamW, Adagrad, Adadelta, RMSprop, Adamax and NAdam
 * at the first step and in RAdam's once ρₜ > 5: torch gives NaN there and so do we (the race
 * stops such a racer as diverged); SWATS's Adam phase likewise. The others must stay put. */
static void test_zero_gradient(void)
{
    const char *names[] = {"SGD", "SGDM", "Rprop", "AdaBound", "Lion"};
    for (int n = 0; n < 5; n++) {
        double x[2] = {1, 2};
        Optim o = make(names[n], x);
        if (has(&o, "eps"))
            set(&o, "eps", 0);
        if (has(&o, "momentum"))
            set(&o, "momentum", 0.9);
        for (int s = 0; s < 20; s++)
            optim_step(&o, x, (double[2]){0, 0});
        if (x[0] != 1 || x[1] != 2)
            fprintf(stderr, "%s: moved to (%g, %g) with g = 0, eps = 0\n", names[n], x[0], x[1]);
        CHECK(x[0] == 1 && x[1] == 2);
    }
}

int main(void)
{
    test_tables();
    test_find();
    test_checks();
    test_reset();
    test_sgd();
    test_sgdm();
    test_adam_family();
    test_adagrad();
    test_adadelta();
    test_rmsprop();
    test_rprop();
    test_lion();
    test_adabound();
    test_swats();
    test_lookahead();
    test_invariants();
    test_zero_gradient();
    return check_done();
}
