/* test_sched — the schedule table, and every schedule's lr (and momentum) sequence against a
 * closed form computed here, independently of the chainable forms in src/core/sched/. The
 * bit-for-bit comparison with torch is test_torch on fixtures/torch_sched.txt.
 *
 * The optimizers are small fakes with torch's keyword names, so the schedules are tested on
 * their own: "SGD" has momentum, "Adam" has betas, "Adagrad" has neither. */
#undef NDEBUG
#include "check.h"
#include "sched.h"

static const ParamDef sgd_params[] = {
    { .name = "lr", .type = PARAM_REAL, .slot = 0, .def = {0.1} },
    { .name = "momentum", .type = PARAM_REAL, .slot = 1, .def = {0.9} },
};
static const ParamDef adam_params[] = {
    { .name = "lr", .type = PARAM_REAL, .slot = 0, .def = {0.001} },
    { .name = "betas", .type = PARAM_PAIR, .slot = 1, .def = {0.9, 0.999} },
};
static const ParamDef adagrad_params[] = {
    { .name = "lr", .type = PARAM_REAL, .slot = 0, .def = {0.01} },
};
static const OptimKind fake_sgd = {
    .name = "SGD", .params = sgd_params, .nparams = 2, .beta1 = 1, .beta2 = -1 };
static const OptimKind fake_adam = {
    .name = "Adam", .params = adam_params, .nparams = 2, .beta1 = 1, .beta2 = 2 };
static const OptimKind fake_adagrad = {
    .name = "Adagrad", .params = adagrad_params, .nparams = 1, .beta1 = -1, .beta2 = -1 };

static Optim make_optim(const OptimKind *k, double lr)
{
    Optim o = { .kind = k };
    param_defaults(k->params, k->nparams, o.p);
    o.p[0] = lr;
    o.lr = lr;
    return o;
}

static Sched make_sched(const char *name)
{
    Sched s = { .kind = sched_find(name) };
    CHECK(s.kind != NULL);
    if (s.kind)
        param_defaults(s.kind->params, s.kind->nparams, s.p);
    return s;
}

/* p[slot of keyword `name`] = v (for lists: the item count) */
static double *kw(Sched *s, const char *name)
{
    for (int i = 0; i < s->kind->nparams; i++)
        if (!strcmp(s->kind->params[i].name, name))
            return &s->p[s->kind->params[i].slot];
    fprintf(stderr, "%s:%d: %s has no keyword %s\n", __FILE__, __LINE__, s->kind->name, name);
    check_failures++;
    static double sink[PARAM_LIST_MAX + 1];
    return sink;
}

/* Checks and attaches; then lr[t], mom[t] for t = 0..n (mom may be NULL). */
static void run(Sched *s, Optim *o, int n, double *lr, double *mom)
{
    Err err = {0};
    int rc = sched_check(s, o, &err);
    CHECK(rc == 0);
    if (rc)
        fprintf(stderr, "  %s\n", err.msg);
    sched_attach(s, o);
    for (int t = 0; t <= n; t++) {
        if (t)
            sched_step(s, o);
        lr[t] = o->lr;
        if (mom)
            mom[t] = o->p[o->kind->beta1];
        CHECK(s->last_epoch == t);
    }
}

static const double PI = 3.141592653589793;

