/* test_hostile — every optimizer on every surface at extreme settings: lr 1e-12 and 1e9, β at
 * 0 and 0.999999, eps 0, schedules that blow the lr up or crush it, huge start points, noise a
 * million times the signal, for thousands of steps. Whatever happens to the numbers, the core
 * must not crash, must hand out only finite values (point, loss, gradient, lr, optimizer state,
 * every history sample), must report a divergence with its step, and must leave a diverged
 * racer where it stopped. */
#undef NDEBUG
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "expr.h"
#include "race.h"
#include "scene.h"
#include "spec.h"
#include "surface.h"

enum { STEPS = 2000, HISTORY = 256 };

/* Schedules at the edges of their ranges: lr exploding to infinity, underflowing to 0, NaN
 * from ∞·0 inside the formula, periods overflowing. */
static const char *const sched_specs[] = {
    "StepLR(step_size=1, gamma=1e3)",
    "MultiStepLR(milestones=(1, 2, 3, 4), gamma=1e-300)",
    "ConstantLR(factor=1e-300, total_iters=1000000000000)",
    "LinearLR(start_factor=1e-300, end_factor=1, total_iters=3)",
    "ExponentialLR(gamma=10)",
    "PolynomialLR(total_iters=3, power=1e3)",
    "CosineAnnealingLR(T_max=1, eta_min=1e300)",
    "CyclicLR(base_lr=1e-300, max_lr=1e300, step_size_up=1, mode='exp_range', gamma=1e10, "
    "cycle_momentum=False)",
    "OneCycleLR(max_lr=1e300, total_steps=3, pct_start=0.5, div_factor=1e-300, "
    "final_div_factor=1e-300, cycle_momentum=False)",
    "CosineAnnealingWarmRestarts(T_0=1, T_mult=1000000, eta_min=1e300)",
    "InverseTimeLR(decay=1e300)",
    "InverseSqrtLR()",
    "CyclicLR(base_lr=0, max_lr=1e9, step_size_up=1, step_size_down=1000000000000000)",
    "OneCycleLR(max_lr=1e9, epochs=1000000, steps_per_epoch=1000000, three_phase=True, "
    "anneal_strategy='linear', base_momentum=0, max_momentum=0.999999)",
};
enum { NSCHED = (int)(sizeof sched_specs / sizeof sched_specs[0]) };

/* Hand-made worst cases beside the generic settings below. */
static const char *const special_specs[] = {
    "SGD(lr=1e9, momentum=0.999999, nesterov=True, weight_decay=1e300)",
    "SGD(lr=1e9, momentum=1e300, dampening=-1e300)",
    "SGDM(lr=1e9, beta=0.999999)",
    "Adam(lr=1e9, eps=0, amsgrad=True, weight_decay=1e300)",
    "AdamW(lr=1e9, betas=(0, 0), eps=0, weight_decay=1e300)",
    "Adagrad(lr=1e9, lr_decay=1e300, initial_accumulator_value=0, eps=0)",
    "Adadelta(lr=1e9, rho=1, eps=0, weight_decay=1e300)",
    "RMSprop(lr=1e9, alpha=0, eps=0, momentum=0.999999, centered=True)",
    "Rprop(lr=1e9, etas=(1e-300, 1e300), step_sizes=(-1e300, 1e300))",
    "Adamax(lr=1e9, betas=(0.999999, 0.999999), eps=0)",
    "NAdam(lr=1e9, betas=(0, 0.999999), eps=0, momentum_decay=1e300)",
    "RAdam(lr=1e9, betas=(0.999999, 0), eps=0)",
    "AdaBound(lr=1e9, final_lr=1e300, gamma=0.999999, eps=0, amsbound=True)",
    "SWATS(lr=1e9, betas=(0, 0), eps=0)",
    "Lion(lr=1e9, betas=(0, 0.999999), weight_decay=1e300)",
    "Lookahead(SGD(lr=1e9), k=1, alpha=1)",
};
enum { NSPECIAL = (int)(sizeof special_specs / sizeof special_specs[0]) };

typedef struct Setting {
    double lr, beta; /* beta < 0: leave the β knobs at their defaults */
    int eps0;
} Setting;

