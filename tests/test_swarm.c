/* test_swarm — the batched update path: every particle runs exactly as a racer would (bit for
 * bit, every optimizer, every instruction set, any thread count); the basin map, the
 * hyperparameter map and the fair lr built on it. */
#undef NDEBUG
#include <stdlib.h>

#include "check.h"
#include "swarm.h"
#include "../src/core/swarm/swarm_impl.h"
#include "../src/core/swarm/batch.h"

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

static Spec spec(const char *text)
{
    Spec sp;
    Err e = {0};
    if (spec_parse(&sp, text, &e) < 0) {
        fprintf(stderr, "spec '%s': %s\n", text, e.msg);
        exit(1);
    }
    return sp;
}

static int same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

enum { GRID = 6, NSTART = GRID * GRID + 2 };

/* start points: a grid over the view grown by a fifth, and two far outside */
static void starts(const Surface *s, double (*p)[2])
{
    const Rect *v = &s->view;
    double w = v->x1 - v->x0, h = v->y1 - v->y0;
    for (int j = 0; j < GRID; j++)
        for (int i = 0; i < GRID; i++) {
            p[j * GRID + i][0] = v->x0 - 0.1 * w + 1.2 * w * (i + 0.37) / GRID;
            p[j * GRID + i][1] = v->y0 - 0.1 * h + 1.2 * h * (j + 0.61) / GRID;
        }
    p[GRID * GRID][0] = v->x1 + 3 * w;
    p[GRID * GRID][1] = v->y1 + 2 * h;
    p[GRID * GRID + 1][0] = s->start[0];
    p[GRID * GRID + 1][1] = s->start[1];
}

/* The swarm against one race per start point: the same x, loss, status and status step. */
static int mismatches;
static int seen[3]; /* racer statuses met: the comparisons cover all three */
static int unconverged; /* races where a converged racer left again */

static void versus_far(const char *surface, const char *text, int steps, int threads, int isa,
                       double far)
{
    Surface s = surf(surface);
    Spec sp = spec(text);
    double p[NSTART][2];
    starts(&s, p);
    Err e = {0};
    Swarm *sw = swarm_create(&(SwarmDesc){.surface = &s, .spec = &sp, .per = NSTART,
                                          .cfg = {.far = far}, .threads = threads, .isa = isa},
                             &e);
    CHECK(sw != NULL);
    if (!sw)
        return;
    for (int i = 0; i < NSTART; i++)
        swarm_set_start(sw, i, p[i][0], p[i][1]);
    swarm_restart(sw);
    swarm_step(sw, 7); /* in two pieces: a swarm_step boundary changes nothing */
    swarm_step(sw, steps - 7);
    CHECK(sw->step == steps);
    int bad = 0;
    for (int i = 0; i < NSTART; i++) {
        Race r;
        race_init(&r, &s, &(RaceConfig){.start = {p[i][0], p[i][1]}, .has_start = 1,
                                        .history = 16, .far = far});
        race_add(&r, &sp, &e);
        race_step(&r, steps);
        const Racer *rc = &r.racer[0];
        int ok = same(sw->x[i], rc->x[0]) && same(sw->y[i], rc->x[1]) &&
                 same(sw->loss[i], rc->loss) && sw->status[i] == (unsigned char)rc->status &&
                 sw->status_step[i] == rc->status_step;
        seen[rc->status]++;
        /* running, but its status changed after the start: it converged, then left */
        unconverged += rc->status == RACER_RUNNING && rc->status_step > 0;
        if (!ok && bad++ < 3)
            fprintf(stderr, "%s on %s (isa %d), start (%g, %g): swarm (%.17g, %.17g) %d@%d, "
                    "race (%.17g, %.17g) %d@%ld\n", text, surface, sw->impl->isa, p[i][0],
                    p[i][1], sw->x[i], sw->y[i], sw->status[i], sw->status_step[i], rc->x[0],
                    rc->x[1], rc->status, rc->status_step);
        race_deinit(&r);
    }
    CHECK(bad == 0);
    mismatches += bad;
    swarm_destroy(&sw);
    CHECK(sw == NULL);
    surface_deinit(&s);
}

