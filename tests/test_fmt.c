/* test_fmt — fmt_g17 writes the bytes of printf("%.17g") and fmt_shortest the shortest text
 * that reads back, over random doubles of every magnitude, decimal-looking values, ties and
 * the edges of the fast path. */
#undef NDEBUG
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fmt.h"
#include "rng.h"

static int fails;

static void same(double x)
{
    char want[64], got[FMT_MAX];
    snprintf(want, sizeof want, "%.17g", x);
    fmt_g17(x, got);
    if (strcmp(want, got)) {
        if (fails++ < 10)
            fprintf(stderr, "FAIL: %a: %%.17g gives %s, fmt_g17 %s\n", x, want, got);
    }
    char s[FMT_MAX];
    fmt_shortest(x, s);
    if (!isnan(x) && strtod(s, NULL) != x && fails++ < 10)
        fprintf(stderr, "FAIL: %a: fmt_shortest %s does not read back\n", x, s);
}

int main(void)
{
    Rng r;
    rng_seed(&r, 12345, 0);
    long n = 0;
    /* random bit patterns: every exponent */
    for (int i = 0; i < 300000; i++, n++) {
        uint64_t b = rng_next(&r);
        double x;
        memcpy(&x, &b, sizeof x);
        same(x);
    }
    /* the fast path's range, densely, and around its edges and powers of ten */
    for (int i = 0; i < 300000; i++, n++)
        same(ldexp((double)(rng_next(&r) >> 11), (int)(rng_next(&r) % 200) - 120 - 53));
    for (int k = -8; k <= 40; k++)
        for (int j = -3; j <= 3; j++, n++) {
            double p = pow(10, k);
            for (int u = 0; u < abs(j); u++)
                p = j < 0 ? nextafter(p, 0) : nextafter(p, INFINITY);
            same(p);
            same(-p);
        }
    /* decimal-looking values (what a race prints): k / 10^d */
    for (int d = 0; d <= 12; d++)
        for (int k = -3000; k <= 3000; k++, n++)
            same(k / pow(10, d));
    /* exact ties at the 18th digit: x = a / 2^p (a odd) reads a * 5^p / 10^p, whose last
     * digit is 5; with a * 5^p of 18 digits, %.17g must round it to even */
    for (int p = 2; p <= 40; p++) {
        double five = pow(5, p), a0 = ceil(1e17 / five), a1 = floor(1e18 / five);
        if (a0 > 9007199254740991.0)
            continue;
        for (int i = 0; i < 2000; i++, n++) {
            double a = a0 + floor(rng_uniform(&r) * fmin(a1 - a0, 9007199254740991.0 - a0));
            if (fmod(a, 2) == 0)
                a += 1;
            same(ldexp(a, -p));
        }
    }
    same(0.0), same(-0.0), same(INFINITY), same(-INFINITY), same(NAN), same(5e-324),
        same(1.7976931348623157e308);
    char s[FMT_MAX];
    fmt_shortest(1.0 / 3, s);
    CHECK(!strcmp(s, "0.3333333333333333"));
    fmt_shortest(0.1, s);
    CHECK(!strcmp(s, "0.1"));
    CHECK(fails == 0);
    printf("fmt: %ld values, %d mismatches\n", n, fails);
    return check_done();
}
