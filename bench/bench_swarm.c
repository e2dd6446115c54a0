/* bench_swarm — the batched update path: particle-steps per second on Rosenbrock with 262,144
 * particles (Adam, SGD with momentum, RMSprop), against the same optimizers written as a
 * vectorised numpy program (bench/numpy_swarm.py, run here when python3 and numpy are there;
 * "tuned": in-place ufuncs, "plain": the straightforward expressions); and the wall time of a
 * 512 × 512 basin map and a 64 × 64 hyperparameter map of 300 steps. A benchmark reports; it
 * never fails the build.
 *
 * Per core, two ways: the kernel on one core (4096 particles, one thread, best of 100 short
 * runs by the thread's CPU time: steady on a shared machine), with Adam's as a fraction of the
 * divider's limit (bench/divider.c); and the whole swarm's rate per CPU-second on T threads
 * and on one, whose ratio says whether the threads scale whatever the machine's load took of
 * the wall-clock rate (numpy's figures are per core too: it runs on one). Two cores against
 * one: short runs on two pinned threads, counted only where both had a core (scaling()).
 *
 * Usage: bench_swarm [--threads T] [--steps S] [--numpy adam=R,sgdm=R,... | --no-numpy]
 *                    [--script PATH] [--only adam|sgdm|rmsprop] [--no-maps]
 *                    [--per-core-only] [--reps R]
 * (numpy figures given on the command line are used instead of running the script;
 * --per-core-only: only the one-core and the two-core figures, of R runs each) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "divider.h"
#include "swarm.h"
#include "swarm_impl.h"

enum { N = 262144 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct Case {
    const char *key;   /* numpy_swarm.py's name */
    const char *spec;  /* the same optimizer and hyperparameters as there */
    double ours, core, numpy, plain;
    double share; /* CPU-seconds per wall-second the best run got: the cores it really had */
} Case;

static double thread_cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* n particles of the optimizer `text` from uniform random starts over [-2, 2] × [-1, 3] */
static Swarm *make_swarm(const Surface *s, const char *text, int n, int threads)
{
    Spec sp;
    Err e = {0};
    if (spec_parse(&sp, text, &e) < 0) {
        fprintf(stderr, "%s: %s\n", text, e.msg);
        exit(1);
    }
    Swarm *sw = swarm_create(&(SwarmDesc){.surface = s, .spec = &sp, .per = n,
                                          .threads = threads}, &e);
    if (!sw) {
        fprintf(stderr, "swarm: %s\n", e.msg);
        exit(1);
    }
    unsigned long long r = 88172645463325252ull;
    for (int i = 0; i < n; i++) {
        double u[2];
        for (int k = 0; k < 2; k++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            u[k] = (double)(r >> 11) * 0x1p-53;
        }
        swarm_set_start(sw, i, -2 + 4 * u[0], -1 + 4 * u[1]);
    }
    return sw;
}

/* CPU-seconds of the calling thread and the swarm's pool threads, each by its own clock (the
 * process's clock misses what a thread on another CPU ran since its last tick) */
static double threads_cpu(const Swarm *sw)
{
    const Pool *p = &sw->impl->pool;
    double c = divider_thread_cpu(pthread_self());
    for (int i = 0; i < p->nthreads - 1; i++)
        c += divider_thread_cpu(p->tid[i]);
    return c;
}

/* Best of five runs of `steps` steps of N particles: the wall-clock rate, and in *core the
 * rate per CPU-second. */
static double throughput(const Surface *s, const char *text, int steps, int threads,
                         int *running, double *core, double *share)
{
    Swarm *sw = make_swarm(s, text, N, threads);
    double best = 0;
    *core = 0;
    for (int rep = 0; rep < 5; rep++) {
        swarm_restart(sw);
        double t0 = now(), c0 = threads_cpu(sw);
        swarm_step(sw, steps);
        double wall = now() - t0, cpu = threads_cpu(sw) - c0;
        double rate = (double)N * steps / wall;
        double crate = (double)N * steps / cpu;
        if (rate > best)
            *share = cpu / wall;
        best = rate > best ? rate : best;
        *core = crate > *core ? crate : *core;
    }
    *running = 0;
    for (int i = 0; i < N; i++)
        *running += sw->status[i] != RACER_DIVERGED;
    swarm_destroy(&sw);
    return best;
}