static void versus_race(const char *surface, const char *text, int steps, int threads, int isa)
{
    versus_far(surface, text, steps, threads, isa, 0);
}

static const char *const every_optimizer[] = {
    "SGD(lr=0.01)",
    "SGD(lr=0.01, momentum=0.9)",
    "SGD(lr=0.01, momentum=0.9, nesterov=True)",
    "SGD(lr=0.01, momentum=0.8, dampening=0.1, weight_decay=0.01)",
    "SGDM(lr=0.05, beta=0.9)",
    "Adam(lr=0.05)",
    "Adam(lr=0.05, amsgrad=True, weight_decay=0.01)",
    "Adam(lr=0.05, bias_correction=False)",
    "AdamW(lr=0.05, weight_decay=0.1)",
    "AdamW(lr=0.05, amsgrad=True)",
    "Adagrad(lr=0.5)",
    "Adagrad(lr=0.5, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.01)",
    "Adadelta(lr=1)",
    "Adadelta(lr=1, rho=0.95, weight_decay=0.01)",
    "RMSprop(lr=0.01)",
    "RMSprop(lr=0.01, momentum=0.9, centered=True)",
    "RMSprop(lr=0.01, weight_decay=0.01, centered=True)",
    "RMSprop(lr=0.01, momentum=0.9)",
    "Rprop(lr=0.01)",
    "Adamax(lr=0.05)",
    "Adamax(lr=0.05, weight_decay=0.01)",
    "NAdam(lr=0.05)",
    "NAdam(lr=0.05, weight_decay=0.01, momentum_decay=0.01)",
    "RAdam(lr=0.05)",
    "RAdam(lr=0.05, weight_decay=0.01)",
    "AdaBound(lr=0.05)",
    "AdaBound(lr=0.05, amsbound=True, weight_decay=0.01)",
    "SWATS(lr=0.05, switch_eps=1e-5)",
    "Lion(lr=0.01)",
    "Lion(lr=0.01, weight_decay=0.1)",
    "SGD(lr=0.01, momentum=0.9) | StepLR(step_size=30, gamma=0.5)",
    "Adam(lr=0.05) | CosineAnnealingLR(T_max=100)",
    "SGD(lr=0.01, momentum=0.9) | OneCycleLR(max_lr=0.05, total_steps=400)",
    "SGD(lr=0.001, momentum=0.9) | CyclicLR(base_lr=0.001, max_lr=0.02, step_size_up=20)",
    "Lookahead(Adam(lr=0.05), k=5, alpha=0.5)",
    "Lookahead(SWATS(lr=0.05))",
    "Lookahead(SGD(lr=3), k=3)",
    "SGD(lr=3)", /* diverges from most starts */
    "Adam(lr=1e300)",
    "ASGD(lr=0.01)",
    "ASGD(lr=0.02, lambd=0.01, alpha=0.5, t0=20, weight_decay=0.01)",
    "ASGD(lr=0.01, t0=0) | StepLR(step_size=40, gamma=0.5)",
    /* gradient ascent: the batched loops negate g as optim_step does */
    "SGD(lr=0.001, momentum=0.9, maximize=True)",
    "Adam(lr=0.05, maximize=True)",
    "AdamW(lr=0.05, amsgrad=True, maximize=True)",
    "Adagrad(lr=0.5, maximize=True)",
    "Adadelta(lr=1, maximize=True)",
    "RMSprop(lr=0.01, momentum=0.9, centered=True, maximize=True)",
    "Rprop(lr=0.01, maximize=True)",
    "Adamax(lr=0.05, maximize=True)",
    "Lookahead(Adam(lr=0.05, maximize=True), k=4)",
};

/* Every kind whose step is one formula per coordinate has the batched loops; the two that
 * are not take their own step per particle (and are compared above all the same). */