static const Setting settings[] = {
    {1e-12, 0, 1},
    {1e-12, 0.999999, 0},
    {1e9, 0, 0},
    {1e9, 0.999999, 1},
};
enum { NSETTING = (int)(sizeof settings / sizeof settings[0]) };

typedef struct Start {
    double x, y; /* both 0: the surface's own start */
} Start;

static const Start starts[] = {{0, 0}, {1e3, -1e3}, {1e150, -1e300}};

typedef struct Noise {
    double sigma, decay;
    int batch;
} Noise;

static const Noise noises[] = {{0, 0, 0}, {1e6, 0, 3}, {1e6, 0.55, 1}};

static long races, racer_steps, divergences;

/* The ParamDef of optimizer kind k that holds slot s, or NULL. */
static const ParamDef *def_of(const OptimKind *k, int s)
{
    for (int i = 0; i < k->nparams; i++) {
        const ParamDef *d = &k->params[i];
        if (d->slot == s || (d->type == PARAM_PAIR && d->slot + 1 == s))
            return d;
    }
    return NULL;
}

static int allowed(const ParamDef *d, double v)
{
    if (d->lo == 0 && d->hi == 0)
        return 1;
    int lo = (d->flags & PARAM_LO_OPEN) ? v > d->lo : v >= d->lo;
    int hi = (d->flags & PARAM_HI_OPEN) ? v < d->hi : v <= d->hi;
    return lo && hi;
}

static void set_if_allowed(Spec *s, int slot, double v)
{
    const ParamDef *d = slot >= 0 ? def_of(s->opt.kind, slot) : NULL;
    if (d && allowed(d, v))
        s->opt.p[slot] = v;
}

/* Optimizer k (NULL: Lookahead around Adam) at setting st, through the spec text: what the
 * parser accepts is what the race gets. */
static void make_spec(Spec *s, const OptimKind *k, const Setting *st, const char *sched)
{
    Err err;
    char text[2048];
    snprintf(text, sizeof text, "%s()", k ? k->name : "Adam");
    CHECK(spec_parse(s, text, &err) == 0);
    set_if_allowed(s, 0, st->lr);
    if (st->beta >= 0) {
        set_if_allowed(s, s->opt.kind->beta1, st->beta);
        set_if_allowed(s, s->opt.kind->beta2, st->beta);
    }
    if (st->eps0)
        for (int i = 0; i < s->opt.kind->nparams; i++)
            if (!strcmp(s->opt.kind->params[i].name, "eps"))
                set_if_allowed(s, s->opt.kind->params[i].slot, 0);
    char canon[1024];
    int n = spec_format(s, canon, sizeof canon);
    CHECK(n > 0 && (size_t)n < sizeof canon);
    if (k)
        snprintf(text, sizeof text, "%s%s%s", canon, sched ? " | " : "", sched ? sched : "");
    else
        snprintf(text, sizeof text, "Lookahead(%s, k=3, alpha=0.999999)%s%s", canon,
                 sched ? " | " : "", sched ? sched : "");
    if (spec_parse(s, text, &err) < 0) {
        /* a cycling schedule needs momentum the optimizer may not have: run it plain */
        CHECK(strstr(err.msg, "momentum") != NULL);
        if (!strstr(err.msg, "momentum"))
            fprintf(stderr, "'%s': %s\n", text, err.msg);
        CHECK(spec_parse(s, k ? canon : "Lookahead(Adam(lr=1e9, eps=0), k=3)", &err) == 0);
    }
}

