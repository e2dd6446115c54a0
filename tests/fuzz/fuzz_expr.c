/* fuzz_expr — the expression parser and its dual-number evaluator on arbitrary bytes. An
 * accepted expression is evaluated at a few points: the value with and without the gradient,
 * and by an independent reading of the grammar, must be the same number; where the function
 * is smooth and every value on the way moderate (central differences with h, h/2, h/4 converge
 * and one-sided ones agree) the exact gradient must match the differences. Elsewhere (poles,
 * kinks, overflow, cancellation) only: no crash, no sanitizer report. */
#include "fuzz.h"

#include <ctype.h>
#include <math.h>
#include <strings.h>

#include "expr.h"

static const double points[][2] = {
    {0, 0}, {1, -1}, {0.5, 2}, {-3, 0.25}, {1e-3, 7}, {2.5, -1.75}, {-0.7, -0.3},
};

/* ---- an independent evaluator, for reference ------------------------------------------------
 * The grammar of expr.h evaluated straight from the text, with the same double operations in
 * the same order, so its value must equal expr_eval's to the bit. It also records the largest
 * magnitude of any value met on the way: the derivative check needs "moderate values"
 * throughout, since x + 1e30 − 1e30 or tan(x − 308^6) lose the dependence on x to rounding,
 * and then no difference quotient can see the (correct) exact gradient. */
enum { TRACE = 16384 };

typedef struct Ref {
    const char *p;
    double x, y;
    double big;    /* largest |value| met */
    int bad;       /* the reference does not read this text */
    double *trace; /* every value met, in order (NULL: not kept) */
    int n;
} Ref;

static double ref_expr(Ref *r);
static double ref_unary(Ref *r);

static double seen(Ref *r, double v)
{
    if (r->trace && r->n < TRACE)
        r->trace[r->n] = v;
    r->n++;
    double a = fabs(v);
    if (!(a <= r->big))
        r->big = a; /* NaN too: fabs(NaN) <= big is false */
    return v;
}

static void ref_ws(Ref *r)
{
    while (*r->p && isspace((unsigned char)*r->p))
        r->p++;
}

static size_t ref_number_len(const char *p)
{
    size_t n = 0, digits = 0;
    while (isdigit((unsigned char)p[n]))
        n++, digits++;
    if (p[n] == '.') {
        n++;
        while (isdigit((unsigned char)p[n]))
            n++, digits++;
    }
    if (!digits)
        return 0;
    if (p[n] == 'e' || p[n] == 'E') {
        size_t k = n + 1;
        if (p[k] == '+' || p[k] == '-')
            k++;
        if (isdigit((unsigned char)p[k])) {
            while (isdigit((unsigned char)p[k]))
                k++;
            n = k;
        }
    }
    return n;
}

static double ref_primary(Ref *r)
{
    ref_ws(r);
    size_t len = ref_number_len(r->p);
    if (len) {
        double v = 0;
        if (!(r->p[0] == '0' && (r->p[1] == 'x' || r->p[1] == 'X')))
            v = strtod(r->p, NULL);
        r->p += len;
        return seen(r, v);
    }
    if (*r->p == '(') {
        r->p++;
        double v = ref_expr(r);
        ref_ws(r);
        if (*r->p != ')')
            r->bad = 1;
        else
            r->p++;
        return v;
    }
    static const char *const names[] = {"x", "y", "pi", "e", "sin", "cos", "tan", "exp",
                                        "log", "sqrt", "abs", "tanh"};
    len = 0;
    if (isalpha((unsigned char)r->p[0]) || r->p[0] == '_')
        while (isalnum((unsigned char)r->p[len]) || r->p[len] == '_')
            len++;
    int k = 0;
    while (k < 12 && !(strlen(names[k]) == len && !strncasecmp(names[k], r->p, len)))
        k++;
    if (!len || k == 12) {
        r->bad = 1;
        return 0;
    }
    r->p += len;
    switch (k) {
    case 0: return seen(r, r->x);
    case 1: return seen(r, r->y);
    case 2: return 3.14159265358979323846;
    case 3: return 2.71828182845904523536;
    }
    ref_ws(r);
    if (*r->p != '(') {
        r->bad = 1;
        return 0;
    }
    r->p++;
    double a = ref_expr(r);
    ref_ws(r);
    if (*r->p != ')')
        r->bad = 1;
    else
        r->p++;
    switch (k) {
    case 4: return seen(r, sin(a));
    case 5: return seen(r, cos(a));
    case 6: return seen(r, tan(a));
    case 7: return seen(r, exp(a));
    case 8: return seen(r, log(a));
    case 9: return seen(r, sqrt(a));
    case 10: return seen(r, fabs(a));
    default: return seen(r, tanh(a));
    }
}