static void test_table(void)
{
    CHECK(sched_count >= 12);
    for (int i = 0; i < sched_count; i++) {
        const SchedKind *k = sched_kinds[i];
        CHECK(k->name && k->doc && k->attach && k->step);
        CHECK(sched_find(k->name) == k);
        CHECK(k->nparams == 0 || k->params != NULL);
        for (int j = 0; j < i; j++)
            CHECK(strcmp(sched_kinds[j]->name, k->name) != 0);
        /* slots fit and do not overlap */
        char used[SCHED_MAXP] = {0};
        for (int j = 0; j < k->nparams; j++) {
            const ParamDef *d = &k->params[j];
            int width = d->type == PARAM_PAIR ? 2 : d->type == PARAM_LIST ? 1 + PARAM_LIST_MAX : 1;
            CHECK(d->slot >= 0 && d->slot + width <= SCHED_MAXP);
            for (int w = 0; w < width && d->slot + w < SCHED_MAXP; w++) {
                CHECK(!used[d->slot + w]);
                used[d->slot + w] = 1;
            }
            CHECK(d->why != NULL);
            CHECK(d->type != PARAM_CHOICE || d->choices != NULL);
        }
    }
    CHECK(sched_find("steplr") == sched_find("StepLR"));
    CHECK(sched_find("ONECYCLELR") == sched_find("OneCycleLR"));
    CHECK(sched_find("cosineannealingWARMrestarts") != NULL);
    CHECK(sched_find("StepLRx") == NULL);
    CHECK(sched_find("Step") == NULL);
    CHECK(sched_find("") == NULL);
    CHECK(sched_find(NULL) == NULL);
    for (const char *const *n = (const char *const[]){ "StepLR", "MultiStepLR", "ConstantLR",
             "LinearLR", "ExponentialLR", "PolynomialLR", "CosineAnnealingLR", "CyclicLR",
             "OneCycleLR", "CosineAnnealingWarmRestarts", "InverseTimeLR", "InverseSqrtLR",
             NULL }; *n; n++)
        CHECK(sched_find(*n) != NULL && !strcmp(sched_find(*n)->name, *n));

    /* torch's defaults, 1/3 as Python's 1.0 / 3 */
    Sched s = make_sched("ConstantLR");
    CHECK(*kw(&s, "factor") == 1.0 / 3 && *kw(&s, "total_iters") == 5);
    s = make_sched("LinearLR");
    CHECK(*kw(&s, "start_factor") == 1.0 / 3 && *kw(&s, "end_factor") == 1.0);
    s = make_sched("CyclicLR");
    CHECK(*kw(&s, "step_size_up") == 2000 && isnan(*kw(&s, "step_size_down")));
    CHECK(*kw(&s, "base_momentum") == 0.8 && *kw(&s, "max_momentum") == 0.9);
    CHECK(*kw(&s, "cycle_momentum") == 1 && *kw(&s, "gamma") == 1.0);
    s = make_sched("OneCycleLR");
    CHECK(isnan(*kw(&s, "total_steps")) && *kw(&s, "pct_start") == 0.3);
    CHECK(*kw(&s, "div_factor") == 25.0 && *kw(&s, "final_div_factor") == 1e4);
    CHECK(*kw(&s, "base_momentum") == 0.85 && *kw(&s, "max_momentum") == 0.95);
    CHECK(*kw(&s, "three_phase") == 0);
}

static void test_none(void)
{
    Sched s = { .kind = NULL };
    Optim o = make_optim(&fake_sgd, 0.1);
    CHECK(sched_check(&s, &o, NULL) == 0);
    sched_attach(&s, &o);
    for (int t = 0; t < 10; t++)
        sched_step(&s, &o);
    CHECK(o.lr == 0.1 && o.p[1] == 0.9);
}

static void test_step(void)
{
    double lr[301];
    Sched s = make_sched("StepLR");
    *kw(&s, "step_size") = 7;
    *kw(&s, "gamma") = 0.5;
    Optim o = make_optim(&fake_sgd, 0.1);
    run(&s, &o, 300, lr, NULL);
    for (int t = 0; t <= 300; t++)
        CHECK_FEQ(lr[t], 0.1 * pow(0.5, t / 7), 1e-12);
    CHECK(lr[0] == 0.1 && lr[6] == 0.1 && lr[7] == 0.05);
    CHECK(o.p[1] == 0.9); /* momentum untouched */

    s = make_sched("ExponentialLR");
    *kw(&s, "gamma") = 0.97;
    o = make_optim(&fake_sgd, 0.2);
    run(&s, &o, 300, lr, NULL);
    for (int t = 0; t <= 300; t++)
        CHECK_FEQ(lr[t], 0.2 * pow(0.97, t), 1e-12);

    /* torch's Counter: a repeated milestone decays twice, order does not matter, and a
     * milestone 0 applies in the constructor's step */
    s = make_sched("MultiStepLR");
    double *m = kw(&s, "milestones");
    m[0] = 4, m[1] = 30, m[2] = 10, m[3] = 30, m[4] = 0;
    *kw(&s, "gamma") = 0.5;
    o = make_optim(&fake_sgd, 0.8);
    run(&s, &o, 60, lr, NULL);
    for (int t = 0; t <= 60; t++) {
        int k = 1 + (t >= 10) + 2 * (t >= 30);
        CHECK_FEQ(lr[t], 0.8 * pow(0.5, k), 1e-12);
    }
}