static void every_kind_batched(void)
{
    for (int i = 0; i < optim_count; i++) {
        const OptimKind *k = optim_kinds[i];
        int whole = !strcmp(k->name, "LBFGS") || !strcmp(k->name, "SWATS");
        CHECK(whole ? k->batch == NULL : k->batch != NULL && k->prep && k->variant);
    }
}

/* Where the fused loops are built (x86-64), every batched kind has them, with every batched
 * surface kind but linreg: swarm/fused.c's list of surfaces keeps up with surf/. */
static void every_pair_fused(void)
{
    int kinds = 0, fused = 0;
    for (int i = 0; i < optim_count; i++) {
        const OptimBatch *b = optim_kinds[i]->batch;
        kinds += b != NULL;
        if (!b || !b->fused)
            continue;
        fused++;
        for (int j = 0; j < surface_count; j++) {
            const SurfaceKind *k = surface_kinds[j];
            int want = k->batch && strcmp(k->name, "linreg") != 0;
            CHECK((swarm_fused_for(b, k->batch) != NULL) == want);
        }
    }
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    CHECK(kinds > 10 && fused == kinds);
#else
    CHECK(fused == 0);
#endif
}

static void every_kind(void)
{
    int n = (int)(sizeof every_optimizer / sizeof every_optimizer[0]);
    int best = swarm_isa_best();
    for (int i = 0; i < n; i++) {
        versus_race("rosenbrock", every_optimizer[i], 300, 2, 0);
        versus_race("himmelblau", every_optimizer[i], 300, 1, 0);
        versus_race("six-hump-camel", every_optimizer[i], 150, 2, 0);
        for (int isa = 1; isa < best; isa++) /* the other instruction sets this CPU runs */
            versus_race("himmelblau", every_optimizer[i], 120, 2, isa);
    }
}

static void every_surface(void)
{
    /* (the last: undefined for x < 0, where racers stop at step 0) */
    const char *surfaces[] = {"beale", "rosenbrock(a=0.5, b=20)", "himmelblau", "quadratic",
                              "booth", "rastrigin", "six-hump-camel", "styblinski-tang",
                              "goldstein-price", "ackley", "x^2 + 3*y^2 + sin(x*y)", "linreg",
                              "matyas", "three-hump-camel", "levi13", "saddle", "monkey-saddle",
                              "sqrt(x + 2) + y^2"};
    const char *specs[] = {"Adam(lr=0.02)", "SGD(lr=0.001, momentum=0.9)", "RMSprop(lr=0.01)",
                           "SWATS(lr=0.02)", "SGD(lr=0.05, momentum=0.97)",
                           "ASGD(lr=0.005, t0=10)", "Adam(lr=0.02, maximize=True)"};
    for (size_t i = 0; i < sizeof surfaces / sizeof surfaces[0]; i++)
        for (size_t j = 0; j < sizeof specs / sizeof specs[0]; j++)
            for (int isa = 1; isa <= swarm_isa_best(); isa++)
                versus_race(surfaces[i], specs[j], 200, 2, isa);
    /* limits so wide that x_new − x_old can overflow: that is checked too */
    versus_far("rosenbrock", "SGD(lr=3)", 100, 2, 0, 1e306);
    versus_far("himmelblau", "Adam(lr=1e300)", 100, 2, 0, 1e306);
}

/* The batched evaluators are the per-point formulas, bit for bit: every surface kind has them
 * (defaults, then other parameters). */
static void batched_one(const char *text)
{
    enum { N = 1000 };
    static double x[N], y[N], f[N], gx[N], gy[N];
    Surface s = surf(text);
    const struct SurfBatch *b = swarm_surf_for(&s);
    CHECK(s.kind->batch != NULL && b == s.kind->batch);
    for (int i = 0; i < N; i++) {
        x[i] = -7 + 14 * (i * 0.618033988749895 - (int)(i * 0.618033988749895));
        y[i] = -7 + 14 * (i * 0.754877666246693 - (int)(i * 0.754877666246693));
    }
    for (int isa = 1; isa <= swarm_isa_best(); isa++) {
        swarm_eval(&s, b, isa, N, x, y, f, gx, gy);
        int bad = 0;
        for (int i = 0; i < N; i++) {
            double g[2], v = surface_eval(&s, x[i], y[i], g);
            bad += !same(v, f[i]) || !same(g[0], gx[i]) || !same(g[1], gy[i]);
        }
        CHECK(bad == 0);
    }
    surface_deinit(&s);
}

