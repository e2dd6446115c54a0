/* test_surface.c — loss surfaces: exact gradients against finite differences, known minima,
 * parameters, the linreg data surface, expression surfaces, and the errors of surface_init. */
#undef NDEBUG
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rng.h"
#include "surface.h"

#include "check.h"

static int init(Surface *s, const char *text)
{
    Err err = {0};
    if (surface_init(s, text, &err) < 0) {
        fprintf(stderr, "surface_init(\"%s\") failed: %s\n", text, err.msg);
        check_failures++;
        return -1;
    }
    return 0;
}

/* The gradient against a central difference at n seeded points of the view. The difference
 * is good to about h² f''' + ε f / h, hence the tolerance relative to |g| and to |f|. */
static void check_gradient(const Surface *s, int n, uint64_t seed)
{
    Rng r;
    rng_seed(&r, seed, 0);
    const Rect *v = &s->view;
    int bad = 0;
    for (int i = 0; i < n; i++) {
        double x = v->x0 + (v->x1 - v->x0) * rng_uniform(&r);
        double y = v->y0 + (v->y1 - v->y0) * rng_uniform(&r);
        double g[2], t[2];
        double f = surface_eval(s, x, y, g);
        CHECK(isfinite(f) && isfinite(g[0]) && isfinite(g[1]));
        CHECK(surface_eval(s, x, y, NULL) == f);
        double hx = 1e-6 * fmax(1, fabs(x)), hy = 1e-6 * fmax(1, fabs(y));
        double fx = (surface_eval(s, x + hx, y, t) - surface_eval(s, x - hx, y, t)) / (2 * hx);
        double fy = (surface_eval(s, x, y + hy, t) - surface_eval(s, x, y - hy, t)) / (2 * hy);
        double tol = 1e-6 * fmax(1, fmax(fabs(g[0]), fabs(g[1]))) + 1e-9 * fabs(f);
        if (fabs(g[0] - fx) > tol || fabs(g[1] - fy) > tol) {
            if (bad++ < 5)
                fprintf(stderr, "%s:%d: %s at (%.9g, %.9g): gradient (%.12g, %.12g), "
                        "difference (%.12g, %.12g)\n", __FILE__, __LINE__, s->name, x, y,
                        g[0], g[1], fx, fy);
        }
    }
    check_failures += bad;
}

/* Every known minimum: gradient 0, loss fmin, no lower than its neighbours; and no sampled
 * point of the view lower than fmin (the minima are global). */
static void check_minima(const Surface *s)
{
    double scale = fmax(s->view.x1 - s->view.x0, s->view.y1 - s->view.y0);
    for (int i = 0; i < s->nminima; i++) {
        double mx = s->minima[i][0], my = s->minima[i][1], g[2];
        double f = surface_eval(s, mx, my, g);
        if (!(fabs(g[0]) <= 1e-9 && fabs(g[1]) <= 1e-9)) {
            fprintf(stderr, "%s:%d: %s: gradient at minimum (%.17g, %.17g) is (%g, %g)\n",
                    __FILE__, __LINE__, s->name, mx, my, g[0], g[1]);
            check_failures++;
        }
        CHECK_NEAR(f, s->fmin, 1e-9);
        CHECK(mx > s->view.x0 && mx < s->view.x1 && my > s->view.y0 && my < s->view.y1);
        for (int k = 0; k < 16; k++) {
            double d = (k < 8 ? 1e-4 : 1e-2) * scale, a = k * M_PI / 4;
            double fn = surface_eval(s, mx + d * cos(a), my + d * sin(a), NULL);
            if (!(f <= fn)) {
                fprintf(stderr, "%s:%d: %s: minimum (%g, %g) = %.17g above a neighbour %.17g\n",
                        __FILE__, __LINE__, s->name, mx, my, f, fn);
                check_failures++;
            }
        }
    }
    if (s->nminima == 0)
        return;
    Rng r;
    rng_seed(&r, 99, 1);
    for (int i = 0; i < 4000; i++) {
        double x = s->view.x0 + (s->view.x1 - s->view.x0) * rng_uniform(&r);
        double y = s->view.y0 + (s->view.y1 - s->view.y0) * rng_uniform(&r);
        double f = surface_eval(s, x, y, NULL);
        if (f < s->fmin - 1e-9) {
            fprintf(stderr, "%s:%d: %s: f(%g, %g) = %.17g below fmin %.17g\n", __FILE__,
                    __LINE__, s->name, x, y, f, s->fmin);
            check_failures++;
            break;
        }
    }
}

