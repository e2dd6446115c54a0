/* test_race — the update core proper: determinism, events, knobs, history, mini-batches. */
#undef NDEBUG
#include <stdlib.h>

#include "check.h"
#include "race.h"

static Surface surf(const char *text)
{
    Surface s;
    Err e = {0};
    if (surface_init(&s, text, &e) < 0) {
        fprintf(stderr, "surface '%s': %s\n", text, e.msg);
        exit(1);
    }
    return s;
}

static int add(Race *r, const char *spec)
{
    Spec sp;
    Err e = {0};
    if (spec_parse(&sp, spec, &e) < 0) {
        fprintf(stderr, "spec '%s': %s\n", spec, e.msg);
        exit(1);
    }
    return race_add(r, &sp, &e);
}

static int all_finite(const Race *r)
{
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        if (!isfinite(rc->x[0]) || !isfinite(rc->x[1]) || !isfinite(rc->loss))
            return 0;
        for (int j = 0; j < rc->nhist; j++)
            if (!isfinite(rc->hist[j].x) || !isfinite(rc->hist[j].y) ||
                !isfinite(rc->hist[j].loss) || !isfinite(rc->hist[j].lr))
                return 0;
    }
    return 1;
}

static void determinism(void)
{
    Surface s = surf("rosenbrock");
    RaceConfig cfg = {.start = {-1.5, 2}, .has_start = 1, .noise = 0.5, .seed = 42};
    Race a, b;
    race_init(&a, &s, &cfg);
    race_init(&b, &s, &cfg);
    const char *specs[] = {"Adam(lr=0.01)", "SGD(lr=1e-3, momentum=0.9)", "RMSprop(lr=0.01)"};
    for (int i = 0; i < 3; i++) {
        add(&a, specs[i]);
        add(&b, specs[i]);
    }
    race_step(&a, 500);
    for (int k = 0; k < 50; k++) /* the same steps in other chunk sizes: the same race */
        race_step(&b, 10);
    for (int i = 0; i < 3; i++) {
        CHECK(memcmp(a.racer[i].x, b.racer[i].x, sizeof a.racer[i].x) == 0);
        CHECK(memcmp(&a.racer[i].opt.st, &b.racer[i].opt.st, sizeof a.racer[i].opt.st) == 0);
    }
    /* restart reproduces the race bit for bit */
    double x[2] = {a.racer[0].x[0], a.racer[0].x[1]};
    race_restart(&a);
    CHECK(a.step == 0 && a.racer[0].steps == 0 && a.racer[0].x[0] == -1.5);
    CHECK(a.racer[0].opt.st.t == 0 && a.racer[0].opt.st.m[0] == 0);
    race_step(&a, 500);
    CHECK(memcmp(x, a.racer[0].x, sizeof x) == 0);
    /* another seed, another race */
    Race c;
    cfg.seed = 43;
    race_init(&c, &s, &cfg);
    add(&c, specs[0]);
    race_step(&c, 500);
    CHECK(c.racer[0].x[0] != a.racer[0].x[0]);
    race_deinit(&a);
    race_deinit(&b);
    race_deinit(&c);
    surface_deinit(&s);
}