static void batched_surfaces(void)
{
    for (int k = 0; k < surface_count; k++)
        batched_one(surface_kinds[k]->name);
    const char *other[] = {"rosenbrock(a=0.5, b=20)", "quadratic(kx=2, ky=7)", "rastrigin(A=3)",
                           "linreg(n=17, noise=2, seed=5)"};
    for (size_t k = 0; k < sizeof other / sizeof other[0]; k++)
        batched_one(other[k]);
    /* an expression has no formula to batch: per point */
    Surface e = surf("x^2 + y");
    CHECK(swarm_surf_for(&e) == &surf_point_loops);
    surface_deinit(&e);
}

/* Blocks of every shape the fused loop has (swarm/fused_tmpl.h: shorter than its lag, a
 * multiple of its chunks, a tail; one block and two), with one particle that leaves the quiet
 * path at the first step where each part of the skewed loop counts it: it starts on a minimum
 * (converges) or far beyond the limits (diverges); the rest, near (0, 0), stay quiet for the
 * three steps. The loud one must be found (the block counts it), and the numbers must be the
 * split loops' (plain x86-64, no fused loop), bit for bit. */
static void block_shapes(void)
{
    Surface s = surf("himmelblau");
    Spec sp = spec("Adam(lr=0.01)");
    const int sizes[] = {1, 5, 15, 16, 17, 24, 31, 40, 256, 263};
    int checked = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        const int n = sizes[z];
        const int at[] = {0, 7, 8, 15, 16, 23, n / 2, n - 17, n - 9, n - 8, n - 1};
        for (size_t a = 0; a < sizeof at / sizeof at[0]; a++) {
            const int p = at[a];
            if (p < 0 || p >= n)
                continue;
            for (int how = 0; how < 2; how++) {
                Swarm *sw[2];
                for (int k = 0; k < 2; k++) {
                    sw[k] = swarm_create(&(SwarmDesc){.surface = &s, .spec = &sp, .per = n,
                                                      .threads = 1, .isa = k ? 1 : 0},
                                         NULL);
                    for (int i = 0; i < n; i++)
                        swarm_set_start(sw[k], i, 1e-3 * i, -1e-3 * i);
                    if (how == 0)
                        swarm_set_start(sw[k], p, 3, 2); /* a minimum */
                    else
                        swarm_set_start(sw[k], p, 1e6, 0); /* beyond the limits */
                    swarm_restart(sw[k]);
                    swarm_step(sw[k], 3);
                }
                int odd = 0;
                for (int i = 0; i < n; i++) {
                    int want = i != p ? RACER_RUNNING
                                      : how == 0 ? RACER_CONVERGED : RACER_DIVERGED;
                    odd += sw[0]->status[i] != want || sw[0]->status_step[i] != (i == p);
                    odd += !same(sw[0]->x[i], sw[1]->x[i]) || !same(sw[0]->y[i], sw[1]->y[i]) ||
                           !same(sw[0]->loss[i], sw[1]->loss[i]) ||
                           sw[0]->status[i] != sw[1]->status[i] ||
                           sw[0]->status_step[i] != sw[1]->status_step[i];
                }
                if (odd)
                    fprintf(stderr, "block of %d, particle %d %s: %d differ (status %d@%d, "
                            "split loops %d@%d)\n", n, p, how == 0 ? "on a minimum" : "far out",
                            odd, sw[0]->status[p], sw[0]->status_step[p], sw[1]->status[p],
                            sw[1]->status_step[p]);
                CHECK(odd == 0);
                checked++;
                for (int k = 0; k < 2; k++)
                    swarm_destroy(&sw[k]);
            }
        }
    }
    CHECK(checked > 100);
    surface_deinit(&s);
}