/* The kernel's rate on one core, steadier on a shared machine than the whole swarm's: 4096
 * particles (16 blocks) on the calling thread, 50 steps, best of kreps runs by the thread's
 * CPU time (a run is ~0.5 ms: the best is one no other process disturbed). Between runs, one
 * run in five of the divider's benchmark: *limit, its best, is measured in the same minutes
 * as the kernel (a clock that moves with the machine's load moves both). */
enum { KN = 4096, KSTEPS = 50 };
static int kreps = 100;

static double kernel_rate(const Surface *s, const char *text, double *limit)
{
    Swarm *sw = make_swarm(s, text, KN, 1);
    double best = 0;
    const char *isa;
    *limit = 0;
    for (int rep = 0; rep < kreps; rep++) {
        if (rep % 5 == 0) {
            double l = divider_limit(1, &isa);
            *limit = l > *limit ? l : *limit;
        }
        swarm_restart(sw);
        double c0 = thread_cpu_now();
        swarm_step(sw, KSTEPS);
        double rate = (double)KN * KSTEPS / (thread_cpu_now() - c0);
        best = rate > best ? rate : best;
    }
    swarm_destroy(&sw);
    return best;
}

/* Two threads against one, robust to a shared machine: short runs (SN particles, 50 steps:
 * ~1 ms on one core), a swarm per thread count made beforehand (its pool's thread started
 * and parked: not in the times; a run wakes it), 1 and 2 threads alternately, kreps runs
 * each. The calling thread is pinned to CPU 0 and the pool's to CPU 1 meanwhile: unpinned, a
 * busy machine's scheduler wakes the pool's thread on the caller's CPU (the other one busy),
 * where it waits its turn. CPU time is each thread's own clock (the process's clock misses
 * what another thread ran since its last tick). A run is side by side when both threads ran
 * for 0.9 of its wall-clock time: only those say what two cores do. Out: the one thread's
 * best rate (per CPU-second, wall-clock), and over the side-by-side runs the best rate per
 * CPU-second of both threads and the best wall-clock rate; *both: how many there were. */
enum { SN = 8192 };

static void scaling(const Surface *s, const char *text, double one[2], double two[2],
                    int *both)
{
    Swarm *sw[2] = {make_swarm(s, text, SN, 1), make_swarm(s, text, SN, 2)};
    one[0] = one[1] = two[0] = two[1] = 0;
    *both = 0;
    const Pool *pool = &sw[1]->impl->pool;
    if (pool->nthreads != 2) {
        fprintf(stderr, "scaling: the pool has %d threads\n", pool->nthreads);
        swarm_destroy(&sw[0]);
        swarm_destroy(&sw[1]);
        return;
    }
    pthread_t me = pthread_self(), worker = pool->tid[0];
    int pinned = divider_pin(me, 0) == 0 && divider_pin(worker, 1) == 0;
    const double work = (double)SN * KSTEPS;
    for (int rep = 0; rep < kreps; rep++)
        for (int k = 0; k < 2; k++) {
            swarm_restart(sw[k]);
            double t0 = now(), a0 = divider_thread_cpu(me);
            double b0 = k ? divider_thread_cpu(worker) : 0;
            swarm_step(sw[k], KSTEPS);
            double w = now() - t0, a = divider_thread_cpu(me) - a0;
            double b = k ? divider_thread_cpu(worker) - b0 : 0;
            if (k == 0) {
                one[0] = work / a > one[0] ? work / a : one[0];
                one[1] = work / w > one[1] ? work / w : one[1];
            } else if (a > 0.9 * w && b > 0.9 * w) {
                (*both)++;
                two[0] = work / (a + b) > two[0] ? work / (a + b) : two[0];
                two[1] = work / w > two[1] ? work / w : two[1];
            }
        }
    divider_pin(me, -1);
    if (!pinned)
        printf("    (the threads could not be pinned)\n");
    swarm_destroy(&sw[0]);
    swarm_destroy(&sw[1]);
}

/* numpy_swarm.py's figures: "name rate" lines. Returns 0 when it could not run. */
static int run_numpy(const char *script, int steps, Case *cases, int ncases)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' %d %d 2>/dev/null", script, N, steps);
    FILE *p = popen(cmd, "r");
    if (!p)
        return 0;
    char line[256];
    int got = 0;
    while (fgets(line, sizeof line, p)) {
        char name[64];
        double rate;
        if (sscanf(line, "%63s %lf", name, &rate) != 2)
            continue;
        size_t len = strlen(name);
        int plain = len > 6 && !strcmp(name + len - 6, "-plain");
        if (plain)
            name[len - 6] = 0;
        for (int i = 0; i < ncases; i++)
            if (!strcmp(name, cases[i].key)) {
                *(plain ? &cases[i].plain : &cases[i].numpy) = rate;
                got++;
            }
    }
    int rc = pclose(p);
    return got > 0 && rc == 0;
}

