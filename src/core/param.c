#include "param.h"
#include "fmt.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

void param_defaults(const ParamDef *defs, int n, double *p)
{
    for (int i = 0; i < n; i++) {
        const ParamDef *d = &defs[i];
        switch (d->type) {
        case PARAM_PAIR:
            p[d->slot] = d->def[0];
            p[d->slot + 1] = d->def[1];
            break;
        case PARAM_LIST:
            p[d->slot] = 0;
            for (int k = 0; k < PARAM_LIST_MAX; k++)
                p[d->slot + 1 + k] = 0;
            break;
        default:
            p[d->slot] = d->def[0];
        }
    }
}

const char *param_choice(const ParamDef *d, int i, char *buf, size_t size)
{
    const char *s = d->choices ? d->choices : "";
    buf[0] = 0;
    for (int k = 0; k < i && s; k++) {
        s = strchr(s, '|');
        if (s)
            s++;
    }
    if (!s || i < 0)
        return buf;
    size_t len = strcspn(s, "|");
    if (len >= size)
        len = size - 1;
    memcpy(buf, s, len);
    buf[len] = 0;
    return buf;
}

/* The shortest text that reads back as the same double: "0.1", not "0.10000000000000001",
 * "0.3333333333333333", not "0.33333333333333331"; every value round-trips through the spec
 * parser. NaN is Python's None. */
static int fmt_num(char *buf, size_t size, double v)
{
    char s[FMT_MAX];
    if (isnan(v))
        return snprintf(buf, size, "None");
    fmt_shortest(v, s);
    return snprintf(buf, size, "%s", s);
}

int param_format(const ParamDef *d, const double *p, char *buf, size_t size)
{
    char a[32], b[32], c[32];
    const double *v = &p[d->slot];
    switch (d->type) {
    case PARAM_BOOL:
        return snprintf(buf, size, "%s=%s", d->name, v[0] != 0 ? "True" : "False");
    case PARAM_PAIR:
        fmt_num(a, sizeof a, v[0]);
        fmt_num(b, sizeof b, v[1]);
        return snprintf(buf, size, "%s=(%s, %s)", d->name, a, b);
    case PARAM_CHOICE: /* the word None is Python's None, unquoted */
        param_choice(d, (int)v[0], c, sizeof c);
        return snprintf(buf, size, strcmp(c, "None") ? "%s='%s'" : "%s=%s", d->name, c);
    case PARAM_EXPR: {
        const char *t = param_expr_text(v[0]);
        return snprintf(buf, size, "%s=%c%s%c", d->name, strchr(t, '\'') ? '"' : '\'', t,
                        strchr(t, '\'') ? '"' : '\'');
    }
    case PARAM_LIST: {
        int n = snprintf(buf, size, "%s=(", d->name);
        for (int k = 0; k < (int)v[0] && n >= 0 && (size_t)n < size; k++) {
            fmt_num(c, sizeof c, v[1 + k]);
            n += snprintf(buf + n, size - (size_t)n, "%s%s", k ? ", " : "", c);
        }
        if (n >= 0 && (size_t)n < size)
            n += snprintf(buf + n, size - (size_t)n, ")");
        return n;
    }
    default:
        fmt_num(a, sizeof a, v[0]);
        return snprintf(buf, size, "%s=%s", d->name, a);
    }
}

int param_format_defaults(const ParamDef *defs, int n, char *buf, size_t size)
{
    double p[128] = {0};
    int len = 0;
    buf[0] = 0;
    for (int i = 0; i < n; i++) {
        char one[128];
        if (defs[i].flags & PARAM_REQUIRED)
            snprintf(one, sizeof one, "%s", defs[i].name);
        else {
            param_defaults(&defs[i], 1, p);
            param_format(&defs[i], p, one, sizeof one);
        }
        int w = snprintf(buf + len, size - (size_t)len, "%s%s", i ? ", " : "", one);
        if (w < 0 || (size_t)(len + w) >= size)
            break;
        len += w;
    }
    return len;
}

int param_in_range(const ParamDef *d, double v)
{
    if (d->lo == 0 && d->hi == 0)
        return 1;
    int lo_ok = (d->flags & PARAM_LO_OPEN) ? v > d->lo : v >= d->lo;
    int hi_ok = (d->flags & PARAM_HI_OPEN) ? v < d->hi : v <= d->hi;
    return lo_ok && hi_ok;
}

const ParamDef *param_at_slot(const ParamDef *defs, int n, int slot, int *second)
{
    for (int i = 0; i < n; i++) {
        const ParamDef *d = &defs[i];
        if (slot == d->slot || (d->type == PARAM_PAIR && slot == d->slot + 1)) {
            if (second)
                *second = slot != d->slot;
            return d;
        }
    }
    return NULL;
}

