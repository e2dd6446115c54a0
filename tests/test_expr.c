/* test_expr.c — custom expressions: values and exact gradients against closed forms,
 * precedence and associativity, and every syntax error with its column. */
#undef NDEBUG
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "rng.h"

#include "check.h"

/* ---- closed forms: value, ∂/∂x, ∂/∂y -------------------------------------------------- */

#define FORM(name, F, FX, FY)                                  \
    static void name(double x, double y, double o[3])         \
    {                                                          \
        (void)x;                                               \
        (void)y;                                               \
        o[0] = (F);                                            \
        o[1] = (FX);                                           \
        o[2] = (FY);                                           \
    }

static double sgn(double v)
{
    return (v > 0) - (v < 0);
}

FORM(f_poly, x * x + 3 * y * y + 0.5 * x * y, 2 * x + 0.5 * y, 6 * y + 0.5 * x)
FORM(f_sinexp, sin(x) * exp(y), cos(x) * exp(y), sin(x) * exp(y))
FORM(f_negsq, -(x * x), -2 * x, 0)
FORM(f_half, 0.5, 0, 0)
FORM(f_cube, x * x * x, 3 * x * x, 0)
FORM(f_hyp, sqrt(x * x + y * y + 1), x / sqrt(x * x + y * y + 1), y / sqrt(x * x + y * y + 1))
FORM(f_log1p, log(1 + x * x), 2 * x / (1 + x * x), 0)
FORM(f_tanh, tanh(x * y), y * (1 - tanh(x * y) * tanh(x * y)), x * (1 - tanh(x * y) * tanh(x * y)))
FORM(f_abs, fabs(x), sgn(x), 0)
FORM(f_sumsq, (x + y) * (x + y), 2 * (x + y), 2 * (x + y))
FORM(f_leftsub, x - y - 1, 1, -1)
FORM(f_leftdiv, x / (y * y + 1) / 2, 1 / (y * y + 1) / 2, -x * y / ((y * y + 1) * (y * y + 1)))
FORM(f_costan, cos(x) + tan(y / 4), -sin(x), (1 + tan(y / 4) * tan(y / 4)) / 4)
FORM(f_gauss, exp(-x * x - y * y), -2 * x * exp(-x * x - y * y), -2 * y * exp(-x * x - y * y))
FORM(f_epow, exp(x), exp(x), 0)
FORM(f_pix, M_PI * x, M_PI, 0)
FORM(f_signs, x + y, 1, 1)
FORM(f_rosen, (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x),
     -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x))
FORM(f_small, 1e-3 * x + 0.5 * y, 1e-3, 0.5)
FORM(f_xpowpos, pow(x * x + 1, y), y * pow(x * x + 1, y - 1) * 2 * x,
     pow(x * x + 1, y) * log(x * x + 1))
FORM(f_negpow, -pow(2, -x), pow(2, -x) * log(2), 0)
FORM(f_recip, 1 / (x * x + 1), -2 * x / ((x * x + 1) * (x * x + 1)), 0)
FORM(f_quart, pow(x, 4) - 2 * pow(y, 3), 4 * x * x * x, -6 * y * y)

static const struct {
    const char *text;
    void (*form)(double x, double y, double o[3]);
} cases[] = {
    {"x^2 + 3*y^2 + 0.5*x*y", f_poly},
    {"sin(x)*exp(y)", f_sinexp},
    {"-x^2", f_negsq},
    {"2^-1", f_half},
    {"x^3", f_cube},
    {"sqrt(x^2+y^2+1)", f_hyp},
    {"log(1+x^2)", f_log1p},
    {"tanh(x*y)", f_tanh},
    {"abs(x)", f_abs},
    {"(x+y)^2", f_sumsq},
    {"x - y - 1", f_leftsub},
    {"x / (y^2+1) / 2", f_leftdiv},
    {"cos(x) + tan(y/4)", f_costan},
    {"exp(-x^2 - y^2)", f_gauss},
    {"e^x", f_epow},
    {"pi*x", f_pix},
    {"+x - -y", f_signs},
    {"  X + Y  ", f_signs},
    {"(1-x)^2 + 100*(y-x^2)^2", f_rosen},
    {"1e-3*x + .5*y", f_small},
    {"(x^2+1)^y", f_xpowpos},
    {"-2^-x", f_negpow},
    {"1/(x^2+1)", f_recip},
    {"x^4 - 2*y^3", f_quart},
    {"SIN(x)*Exp(y)", f_sinexp},
};