static double ref_power(Ref *r)
{
    double a = ref_primary(r);
    ref_ws(r);
    if (*r->p == '^') {
        r->p++;
        double b = ref_unary(r);
        return seen(r, pow(a, b));
    }
    return a;
}

static double ref_unary(Ref *r)
{
    ref_ws(r);
    char c = *r->p;
    if (c == '-' || c == '+') {
        r->p++;
        double v = ref_unary(r);
        return c == '-' ? -v : v;
    }
    return ref_power(r);
}

static double ref_term(Ref *r)
{
    double a = ref_unary(r);
    for (;;) {
        ref_ws(r);
        char c = *r->p;
        if (r->bad || (c != '*' && c != '/'))
            return a;
        r->p++;
        double b = ref_unary(r);
        a = seen(r, c == '*' ? a * b : a / b);
    }
}

static double ref_expr(Ref *r)
{
    double a = ref_term(r);
    for (;;) {
        ref_ws(r);
        char c = *r->p;
        if (r->bad || (c != '+' && c != '-'))
            return a;
        r->p++;
        double b = ref_term(r);
        a = seen(r, c == '+' ? a + b : a - b);
    }
}

/* The value at (x, y); *big: the largest magnitude on the way; *ok: 0 when the text was not
 * read to its end; trace (may be NULL) receives every value on the way, *n of them. */
static double ref_eval(const char *text, double x, double y, double *big, int *ok,
                       double *trace, int *n)
{
    Ref r = {text, x, y, 0, 0, trace, 0};
    double v = ref_expr(&r);
    ref_ws(&r);
    if (*r.p)
        r.bad = 1;
    *big = r.bad ? INFINITY : r.big;
    if (ok)
        *ok = !r.bad;
    if (n)
        *n = r.n;
    return v;
}

static int same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* f at (x, y) moved by d along coordinate i, through the reference; *big grows to the largest
 * magnitude met. */
static double at(const char *text, double x, double y, int i, double d, double *big,
                 double *trace, int *n)
{
    double b, v = i ? ref_eval(text, x, y + d, &b, NULL, trace, n)
                    : ref_eval(text, x + d, y, &b, NULL, trace, n);
    if (!(b <= *big))
        *big = b;
    return v;
}

/* Every value on the way moves by at most slope·|d| between the traces: nothing inside jumps
 * (x^(y^20) at x = 0 is 1 at y = 0 and 0 beside it, which y^(x^(y^20))·y smooths over, so
 * that the differences see a slope no derivative rule can). */
static int tame(const double *a, const double *b, int n, double d, double slope)
{
    if (n > TRACE)
        return 0;
    for (int k = 0; k < n; k++)
        if (!(fabs(a[k] - b[k]) <= slope * d))
            return 0;
    return 1;
}

/* No value on the way is a cancellation: a nonzero value far smaller than the largest one met
 * (x − x^(1 + 1e−13) keeps two bits; log of it is noise, and every difference quotient of it
 * is 0 while the exact derivative is not). Such points are not judged. */
static int conditioned(const double *t, int n, double big)
{
    if (n > TRACE)
        return 0;
    for (int k = 0; k < n; k++)
        if (t[k] != 0 && fabs(t[k]) < 1e-6 * big)
            return 0;
    return 1;
}

/* Every value on the way is smooth at the point: its second difference shrinks like h² (by 4
 * when h halves), not like h (by 2) as at a kink. abs(abs(y) + y) − abs(y) is y, yet made of
 * kinks at 0 that the exact derivative, with abs'(0) = 0, cannot see through. */
static int smooth(const double *t0, double (*tp)[TRACE], double (*tm)[TRACE], int n)
{
    if (n > TRACE)
        return 0;
    for (int k = 0; k < n; k++) {
        double s2 = (tp[0][k] - t0[k]) - (t0[k] - tm[0][k]);
        double s4 = (tp[1][k] - t0[k]) - (t0[k] - tm[1][k]);
        double noise = 8 * 2.3e-16 * (fabs(t0[k]) + fabs(tp[0][k]) + fabs(tm[0][k]));
        if (!(fabs(s4) <= 0.35 * fabs(s2) + noise))
            return 0;
    }
    return 1;
}