/* The same swarm on 1, 2 and 3 threads: the same numbers. */
static void thread_count(void)
{
    Surface s = surf("himmelblau");
    Spec sp = spec("Adam(lr=0.1)");
    enum { N = 3000 };
    Swarm *sw[3];
    for (int t = 0; t < 3; t++) {
        sw[t] = swarm_create(&(SwarmDesc){.surface = &s, .spec = &sp, .per = N, .threads = t + 1},
                             NULL);
        for (int i = 0; i < N; i++)
            swarm_set_start(sw[t], i, -5 + 10.0 * (i % 60) / 60, -5 + 10.0 * (i / 60) / 50);
        swarm_restart(sw[t]);
        swarm_step(sw[t], 150);
    }
    for (int t = 1; t < 3; t++) {
        CHECK(memcmp(sw[0]->x, sw[t]->x, sizeof(double) * N) == 0);
        CHECK(memcmp(sw[0]->y, sw[t]->y, sizeof(double) * N) == 0);
        CHECK(memcmp(sw[0]->status_step, sw[t]->status_step, sizeof(int) * N) == 0);
    }
    /* where they ended: a converged particle sits within tol of a known minimum, or stalled */
    int at = 0;
    for (int i = 0; i < N; i++) {
        double d;
        int j = swarm_nearest(sw[0], i, &d);
        CHECK(j >= 0 && j < 4 && d >= 0);
        at += sw[0]->status[i] == RACER_CONVERGED && d < 1e-3 * 10;
    }
    CHECK(at > N / 2);
    /* a restart is a fresh start */
    swarm_restart(sw[1]);
    swarm_step(sw[1], 100);
    swarm_step(sw[1], 50);
    CHECK(memcmp(sw[0]->x, sw[1]->x, sizeof(double) * N) == 0);
    for (int t = 0; t < 3; t++)
        swarm_destroy(&sw[t]);
    surface_deinit(&s);
}

/* ---- basin map ---- */

static SwarmBasin *basin(const Surface *s, const char *text, int w, int h, int steps)
{
    Spec sp = spec(text);
    Err e = {0};
    SwarmBasin *m = swarm_basin_create(s, &sp, &(SwarmBasinDesc){.view = s->view, .w = w,
                                       .h = h, .steps = steps}, &e);
    if (!m)
        fprintf(stderr, "basin map: %s\n", e.msg);
    return m;
}

static int count(const SwarmBasin *m, int cls)
{
    int k = 0;
    for (int c = 0; c < m->w * m->h; c++)
        k += m->cls[c] == cls;
    return k;
}

/* A convex bowl has one basin: every start point ends at its minimum. */
static void basin_convex(void)
{
    const char *surfaces[] = {"quadratic", "booth"};
    const char *specs[] = {"SGD(lr=0.05)", "Adam(lr=0.1)"};
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 2; k++) {
            Surface s = surf(surfaces[i]);
            int steps = k ? 2000 : 600; /* Adam's steps are about lr long: far corners */
            SwarmBasin *m = basin(&s, specs[k], 64, 48, steps);
            CHECK(m != NULL);
            if (!m)
                continue;
            swarm_basin_wait(m);
            CHECK(m->complete && m->done == 64 * 48);
            CHECK(count(m, 0) == 64 * 48);
            if (count(m, 0) != 64 * 48)
                fprintf(stderr, "%s on %s: %d at the minimum, %d moving, %d diverged\n",
                        specs[k], surfaces[i], count(m, 0), count(m, SWARM_BASIN_MOVING),
                        count(m, SWARM_BASIN_DIVERGED));
            CHECK(m->nclass == 1);
            int first = 1 << 30, last = 0;
            for (int c = 0; c < 64 * 48; c++) {
                first = m->step[c] < first ? m->step[c] : first;
                last = m->step[c] > last ? m->step[c] : last;
            }
            CHECK(first > 0 && last <= steps && first < last); /* steps to converge vary */
            swarm_basin_destroy(&m);
            CHECK(m == NULL);
            surface_deinit(&s);
        }
}