static void test_table(void)
{
    CHECK(surface_count == 17);
    for (int i = 0; i < surface_count; i++) {
        const SurfaceKind *k = surface_kinds[i];
        CHECK(k->name && k->formula && k->eval);
        CHECK(k->view.x0 < k->view.x1 && k->view.y0 < k->view.y1);
        CHECK(k->start[0] > k->view.x0 && k->start[0] < k->view.x1);
        CHECK(k->start[1] > k->view.y0 && k->start[1] < k->view.y1);
        CHECK(k->nparams <= SURFACE_MAXP && k->nminima <= SURFACE_MAXMIN);
        for (int j = 0; j < i; j++)
            CHECK(strcmp(k->name, surface_kinds[j]->name) != 0);

        Surface s;
        if (init(&s, k->name) < 0)
            continue;
        CHECK(s.kind == k);
        CHECK(s.expr == NULL);
        CHECK(isfinite(surface_eval(&s, s.start[0], s.start[1], NULL)));
        if (k->nparams == 0)
            CHECK(strcmp(s.name, k->name) == 0);
        else
            CHECK(strncmp(s.name, k->name, strlen(k->name)) == 0 &&
                  s.name[strlen(k->name)] == '(' && s.name[strlen(s.name) - 1] == ')');
        check_gradient(&s, 400, 1000 + (uint64_t)i);
        check_minima(&s);
        surface_deinit(&s);
    }
}

static void test_known_values(void)
{
    static const struct {
        const char *name;
        double fmin;
        int nminima;
    } want[] = {
        {"beale", 0, 1},
        {"rosenbrock", 0, 1},
        {"himmelblau", 0, 4},
        {"booth", 0, 1},
        {"matyas", 0, 1},
        {"goldstein-price", 3, 1},
        {"three-hump-camel", 0, 1},
        {"six-hump-camel", -1.0316284534898774, 2},
        {"rastrigin", 0, 1},
        {"ackley", 0, 1},
        {"styblinski-tang", -78.33233140754282, 1},
        {"levi13", 0, 1},
        {"saddle", NAN, 0},
        {"monkey-saddle", NAN, 0},
        {"quadratic", 0, 1},
        {"plateau", 0, 1},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        Surface s;
        if (init(&s, want[i].name) < 0)
            continue;
        CHECK(s.nminima == want[i].nminima);
        if (isnan(want[i].fmin))
            CHECK(isnan(s.fmin));
        else if (fabs(s.fmin - want[i].fmin) > 1e-12) {
            fprintf(stderr, "%s:%d: %s: fmin %.17g, want %.17g\n", __FILE__, __LINE__,
                    want[i].name, s.fmin, want[i].fmin);
            check_failures++;
        }
        surface_deinit(&s);
    }
    Surface s;
    if (init(&s, "himmelblau") == 0) {
        static const double m[4][2] = {{3, 2}, {-2.805118, 3.131312}, {-3.779310, -3.283186},
                                       {3.584428, -1.848126}};
        for (int i = 0; i < 4; i++) {
            CHECK(fabs(s.minima[i][0] - m[i][0]) < 1e-6);
            CHECK(fabs(s.minima[i][1] - m[i][1]) < 1e-6);
        }
        surface_deinit(&s);
    }
    if (init(&s, "six-hump-camel") == 0) {
        CHECK(fabs(s.minima[0][0] - 0.0898) < 1e-4 && fabs(s.minima[0][1] + 0.7126) < 1e-4);
        CHECK(s.minima[1][0] == -s.minima[0][0] && s.minima[1][1] == -s.minima[0][1]);
        surface_deinit(&s);
    }
    if (init(&s, "styblinski-tang") == 0) {
        CHECK(fabs(s.minima[0][0] + 2.903534) < 1e-6 && s.minima[0][0] == s.minima[0][1]);
        surface_deinit(&s);
    }
    if (init(&s, "ackley") == 0) { /* the cone's tip: gradient defined as 0 */
        double g[2] = {1, 1};
        CHECK(surface_eval(&s, 0, 0, g) == 0);
        CHECK(g[0] == 0 && g[1] == 0);
        surface_deinit(&s);
    }
    if (init(&s, "beale") == 0) { /* values from the formula */
        CHECK_NEAR(surface_eval(&s, 1, 1.5, NULL), 41.25, 1e-15);
        CHECK_NEAR(surface_eval(&s, 0, 0, NULL), 1.5 * 1.5 + 2.25 * 2.25 + 2.625 * 2.625, 1e-15);
        surface_deinit(&s);
    }
}