static void check_gradient(const char *text, double x, double y, double f, const double g[2])
{
    const double limit = 1e4; /* "moderate": every value on the way, not only f */
    for (int i = 0; i < 2; i++) {
        double c = i ? y : x;
        double h = 1e-4 * fmax(1, fabs(c)), big;
        static double t0[TRACE], tp[2][TRACE], tm[2][TRACE];
        int n0, np, nm, ok = 1;
        ref_eval(text, x, y, &big, NULL, t0, &n0);
        double fp[3], fm[3]; /* at ±h, ±h/2, ±h/4; traces kept at ±h/2 and ±h/4 */
        for (int k = 0; k < 3; k++) {
            fp[k] = at(text, x, y, i, h / (1 << k), &big, tp[k == 2], &np);
            fm[k] = at(text, x, y, i, -h / (1 << k), &big, tm[k == 2], &nm);
            ok = ok && np == n0 && nm == n0;
        }
        if (!ok || !tame(t0, tp[1], n0, h / 4, limit) || !tame(t0, tm[1], n0, h / 4, limit) ||
            !smooth(t0, tp, tm, n0) || !conditioned(t0, n0, big))
            continue;
        /* A non-finite exact gradient where the differences look smooth comes from a domain
         * that floating point hides: (−3)^(y^1e−308) is (−3)^1 for every y near 0.25, yet
         * not real for any exponent but 1. Such points are not judged. */
        if (!(big <= limit) || !isfinite(g[i]))
            continue;
        double d1 = (fp[0] - fm[0]) / (2 * h), d2 = (fp[1] - fm[1]) / h;
        double d4 = (fp[2] - fm[2]) / (h / 2);
        if (!isfinite(d1) || !isfinite(d2) || !isfinite(d4))
            continue;
        /* rounding in the differences: about 1e-16·big/h; truncation: O(h²), shrinking by 4
         * with each halving. A kink, a pole or wild curvature inside [c − h, c + h] breaks
         * that pattern: then the point is not one to judge a derivative at. */
        double h4 = h / 4;
        double noise = 64 * 2.3e-16 * fmax(big, 1e-300) / h4;
        double t12 = fabs(d1 - d2), t24 = fabs(d2 - d4);
        double scale = fmax(1, fabs(d4));
        if (t12 > 1e-3 * scale || t24 > 1e-3 * scale || noise > 1e-4 * scale)
            continue;
        if (t24 > noise && !(t24 < 0.5 * t12)) /* not converging like O(h²) */
            continue;
        /* a kink right at the point fools central differences (y·[y > 0] gives 1/2 for
         * every h): the one-sided slopes must agree too */
        if (!(fabs((fp[2] - f) / h4 - (f - fm[2]) / h4) <= 1e-2 * scale + noise))
            continue;
        double want = d4 + (d4 - d2) / 3; /* Richardson */
        double tol = 1e-4 * scale + 2 * noise + 2 * t24;
        FUZZ_CHECK(fabs(g[i] - want) <= tol,
                   "'%s' at (%.17g, %.17g): d/d%c exact %.17g, differences %.17g (%.17g, %.17g)",
                   text, x, y, i ? 'y' : 'x', g[i], want, d1, d2);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    size_t len = strlen(text);
    Err err;
    memset(&err, 0, sizeof err);
    Expr *e = expr_create(text, &err);
    if (!e) {
        FUZZ_CHECK(err.msg[0] && memchr(err.msg, 0, sizeof err.msg), "error without a message");
        FUZZ_CHECK(err.col >= 1 && (size_t)err.col <= len + 1, "column %d outside 1..%zu",
                   err.col, len + 1);
        free(text);
        return 0;
    }
    for (size_t k = 0; k < sizeof points / sizeof points[0]; k++) {
        double x = points[k][0], y = points[k][1], g[2];
        double f = expr_eval(e, x, y, NULL);
        double fg = expr_eval(e, x, y, g);
        FUZZ_CHECK(same(f, fg), "'%s' at (%g, %g): value %.17g, with gradient %.17g", text, x,
                   y, f, fg);
        double big;
        int ok;
        double fr = ref_eval(text, x, y, &big, &ok, NULL, NULL);
        FUZZ_CHECK(ok, "'%s': expr_create accepts what the grammar does not", text);
        FUZZ_CHECK(same(f, fr), "'%s' at (%g, %g): value %.17g, by the grammar %.17g", text, x,
                   y, f, fr);
        check_gradient(text, x, y, f, g);
    }
    /* extreme points: no crash, no sanitizer report */
    static const double far[] = {1e300, -1e300, 1e-300, -0.0, 1e154};
    for (size_t a = 0; a < 5; a++)
        for (size_t b = 0; b < 5; b++) {
            double g[2];
            double f = expr_eval(e, far[a], far[b], g);
            FUZZ_CHECK(same(f, expr_eval(e, far[a], far[b], NULL)), "value differs at far point");
        }
    expr_destroy(&e);
    FUZZ_CHECK(e == NULL, "expr_destroy leaves the pointer");
    free(text);
    return 0;
}
