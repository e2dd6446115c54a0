/* surface.c — the table of surfaces and the reading of "name(args)" or an expression. */
#include "surface.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spec.h"
#include "surf/surf.h"

const SurfaceKind *const surface_kinds[] = {
    &surf_beale,           &surf_rosenbrock,     &surf_himmelblau,      &surf_booth,
    &surf_matyas,          &surf_goldstein_price, &surf_three_hump_camel, &surf_six_hump_camel,
    &surf_rastrigin,       &surf_ackley,         &surf_styblinski_tang, &surf_levi13,
    &surf_saddle,          &surf_monkey_saddle,  &surf_quadratic,       &surf_linreg,
    &surf_plateau,
};
const int surface_count = (int)(sizeof surface_kinds / sizeof surface_kinds[0]);

/* An expression surface's view and the candidate starts, best first: the first one where the
 * loss and gradient are finite is used (log(x) is undefined at (−4, 4), not at (4, 4)). */
static const Rect expr_view = {-5, -5, 5, 5};
static const double expr_starts[][2] = {{-4, 4}, {4, 4}, {4, -4}, {-4, -4},
                                        {-2, 2}, {2, 2}, {1, 1}, {0.5, 0.5}};

static const SurfaceKind *find_kind(const char *name)
{
    for (int i = 0; i < surface_count; i++)
        if (!strcasecmp(surface_kinds[i]->name, name))
            return surface_kinds[i];
    return NULL;
}

/* "rosenbrock(a=1, b=100)", or just "beale" for a surface without keywords. */
static void format_name(Surface *s)
{
    const SurfaceKind *k = s->kind;
    size_t size = sizeof s->name;
    int len = snprintf(s->name, size, "%s", k->name);
    for (int i = 0; i < k->nparams && len >= 0 && (size_t)len < size; i++) {
        len += snprintf(s->name + len, size - (size_t)len, "%s", i ? ", " : "(");
        if ((size_t)len < size)
            len += param_format(&k->params[i], s->p, s->name + len, size - (size_t)len);
    }
    if (k->nparams && len >= 0 && (size_t)len < size)
        snprintf(s->name + len, size - (size_t)len, ")");
}

static int init_kind(Surface *s, const SurfaceKind *k, const char *text, Err *err)
{
    s->kind = k;
    s->view = k->view;
    s->start[0] = k->start[0];
    s->start[1] = k->start[1];
    s->nminima = k->nminima;
    memcpy(s->minima, k->minima, sizeof s->minima);
    assert(k->nparams <= SURFACE_MAXP);
    if (spec_call(text, "surface", k->params, k->nparams, s->p, err) < 0)
        return -1;
    if (k->setup && k->setup(s, err) < 0)
        return -1;
    format_name(s);
    s->fmin = NAN;
    for (int i = 0; i < s->nminima; i++) {
        double f = k->eval(s, s->minima[i][0], s->minima[i][1], NULL);
        if (i == 0 || f < s->fmin)
            s->fmin = f;
    }
    return 0;
}

static int init_expr(Surface *s, const char *text, Err *err)
{
    s->expr = expr_create(text, err);
    if (!s->expr)
        return -1;
    s->view = expr_view;
    s->start[0] = expr_starts[0][0];
    s->start[1] = expr_starts[0][1];
    for (size_t i = 0; i < sizeof expr_starts / sizeof expr_starts[0]; i++) {
        double g[2], f = expr_eval(s->expr, expr_starts[i][0], expr_starts[i][1], g);
        if (isfinite(f) && isfinite(g[0]) && isfinite(g[1])) {
            s->start[0] = expr_starts[i][0];
            s->start[1] = expr_starts[i][1];
            break;
        }
    }
    s->fmin = NAN;
    /* the text as typed, without the surrounding blanks */
    while (isspace((unsigned char)*text))
        text++;
    size_t len = strlen(text);
    while (len > 0 && isspace((unsigned char)text[len - 1]))
        len--;
    snprintf(s->name, sizeof s->name, "%.*s", (int)len, text);
    return 0;
}

/* The text began with an identifier that is neither a surface nor an expression: when the
 * expression parser stopped right there, and the identifier stands alone or is called like a
 * surface, the user most likely misspelt a surface name. */
static void blame_surface_name(const char *text, const char *ident, size_t len, Err *err)
{
    int col = (int)strspn(text, " \t\r\n\f\v") + 1;
    const char *rest = text + col - 1 + len;
    while (isspace((unsigned char)*rest))
        rest++;
    if (err->col != col || (*rest && *rest != '('))
        return;
    const char *names[64];
    assert(surface_count <= 64);
    for (int i = 0; i < surface_count; i++)
        names[i] = surface_kinds[i]->name;
    const char *near = err_closest(ident, names, surface_count);
    if (near) {
        err_set(err, col, "column %d: unknown surface '%s' (did you mean '%s'?)", col, ident,
                near);
    } else if (!*rest && !strstr(err->msg, "did you mean")) {
        char list[400];
        int n = 0;
        for (int i = 0; i < surface_count && n >= 0 && (size_t)n < sizeof list; i++)
            n += snprintf(list + n, sizeof list - (size_t)n, "%s%s", i ? ", " : "", names[i]);
        err_set(err, col, "column %d: unknown surface '%s': expected a surface name (%s) or an "
                "expression in x and y", col, ident, list);
    }
}

int surface_init(Surface *s, const char *text, Err *err)
{
    Err local;
    if (!err)
        err = &local;
    memset(s, 0, sizeof *s);
    s->fmin = NAN;
    char ident[64];
    size_t len = spec_ident(text, ident, sizeof ident);
    const SurfaceKind *k = len > 0 && len < sizeof ident ? find_kind(ident) : NULL;
    int rc = k ? init_kind(s, k, text, err) : init_expr(s, text, err);
    if (rc < 0) {
        if (!k && len > 0 && len < sizeof ident)
            blame_surface_name(text, ident, len, err);
        surface_deinit(s);
        return -1;
    }
    return 0;
}

void surface_deinit(Surface *s)
{
    expr_destroy(&s->expr);
    free(s->dx);
    free(s->dy);
    memset(s, 0, sizeof *s);
}

double surface_eval(const Surface *s, double x, double y, double g[2])
{
    if (s->kind)
        return s->kind->eval(s, x, y, g);
    assert(s->expr);
    return expr_eval(s->expr, x, y, g);
}

double surface_eval_batch(const Surface *s, double x, double y, double g[2], const int *idx, int n)
{
    assert(s->kind == &surf_linreg && "surface_eval_batch: not a data surface");
    return surf_linreg_batch(s, x, y, g, idx, n);
}