int param_check(const ParamDef *d, const char *label, double v, Err *err)
{
    if (param_in_range(d, v))
        return 0;
    char range[96];
    if (isinf(d->hi))
        snprintf(range, sizeof range, "%s %g", (d->flags & PARAM_LO_OPEN) ? ">" : ">=", d->lo);
    else if (isinf(d->lo))
        snprintf(range, sizeof range, "%s %g", (d->flags & PARAM_HI_OPEN) ? "<" : "<=", d->hi);
    else
        snprintf(range, sizeof range, "in %c%g, %g%c", (d->flags & PARAM_LO_OPEN) ? '(' : '[',
                 d->lo, d->hi, (d->flags & PARAM_HI_OPEN) ? ')' : ']');
    return err_set(err, 0, "%s must be %s%s%s%s, got %g", label, range, d->why ? " (" : "",
                   d->why ? d->why : "", d->why ? ")" : "", v);
}

/* ---- expressions of one variable (LambdaLR's lr_lambda) ----------------------------------- */

enum { EXPR_POOL = 1024, EXPR_TEXT = 1000 };

typedef struct Interned {
    char text[EXPR_TEXT + 1];
    char var[16];
    Expr *e;
} Interned;

static Interned *pool[EXPR_POOL]; /* never freed: reachable until exit */
static int npool;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

/* expr.h knows x and y: `var` becomes x padded with blanks (columns stay), and a written x or
 * y is refused, since only var is defined. A name starts where no number or name goes on. */
static int substitute(const char *text, const char *var, char *out, Err *err)
{
    size_t n = strlen(text), vl = strlen(var);
    memcpy(out, text, n + 1);
    for (size_t i = 0; i < n; i++) {
        if (!(isalpha((unsigned char)text[i]) || text[i] == '_'))
            continue;
        if (i > 0 && (isalnum((unsigned char)text[i - 1]) || text[i - 1] == '_' ||
                      text[i - 1] == '.'))
            continue;
        size_t len = 0;
        while (isalnum((unsigned char)text[i + len]) || text[i + len] == '_')
            len++;
        if (len == vl && !strncmp(text + i, var, vl)) {
            out[i] = 'x';
            memset(out + i + 1, ' ', vl - 1);
        } else if (len == 1 && (tolower((unsigned char)text[i]) == 'x' ||
                                tolower((unsigned char)text[i]) == 'y')) {
            return err_set(err, (int)i + 1, "column %d: '%c' is not defined here; the "
                           "expression is a function of %s", (int)i + 1, text[i], var);
        }
        i += len - 1;
    }
    return 0;
}

int param_expr(const char *text, const char *var, Err *err)
{
    if (strlen(text) > EXPR_TEXT || strlen(var) >= sizeof pool[0]->var || !*var)
        return err_set(err, 1, "column 1: the expression is too long (%zu characters, at most "
                       "%d)", strlen(text), EXPR_TEXT);
    pthread_mutex_lock(&pool_lock);
    int id = -1;
    for (int i = 0; i < npool && id < 0; i++)
        if (!strcmp(pool[i]->text, text) && !strcmp(pool[i]->var, var))
            id = i;
    if (id < 0) {
        char sub[EXPR_TEXT + 1];
        Interned *in = NULL;
        if (substitute(text, var, sub, err) == 0) {
            Expr *e = expr_create(sub, err);
            char *xy = err && !e ? strstr(err->msg, "x, y") : NULL;
            if (xy) { /* the grammar's words: name the variable that is defined here */
                char rest[sizeof err->msg];
                snprintf(rest, sizeof rest, "%s", xy + 4);
                snprintf(xy, sizeof err->msg - (size_t)(xy - err->msg), "%s%s", var, rest);
            }
            if (e && npool == EXPR_POOL)
                err_set(err, 1, "column 1: more than %d different expressions", EXPR_POOL);
            else if (e && !(in = calloc(1, sizeof *in)))
                err_set(err, 0, "out of memory");
            if (in) {
                snprintf(in->text, sizeof in->text, "%s", text);
                snprintf(in->var, sizeof in->var, "%s", var);
                in->e = e;
                pool[id = npool++] = in;
            } else {
                expr_destroy(&e);
            }
        }
    }
    pthread_mutex_unlock(&pool_lock);
    return id;
}

/* Reads need no lock: an id reaches a reader after param_expr released the lock, and an
 * entry never changes. */
double param_expr_eval(double id, double v)
{
    int i = (int)id;
    if (!(id >= 0) || i >= EXPR_POOL || !pool[i])
        return NAN;
    return expr_eval(pool[i]->e, v, 0, NULL);
}

const char *param_expr_text(double id)
{
    int i = (int)id;
    if (!(id >= 0) || i >= EXPR_POOL || !pool[i])
        return "";
    return pool[i]->text;
}