static void test_warmups(void)
{
    double lr[101];
    /* ConstantLR: base·factor before total_iters, base from then on */
    Sched s = make_sched("ConstantLR");
    *kw(&s, "factor") = 0.3;
    *kw(&s, "total_iters") = 4;
    Optim o = make_optim(&fake_sgd, 0.1);
    run(&s, &o, 20, lr, NULL);
    for (int t = 0; t <= 20; t++)
        CHECK_FEQ(lr[t], 0.1 * (t < 4 ? 0.3 : 1.0), 1e-12);

    /* ConstantLR defaults: 1/3 for 5 steps */
    s = make_sched("ConstantLR");
    o = make_optim(&fake_sgd, 0.3);
    run(&s, &o, 10, lr, NULL);
    CHECK_FEQ(lr[0], 0.1, 1e-12);
    CHECK_FEQ(lr[4], 0.1, 1e-12);
    CHECK_FEQ(lr[5], 0.3, 1e-12);

    /* LinearLR: base·(s + (e − s)·min(t, T)/T) */
    s = make_sched("LinearLR");
    *kw(&s, "start_factor") = 0.25;
    *kw(&s, "end_factor") = 0.75;
    *kw(&s, "total_iters") = 8;
    o = make_optim(&fake_sgd, 0.2);
    run(&s, &o, 30, lr, NULL);
    for (int t = 0; t <= 30; t++)
        CHECK_FEQ(lr[t], 0.2 * (0.25 + 0.5 * (t < 8 ? t : 8) / 8.0), 1e-12);

    /* LinearLR ramping down to 0 */
    s = make_sched("LinearLR");
    *kw(&s, "start_factor") = 1.0;
    *kw(&s, "end_factor") = 0.0;
    *kw(&s, "total_iters") = 10;
    o = make_optim(&fake_sgd, 0.2);
    run(&s, &o, 20, lr, NULL);
    for (int t = 0; t < 10; t++)
        CHECK_FEQ(lr[t], 0.2 * (1 - t / 10.0), 1e-12);
    for (int t = 10; t <= 20; t++)
        CHECK(lr[t] == 0);

    /* PolynomialLR: base·(1 − min(t, T)/T)^p, exactly 0 from T on */
    s = make_sched("PolynomialLR");
    *kw(&s, "total_iters") = 40;
    *kw(&s, "power") = 2.5;
    o = make_optim(&fake_sgd, 0.1);
    run(&s, &o, 60, lr, NULL);
    for (int t = 0; t < 40; t++)
        CHECK_FEQ(lr[t], 0.1 * pow(1 - t / 40.0, 2.5), 1e-12);
    for (int t = 40; t <= 60; t++)
        CHECK(lr[t] == 0);
}

