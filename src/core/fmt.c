/* fmt.c — exact number formatting (see fmt.h).
 *
 * fmt_g17: 17 significant digits correctly rounded (ties to even, as glibc), in %g's layout.
 * For 1e-300 <= |x| < 1e38 the digits come from one exact product or quotient: x = m * 2^e
 * with m < 2^53, and N = x * 10^s (s = 16 - E, E the decimal exponent) is m * 10^s >> -e (in
 * 128 bits down to 1e-6, in 64-bit limbs below), or m * 2^e / 10^-s, with the remainder
 * deciding the rounding. Outside that range (and for 0, inf, nan, subnormals) snprintf does
 * it: trace's numbers are rarely there. */
#include "fmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

static const uint64_t pow10_64[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull};

static u128 pow10_128(int k) /* k <= 38 */
{
    u128 p = 1;
    while (k >= 19) {
        p *= pow10_64[19];
        k -= 19;
    }
    return p * pow10_64[k];
}

/* floor(m * 10^s / 2^k) for large s (tiny x), in 64-bit limbs: 10^s * m, then the shift;
 * the rest against one half as for scaled. */
static int scaled_big(uint64_t m, int s, int k, u128 *q, int *half)
{
    uint64_t L[22] = {1};
    int n = 1;
    for (int left = s; left > 0;) { /* 10^s, 10^19 at a time */
        int j = left > 19 ? 19 : left;
        left -= j;
        u128 c = 0;
        for (int i = 0; i < n; i++) {
            c += (u128)L[i] * pow10_64[j];
            L[i] = (uint64_t)c;
            c >>= 64;
        }
        if (c)
            L[n++] = (uint64_t)c;
    }
    u128 c = 0; /* times m */
    for (int i = 0; i < n; i++) {
        c += (u128)L[i] * m;
        L[i] = (uint64_t)c;
        c >>= 64;
    }
    if (c)
        L[n++] = (uint64_t)c;
    int w = k / 64, b = k % 64; /* the quotient: bits k .. k+127 */
    if (w >= n)
        return -1;
    uint64_t q0 = L[w] >> b | (b && w + 1 < n ? L[w + 1] << (64 - b) : 0);
    uint64_t q1 = w + 1 < n ? L[w + 1] >> b | (b && w + 2 < n ? L[w + 2] << (64 - b) : 0) : 0;
    if (b && w + 2 < n && L[w + 2] >> b)
        return -1;
    for (int i = w + 3; i < n; i++)
        if (L[i])
            return -1;
    *q = (u128)q1 << 64 | q0;
    /* the rest: bit k-1 is the half, the bits below it decide above/at */
    int hb = k - 1, top = (int)(L[hb / 64] >> (hb % 64) & 1), below = 0;
    for (int i = 0; i < hb / 64 && !below; i++)
        below = L[i] != 0;
    if (!below && hb % 64)
        below = (L[hb / 64] & ((1ull << (hb % 64)) - 1)) != 0;
    *half = top ? (below ? 3 : 2) : (below ? 1 : 0);
    return 0;
}

/* floor(m * 2^e * 10^s) and whether the rest is 0, below, at or above one half: -1 when it
 * does not fit in 128 bits. */
static int scaled(uint64_t m, int e, int s, u128 *q, int *half)
{
    u128 num, r, halfway;
    if (s >= 0) {
        if (s > 22)
            return e < 0 && s <= 340 ? scaled_big(m, s, -e, q, half) : -1;
        num = (u128)m * pow10_128(s); /* < 2^53 * 2^73.1 */
        if (e >= 0) {
            if (e > 126 - 53 - 4 * s) /* num * 2^e stays below 2^127 (10^s < 2^(4s)) */
                return -1;
            *q = num << e;
            *half = 0;
            return 0;
        }
        if (-e > 126)
            return -1;
        *q = num >> -e; /* a division by 2^-e: a shift */
        r = num & (((u128)1 << -e) - 1);
        halfway = (u128)1 << (-e - 1);
    } else {
        if (-s > 38 || e < 0 || e > 74)
            return -1;
        num = (u128)m << e;
        u128 den = pow10_128(-s);
        *q = num / den;
        r = num - *q * den;
        halfway = den >> 1; /* den is even: 10^k */
    }
    *half = r == 0 ? 0 : r < halfway ? 1 : r == halfway ? 2 : 3;
    return 0;
}

/* N (10^16 <= N < 10^17) and E: |x| = N * 10^(E - 16), N correctly rounded (ties to even). */
static int digits17(double x, uint64_t *n_out, int *e_out)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int be = (int)(bits >> 52 & 0x7ff);
    if (be == 0) /* subnormal: snprintf */
        return -1;
    uint64_t m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    int e = be - 1075; /* |x| = m * 2^e, 2^52 <= m < 2^53 */
    /* log10(|x|) lies in [(e + 52) log10 2, (e + 53) log10 2): the floor of the lower end is
     * E or E - 1 (78913 / 2^18 = log10 2 to 6 digits) */
    int E = ((e + 52) * 78913) >> 18;
    u128 q;
    int half;
    const u128 lo = pow10_64[16], hi = pow10_64[17];
    for (int tries = 0; tries < 3; tries++) {
        if (scaled(m, e, 16 - E, &q, &half) < 0)
            return -1;
        if (q >= hi)
            E++;
        else if (q < lo)
            E--;
        else
            break;
    }
    if (q < lo || q >= hi)
        return -1;
    if (half == 3 || (half == 2 && (q & 1)))
        q++;
    if (q == hi) {
        q = lo;
        E++;
    }
    *n_out = (uint64_t)q;
    *e_out = E;
    return 0;
}

int fmt_g17(double x, char *buf)
{
    double a = fabs(x);
    uint64_t n;
    int E;
    if (!(a >= 1e-300 && a < 1e38) || digits17(a, &n, &E) < 0)
        return snprintf(buf, FMT_MAX, "%.17g", x);
    char d[17];
    for (int i = 16; i >= 0; i--) {
        d[i] = (char)('0' + n % 10);
        n /= 10;
    }
    int nd = 17;
    while (nd > 1 && d[nd - 1] == '0') /* %g drops trailing zeros */
        nd--;
    char *p = buf;
    if (x < 0)
        *p++ = '-';
    if (E >= -4 && E < 17) {
        if (E >= 0) {
            for (int i = 0; i <= E; i++)
                *p++ = i < nd ? d[i] : '0';
            if (nd > E + 1) {
                *p++ = '.';
                memcpy(p, d + E + 1, (size_t)(nd - E - 1));
                p += nd - E - 1;
            }
        } else {
            *p++ = '0';
            *p++ = '.';
            for (int i = 0; i < -E - 1; i++)
                *p++ = '0';
            memcpy(p, d, (size_t)nd);
            p += nd;
        }
    } else {
        *p++ = d[0];
        if (nd > 1) {
            *p++ = '.';
            memcpy(p, d + 1, (size_t)(nd - 1));
            p += nd - 1;
        }
        int ae = E < 0 ? -E : E;
        *p++ = 'e';
        *p++ = E < 0 ? '-' : '+';
        if (ae >= 100)
            *p++ = (char)('0' + ae / 100);
        *p++ = (char)('0' + ae / 10 % 10);
        *p++ = (char)('0' + ae % 10);
    }
    *p = 0;
    return (int)(p - buf);
}

int fmt_shortest(double x, char *buf)
{
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, FMT_MAX, "%.*g", prec, x);
        if (!isfinite(x) || strtod(buf, NULL) == x)
            break;
    }
    return n;
}