static void test_params(void)
{
    Surface s;
    if (init(&s, "rosenbrock(b=10)") == 0) {
        CHECK(strcmp(s.name, "rosenbrock(a=1, b=10)") == 0);
        CHECK(s.p[0] == 1 && s.p[1] == 10);
        CHECK(s.minima[0][0] == 1 && s.minima[0][1] == 1);
        CHECK_NEAR(surface_eval(&s, 0, 1, NULL), 1 + 10, 1e-15);
        check_gradient(&s, 200, 5);
        check_minima(&s);
        surface_deinit(&s);
    }
    if (init(&s, "Rosenbrock(a=2)") == 0) { /* the minimum moves to (a, a²), into the view */
        CHECK(strcmp(s.name, "rosenbrock(a=2, b=100)") == 0);
        CHECK(s.minima[0][0] == 2 && s.minima[0][1] == 4);
        CHECK(s.view.x1 > 2 && s.view.y1 > 4);
        check_minima(&s);
        surface_deinit(&s);
    }
    if (init(&s, "rosenbrock") == 0) {
        CHECK(strcmp(s.name, "rosenbrock(a=1, b=100)") == 0);
        surface_deinit(&s);
    }
    if (init(&s, " quadratic(kx=2, ky=3) ") == 0) {
        double g[2];
        CHECK_NEAR(surface_eval(&s, 1, 2, g), 0.5 * (2 * 1 + 3 * 4), 1e-15);
        CHECK_NEAR(g[0], 2, 1e-15);
        CHECK_NEAR(g[1], 6, 1e-15);
        CHECK(strcmp(s.name, "quadratic(kx=2, ky=3)") == 0);
        surface_deinit(&s);
    }
    if (init(&s, "quadratic") == 0) {
        CHECK(strcmp(s.name, "quadratic(kx=1, ky=10)") == 0);
        CHECK_NEAR(surface_eval(&s, 2, 1, NULL), 0.5 * (4 + 10), 1e-15);
        surface_deinit(&s);
    }
    if (init(&s, "RASTRIGIN(a=5)") == 0) {
        CHECK(strcmp(s.name, "rastrigin(A=5)") == 0);
        CHECK_NEAR(surface_eval(&s, 0.5, 0, NULL), 10 + 0.25 + 5 - 5, 1e-14);
        check_gradient(&s, 100, 6);
        surface_deinit(&s);
    }
    if (init(&s, "BEALE") == 0) {
        CHECK(strcmp(s.name, "beale") == 0 && s.kind == surface_kinds[0]);
        surface_deinit(&s);
    }
}