static int all_finite(const double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

static int sample_finite(const Sample *h)
{
    return isfinite(h->x) && isfinite(h->y) && isfinite(h->loss) && isfinite(h->lr);
}

/* What the renderer and the recorder may read of a racer: all finite. */
static int racer_finite(const Racer *rc)
{
    const OptimState *st = &rc->opt.st;
    double p[OPTIM_MAXP]; /* None (NAN) where a keyword takes it, LBFGS's max_eval */
    memcpy(p, rc->opt.p, sizeof p);
    for (int i = 0; i < rc->opt.kind->nparams; i++)
        if ((rc->opt.kind->params[i].flags & PARAM_NONE_OK) && isnan(p[rc->opt.kind->params[i].slot]))
            p[rc->opt.kind->params[i].slot] = 0;
    return all_finite(rc->x, 2) && isfinite(rc->loss) && all_finite(rc->g, 2) &&
           isfinite(rc->opt.lr) && all_finite(st->m, 2) && all_finite(st->v, 2) &&
           all_finite(st->u, 2) && all_finite(st->w, 2) && all_finite(st->step, 2) &&
           all_finite(p, OPTIM_MAXP);
}

static void report(const Race *r, int i, const char *what)
{
    const Racer *rc = &r->racer[i];
    const OptimState *st = &rc->opt.st;
    fprintf(stderr, "  %s: racer %d '%s' on '%s' from (%g, %g), noise %g/%g, step %ld: x=(%g, %g) "
            "loss=%g g=(%g, %g) lr=%g m=(%g, %g) v=(%g, %g) u=(%g, %g) w=(%g, %g) status %d@%ld\n",
            what, i, rc->spec.text, r->surface->name, r->cfg.start[0], r->cfg.start[1],
            r->cfg.noise, r->cfg.noise_decay, rc->steps, rc->x[0], rc->x[1], rc->loss, rc->g[0],
            rc->g[1], rc->opt.lr, st->m[0], st->m[1], st->v[0], st->v[1], st->u[0], st->u[1],
            st->w[0], st->w[1], rc->status, rc->status_step);
}

/* Runs a race step by step, checking every racer after every step. */
static void run(Race *r, int steps, double knob)
{
    double at[RACE_MAX][2];
    int was_diverged[RACE_MAX] = {0};
    long at_steps[RACE_MAX];
    int failed[RACE_MAX] = {0}; /* report each racer once */
    races++;
    for (int s = 0; s <= steps; s++) {
        if (s > 0)
            race_step(r, 1);
        if (s == steps / 2 && knob > 0) /* someone turns the lr knob to the other extreme */
            for (int i = 0; i < r->n; i++)
                race_set_param(r, i, 0, knob);
        for (int i = 0; i < r->n; i++) {
            const Racer *rc = &r->racer[i];
            int ok = racer_finite(rc) && rc->nhist >= 1 && sample_finite(&rc->hist[rc->nhist - 1]);
            if (rc->status == RACER_DIVERGED) {
                /* step 0 only when the start itself is outside the domain */
                ok = ok && (rc->status_step >= 1 || rc->steps == 0);
                if (was_diverged[i])
                    ok = ok && at[i][0] == rc->x[0] && at[i][1] == rc->x[1] &&
                         at_steps[i] == rc->steps;
            }
            CHECK(ok || failed[i]);
            if (!ok && !failed[i]) {
                report(r, i, "not finite or moved after diverging");
                failed[i] = 1;
            }
            if (rc->status == RACER_DIVERGED && !was_diverged[i])
                divergences++;
            was_diverged[i] = rc->status == RACER_DIVERGED;
            at[i][0] = rc->x[0];
            at[i][1] = rc->x[1];
            at_steps[i] = rc->steps;
        }
    }
    racer_steps += (long)steps * r->n;
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        int ok = 1;
        for (int j = 0; j < rc->nhist; j++)
            ok = ok && sample_finite(&rc->hist[j]);
        CHECK(ok);
        if (!ok)
            report(r, i, "history sample not finite");
        if (rc->status == RACER_DIVERGED) {
            /* the newest event of this racer says so, with the same step */
            const RaceEvent *last = NULL;
            for (long k = r->nevents - 1; k >= 0 && k >= r->nevents - RACE_EVENTS; k--) {
                const RaceEvent *e = race_event(r, k);
                if (e && e->racer == i) {
                    last = e;
                    break;
                }
            }
            CHECK(!last || (last->status == RACER_DIVERGED && last->step == rc->status_step));
        }
    }
}