static void test_cosine(void)
{
    double lr[401];
    /* the recursive form stays on the closed form over several periods (down and back up) */
    Sched s = make_sched("CosineAnnealingLR");
    *kw(&s, "T_max") = 50;
    *kw(&s, "eta_min") = 0.001;
    Optim o = make_optim(&fake_sgd, 0.1);
    run(&s, &o, 400, lr, NULL);
    for (int t = 0; t <= 400; t++)
        CHECK_FEQ(lr[t], 0.001 + (0.1 - 0.001) * (1 + cos(PI * t / 50)) / 2, 1e-12);
    CHECK(lr[0] == 0.1);
    CHECK_FEQ(lr[50], 0.001, 1e-12);
    CHECK_FEQ(lr[100], 0.1, 1e-12);

    /* SGDR: T_0 = 10, T_mult = 2 restarts at 10, 30, 70, 150, 310 */
    s = make_sched("CosineAnnealingWarmRestarts");
    *kw(&s, "T_0") = 10;
    *kw(&s, "T_mult") = 2;
    *kw(&s, "eta_min") = 0.01;
    o = make_optim(&fake_sgd, 0.5);
    run(&s, &o, 400, lr, NULL);
    long start = 0, len = 10;
    for (int t = 0; t <= 400; t++) {
        if (t == start + len)
            start += len, len *= 2;
        double cur = (double)(t - start);
        CHECK_FEQ(lr[t], 0.01 + (0.5 - 0.01) * (1 + cos(PI * cur / (double)len)) / 2, 1e-12);
        if (t == 0 || t == 10 || t == 30 || t == 70 || t == 150 || t == 310)
            CHECK(lr[t] == 0.5);
        else
            CHECK(lr[t] < 0.5);
    }

    /* T_mult = 1: a restart every T_0 steps */
    s = make_sched("CosineAnnealingWarmRestarts");
    *kw(&s, "T_0") = 7;
    o = make_optim(&fake_sgd, 0.5);
    run(&s, &o, 100, lr, NULL);
    for (int t = 0; t <= 100; t++)
        CHECK_FEQ(lr[t], 0.5 * (1 + cos(PI * (t % 7) / 7)) / 2, 1e-12);
}

static void test_cyclic(void)
{
    double lr[401], mom[401];
    /* triangular: base at 0, max at step_size_up, base again at 2·step_size_up; the
     * constructor sets lr = base_lr whatever the optimizer's lr; momentum runs inversely */
    Sched s = make_sched("CyclicLR");
    *kw(&s, "base_lr") = 0.01;
    *kw(&s, "max_lr") = 0.1;
    *kw(&s, "step_size_up") = 20;
    Optim o = make_optim(&fake_sgd, 0.5);
    run(&s, &o, 200, lr, mom);
    for (int t = 0; t <= 200; t++) {
        double x = fabs(fmod(t, 40.0) - 20) / 20; /* 1 at base, 0 at the peak */
        CHECK_FEQ(lr[t], 0.01 + 0.09 * (1 - x), 1e-12);
        CHECK_FEQ(mom[t], 0.9 - 0.1 * (1 - x), 1e-12);
    }
    CHECK(lr[0] == 0.01 && mom[0] == 0.9);
    CHECK_FEQ(lr[20], 0.1, 1e-12);
    CHECK_FEQ(mom[20], 0.8, 1e-12);
    CHECK_FEQ(lr[40], 0.01, 1e-12);
    CHECK(o.p[0] == 0.5); /* the keyword lr is not touched, only the current lr */

    /* step_size_down: up 15, down 35 */
    s = make_sched("CyclicLR");
    *kw(&s, "base_lr") = 0.01;
    *kw(&s, "max_lr") = 0.1;
    *kw(&s, "step_size_up") = 15;
    *kw(&s, "step_size_down") = 35;
    *kw(&s, "cycle_momentum") = 0;
    o = make_optim(&fake_adam, 0.5);
    run(&s, &o, 200, lr, mom);
    for (int t = 0; t <= 200; t++) {
        int c = t % 50;
        double h = c <= 15 ? c / 15.0 : (50 - c) / 35.0;
        CHECK_FEQ(lr[t], 0.01 + 0.09 * h, 1e-12);
        CHECK(mom[t] == 0.9); /* Adam's β₁ untouched */
    }

    /* triangular2 halves the amplitude every cycle */
    s = make_sched("CyclicLR");
    *kw(&s, "base_lr") = 0.01;
    *kw(&s, "max_lr") = 0.09;
    *kw(&s, "step_size_up") = 10;
    *kw(&s, "mode") = 1; /* triangular2 */
    o = make_optim(&fake_sgd, 0.5);
    run(&s, &o, 400, lr, mom);
    for (int c = 0; c < 20; c++) {
        CHECK_FEQ(lr[20 * c + 10], 0.01 + 0.08 / pow(2, c), 1e-12);
        CHECK_FEQ(mom[20 * c + 10], 0.9 - 0.1 / pow(2, c), 1e-12);
        CHECK_FEQ(lr[20 * c], 0.01, 1e-12);
    }

    /* exp_range scales the amplitude by γ^t */
    s = make_sched("CyclicLR");
    *kw(&s, "base_lr") = 0.01;
    *kw(&s, "max_lr") = 0.09;
    *kw(&s, "step_size_up") = 10;
    *kw(&s, "mode") = 2; /* exp_range */
    *kw(&s, "gamma") = 0.99;
    o = make_optim(&fake_sgd, 0.5);
    run(&s, &o, 400, lr, mom);
    for (int t = 0; t <= 400; t++) {
        double x = fabs(fmod(t, 20.0) - 10) / 10;
        CHECK_FEQ(lr[t], 0.01 + 0.08 * (1 - x) * pow(0.99, t), 1e-12);
        CHECK_FEQ(mom[t], 0.9 - 0.1 * (1 - x) * pow(0.99, t), 1e-12);
    }
}