static void test_closed_forms(void)
{
    Rng r;
    rng_seed(&r, 7, 0);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        Err err = {0};
        Expr *e = expr_create(cases[c].text, &err);
        if (!e) {
            fprintf(stderr, "%s:%d: '%s' does not parse: %s\n", __FILE__, __LINE__,
                    cases[c].text, err.msg);
            check_failures++;
            continue;
        }
        for (int i = 0; i < 300; i++) {
            double x = 4 * rng_uniform(&r) - 2, y = 4 * rng_uniform(&r) - 2;
            double o[3], g[2];
            cases[c].form(x, y, o);
            double f = expr_eval(e, x, y, g);
            CHECK_NEAR(f, o[0], 1e-13);
            CHECK_NEAR(g[0], o[1], 1e-12);
            CHECK_NEAR(g[1], o[2], 1e-12);
            /* asking for the gradient never changes the value, bit for bit */
            double f2 = expr_eval(e, x, y, NULL);
            CHECK(memcmp(&f, &f2, sizeof f) == 0);
        }
        expr_destroy(&e);
        CHECK(e == NULL);
    }
}

/* Value and gradient of text at one point. */
static void at(const char *text, double x, double y, double f, double gx, double gy, int line)
{
    Err err = {0};
    Expr *e = expr_create(text, &err);
    if (!e) {
        fprintf(stderr, "%s:%d: '%s' does not parse: %s\n", __FILE__, line, text, err.msg);
        check_failures++;
        return;
    }
    double g[2], v = expr_eval(e, x, y, g);
    int ok = (v == f || fabs(v - f) <= 1e-14 * fmax(1, fabs(f))) &&
             (g[0] == gx || fabs(g[0] - gx) <= 1e-14 * fmax(1, fabs(gx))) &&
             (g[1] == gy || fabs(g[1] - gy) <= 1e-14 * fmax(1, fabs(gy)));
    if (!ok) {
        fprintf(stderr, "%s:%d: '%s' at (%g, %g): got %.17g (%.17g, %.17g), want %.17g "
                "(%.17g, %.17g)\n", __FILE__, line, text, x, y, v, g[0], g[1], f, gx, gy);
        check_failures++;
    }
    expr_destroy(&e);
}

#define AT(text, x, y, f, gx, gy) at(text, x, y, f, gx, gy, __LINE__)