static void test_linreg(void)
{
    Surface s, t;
    if (init(&s, "linreg") < 0)
        return;
    CHECK(strcmp(s.name, "linreg(n=64, noise=0.5, seed=1)") == 0);
    CHECK(s.n == 64 && s.dx && s.dy);
    CHECK(s.nminima == 1);
    check_gradient(&s, 300, 7);
    check_minima(&s);
    /* the least-squares line is near the true one (2, −1) */
    CHECK(fabs(s.minima[0][0] - 2) < 0.5 && fabs(s.minima[0][1] + 1) < 0.5);
    for (int i = 0; i < s.n; i++)
        CHECK(s.dx[i] >= -1 && s.dx[i] < 1);

    /* the batch over every point is the full loss, bit for bit */
    int idx[4096];
    for (int i = 0; i < s.n; i++)
        idx[i] = i;
    double g[2], gb[2];
    double f = surface_eval(&s, 0.3, -0.7, g);
    double fb = surface_eval_batch(&s, 0.3, -0.7, gb, idx, s.n);
    CHECK(f == fb && g[0] == gb[0] && g[1] == gb[1]);
    /* a subset is the mean over that subset */
    int sub[3] = {5, 17, 40};
    double want = 0, wg0 = 0, wg1 = 0;
    for (int k = 0; k < 3; k++) {
        double r = 0.3 * s.dx[sub[k]] - 0.7 - s.dy[sub[k]];
        want += r * r / 3;
        wg0 += 2 * r * s.dx[sub[k]] / 3;
        wg1 += 2 * r / 3;
    }
    fb = surface_eval_batch(&s, 0.3, -0.7, gb, sub, 3);
    CHECK_NEAR(fb, want, 1e-14);
    CHECK_NEAR(gb[0], wg0, 1e-14);
    CHECK_NEAR(gb[1], wg1, 1e-14);

    /* same seed, same data; another seed, other data */
    if (init(&t, "linreg(seed=1)") == 0) {
        CHECK(t.n == s.n && memcmp(t.dx, s.dx, sizeof *s.dx * (size_t)s.n) == 0 &&
              memcmp(t.dy, s.dy, sizeof *s.dy * (size_t)s.n) == 0);
        CHECK(t.minima[0][0] == s.minima[0][0] && t.fmin == s.fmin);
        surface_deinit(&t);
    }
    if (init(&t, "linreg(seed=2)") == 0) {
        CHECK(memcmp(t.dx, s.dx, sizeof *s.dx * (size_t)s.n) != 0);
        CHECK(t.minima[0][0] != s.minima[0][0]);
        surface_deinit(&t);
    }
    /* without noise the points lie on the line: the fit is exact */
    if (init(&t, "linreg(n=10, noise=0)") == 0) {
        CHECK(t.n == 10);
        CHECK_NEAR(t.minima[0][0], 2, 1e-12);
        CHECK_NEAR(t.minima[0][1], -1, 1e-12);
        CHECK(fabs(t.fmin) < 1e-20);
        surface_deinit(&t);
    }
    /* much noise on two points: the minimum still lies in the view */
    if (init(&t, "linreg(n=2, noise=50, seed=3)") == 0) {
        check_minima(&t);
        check_gradient(&t, 100, 8);
        surface_deinit(&t);
    }
    if (init(&t, "linreg(n=4096)") == 0) {
        CHECK(t.n == 4096);
        check_minima(&t);
        surface_deinit(&t);
    }
    surface_deinit(&s);
    CHECK(s.dx == NULL && s.dy == NULL && s.n == 0 && s.kind == NULL);
    surface_deinit(&s); /* twice is fine */
}

static void test_expression(void)
{
    Surface s;
    if (init(&s, "x^2 + 3*y^2") == 0) {
        CHECK(s.kind == NULL && s.expr != NULL);
        CHECK(strcmp(s.name, "x^2 + 3*y^2") == 0);
        CHECK(s.nminima == 0 && isnan(s.fmin));
        CHECK(s.view.x0 == -5 && s.view.x1 == 5 && s.view.y0 == -5 && s.view.y1 == 5);
        CHECK(s.start[0] == -4 && s.start[1] == 4);
        double g[2];
        CHECK_NEAR(surface_eval(&s, 1, 2, g), 13, 1e-15);
        CHECK(g[0] == 2 && g[1] == 12);
        check_gradient(&s, 200, 9);
        surface_deinit(&s);
        CHECK(s.expr == NULL);
        surface_deinit(&s);
    }
    if (init(&s, "  log(x) + sin(3*y) ") == 0) { /* undefined at (−4, 4): another start */
        CHECK(strcmp(s.name, "log(x) + sin(3*y)") == 0);
        CHECK(isfinite(surface_eval(&s, s.start[0], s.start[1], NULL)));
        CHECK(s.start[0] > 0);
        surface_deinit(&s);
    }
    if (init(&s, "x-y") == 0) { /* not the identifier "x-y" */
        CHECK(s.kind == NULL && surface_eval(&s, 3, 1, NULL) == 2);
        surface_deinit(&s);
    }
    if (init(&s, "e^x + pi") == 0) {
        CHECK_NEAR(surface_eval(&s, 0, 0, NULL), 1 + M_PI, 1e-15);
        surface_deinit(&s);
    }
}

