/* test_swarm — the batched update path: every particle runs exactly as a racer would (bit for
 * bit, every optimizer, every instruction set, any thread count); the basin map, the
 * hyperparameter map and the fair lr built on it. */
#undef NDEBUG
#include <stdlib.h>

#include "check.h"
#include "swarm.h"
#include "../src/core/swarm_impl.h"

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

static void versus_race(const char *surface, const char *text, int steps, int threads, int isa)
{
    Surface s = surf(surface);
    Spec sp = spec(text);
    double p[NSTART][2];
    starts(&s, p);
    Err e = {0};
    Swarm *sw = swarm_create(&(SwarmDesc){.surface = &s, .spec = &sp, .per = NSTART,
                                          .threads = threads, .isa = isa}, &e);
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
                                        .history = 16});
        race_add(&r, &sp, &e);
        race_step(&r, steps);
        const Racer *rc = &r.racer[0];
        int ok = same(sw->x[i], rc->x[0]) && same(sw->y[i], rc->x[1]) &&
                 same(sw->loss[i], rc->loss) && sw->status[i] == (unsigned char)rc->status &&
                 sw->status_step[i] == rc->status_step;
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

static const char *const every_optimizer[] = {
    "SGD(lr=0.01)",
    "SGD(lr=0.01, momentum=0.9)",
    "SGD(lr=0.01, momentum=0.9, nesterov=True)",
    "SGD(lr=0.01, momentum=0.8, dampening=0.1, weight_decay=0.01)",
    "SGDM(lr=0.05, beta=0.9)",
    "Adam(lr=0.05)",
    "Adam(lr=0.05, amsgrad=True, weight_decay=0.01)",
    "AdamW(lr=0.05, weight_decay=0.1)",
    "AdamW(lr=0.05, amsgrad=True)",
    "Adagrad(lr=0.5)",
    "Adagrad(lr=0.5, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.01)",
    "Adadelta(lr=1)",
    "Adadelta(lr=1, rho=0.95, weight_decay=0.01)",
    "RMSprop(lr=0.01)",
    "RMSprop(lr=0.01, momentum=0.9, centered=True)",
    "RMSprop(lr=0.01, weight_decay=0.01, centered=True)",
    "Rprop(lr=0.01)",
    "Adamax(lr=0.05)",
    "NAdam(lr=0.05)",
    "RAdam(lr=0.05)",
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
    "SGD(lr=3)", /* diverges from most starts */
    "Adam(lr=1e300)",
};

static void every_kind(void)
{
    int n = (int)(sizeof every_optimizer / sizeof every_optimizer[0]);
    int best = swarm_isa_best();
    for (int i = 0; i < n; i++) {
        versus_race("rosenbrock", every_optimizer[i], 300, 2, 0);
        versus_race("himmelblau", every_optimizer[i], 300, 1, 0);
        for (int isa = 1; isa < best; isa++) /* the other instruction sets this CPU runs */
            versus_race("himmelblau", every_optimizer[i], 120, 2, isa);
    }
}

static void every_surface(void)
{
    const char *surfaces[] = {"beale", "rosenbrock(a=0.5, b=20)", "himmelblau", "quadratic",
                              "booth", "rastrigin", "six-hump-camel", "styblinski-tang",
                              "goldstein-price", "ackley", "x^2 + 3*y^2 + sin(x*y)", "linreg"};
    const char *specs[] = {"Adam(lr=0.02)", "SGD(lr=0.001, momentum=0.9)", "RMSprop(lr=0.01)",
                           "SWATS(lr=0.02)"};
    for (size_t i = 0; i < sizeof surfaces / sizeof surfaces[0]; i++)
        for (size_t j = 0; j < sizeof specs / sizeof specs[0]; j++)
            versus_race(surfaces[i], specs[j], 200, 2, 0);
}

/* The batched evaluators are the per-point formulas, bit for bit. */
static void batched_surfaces(void)
{
    const char *surfaces[] = {"beale", "rosenbrock(a=0.5, b=20)", "himmelblau",
                              "quadratic(kx=2, ky=7)", "booth", "rastrigin(A=3)",
                              "six-hump-camel", "styblinski-tang"};
    enum { N = 1000 };
    static double x[N], y[N], f[N], gx[N], gy[N];
    for (size_t k = 0; k < sizeof surfaces / sizeof surfaces[0]; k++) {
        Surface s = surf(surfaces[k]);
        SurfId id = swarm_surf_for(&s);
        CHECK(id != SURF_POINT);
        for (int i = 0; i < N; i++) {
            x[i] = -7 + 14 * (i * 0.618033988749895 - (int)(i * 0.618033988749895));
            y[i] = -7 + 14 * (i * 0.754877666246693 - (int)(i * 0.754877666246693));
        }
        for (int isa = 1; isa <= swarm_isa_best(); isa++) {
            swarm_eval(&s, id, isa, N, x, y, f, gx, gy);
            int bad = 0;
            for (int i = 0; i < N; i++) {
                double g[2], v = surface_eval(&s, x[i], y[i], g);
                bad += !same(v, f[i]) || !same(g[0], gx[i]) || !same(g[1], gy[i]);
            }
            CHECK(bad == 0);
        }
        surface_deinit(&s);
    }
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
    /* a restart is a fresh start */
    swarm_restart(sw[1]);
    swarm_step(sw[1], 100);
    swarm_step(sw[1], 50);
    CHECK(memcmp(sw[0]->x, sw[1]->x, sizeof(double) * N) == 0);
    for (int t = 0; t < 3; t++)
        swarm_destroy(&sw[t]);
    surface_deinit(&s);
}

int main(void)
{
    batched_surfaces();
    every_kind();
    every_surface();
    thread_count();
    if (mismatches)
        fprintf(stderr, "%d particles differ from their race\n", mismatches);
    return check_done();
}
