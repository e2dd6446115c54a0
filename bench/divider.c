/* divider.c — a microbenchmark of the divide/sqrt unit: Adam's divides and square roots and
 * nothing else, on a block of particles that stays in L1 (as a swarm block does), in the
 * swarm's widest vectors. What the swarm's Adam does beyond this (the moments' multiply-adds,
 * loads, stores, the surface and the bookkeeping) can overlap the divider but not shorten it,
 * so this rate is the swarm's ceiling; bench_swarm prints Adam's rate as a fraction of it.
 * Built with the kernels' flags (-O3 -fno-math-errno: sqrt is an instruction). */
#define _GNU_SOURCE
#include "divider.h"

#include <math.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

enum { B = 256, ROUNDS = 4000 };

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Adam's skeleton per coordinate: denom = √v / k + ε; x' = (s·m) / denom. The results feed
 * the next round's v (a dependence across rounds, not within one), so nothing is hoisted. */
#define BODY                                                                                \
    for (int r = 0; r < ROUNDS; r++)                                                        \
        for (int i = 0; i < B; i++) {                                                       \
            double d0 = sqrt(v0[i]) / k + eps, d1 = sqrt(v1[i]) / k + eps;                  \
            double x0 = (s * m0[i]) / d0, x1 = (s * m1[i]) / d1;                            \
            v0[i] = x0 * x0 + 0.5;                                                          \
            v1[i] = x1 * x1 + 0.5;                                                          \
        }

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("avx512f,avx512vl,avx512dq,avx2,fma"), noinline)) static void
run_avx512(double *restrict v0, double *restrict v1, const double *restrict m0,
           const double *restrict m1, double k, double eps, double s)
{
    BODY
}

__attribute__((target("avx2,fma"), noinline)) static void
run_avx2(double *restrict v0, double *restrict v1, const double *restrict m0,
         const double *restrict m1, double k, double eps, double s)
{
    BODY
}
#endif

__attribute__((noinline)) static void run_plain(double *restrict v0, double *restrict v1,
                                                const double *restrict m0,
                                                const double *restrict m1, double k,
                                                double eps, double s)
{
    BODY
}

double divider_limit(int reps, const char **isa_name)
{
    static double v0[B], v1[B], m0[B], m1[B];
    void (*run)(double *restrict, double *restrict, const double *restrict,
                const double *restrict, double, double, double) = run_plain;
    *isa_name = "plain x86-64";
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("fma")) {
        run = run_avx512;
        *isa_name = "AVX-512";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        run = run_avx2;
        *isa_name = "AVX2";
    }
#endif
    double best = 0;
    for (int rep = 0; rep < reps; rep++) {
        for (int i = 0; i < B; i++) {
            v0[i] = 1 + i * 1e-3;
            v1[i] = 2 + i * 1e-3;
            m0[i] = 0.25 + i * 1e-4;
            m1[i] = 0.5 - i * 1e-4;
        }
        double c0 = cpu_now();
        run(v0, v1, m0, m1, 0.03, 1e-8, -1e-3);
        double rate = (double)B * ROUNDS / (cpu_now() - c0);
        best = rate > best ? rate : best;
    }
    return best;
}

int divider_pin(pthread_t t, int cpu)
{
#if !defined(__linux__) || defined(__EMSCRIPTEN__)
    (void)t;
    (void)cpu;
    return -1; /* no affinity there (the web build builds the benchmarks too) */
#else
    cpu_set_t set;
    CPU_ZERO(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    for (int i = 0; i < n && i < CPU_SETSIZE; i++)
        if (cpu < 0 || i == cpu)
            CPU_SET(i, &set);
    return pthread_setaffinity_np(t, sizeof set, &set) == 0 ? 0 : -1;
#endif
}

double divider_thread_cpu(pthread_t t)
{
    struct timespec ts;
#if !defined(__linux__) || defined(__EMSCRIPTEN__)
    if (!pthread_equal(t, pthread_self()) || clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
#else
    clockid_t id;
    if (pthread_getcpuclockid(t, &id) != 0 || clock_gettime(id, &ts) != 0)
        return 0;
#endif
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