static void test_points(void)
{
    /* precedence and associativity */
    AT("2+3*4", 0, 0, 14, 0, 0);
    AT("2*3^2", 0, 0, 18, 0, 0);
    AT("-2^2", 0, 0, -4, 0, 0);
    AT("(-2)^2", 0, 0, 4, 0, 0);
    AT("2^-2", 0, 0, 0.25, 0, 0);
    AT("2^3^2", 0, 0, 512, 0, 0);
    AT("(2^3)^2", 0, 0, 64, 0, 0);
    AT("8/4/2", 0, 0, 1, 0, 0);
    AT("8-4-2", 0, 0, 2, 0, 0);
    AT("2*-3", 0, 0, -6, 0, 0);
    AT("--2", 0, 0, 2, 0, 0);
    AT("-x^2", 3, 0, -9, -6, 0);
    AT("2^-x^2", 1, 0, 0.5, -2 * 0.5 * log(2), 0); /* 2^(-(x^2)) */
    AT("1 - 2 + 3", 0, 0, 2, 0, 0);
    AT("pi", 0, 0, M_PI, 0, 0);
    AT("e", 0, 0, M_E, 0, 0);
    AT("E^1", 0, 0, M_E, 0, 0);
    /* powers with a constant exponent at zero and at negative bases */
    AT("x^3", 0, 0, 0, 0, 0);
    AT("x^3", -2, 0, -8, 12, 0);
    AT("x^2", -3, 0, 9, -6, 0);
    AT("x^2", 0, 0, 0, 0, 0);
    AT("x^1", 0, 0, 0, 1, 0);
    AT("x^0", 0, 0, 1, 0, 0);
    AT("x^0", -5, 0, 1, 0, 0);
    AT("x^-1", -2, 0, -0.5, -0.25, 0);
    AT("x^(1+1)", -3, 0, 9, -6, 0);
    AT("(x*y)^2", -1, 2, 4, -8, 4);
    /* a moving exponent: the log term */
    AT("x^y", 2, 3, 8, 12, 8 * log(2));
    AT("x^y", 0, 2, 0, 0, 0); /* u^w log u → 0 as u → 0⁺ */
    AT("2^x", 3, 0, 8, 8 * log(2), 0);
    /* functions at their awkward points */
    AT("abs(x)", 0, 0, 0, 0, 0);
    AT("abs(x) + abs(y)", -1, 2, 3, -1, 1);
    AT("log(x)", 2, 0, log(2), 0.5, 0);
    AT("sqrt(x^2+y^2)", 0, 0, 0, 0, 0); /* the inner value does not move: 0, not NaN */
    AT("sqrt(x^2+y^2)", 3, 4, 5, 0.6, 0.8);
    AT("sqrt(x)", 0, 0, 0, INFINITY, 0); /* infinite slope, no crash, ∂/∂y stays 0 */
    AT("tanh(x)", 0, 0, 0, 1, 0);
    AT("tan(x)", 0, 0, 0, 1, 0);
    AT("exp(0*x)", 5, 0, 1, 0, 0);
    AT("x/y", 1, 2, 0.5, 0.5, -0.25);
    AT("1.5e2*x + 2E-1", 1, 0, 150.2, 150, 0);

    /* undefined points give NaN or ±inf, never a crash */
    Err err = {0};
    Expr *e = expr_create("(-8)^(1/3) + log(x) + 1/y", &err);
    CHECK(e != NULL);
    double g[2];
    double v = expr_eval(e, -1, 0, g);
    CHECK(isnan(v));
    expr_destroy(&e);
    expr_destroy(&e); /* NULL is fine */
}

/* An error: NULL, the column, and words that the message must contain. */
static void bad(const char *text, int col, const char *want1, const char *want2, int line)
{
    Err err = {0};
    Expr *e = expr_create(text, &err);
    if (e) {
        fprintf(stderr, "%s:%d: '%s' parsed but should not\n", __FILE__, line, text);
        check_failures++;
        expr_destroy(&e);
        return;
    }
    int ok = err.col == col && strstr(err.msg, want1) && (!want2 || strstr(err.msg, want2));
    char colword[32];
    snprintf(colword, sizeof colword, "column %d:", col);
    ok = ok && strncmp(err.msg, colword, strlen(colword)) == 0;
    if (!ok) {
        fprintf(stderr, "%s:%d: '%.60s': got col %d \"%s\", want col %d with \"%s\"%s%s%s\n",
                __FILE__, line, text, err.col, err.msg, col, want1, want2 ? " and \"" : "",
                want2 ? want2 : "", want2 ? "\"" : "");
        check_failures++;
    }
}

#define BAD(text, col, w1, w2) bad(text, col, w1, w2, __LINE__)