/* An error: -1, the column, words the message must contain, and a zeroed surface. */
static void bad(const char *text, int col, const char *want1, const char *want2, int line)
{
    Surface s;
    Err err = {0};
    memset(&s, 0x5a, sizeof s);
    if (surface_init(&s, text, &err) == 0) {
        fprintf(stderr, "%s:%d: surface '%s' accepted but should not be\n", __FILE__, line,
                text);
        check_failures++;
        surface_deinit(&s);
        return;
    }
    if (err.col != col || !strstr(err.msg, want1) || (want2 && !strstr(err.msg, want2))) {
        fprintf(stderr, "%s:%d: '%s': got col %d \"%s\", want col %d with \"%s\"%s%s\n",
                __FILE__, line, text, err.col, err.msg, col, want1, want2 ? " and " : "",
                want2 ? want2 : "");
        check_failures++;
    }
    if (s.kind || s.expr || s.dx || s.dy) {
        fprintf(stderr, "%s:%d: '%s': the failed surface is not zeroed\n", __FILE__, line,
                text);
        check_failures++;
    }
}

#define BAD(text, col, w1, w2) bad(text, col, w1, w2, __LINE__)

static void test_errors(void)
{
    BAD("beal", 1, "unknown surface 'beal'", "did you mean 'beale'?");
    BAD("rosenbrok(b=10)", 1, "unknown surface 'rosenbrok'", "did you mean 'rosenbrock'?");
    BAD("six-hump-camle", 1, "unknown surface 'six-hump-camle'", "'six-hump-camel'");
    BAD("  matyass", 3, "unknown surface 'matyass'", "did you mean 'matyas'?");
    BAD("bael", 1, "unknown surface 'bael'", NULL);
    BAD("qwerty", 1, "unknown surface 'qwerty'", "expression in x and y");
    BAD("sinn(x)", 1, "unknown function 'sinn'", "did you mean 'sin'?");
    BAD("x-foo", 3, "unknown name 'foo'", NULL);
    BAD("x^2 + 3*", 9, "expected an operand", NULL);
    BAD("(x+1", 5, "expected ')'", NULL);
    BAD("rosenbrock(c=1)", 12, "no keyword 'c'", "a, b");
    BAD("rosenbrock(b=0)", 14, "b must be > 0", NULL);
    BAD("quadratic(kx=-1)", 14, "kx must be > 0", NULL);
    BAD("linreg(n=1)", 10, "n must be in [2, 4096]", NULL);
    BAD("linreg(n=2.5)", 10, "n must be an integer", NULL);
    BAD("linreg(noise=-1)", 14, "noise must be >= 0", NULL);
    BAD("beale(1)", 7, "at most 0 arguments", NULL);
    BAD("beale + x", 7, "expected the end", NULL);
    BAD("", 1, "empty", NULL);
    CHECK(surface_init(&(Surface){0}, "nope(", NULL) < 0);
}

int main(void)
{
    test_table();
    test_known_values();
    test_params();
    test_linreg();
    test_expression();
    test_errors();
    if (check_failures)
        fprintf(stderr, "%d check(s) failed\n", check_failures);
    else
        printf("surface: all checks passed\n");
    return check_failures != 0;
}