static void events(void)
{
    Surface s = surf("quadratic");
    Race r;
    race_init(&r, &s, &(RaceConfig){.start = {-8, 2}, .has_start = 1});
    int slow = add(&r, "SGD(lr=0.01)");
    int fast = add(&r, "SGD(lr=0.05, momentum=0.9)");
    int boom = add(&r, "SGD(lr=1e9)");
    CHECK(slow == 0 && fast == 1 && boom == 2);
    race_step(&r, 3000);
    CHECK(r.racer[boom].status == RACER_DIVERGED);
    CHECK(r.racer[boom].status_step >= 1 && r.racer[boom].status_step < 10);
    CHECK(r.racer[fast].status == RACER_CONVERGED && r.racer[fast].rank == 1);
    CHECK(r.racer[slow].status == RACER_CONVERGED && r.racer[slow].rank == 2);
    CHECK(r.racer[fast].finish >= r.racer[fast].status_step);
    CHECK(r.racer[fast].status_step < r.racer[slow].status_step);
    CHECK(all_finite(&r));
    /* the diverged racer stopped: its step count froze */
    CHECK(r.racer[boom].steps == r.racer[boom].status_step - 1 ||
          r.racer[boom].steps == r.racer[boom].status_step);
    /* events were raised in order, with their steps */
    CHECK(r.nevents == 3);
    const RaceEvent *e0 = race_event(&r, 0);
    CHECK(e0 && e0->racer == boom && e0->status == RACER_DIVERGED);
    CHECK(race_event(&r, 3) == NULL && race_event(&r, -1) == NULL);
    race_deinit(&r);

    /* stalled in a local minimum: converged (the gradient vanished) but not ranked */
    Surface st = surf("styblinski-tang");
    race_init(&r, &st, &(RaceConfig){.start = {3.5, 2}, .has_start = 1});
    add(&r, "SGD(lr=0.01)");
    add(&r, "SGD(lr=0.01)");
    r.racer[1].enabled = 0;
    race_step(&r, 2000);
    CHECK(r.racer[0].status == RACER_CONVERGED && r.racer[0].finish && !r.racer[0].at_minimum);
    CHECK(r.racer[0].rank == 0 && r.finished == 0);
    CHECK(r.racer[1].steps == 0); /* a racer turned off is not stepped */
    race_deinit(&r);
    surface_deinit(&st);

    /* NaN from the surface itself (log of a negative): diverged, never NaN outside */
    Surface l = surf("log(x)");
    race_init(&r, &l, &(RaceConfig){.start = {0.5, 0}, .has_start = 1});
    add(&r, "SGD(lr=1)");
    race_step(&r, 100);
    CHECK(r.racer[0].status == RACER_DIVERGED);
    CHECK(all_finite(&r));
    race_deinit(&r);
    surface_deinit(&l);

    /* extreme numbers: lr 1e9 and 1e-12, huge start, eps 0 — finite and reported */
    race_init(&r, &s, &(RaceConfig){.start = {1e150, -1e150}, .has_start = 1, .noise = 1e6});
    add(&r, "Adam(lr=1e9, eps=0)");
    add(&r, "Adagrad(lr=1e-12, eps=0)");
    add(&r, "RMSprop(lr=1e9, eps=0, alpha=0)");
    race_step(&r, 2000);
    CHECK(all_finite(&r));
    CHECK(r.racer[0].status == RACER_DIVERGED);
    race_deinit(&r);
    surface_deinit(&s);
}

static void knobs(void)
{
    Surface s = surf("rosenbrock");
    Race r, ref;
    RaceConfig cfg = {.start = {-1.5, 2}, .has_start = 1};
    race_init(&r, &s, &cfg);
    race_init(&ref, &s, &cfg);
    add(&r, "SGD(lr=1e-4, momentum=0.9) | ExponentialLR(gamma=0.99)");
    add(&ref, "SGD(lr=1e-4, momentum=0.9) | ExponentialLR(gamma=0.99)");
    race_step(&r, 20);
    race_step(&ref, 20);
    double lr_before = r.racer[0].opt.lr;
    double m[2] = {r.racer[0].opt.st.m[0], r.racer[0].opt.st.m[1]};
    race_set_param(&r, 0, 0, 2e-4); /* lr doubled mid-race */
    CHECK_FEQ(r.racer[0].opt.lr, 2 * lr_before, 1e-15);
    CHECK(r.racer[0].opt.st.m[0] == m[0] && r.racer[0].opt.st.m[1] == m[1]); /* state kept */
    CHECK(r.racer[0].steps == 20 && r.racer[0].x[0] == ref.racer[0].x[0]);   /* no jump */
    race_step(&r, 1);
    race_step(&ref, 1);
    /* the next step moved twice as far along the same momentum-free part */
    CHECK(r.racer[0].x[0] != ref.racer[0].x[0]);
    CHECK_FEQ(r.racer[0].opt.lr, 2 * ref.racer[0].opt.lr, 1e-15);
    /* a restart keeps the knob */
    race_restart(&r);
    CHECK_FEQ(r.racer[0].opt.lr, 2e-4, 0);
    /* momentum knob */
    race_set_param(&r, 0, r.racer[0].opt.kind->beta1, 0.5);
    CHECK(r.racer[0].opt.p[r.racer[0].opt.kind->beta1] == 0.5);
    race_deinit(&r);
    race_deinit(&ref);
    surface_deinit(&s);
}