static void race_with(const Surface *s, const Start *st, const Noise *nz, Spec *specs, int n,
                      double knob)
{
    RaceConfig cfg = {.noise = nz->sigma, .noise_decay = nz->decay, .history = HISTORY,
                      .seed = 7, .batch = s->n > 0 ? nz->batch : 0};
    if (st->x != 0 || st->y != 0) {
        cfg.start[0] = st->x;
        cfg.start[1] = st->y;
        cfg.has_start = 1;
    }
    Race r;
    race_init(&r, s, &cfg);
    Err err;
    for (int i = 0; i < n; i++)
        CHECK(race_add(&r, &specs[i], &err) == i);
    run(&r, STEPS, knob);
    /* back and forth on the timeline (the knob turn replays): the same end, bit for bit */
    double x[RACE_MAX][2];
    RacerStatus status[RACE_MAX];
    for (int i = 0; i < r.n; i++) {
        x[i][0] = r.racer[i].x[0];
        x[i][1] = r.racer[i].x[1];
        status[i] = r.racer[i].status;
    }
    race_seek(&r, STEPS / 4);
    int same = 1;
    for (int i = 0; i < r.n; i++)
        same = same && racer_finite(&r.racer[i]);
    race_seek(&r, STEPS);
    for (int i = 0; i < r.n; i++)
        same = same && racer_finite(&r.racer[i]) && status[i] == r.racer[i].status &&
               !memcmp(x[i], r.racer[i].x, sizeof x[i]);
    CHECK(same);
    if (!same)
        fprintf(stderr, "  race_seek back and forth on '%s' from (%g, %g) ends elsewhere\n",
                s->name, r.cfg.start[0], r.cfg.start[1]);
    /* once more from the start: a restart must clear whatever the first run left */
    race_restart(&r);
    run(&r, STEPS / 8, 0);
    race_deinit(&r);
}

static void hostile_surface(const Surface *s)
{
    Spec specs[RACE_MAX];
    for (size_t a = 0; a < sizeof starts / sizeof starts[0]; a++)
        for (size_t b = 0; b < sizeof noises / sizeof noises[0]; b++) {
            for (int t = 0; t < NSETTING; t++)
                for (int with_sched = 0; with_sched < 2; with_sched++) {
                    int n = 0;
                    double knob = settings[t].lr < 1 ? 1e9 : 1e-12;
                    for (int k = 0; k <= optim_count; k++) {
                        const char *sched =
                            with_sched ? sched_specs[(k + t * 3 + (int)a) % NSCHED] : NULL;
                        make_spec(&specs[n++], k < optim_count ? optim_kinds[k] : NULL,
                                  &settings[t], sched);
                        if (n == RACE_MAX || k == optim_count) { /* a race holds RACE_MAX */
                            race_with(s, &starts[a], &noises[b], specs, n, knob);
                            n = 0;
                        }
                    }
                }
            int n = 0;
            Err err;
            for (int k = 0; k < NSPECIAL; k++) {
                int ok = spec_parse(&specs[n], special_specs[k], &err) == 0;
                CHECK(ok);
                if (!ok)
                    fprintf(stderr, "'%s': %s\n", special_specs[k], err.msg);
                else
                    n++;
            }
            race_with(s, &starts[a], &noises[b], specs, n, 0);
        }
}

/* What the fuzzers found (tests/corpus/regress/ replays the inputs themselves; these say what
 * was wrong, in builds whose sanitizers would not see it). */