static void parse_numpy_arg(const char *arg, Case *cases, int ncases)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", arg);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        char *eq = strchr(tok, '=');
        if (!eq)
            continue;
        *eq = 0;
        size_t len = strlen(tok);
        int plain = len > 6 && !strcmp(tok + len - 6, "-plain");
        if (plain)
            tok[len - 6] = 0;
        for (int i = 0; i < ncases; i++)
            if (!strcmp(tok, cases[i].key))
                *(plain ? &cases[i].plain : &cases[i].numpy) = atof(eq + 1);
    }
}

static void basin(int threads)
{
    Surface s;
    Spec sp;
    Err e = {0};
    surface_init(&s, "himmelblau", &e);
    spec_parse(&sp, "Adam(lr=0.05)", &e);
    double t0 = now();
    SwarmBasin *m = swarm_basin_create(&s, &sp, &(SwarmBasinDesc){.view = s.view, .w = 512,
                                       .h = 512, .steps = 300, .threads = threads}, &e);
    if (!m) {
        fprintf(stderr, "basin: %s\n", e.msg);
        return;
    }
    swarm_basin_wait(m);
    double dt = now() - t0;
    int count[SWARM_BASIN_MAXCLASS + 4] = {0};
    for (int i = 0; i < m->w * m->h; i++)
        count[m->cls[i] + 4]++;
    printf("basin map   himmelblau, Adam(lr=0.05), 512 x 512, 300 steps: %.3f s "
           "(%.3g particle-steps/s); %d classes, %d diverged, %d still moving\n", dt,
           512.0 * 512 * 300 / dt, m->nclass, count[SWARM_BASIN_DIVERGED + 4],
           count[SWARM_BASIN_MOVING + 4]);
    swarm_basin_destroy(&m);
    surface_deinit(&s);
}

static void hpmap(int threads)
{
    Surface s;
    Spec sp;
    Err e = {0};
    surface_init(&s, "rosenbrock", &e);
    spec_parse(&sp, "SGD(lr=0.001, momentum=0.9)", &e);
    double t0 = now();
    SwarmHpmap *m = swarm_hpmap_create(&s, &sp, &(SwarmHpmapDesc){.lr0 = 1e-5, .lr1 = 1e-2,
                                       .w = 64, .h = 64, .steps = 300, .threads = threads}, &e);
    if (!m) {
        fprintf(stderr, "hpmap: %s\n", e.msg);
        return;
    }
    swarm_hpmap_wait(m);
    double dt = now() - t0;
    double best = INFINITY;
    int bi = 0;
    for (int i = 0; i < m->w * m->h; i++)
        if (m->status[i] != RACER_DIVERGED && m->loss[i] < best) {
            best = m->loss[i];
            bi = i;
        }
    printf("hpmap       rosenbrock, SGD lr x momentum, 64 x 64, 300 steps: %.3f s "
           "(%.3g particle-steps/s); best loss %.3g at lr=%.3g, momentum=%.4g\n", dt,
           64.0 * 64 * 300 / dt, best, m->lr[bi % m->w], m->beta[bi / m->w]);
    swarm_hpmap_destroy(&m);
    surface_deinit(&s);
}