static void test_onecycle(void)
{
    double lr[401], mom[401];
    /* cos, two phases: starts at max_lr/div_factor, peaks at pct_start·total − 1, ends at
     * initial/final_div_factor at total − 1 and holds there */
    Sched s = make_sched("OneCycleLR");
    *kw(&s, "max_lr") = 0.1;
    *kw(&s, "total_steps") = 100;
    Optim o = make_optim(&fake_sgd, 0.5);
    run(&s, &o, 150, lr, mom);
    double init = 0.1 / 25, min = init / 1e4;
    CHECK_FEQ(lr[0], init, 1e-12);
    CHECK_FEQ(lr[29], 0.1, 1e-12);
    CHECK_FEQ(lr[99], min, 1e-12);
    CHECK_FEQ(mom[0], 0.95, 1e-12);
    CHECK_FEQ(mom[29], 0.85, 1e-12);
    CHECK_FEQ(mom[99], 0.95, 1e-12);
    for (int t = 0; t <= 29; t++)
        CHECK_FEQ(lr[t], 0.1 + (init - 0.1) * (1 + cos(PI * t / 29)) / 2, 1e-12);
    for (int t = 29; t <= 99; t++)
        CHECK_FEQ(lr[t], min + (0.1 - min) * (1 + cos(PI * (t - 29) / 70)) / 2, 1e-12);
    for (int t = 100; t <= 150; t++)
        CHECK(lr[t] == lr[99] && mom[t] == mom[99]);
    for (int t = 1; t <= 29; t++)
        CHECK(lr[t] > lr[t - 1] && mom[t] < mom[t - 1]);

    /* Adam: β₁ is cycled; epochs·steps_per_epoch; linear; three phases */
    s = make_sched("OneCycleLR");
    *kw(&s, "max_lr") = 0.02;
    *kw(&s, "epochs") = 10;
    *kw(&s, "steps_per_epoch") = 20;
    *kw(&s, "anneal_strategy") = 1; /* linear */
    *kw(&s, "three_phase") = 1;
    *kw(&s, "pct_start") = 0.25;
    *kw(&s, "div_factor") = 10;
    *kw(&s, "final_div_factor") = 100;
    o = make_optim(&fake_adam, 0.5);
    run(&s, &o, 199, lr, mom);
    init = 0.002, min = 0.002 / 100;
    CHECK(o.p[2] == 0.999); /* β₂ untouched */
    for (int t = 0; t <= 49; t++) {
        CHECK_FEQ(lr[t], init + (0.02 - init) * t / 49, 1e-12);
        CHECK_FEQ(mom[t], 0.95 + (0.85 - 0.95) * t / 49, 1e-12);
    }
    for (int t = 49; t <= 98; t++) {
        CHECK_FEQ(lr[t], 0.02 + (init - 0.02) * (t - 49) / 49, 1e-12);
        CHECK_FEQ(mom[t], 0.85 + (0.95 - 0.85) * (t - 49) / 49, 1e-12);
    }
    for (int t = 98; t <= 199; t++) {
        CHECK_FEQ(lr[t], init + (min - init) * (t - 98) / 101, 1e-12);
        CHECK_FEQ(mom[t], 0.95, 1e-12);
    }

    /* cycle_momentum=False works with an optimizer without momentum */
    s = make_sched("OneCycleLR");
    *kw(&s, "max_lr") = 0.02;
    *kw(&s, "total_steps") = 50;
    *kw(&s, "cycle_momentum") = 0;
    o = make_optim(&fake_adagrad, 0.5);
    run(&s, &o, 49, lr, NULL);
    CHECK_FEQ(lr[0], 0.02 / 25, 1e-12);
    CHECK_FEQ(lr[49], 0.02 / 25 / 1e4, 1e-12);
}

