/* bench_core — update-core throughput: steps per second per optimizer on Rosenbrock.
 * A benchmark reports; it never fails the build. Usage: bench_core [STEPS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    long done = r.racer[0].steps;
    if (done != steps)
        fprintf(stderr, "note: %s stopped at step %ld\n", spec, done);
    race_deinit(&r);
    return (double)done / dt;
}

/* resident set size in KiB, from /proc/self/statm */
static long rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident * 4;
}

/* A million steps of an 8-racer race with noise: memory must stay flat (the history is
 * decimated in place, stepping never allocates). */
static void soak(const Surface *s)
{
    Race r;
    Err e = {0};
    const char *specs[] = {"SGD(lr=1e-4)", "SGD(lr=1e-4, momentum=0.9)", "Adam(lr=1e-3)",
                           "RMSprop(lr=1e-3)", "Adagrad(lr=0.05)", "NAdam(lr=1e-3)",
                           "RAdam(lr=1e-3)", "Lion(lr=1e-4)"};
    race_init(&r, s, &(RaceConfig){.start = {-1.5, 2}, .has_start = 1, .noise = 0.1});
    for (int i = 0; i < 8; i++) {
        Spec sp;
        spec_parse(&sp, specs[i], &e);
        race_add(&r, &sp, &e);
    }
    printf("\nsoak: 8 racers, 1,000,000 steps, noise 0.1; resident memory (KiB):");
    double t0 = now();
    for (int q = 0; q <= 4; q++) {
        if (q)
            race_step(&r, 250000);
        printf(" %ld", rss_kib());
    }
    printf("  (%.2f s)\n", now() - t0);
    race_deinit(&r);
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
        /* AdaBound's bounds head for final_lr, whatever lr is: keep it as small */
        snprintf(spec, sizeof spec, "%s(lr=1e-6%s)", optim_kinds[i]->name,
                 strcmp(optim_kinds[i]->name, "AdaBound") ? "" : ", final_lr=1e-6");
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
    soak(&s);
    surface_deinit(&s);
    return 0;
}