/* Himmelblau's four minima each drain a quarter-ish of the view; a cell's start point runs
 * in a race exactly as its particle did. */
static void basin_himmelblau(void)
{
    Surface s = surf("himmelblau");
    SwarmBasin *m = basin(&s, "SGD(lr=0.01)", 64, 64, 400);
    CHECK(m != NULL);
    if (!m)
        return;
    /* poll as a window would: cells appear, never disappear, the map completes */
    int last = 0, polls = 0;
    while (!swarm_basin_poll(m)) {
        CHECK(m->done >= last);
        last = m->done;
        polls++;
    }
    CHECK(m->complete && m->done == 64 * 64 && count(m, SWARM_BASIN_PENDING) == 0);
    for (int j = 0; j < 4; j++)
        CHECK(count(m, j) > 64 * 64 / 20);
    CHECK(m->nknown == 4 && m->nclass >= 4);
    int cells[][2] = {{0, 0}, {63, 0}, {10, 50}, {33, 31}, {63, 63}, {20, 7}};
    for (size_t q = 0; q < sizeof cells / sizeof cells[0]; q++) {
        int i = cells[q][0], j = cells[q][1], c = j * 64 + i;
        double x, y;
        swarm_basin_cell(m, i, j, &x, &y);
        Race r;
        Spec sp = spec("SGD(lr=0.01)");
        race_init(&r, &s, &(RaceConfig){.start = {x, y}, .has_start = 1, .history = 16});
        race_add(&r, &sp, NULL);
        race_step(&r, 400);
        const Racer *rc = &r.racer[0];
        CHECK(same(m->end[2 * c], rc->x[0]) && same(m->end[2 * c + 1], rc->x[1]));
        CHECK(same(m->loss[c], rc->loss));
        if (rc->status == RACER_CONVERGED)
            CHECK(m->step[c] == rc->status_step && m->cls[c] >= 0);
        if (rc->status == RACER_DIVERGED)
            CHECK(m->cls[c] == SWARM_BASIN_DIVERGED && m->step[c] == rc->status_step);
        race_deinit(&r);
    }
    swarm_basin_destroy(&m);

    /* destroyed while it runs: cancelled, nothing leaks */
    m = basin(&s, "Adam(lr=0.01)", 512, 512, 5000);
    CHECK(m != NULL);
    swarm_basin_poll(m);
    swarm_basin_destroy(&m);
    CHECK(m == NULL);

    /* bad views */
    Err e = {0};
    Spec sp = spec("Adam()");
    CHECK(swarm_basin_create(&s, &sp, &(SwarmBasinDesc){.view = {1, 0, 0, 1}}, &e) == NULL);
    CHECK_MSG(e.msg, "x0 < x1");
    surface_deinit(&s);
}

/* Too large a step: the map shows where the optimizer diverges, and when. */
static void basin_diverged(void)
{
    Surface s = surf("rosenbrock");
    SwarmBasin *m = basin(&s, "SGD(lr=0.003)", 32, 32, 200);
    CHECK(m != NULL);
    if (!m)
        return;
    swarm_basin_wait(m);
    int div = count(m, SWARM_BASIN_DIVERGED), early = 0;
    CHECK(div > 0 && div < 32 * 32);
    for (int c = 0; c < 32 * 32; c++)
        if (m->cls[c] == SWARM_BASIN_DIVERGED) {
            CHECK(m->step[c] > 0 && m->step[c] <= 200);
            CHECK(isfinite(m->end[2 * c]) && isfinite(m->end[2 * c + 1]) && isfinite(m->loss[c]));
            early += m->step[c] < 10;
        }
    CHECK(early > 0); /* the far corners go first */
    swarm_basin_destroy(&m);
    surface_deinit(&s);
}

/* Local minima are found and numbered: Styblinski–Tang has one known (global) minimum and
 * three more basins. */
