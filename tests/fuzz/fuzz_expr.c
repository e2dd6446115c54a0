/* fuzz_expr — the expression parser and its dual-number evaluator on arbitrary bytes. An
 * accepted expression is evaluated at a few points: the value with and without the gradient
 * must be the same number, and where the function is smooth and moderate (central
 * differences with h and h/2 agree) the exact gradient must match them. Elsewhere (poles,
 * kinks, overflow) only: no crash, no sanitizer report. */
#include "fuzz.h"

#include <math.h>

#include "expr.h"

static const double points[][2] = {
    {0, 0}, {1, -1}, {0.5, 2}, {-3, 0.25}, {1e-3, 7}, {2.5, -1.75}, {-0.7, -0.3},
};

static int same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* Central difference along coordinate i with step h. */
static double central(const Expr *e, double x, double y, int i, double h)
{
    double fp = i ? expr_eval(e, x, y + h, NULL) : expr_eval(e, x + h, y, NULL);
    double fm = i ? expr_eval(e, x, y - h, NULL) : expr_eval(e, x - h, y, NULL);
    return (fp - fm) / (2 * h);
}

static void check_gradient(const Expr *e, const char *text, double x, double y, double f,
                           const double g[2])
{
    const double limit = 1e6;
    if (!isfinite(f) || fabs(f) > limit)
        return;
    for (int i = 0; i < 2; i++) {
        double c = i ? y : x;
        double h = 1e-4 * fmax(1, fabs(c));
        double d1 = central(e, x, y, i, h), d2 = central(e, x, y, i, h / 2);
        double d4 = central(e, x, y, i, h / 4);
        if (!isfinite(d1) || !isfinite(d2) || !isfinite(d4) || fabs(d1) > limit)
            continue;
        /* rounding in the differences: about 1e-16·|f|/h; truncation: O(h²) and shrinking by
         * 4 with each halving. A kink, a pole or wild curvature inside [c − h, c + h] breaks
         * that pattern: then the point is not one to judge a derivative at. */
        double noise = 64 * 2.3e-16 * fmax(fabs(f), 1e-300) / (h / 4);
        double t12 = fabs(d1 - d2), t24 = fabs(d2 - d4);
        double scale = fmax(1, fabs(d4));
        if (t12 > 1e-3 * scale || t24 > 1e-3 * scale || noise > 1e-4 * scale)
            continue;
        if (t24 > noise && !(t24 < 0.5 * t12)) /* not converging like O(h²) */
            continue;
        double want = d4 + (d4 - d2) / 3; /* Richardson */
        double tol = 1e-4 * scale + 2 * noise + 2 * t24;
        FUZZ_CHECK(isfinite(g[i]) && fabs(g[i] - want) <= tol,
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
        check_gradient(e, text, x, y, f, g);
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