static void regressions(void)
{
    Spec s, t;
    Err err;
    /* k = 6.7e13 was cast to int (undefined behaviour): k is at most 1e9 now */
    CHECK(spec_parse(&s, "Lookahead(Rprop(lr=1), k=66666666666666)", &err) < 0);
    CHECK_MSG(err.msg, "k must be in [1, 1e+09]");
    /* epochs·steps_per_epoch overflowed a long */
    CHECK(spec_parse(&s, "SGD(momentum=0.9) | OneCycleLR(max_lr=0.1, epochs=1e15, "
                     "steps_per_epoch=1e15)", &err) < 0);
    CHECK_MSG(err.msg, "too large");
    /* spec_format wrote alpha with %g: the canonical text read back another alpha */
    CHECK(spec_parse(&s, "Lookahead(SGD(), alpha=0.53333333333333333)", &err) == 0);
    char canon[1024];
    spec_format(&s, canon, sizeof canon);
    CHECK(spec_parse(&t, canon, &err) == 0 && t.opt.la_alpha == s.opt.la_alpha);
    /* a milestone of 2.5 was taken (and never reached) */
    CHECK(spec_parse(&s, "SGD() | MultiStepLR(milestones=(2.5, 1000))", &err) < 0);
    CHECK_MSG(err.msg, "milestones[0] must be an integer");
    /* LinearLR's first steps divide by a subnormal start_factor: the lr overflows; the racer
     * diverges with the lr it had */
    Surface sf;
    CHECK(surface_init(&sf, "rosenbrock", &err) == 0);
    Race r;
    race_init(&r, &sf, &(RaceConfig){.start = {-1.5, 2}, .has_start = 1});
    CHECK(spec_parse(&s, "SGD(lr=0.1, momentum=0.9) | LinearLR(start_factor=0.311e-320, "
                     "total_iters=2)", &err) == 0);
    CHECK(race_add(&r, &s, &err) == 0);
    race_step(&r, 10);
    CHECK(r.racer[0].status == RACER_DIVERGED && r.racer[0].status_step >= 1);
    CHECK(racer_finite(&r.racer[0]));
    race_deinit(&r);
    surface_deinit(&sf);
    /* exact gradients where a power's exponent or value is infinite or 0 were NaN */
    Expr *e = expr_create("-x^ +- -y^-2", &err); /* −x^(y^−2): 0 near (0, 0) */
    double g[2];
    CHECK(e && expr_eval(e, 0, 0, g) == 0 && g[0] == 0);
    expr_destroy(&e);
    e = expr_create("X-x^- x^- +-2^20+ SIN(Y)", &err); /* x − x^(−x^(2^20)) + sin y */
    CHECK(e);
    double f = expr_eval(e, -3, 0.25, g);
    CHECK_FEQ(f, -3 + sin(0.25), 1e-15);
    CHECK(g[0] == 1);
    CHECK_FEQ(g[1], cos(0.25), 1e-15);
    expr_destroy(&e);
    /* scene lines longer than inih's buffer were cut: the rest became a line of its own */
    char text[600], cap[301];
    memset(cap, 'w', 300);
    for (int i = 4; i < 300; i += 5)
        cap[i] = ' ';
    cap[300] = 0;
    snprintf(text, sizeof text, "[scene]\nsurface = beale\ncaption = %s\n[racers]\nopt = SGD()\n",
             cap);
    Scene sc;
    CHECK(scene_parse(&sc, "long.ini", text, &err) < 0 && err.line == 3);
    CHECK_MSG(err.msg, "longer than");
    /* ... and a cut after a run of '\r' looked like a short line: the error named line 3 of 2 */
    char crs[400] = "[scene]";
    memset(crs + 7, '\r', 300);
    snprintf(crs + 307, sizeof crs - 307, "surface = beale\n");
    CHECK(scene_parse(&sc, "cr.ini", crs, &err) < 0 && err.line == 1);
    CHECK_MSG(err.msg, "longer than");
    /* inih goes on after an error: the message was the last error's, the line the first's */
    CHECK(scene_parse(&sc, "two.ini", "[scene]\nsurface = beale\n[racers]\nopt = Adam(lr=-1)\n"
                      "batch = 0\n", &err) < 0 && err.line == 4);
    CHECK_MSG(err.msg, "lr must be >= 0");
    CHECK(scene_parse(&sc, "two.ini", "[scene]\nsurface = beale\nno equals sign\n[racers]\n"
                      "opt = Adam(lr=-1)\n", &err) < 0 && err.line == 3);
    CHECK_MSG(err.msg, "expected '[section]' or 'key = value'");
}

int main(void)
{
    regressions();
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    static const char *const exprs[] = {"1/(x-x)", "log(x)", "exp(x*y)", "x^2 + 3*y^2",
                                        "sqrt(abs(x)) + y^-2"};
    for (int k = 0; k < surface_count + (int)(sizeof exprs / sizeof exprs[0]); k++) {
        const char *text = k < surface_count ? surface_kinds[k]->name : exprs[k - surface_count];
        Surface s;
        Err err;
        int ok = surface_init(&s, text, &err) == 0;
        CHECK(ok);
        if (!ok) {
            fprintf(stderr, "surface '%s': %s\n", text, err.msg);
            continue;
        }
        hostile_surface(&s);
        surface_deinit(&s);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%ld races, %ld racer-steps, %ld divergences reported, %.1f s\n", races, racer_steps,
           divergences, (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    return check_done();
}