static void basin_local(void)
{
    Surface s = surf("styblinski-tang");
    SwarmBasin *m = basin(&s, "SGD(lr=0.01)", 40, 40, 800);
    CHECK(m != NULL);
    if (!m)
        return;
    swarm_basin_wait(m);
    CHECK(m->nknown == 1 && m->nclass == 4);
    for (int j = 0; j < 4; j++)
        CHECK(count(m, j) > 40 * 40 / 10);
    swarm_basin_destroy(&m);
    surface_deinit(&s);
}

/* ---- hyperparameter map ---- */

/* More groups than swarm_plan takes (each block then runs its shadow's steps): the races. */
static void many_groups(void)
{
    Surface s = surf("himmelblau");
    Spec base = spec("Adam(lr=0.01, amsgrad=True)");
    Err e = {0};
    SwarmHpmap *m = swarm_hpmap_create(&s, &base, &(SwarmHpmapDesc){.lr0 = 1e-3, .lr1 = 0.3,
                                       .w = 20, .h = 16, .steps = 60}, &e);
    CHECK(m != NULL);
    if (!m)
        return;
    swarm_hpmap_wait(m);
    int bad = 0;
    for (int j = 0; j < m->h; j++)
        for (int i = 0; i < m->w; i++) {
            Spec sp;
            swarm_hpmap_spec(m, i, j, &sp);
            Race r;
            race_init(&r, &s, &(RaceConfig){.history = 16});
            race_add(&r, &sp, NULL);
            race_step(&r, 60);
            bad += !same(m->loss[j * m->w + i], r.racer[0].loss) ||
                   m->status[j * m->w + i] != r.racer[0].status;
            race_deinit(&r);
        }
    CHECK(bad == 0);
    swarm_hpmap_destroy(&m);
    surface_deinit(&s);
}

static void hpmap(void)
{
    Surface s = surf("rosenbrock");
    Spec base = spec("SGD(lr=0.001, momentum=0.9)");
    Err e = {0};
    SwarmHpmap *m = swarm_hpmap_create(&s, &base, &(SwarmHpmapDesc){.lr0 = 1e-5, .lr1 = 3e-3,
                                       .w = 12, .h = 10, .steps = 250}, &e);
    CHECK(m != NULL);
    if (!m) {
        fprintf(stderr, "hpmap: %s\n", e.msg);
        return;
    }
    swarm_hpmap_wait(m);
    CHECK(m->complete && m->done == 120);
    CHECK(m->lr[0] == 1e-5 && m->lr[11] == 3e-3 && m->lr[5] > m->lr[4]);
    CHECK(m->slot == base.opt.kind->beta1 && m->beta[0] == 0 && m->beta[9] == 0.99);
    CHECK(m->beta[5] > m->beta[4] && 1 - m->beta[5] < 0.5 * (1 - m->beta[3])); /* 1 − β log */
    int div = 0;
    for (int j = 0; j < m->h; j++)
        for (int i = 0; i < m->w; i++) {
            int c = j * m->w + i;
            Spec sp;
            swarm_hpmap_spec(m, i, j, &sp);
            CHECK(sp.opt.p[0] == m->lr[i] && sp.opt.p[m->slot] == m->beta[j]);
            Race r;
            race_init(&r, &s, &(RaceConfig){.history = 16});
            race_add(&r, &sp, NULL);
            race_step(&r, 250);
            const Racer *rc = &r.racer[0];
            int ok = same(m->loss[c], rc->loss) && m->status[c] == rc->status &&
                     (rc->status == RACER_RUNNING ? m->step[c] == 0
                                                  : m->step[c] == rc->status_step);
            CHECK(ok);
            div += rc->status == RACER_DIVERGED;
            race_deinit(&r);
        }
    CHECK(div > 0); /* large lr with large momentum: the map has a cliff */
    swarm_hpmap_destroy(&m);
    CHECK(m == NULL);

    /* the second knob of Adam by default is β₁; an optimizer without one gives one row */
    Spec ada = spec("Adagrad(lr=0.1)");
    m = swarm_hpmap_create(&s, &ada, &(SwarmHpmapDesc){.w = 8, .h = 8, .steps = 50}, &e);
    CHECK(m && m->h == 1 && m->slot == -1);
    swarm_hpmap_destroy(&m);
    Spec adam = spec("Adam(lr=0.1)");
    m = swarm_hpmap_create(&s, &adam, &(SwarmHpmapDesc){.slot = adam.opt.kind->beta2, .w = 4,
                                       .h = 4, .steps = 10}, &e);
    CHECK(m && m->beta[0] == 0.9 && m->beta[3] == 0.9999);
    swarm_hpmap_destroy(&m);
    CHECK(swarm_hpmap_create(&s, &adam, &(SwarmHpmapDesc){.b0 = 0.5, .b1 = 1.5}, &e) == NULL);
    CHECK_MSG(e.msg, "out of its range");
    Spec nes = spec("SGD(lr=0.1, momentum=0.9, nesterov=True)");
    CHECK(swarm_hpmap_create(&s, &nes, &(SwarmHpmapDesc){.w = 4, .h = 4}, &e) == NULL);
    CHECK_MSG(e.msg, "nesterov");
    surface_deinit(&s);
}

