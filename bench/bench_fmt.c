/* bench_fmt — trace's number formatting: fmt_g17 against its peer, glibc's printf("%.17g"),
 * on the numbers a race prints (positions, losses, learning rates, gradients), the same bytes
 * out (checked). A benchmark reports; it never fails the build. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "rng.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

enum { N = 1000000 };
static double v[N];

int main(void)
{
    Rng r;
    rng_seed(&r, 7, 0);
    for (int i = 0; i < N; i++) /* race-like magnitudes: 1e-12 .. 1e3, both signs */
        v[i] = (rng_uniform(&r) < 0.5 ? -1 : 1) * pow(10, -12 + 15 * rng_uniform(&r));
    char a[64], b[FMT_MAX];
    size_t sink = 0;
    double t0 = now();
    for (int i = 0; i < N; i++)
        sink += (size_t)snprintf(a, sizeof a, "%.17g", v[i]);
    double t_printf = now() - t0;
    t0 = now();
    for (int i = 0; i < N; i++)
        sink += (size_t)fmt_g17(v[i], b);
    double t_fmt = now() - t0;
    int diff = 0;
    for (int i = 0; i < N; i++) {
        snprintf(a, sizeof a, "%.17g", v[i]);
        fmt_g17(v[i], b);
        diff += strcmp(a, b) != 0;
    }
    printf("%%.17g of 1e6 race numbers: printf %.0f ns each, fmt_g17 %.0f ns each: %.1fx "
           "faster, %d differing outputs (%zu bytes)\n",
           1e9 * t_printf / N, 1e9 * t_fmt / N, t_printf / t_fmt, diff, sink / 2);
    return 0;
}
