/* bench_core — update-core throughput: steps per second per optimizer on Rosenbrock.
 * A benchmark reports; it never fails the build. Usage: bench_core [STEPS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "race.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double run(const Surface *s, const char *spec, long steps)
{
    Spec sp;
    Err e = {0};
    Race r;
    if (spec_parse(&sp, spec, &e) < 0) {
        fprintf(stderr, "%s: %s\n", spec, e.msg);
        exit(1);
    }
    /* a tiny lr keeps every optimizer on the surface for the whole run */
    race_init(&r, s, &(RaceConfig){.start = {-1.5, 2}, .has_start = 1, .history = 1024});
    race_add(&r, &sp, &e);
    double t0 = now();
    race_step(&r, (int)steps);
    double dt = now() - t0;
    if (r.racer[0].steps != steps)
        fprintf(stderr, "note: %s stopped at step %ld\n", spec, r.racer[0].steps);
    race_deinit(&r);
    return (double)r.racer[0].steps / dt;
}

int main(int argc, char **argv)
{
    long steps = argc > 1 ? atol(argv[1]) : 2000000;
    Surface s;
    Err e = {0};
    if (surface_init(&s, "rosenbrock", &e) < 0)
        return 1;
    printf("core throughput on rosenbrock, %ld steps per optimizer, one racer\n", steps);
    printf("%-44s %14s %10s\n", "optimizer", "steps/s", "ns/step");
    for (int i = 0; i < optim_count; i++) {
        char spec[128];
        snprintf(spec, sizeof spec, "%s(lr=1e-6)", optim_kinds[i]->name);
        double rate = run(&s, spec, steps);
        printf("%-44s %14.0f %10.1f\n", spec, rate, 1e9 / rate);
    }
    const char *extra[] = {"Lookahead(Adam(lr=1e-6))",
                           "SGD(lr=1e-6) | CosineAnnealingWarmRestarts(T_0=100)",
                           "SGD(lr=1e-6, momentum=0.9) | OneCycleLR(max_lr=1e-6, total_steps=100000000)"};
    for (int i = 0; i < 3; i++) {
        double rate = run(&s, extra[i], steps);
        printf("%-44.44s %14.0f %10.1f\n", extra[i], rate, 1e9 / rate);
    }
    surface_deinit(&s);
    return 0;
}