static void test_decays(void)
{
    double lr[201];
    Sched s = make_sched("InverseTimeLR");
    *kw(&s, "decay") = 0.05;
    Optim o = make_optim(&fake_sgd, 0.3);
    run(&s, &o, 200, lr, NULL);
    for (int t = 0; t <= 200; t++)
        CHECK_FEQ(lr[t], 0.3 / (1 + 0.05 * t), 1e-15);

    s = make_sched("InverseSqrtLR");
    o = make_optim(&fake_sgd, 0.3);
    run(&s, &o, 200, lr, NULL);
    for (int t = 0; t <= 200; t++)
        CHECK_FEQ(lr[t], 0.3 / sqrt(1 + t), 1e-15);
}

/* sched_check must fail with a message containing needle */
static void bad(Sched *s, const Optim *o, const char *needle)
{
    Err err = {0};
    CHECK(sched_check(s, o, &err) == -1);
    CHECK_MSG(err.msg, needle);
}

static void test_check(void)
{
    Optim sgd = make_optim(&fake_sgd, 0.1);
    Optim adam = make_optim(&fake_adam, 0.1);
    Optim adagrad = make_optim(&fake_adagrad, 0.1);

    /* torch: CyclicLR cycling momentum needs 'momentum' in optimizer.defaults (not betas) */
    Sched s = make_sched("CyclicLR");
    *kw(&s, "base_lr") = 0.01;
    *kw(&s, "max_lr") = 0.1;
    bad(&s, &adam, "pass cycle_momentum=False");
    bad(&s, &adam, "SGD, RMSprop");
    bad(&s, &adagrad, "cycle_momentum=False");
    CHECK(sched_check(&s, &sgd, NULL) == 0);
    *kw(&s, "cycle_momentum") = 0;
    CHECK(sched_check(&s, &adam, NULL) == 0);
    CHECK(sched_check(&s, &adagrad, NULL) == 0);

    /* OneCycleLR: total_steps, or epochs and steps_per_epoch; momentum or betas */
    s = make_sched("OneCycleLR");
    *kw(&s, "max_lr") = 0.1;
    bad(&s, &sgd, "total_steps");
    *kw(&s, "epochs") = 3;
    bad(&s, &sgd, "steps_per_epoch");
    *kw(&s, "steps_per_epoch") = 7;
    CHECK(sched_check(&s, &sgd, NULL) == 0);
    CHECK(sched_check(&s, &adam, NULL) == 0);
    bad(&s, &adagrad, "cycle_momentum=False");
    *kw(&s, "cycle_momentum") = 0;
    CHECK(sched_check(&s, &adagrad, NULL) == 0);
    /* pct_start·total_steps = 1: torch divides 0 by 0 in its first step */
    *kw(&s, "total_steps") = 10;
    *kw(&s, "pct_start") = 0.1;
    bad(&s, &sgd, "pct_start");

    /* the others need nothing of the optimizer */
    s = make_sched("StepLR");
    *kw(&s, "step_size") = 3;
    CHECK(sched_check(&s, &adagrad, NULL) == 0);
}

int main(void)
{
    test_table();
    test_none();
    test_step();
    test_warmups();
    test_cosine();
    test_cyclic();
    test_onecycle();
    test_decays();
    test_check();
    return check_done();
}