static void test_errors(void)
{
    const char *operand = "expected an operand (number, x, y, function or '(')";
    BAD("x^2 + 3*", 9, operand, "but found the end of the expression");
    BAD("x^", 3, operand, "end of the expression");
    BAD("(x+1", 5, "expected ')' to close the '(' at column 1", "end of the expression");
    BAD("sin(x", 6, "expected ')' to close sin( at column 4", NULL);
    BAD("x+1)", 4, "unbalanced ')'", NULL);
    BAD("x + )", 5, operand, "found ')'");
    BAD("()", 2, operand, "found ')'");
    BAD("qwerty(x)", 1, "unknown function 'qwerty'", "sin cos tan exp log sqrt abs tanh");
    BAD("foo(x)", 1, "unknown function 'foo'", NULL);
    BAD("sinn(x)", 1, "unknown function 'sinn'", "did you mean 'sin'?");
    BAD("x + z", 5, "unknown name 'z'", NULL);
    BAD("sin x", 5, "expected '(' after 'sin'", "found 'x'");
    BAD("sin", 4, "expected '(' after 'sin'", "end of the expression");
    BAD("sin()", 5, operand, "found ')'");
    BAD("sin(x, y)", 6, "expected ')' to close sin( at column 4", "one argument");
    BAD("", 1, "empty", operand);
    BAD("   ", 4, "empty", NULL);
    BAD("x..2", 2, "expected an operator (+ - * / ^) or the end of the expression",
        "found '.'");
    BAD("3 4", 3, "expected an operator", "found '4'");
    BAD("3 4", 3, "implicit multiplication", NULL);
    BAD("2x", 2, "expected an operator", "write 2*x");
    BAD("x y", 3, "expected an operator", "found 'y'");
    BAD("x (y)", 3, "expected an operator", "found '('");
    BAD("0x1", 2, "expected an operator", "found 'x1'");
    BAD("x**2", 3, operand, "x^2, not x**2");
    BAD("x\xc2\xb2", 2, "expected an operator", "'\xc2\xb2'"); /* x² */
    BAD("x \xe2\x88\x92 y", 3, "ASCII", NULL);                 /* x − y */
    BAD("@", 1, operand, "found '@'");
    BAD("1e999", 1, "too large", NULL);
    BAD("x + .", 5, operand, "found '.'");

    /* too long: one past the limit, at the limit it parses */
    char *text = malloc(1002);
    assert(text);
    for (int i = 0; i < 1001; i++)
        text[i] = i % 2 ? '+' : 'x';
    text[1001] = 0; /* "x+x+...+x", 1001 characters */
    BAD(text, 1001, "too long", "at most 1000");
    text[999] = 0; /* 999 characters: x+...+x */
    Err err = {0};
    Expr *e = expr_create(text, &err);
    CHECK(e != NULL);
    if (e) {
        double g[2];
        CHECK_NEAR(expr_eval(e, 1, 0, g), 500, 0);
        CHECK_NEAR(g[0], 500, 0);
        expr_destroy(&e);
    }

    /* deep nesting is refused with a message, not a stack overflow */
    for (int i = 0; i < 1000; i++)
        text[i] = i < 250 ? '(' : i == 250 ? 'x' : i <= 500 ? ')' : 0;
    BAD(text, 201, "nested too deeply", NULL);
    for (int i = 0; i < 1000; i++)
        text[i] = i < 150 ? '(' : i == 150 ? 'x' : i <= 300 ? ')' : 0;
    e = expr_create(text, &err);
    CHECK(e != NULL);
    if (e) {
        CHECK_NEAR(expr_eval(e, 3, 0, NULL), 3, 0);
        expr_destroy(&e);
    }
    /* a long right-associative tower: 2^1^1^...^1 = 2 */
    strcpy(text, "2");
    for (int i = 0; i < 150; i++)
        strcat(text, "^1");
    e = expr_create(text, &err);
    CHECK(e != NULL);
    if (e) {
        double g[2];
        CHECK_NEAR(expr_eval(e, 0, 0, g), 2, 0);
        expr_destroy(&e);
    }
    free(text);

    /* err may be NULL */
    CHECK(expr_create("x +", NULL) == NULL);
}

int main(void)
{
    test_closed_forms();
    test_points();
    test_errors();
    if (check_failures)
        fprintf(stderr, "%d check(s) failed\n", check_failures);
    else
        printf("expr: all checks passed\n");
    return check_failures != 0;
}