int main(int argc, char **argv)
{
    int threads = 0, steps = 100, numpy = 1, maps = 1, whole = 1;
    const char *only = NULL;
    const char *script = "bench/numpy_swarm.py";
    Case cases[] = {
        {"adam", "Adam(lr=1e-3)", 0, 0, 0, 0, 0},
        {"sgdm", "SGD(lr=1e-4, momentum=0.9)", 0, 0, 0, 0, 0},
        {"rmsprop", "RMSprop(lr=1e-3)", 0, 0, 0, 0, 0},
    };
    int ncases = (int)(sizeof cases / sizeof cases[0]);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--steps") && i + 1 < argc)
            steps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--numpy") && i + 1 < argc) {
            parse_numpy_arg(argv[++i], cases, ncases);
            numpy = 0;
        } else if (!strcmp(argv[i], "--no-numpy"))
            numpy = 0;
        else if (!strcmp(argv[i], "--script") && i + 1 < argc)
            script = argv[++i];
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--no-maps"))
            maps = 0;
        else if (!strcmp(argv[i], "--per-core-only"))
            whole = 0;
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            kreps = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_swarm [--threads T] [--steps S] "
                    "[--numpy adam=R,sgdm=R,rmsprop=R | --no-numpy] [--script PATH]\n"
                    "                   [--only adam|sgdm|rmsprop] [--no-maps] [--per-core-only]"
                    " [--reps R]\n");
            return 2;
        }
    }
    Surface s;
    Err e = {0};
    surface_init(&s, "rosenbrock", &e);
    double load = 0;
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) {
        if (fscanf(la, "%lf", &load) != 1)
            load = 0;
        fclose(la);
    }
    int nthreads = threads > 0 ? threads : swarm_cores();
    const char *isa;
    double limit = divider_limit(20, &isa);
    printf("swarm: rosenbrock (load average %.2f)\n"
           "  divider limit (Adam's 2 square roots + 4 divides a particle, %s, bench/divider.c):"
           " %.3g per core\n"
           "  per core: %d particles, %d steps, one thread, best of %d by its CPU time\n",
           load, isa, limit, KN, KSTEPS, kreps);
    for (int i = 0; i < ncases; i++) {
        if (only && strcmp(only, cases[i].key))
            continue;
        double lim;
        double k = kernel_rate(&s, cases[i].spec, &lim);
        printf("    %-28s %9.3g particle-steps/s per core", cases[i].spec, k);
        if (!strcmp(cases[i].key, "adam"))
            printf(": %.3f of the divider limit (%.3g, measured between the runs)", k / lim,
                   lim);
        printf("\n");
    }
    if (swarm_cores() >= 2) {
        printf("  2 threads against one: %d particles, %d steps, alternately, %d runs each, "
               "threads pinned to CPUs 0 and 1\n", SN, KSTEPS, kreps);
        for (int i = 0; i < ncases; i++) {
            if (only && strcmp(only, cases[i].key))
                continue;
            double one[2], two[2];
            int both;
            scaling(&s, cases[i].spec, one, two, &both);
            printf("    %-28s side by side in %d of %d runs", cases[i].spec, both, kreps);
            if (both > 0)
                printf(": per core %.3g vs %.3g, %.2fx; wall-clock %.3g vs %.3g, %.2fx",
                       two[0], one[0], two[0] / one[0], two[1], one[1], two[1] / one[1]);
            printf("\n");
        }
    }
    if (!whole) {
        surface_deinit(&s);
        return 0;
    }
    printf("  the whole swarm: %d particles, %d steps, best of 5\n", N, steps);
    for (int i = 0; i < ncases; i++) {
        if (only && strcmp(only, cases[i].key))
            continue;
        int running;
        cases[i].ours = throughput(&s, cases[i].spec, steps, nthreads, &running,
                                   &cases[i].core, &cases[i].share);
        printf("    %-28s %d threads %9.3g particle-steps/s  (%9.3g per core, %.2f cores had; "
               "%d still running)\n", cases[i].spec, nthreads, cases[i].ours, cases[i].core,
               cases[i].share, running);
        if (nthreads > 1) {
            /* scaling: per core the same when the threads scale, whatever the machine's
             * load took of the wall-clock rate */
            double core1, share1;
            double one = throughput(&s, cases[i].spec, steps, 1, &running, &core1, &share1);
            printf("    %-28s 1 thread  %9.3g particle-steps/s  (%9.3g per core, %.2f cores had): "
                   "%d threads are %.2fx one wall-clock, %.2fx per core\n", "", one, core1,
                   share1, nthreads, cases[i].ours / one, cases[i].core / core1);
        }
    }
    if (numpy && !run_numpy(script, steps, cases, ncases))
        printf("numpy: %s did not run (no python3 or numpy?): skipped\n", script);
    for (int i = 0; i < ncases; i++) {
        if (cases[i].numpy > 0)
            printf("  %-8s vs numpy tuned %9.3g: %5.1fx  (per core %5.1fx)\n", cases[i].key,
                   cases[i].numpy, cases[i].ours / cases[i].numpy,
                   cases[i].core / cases[i].numpy);
        if (cases[i].plain > 0)
            printf("  %-8s vs numpy plain %9.3g: %5.1fx  (per core %5.1fx)\n", cases[i].key,
                   cases[i].plain, cases[i].ours / cases[i].plain,
                   cases[i].core / cases[i].plain);
    }
    surface_deinit(&s);
    if (maps) {
        basin(threads);
        hpmap(threads);
    }
    return 0;
}