static void history(void)
{
    Surface s = surf("booth");
    Race r;
    race_init(&r, &s, &(RaceConfig){.start = {-8, 8}, .has_start = 1, .history = 64});
    add(&r, "SGD(lr=1e-3)");
    race_step(&r, 63);
    CHECK(r.racer[0].nhist == 64 && r.racer[0].stride == 1);
    race_step(&r, 1000);
    const Racer *rc = &r.racer[0];
    CHECK(rc->nhist <= 64 && rc->nhist >= 16);
    CHECK(rc->hist[0].x == -8 && rc->hist[0].y == 8); /* the start stays */
    /* samples are the points at multiples of the stride: the last is at most a stride old */
    CHECK((rc->nhist - 1) * rc->stride <= rc->steps && rc->nhist * rc->stride > rc->steps);
    race_deinit(&r);
    surface_deinit(&s);
}

static void minibatch(void)
{
    Surface s = surf("linreg(n=64, noise=0.5, seed=3)");
    CHECK(s.n == 64 && s.nminima == 1);
    Race full, mini, mini2;
    race_init(&full, &s, &(RaceConfig){.start = {-2, 2}, .has_start = 1});
    race_init(&mini, &s, &(RaceConfig){.start = {-2, 2}, .has_start = 1, .batch = 8, .seed = 5});
    race_init(&mini2, &s, &(RaceConfig){.start = {-2, 2}, .has_start = 1, .batch = 8, .seed = 5});
    add(&full, "SGD(lr=0.1)");
    add(&mini, "SGD(lr=0.1)");
    add(&mini2, "SGD(lr=0.1)");
    race_step(&full, 200);
    race_step(&mini, 200);
    race_step(&mini2, 200);
    CHECK(full.racer[0].x[0] != mini.racer[0].x[0]);
    CHECK(memcmp(mini.racer[0].x, mini2.racer[0].x, sizeof mini.racer[0].x) == 0);
    /* both head for the least-squares fit */
    CHECK(hypot(full.racer[0].x[0] - s.minima[0][0], full.racer[0].x[1] - s.minima[0][1]) < 0.05);
    CHECK(hypot(mini.racer[0].x[0] - s.minima[0][0], mini.racer[0].x[1] - s.minima[0][1]) < 0.5);
    race_deinit(&full);
    race_deinit(&mini);
    race_deinit(&mini2);
    surface_deinit(&s);
}

static void membership(void)
{
    Surface s = surf("beale");
    Race r;
    Err e = {0};
    Spec sp;
    race_init(&r, &s, NULL);
    CHECK(r.cfg.start[0] == s.start[0] && r.cfg.start[1] == s.start[1]);
    spec_parse(&sp, "Adam()", &e);
    for (int i = 0; i < RACE_MAX; i++)
        CHECK(race_add(&r, &sp, &e) == i);
    CHECK(race_add(&r, &sp, &e) == -1);
    CHECK_MSG(e.msg, "at most");
    race_remove(&r, 3);
    CHECK(r.n == RACE_MAX - 1);
    race_set_start(&r, 2, 0.3);
    CHECK(r.racer[5].x[0] == 2 && r.racer[5].x[1] == 0.3 && r.step == 0);
    race_deinit(&r);
    CHECK(r.n == 0);
    surface_deinit(&s);
}

static int same(const Race *a, const Race *b)
{
    if (a->step != b->step || a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++) {
        const Racer *x = &a->racer[i], *y = &b->racer[i];
        if (memcmp(x->x, y->x, sizeof x->x) || memcmp(&x->opt.st, &y->opt.st, sizeof x->opt.st) ||
            x->opt.lr != y->opt.lr || memcmp(x->opt.p, y->opt.p, sizeof x->opt.p) ||
            x->nhist != y->nhist || memcmp(x->hist, y->hist, sizeof *x->hist * (size_t)x->nhist))
            return 0;
    }
    return 1;
}