/* ---- fair lr ---- */

static double race_loss(const Surface *s, Spec sp, double lr, int steps)
{
    sp.opt.p[0] = sp.opt.lr = lr;
    Race r;
    race_init(&r, s, &(RaceConfig){.history = 16});
    race_add(&r, &sp, NULL);
    race_step(&r, steps);
    double l = r.racer[0].status == RACER_DIVERGED ? INFINITY : r.racer[0].loss;
    race_deinit(&r);
    return l;
}

static void fair_lr(void)
{
    Surface s = surf("quadratic");
    Spec sgd = spec("SGD()");
    double lr, loss, lr2, loss2;
    Err e = {0};
    CHECK(swarm_fair_lr(&s, &sgd, NULL, 100, 0, 0, &lr, &loss, &e) == 0);
    /* SGD on ½(x² + 10y²) is stable below 2/10 and fastest near 2/11 */
    CHECK(lr > 0.05 && lr < 0.2);
    CHECK(same(loss, race_loss(&s, sgd, lr, 100)));
    CHECK(loss <= race_loss(&s, sgd, 0.01, 100) && loss <= race_loss(&s, sgd, 0.1, 100));
    CHECK(swarm_fair_lr(&s, &sgd, NULL, 100, 0, 0, &lr2, &loss2, &e) == 0);
    CHECK(lr2 == lr && same(loss2, loss)); /* deterministic */
    surface_deinit(&s);

    s = surf("rosenbrock");
    Spec adam = spec("Adam()");
    CHECK(swarm_fair_lr(&s, &adam, NULL, 300, 0, 0, &lr, &loss, &e) == 0);
    CHECK(lr >= 1e-5 && lr <= 10);
    CHECK(loss < race_loss(&s, adam, 1e-3, 300)); /* better than the default lr */
    char buf[32];
    snprintf(buf, sizeof buf, "%.3g", lr);
    CHECK(strtod(buf, NULL) == lr); /* a legend shows it exactly */
    CHECK(swarm_fair_lr(&s, &adam, NULL, 300, 1, 0.5, &lr, &loss, &e) < 0);
    surface_deinit(&s);
}

int main(void)
{
    batched_surfaces();
    every_kind_batched();
    every_pair_fused();
    every_kind();
    CHECK(seen[RACER_RUNNING] > 100 && seen[RACER_CONVERGED] > 100 && seen[RACER_DIVERGED] > 100);
    every_surface();
    CHECK(unconverged > 0);
    thread_count();
    block_shapes();
    basin_convex();
    basin_himmelblau();
    basin_local();
    basin_diverged();
    hpmap();
    many_groups();
    fair_lr();
    if (mismatches)
        fprintf(stderr, "%d particles differ from their race\n", mismatches);
    return check_done();
}