/* the timeline at step k is a fresh run to step k, knobs included */
static void timeline(void)
{
    Surface s = surf("rosenbrock");
    RaceConfig cfg = {.start = {-1.5, 2}, .has_start = 1, .noise = 0.3, .seed = 11};
    Race r, fresh;
    race_init(&r, &s, &cfg);
    race_init(&fresh, &s, &cfg);
    const char *specs[] = {"Adam(lr=0.02) | StepLR(step_size=40, gamma=0.5)",
                           "SGD(lr=5e-4, momentum=0.9)"};
    for (int i = 0; i < 2; i++) {
        add(&r, specs[i]);
        add(&fresh, specs[i]);
    }
    race_step(&r, 100);
    race_set_param(&r, 0, 0, 0.05);             /* lr at step 100 */
    race_step(&r, 50);
    race_set_param(&r, 1, r.racer[1].opt.kind->beta1, 0.5); /* momentum at step 150 */
    race_step(&r, 50);

    /* fresh: the same knobs at the same steps */
    race_step(&fresh, 100);
    race_set_param(&fresh, 0, 0, 0.05);
    race_step(&fresh, 30);
    Race *f = &fresh;
    race_seek(&r, 130); /* back */
    CHECK(same(&r, f));
    race_seek(&r, 129); /* one step backward */
    race_seek(&r, 130);
    CHECK(same(&r, f));
    race_step(f, 20);
    race_set_param(f, 1, f->racer[1].opt.kind->beta1, 0.5);
    race_step(f, 50);
    race_seek(&r, 200); /* forward again, through the second knob */
    CHECK(same(&r, f));
    race_seek(&r, 0);
    CHECK(r.step == 0 && r.racer[0].opt.p[0] == 0.02 && r.racer[1].opt.p[r.racer[1].opt.kind->beta1] == 0.9);
    /* going back and turning a knob starts a new timeline */
    race_seek(&r, 120);
    race_set_param(&r, 0, 0, 0.01);
    CHECK(r.nknobs == 2);
    race_deinit(&r);
    race_deinit(&fresh);
    surface_deinit(&s);
}

/* The verdict has hysteresis: a racer that touches the minimum and leaves does not finish;
 * one that stays finishes at the step it arrived; a finish and its rank are never taken back,
 * even when the racer is kicked out later; nothing is ranked past the finish line. */
static void hysteresis(void)
{
    Surface s = surf("quadratic");
    Race r;
    race_init(&r, &s, &(RaceConfig){.start = {-8, 2}, .has_start = 1, .seed = 3});
    /* arrives, then its lr grows past 2/ky = 0.2 and the minimum turns unstable */
    add(&r, "SGD(lr=0.25) | LinearLR(start_factor=0.4, total_iters=300)");
    add(&r, "SGD(lr=0.3)");                       /* |1 − 3| = 2: diverges */
    add(&r, "SGD(lr=0.05, momentum=0.9)");        /* rattles with noise: touches, never stays */
    r.racer[0].noise = 1e-6;
    r.racer[2].noise = 0.5;
    r.end = 600;
    int rank[3] = {0}, left_after[3] = {0}, touched[3] = {0};
    RacerStatus was[3] = {RACER_RUNNING, RACER_RUNNING, RACER_RUNNING};
    for (int t = 0; t < 1000; t++) {
        race_step(&r, 1);
        for (int i = 0; i < 3; i++) {
            const Racer *rc = &r.racer[i];
            touched[i] += hypot(rc->x[0], rc->x[1]) < r.cfg.tol;
            left_after[i] += rc->status != RACER_CONVERGED && was[i] == RACER_CONVERGED &&
                             rc->finish > 0;
            was[i] = rc->status;
            if (rank[i])
                CHECK(rc->rank == rank[i]); /* never taken back, never renumbered */
            rank[i] = rc->rank;
            CHECK(!rc->finish || rc->finish <= rc->steps - RACE_HOLD + 1);
            CHECK(!rc->finish || rc->finish <= r.end);
        }
    }
    /* kicked out after it finished: it stays ranked */
    CHECK(r.racer[0].finish > 0 && left_after[0] > 0 && r.racer[0].rank == 1);
    CHECK(r.racer[1].status == RACER_DIVERGED && r.racer[1].rank == 0);
    /* touched the minimum many times, never stayed: not finished */
    CHECK(touched[2] > 0 && r.racer[2].finish == 0 && r.racer[2].rank == 0);
    /* one event per finish; no "left the minimum" events */
    int conv = 0;
    for (long q = 0; q < r.nevents; q++) {
        const RaceEvent *e = race_event(&r, q);
        CHECK(e && e->status != RACER_RUNNING);
        conv += e && e->status == RACER_CONVERGED;
    }
    CHECK(conv == r.finished);
    race_deinit(&r);

    /* the finish line: a racer that arrives after it is not ranked */
    race_init(&r, &s, &(RaceConfig){.start = {-8, 2}, .has_start = 1});
    add(&r, "SGD(lr=0.01)");
    r.end = 50;
    race_step(&r, 3000);
    CHECK(r.racer[0].status == RACER_CONVERGED && r.racer[0].finish == 0 && r.finished == 0);
    race_deinit(&r);
    surface_deinit(&s);
}

int main(void)
{
    timeline();
    determinism();
    events();
    hysteresis();
    knobs();
    history();
    minibatch();
    membership();
    return check_done();
}
