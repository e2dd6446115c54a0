/* fan.c — expands "Adam(lr=fan(1e-3, 1, 5))" into five specs, at the text level: the fan(...)
 * call is replaced by each value (printed so that it reads back exactly) and the result goes
 * through spec_parse, so every member is checked as if the user had typed it. Which keyword
 * the fan stands in is found by parsing the two ends and seeing which number differs. */
#include "fan.h"
#include "fmt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TEXT_MAX = 4000 };

typedef struct Call {
    size_t at, end;     /* "fan" starts at text[at]; the call ends before text[end] */
    double a, b;
    int n;
} Call;

static int is_ident(int c)
{
    return isalnum(c) || c == '_';
}

/* The next "fan(" outside quotes at or after text[from]; returns its offset or -1. */
static long next_fan(const char *text, size_t from)
{
    char quote = 0;
    for (size_t i = 0; text[i]; i++) {
        char c = text[i];
        if (quote) {
            quote = c == quote ? 0 : quote;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            continue;
        }
        if (i < from || tolower((unsigned char)c) != 'f' ||
            (i > 0 && is_ident((unsigned char)text[i - 1])))
            continue;
        if (tolower((unsigned char)text[i + 1]) != 'a' ||
            tolower((unsigned char)text[i + 2]) != 'n')
            continue;
        size_t j = i + 3;
        while (text[j] == ' ' || text[j] == '\t')
            j++;
        if (text[j] == '(')
            return (long)i;
    }
    return -1;
}

int fan_find(const char *text)
{
    long at = next_fan(text, 0);
    return at < 0 ? 0 : (int)at + 1;
}

static int col(size_t off)
{
    return (int)off + 1;
}

/* Reads fan(a, b, n) at text[at]. */
static int read_call(const char *text, size_t at, Call *c, Err *err)
{
    const char *p = strchr(text + at, '(') + 1;
    double v[3];
    size_t vat[3];
    int k = 0;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (k == 3 || (k == 0 && *p == ')'))
            break;
        char *end;
        double d = strtod(p, &end);
        if (end == p || !isfinite(d))
            break;
        vat[k] = (size_t)(p - text);
        v[k++] = d;
        p = end;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == ',')
            p++;
        else if (*p == ')')
            break;
        else
            return err_set(err, col((size_t)(p - text)), "column %d: expected ',' or ')' in "
                           "fan(a, b, n)", col((size_t)(p - text)));
    }
    if (k != 3 || *p != ')')
        return err_set(err, col(at), "column %d: fan takes three numbers, fan(a, b, n), e.g. "
                       "lr=fan(1e-3, 1, 5)", col(at));
    if (v[2] != floor(v[2]) || v[2] < 2 || v[2] > FAN_MAX)
        return err_set(err, col(vat[2]), "column %d: fan's n must be an integer from 2 to %d, "
                       "got %g", col(vat[2]), FAN_MAX, v[2]);
    if (v[0] == v[1])
        return err_set(err, col(at), "column %d: fan's ends are the same (%g)", col(at), v[0]);
    c->at = at;
    c->end = (size_t)(p - text) + 1;
    c->a = v[0];
    c->b = v[1];
    c->n = (int)v[2];
    return 0;
}

/* The shortest text that reads back as v. */
static void fmt_exact(char *buf, size_t size, double v)
{
    char s[FMT_MAX];
    fmt_shortest(v, s);
    snprintf(buf, size, "%s", s);
}

void fan_values(double a, double b, int n, FanSpacing spacing, double *out)
{
    for (int k = 0; k < n; k++) {
        double t = n > 1 ? (double)k / (n - 1) : 0, v;
        if (spacing == FAN_LOG)
            v = exp(log(a) + t * (log(b) - log(a)));
        else if (spacing == FAN_LOG1M)
            v = 1 - exp(log1p(-a) + t * (log1p(-b) - log1p(-a)));
        else
            v = a + t * (b - a);
        /* 0.99, not 0.98999999999999999: what the user would have typed */
        char buf[40];
        snprintf(buf, sizeof buf, "%.15g", v);
        out[k] = strtod(buf, NULL);
    }
    out[0] = a;
    out[n - 1] = b;
}

/* ---- which keyword a number belongs to --------------------------------------------------- */

static const ParamDef *def_at(const ParamDef *defs, int ndefs, int slot, int *item)
{
    for (int i = 0; i < ndefs; i++) {
        const ParamDef *d = &defs[i];
        int last = d->type == PARAM_PAIR ? d->slot + 1
                   : d->type == PARAM_LIST ? d->slot + PARAM_LIST_MAX : d->slot;
        if (slot >= d->slot && slot <= last) {
            *item = slot - d->slot;
            return d;
        }
    }
    return NULL;
}

/* Where a and b differ: the swept number. Returns 0 or -1 when nothing differs. */
static int find_slot(const Spec *a, const Spec *b, FanWhere *where, int *slot)
{
    for (int i = 0; i < OPTIM_MAXP; i++)
        if (memcmp(&a->opt.p[i], &b->opt.p[i], sizeof(double))) {
            *where = FAN_OPTIM;
            *slot = i;
            return 0;
        }
    for (int i = 0; i < SCHED_MAXP; i++)
        if (memcmp(&a->sched.p[i], &b->sched.p[i], sizeof(double))) {
            *where = FAN_SCHED;
            *slot = i;
            return 0;
        }
    if (a->opt.la_k != b->opt.la_k || a->opt.la_alpha != b->opt.la_alpha) {
        *where = FAN_LOOKAHEAD;
        *slot = a->opt.la_k != b->opt.la_k ? 0 : 1;
        return 0;
    }
    return -1;
}

static const ParamDef *fan_def(const Spec *s, FanWhere where, int slot, int *item)
{
    if (where == FAN_SCHED)
        return s->sched.kind ? def_at(s->sched.kind->params, s->sched.kind->nparams, slot, item)
                             : NULL;
    if (where == FAN_LOOKAHEAD)
        return def_at(optim_lookahead.params, optim_lookahead.nparams, slot, item);
    return def_at(s->opt.kind->params, s->opt.kind->nparams, slot, item);
}

static int beta_like(const Spec *s, FanWhere where, int slot)
{
    return where == FAN_OPTIM && (slot == s->opt.kind->beta1 || slot == s->opt.kind->beta2);
}

static FanSpacing spacing_for(int beta, double a, double b)
{
    if (beta && a >= 0 && b >= 0 && a < 1 && b < 1)
        return FAN_LOG1M;
    return a > 0 && b > 0 ? FAN_LOG : FAN_LINEAR;
}

/* "lr", "β₂", "etas[1]", "milestones[0]" */
static void key_name(char *buf, size_t size, const ParamDef *d, int item)
{
    if (d->type == PARAM_PAIR && !strcmp(d->name, "betas"))
        snprintf(buf, size, "\xce\xb2%s", item ? "\xe2\x82\x82" : "\xe2\x82\x81");
    else if (d->type == PARAM_PAIR)
        snprintf(buf, size, "%s[%d]", d->name, item);
    else if (d->type == PARAM_LIST)
        snprintf(buf, size, "%s[%d]", d->name, item - 1);
    else
        snprintf(buf, size, "%s", d->name);
}

static void strip_zeros(char *s)
{
    if (!strchr(s, '.') || strchr(s, 'e'))
        return;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '0')
        s[--n] = 0;
    if (n > 0 && s[n - 1] == '.')
        s[--n] = 0;
}

/* Short legend numbers, as few digits as keep the members apart: "0.0056", "0.999". */
static void make_labels(Fan *f, int integer)
{
    for (int extra = 0; extra < 16; extra++) {
        for (int k = 0; k < f->n; k++) {
            double v = f->value[k];
            char num[32];
            if (integer) {
                snprintf(num, sizeof num, "%.0f", v);
            } else if (f->spacing == FAN_LOG1M) {
                int d = (int)ceil(-log10(1 - v)) + 1 + extra;
                d = d < 1 ? 1 : d > 17 ? 17 : d;
                snprintf(num, sizeof num, "%.*f", d, v);
                char shorter[32];
                memcpy(shorter, num, sizeof shorter);
                strip_zeros(shorter);
                if (strtod(shorter, NULL) == v) /* 0.99, but 0.90 for 0.8954 */
                    memcpy(num, shorter, sizeof num);
            } else {
                snprintf(num, sizeof num, "%.*g", 2 + extra, v);
            }
            if (snprintf(f->label[k], FAN_LABEL, "%s=%s", f->key, num) >= FAN_LABEL)
                f->label[k][FAN_LABEL - 1] = 0;
        }
        int distinct = 1;
        for (int i = 0; i < f->n && distinct; i++)
            for (int j = i + 1; j < f->n; j++)
                if (!strcmp(f->label[i], f->label[j]))
                    distinct = 0;
        if (distinct || integer)
            return;
    }
}

/* ---- the spec form ----------------------------------------------------------------------- */

/* text with the call replaced by v, into out; *vlen gets the length of the number. */
static int substitute(const char *text, const Call *c, double v, int integer, char *out,
                      size_t size, size_t *vlen)
{
    char num[40];
    if (integer)
        snprintf(num, sizeof num, "%.0f", v);
    else
        fmt_exact(num, sizeof num, v);
    *vlen = strlen(num);
    int w = snprintf(out, size, "%.*s%s%s", (int)c->at, text, num, text + c->end);
    return w < 0 || (size_t)w >= size ? -1 : 0;
}

/* Parses a member's text; a column in it is mapped back into the text the user wrote. */
static int parse_member(Spec *s, const char *text, const Call *c, const char *mtext,
                        size_t vlen, Err *err)
{
    Err e = {0};
    if (spec_parse(s, mtext, &e) == 0)
        return 0;
    if (!err)
        return -1;
    /* the message without its "column N: " */
    const char *msg = e.msg;
    if (!strncmp(msg, "column ", 7)) {
        const char *colon = strstr(msg, ": ");
        if (colon)
            msg = colon + 2;
    }
    size_t at = c->at;
    if (e.col <= 0)
        return err_set(err, 0, "%s (fan member %s)", msg, mtext + at);
    size_t off = (size_t)e.col - 1;
    if (off < at)
        return err_set(err, e.col, "column %d: %s", e.col, msg);
    if (off >= at + vlen) {
        int mc = col(off - vlen + (c->end - c->at));
        return err_set(err, mc, "column %d: %s", mc, msg);
    }
    /* at the number itself: a range error, or no number belongs there */
    if (strstr(msg, ", got "))
        return err_set(err, col(at), "column %d: %s (a fan member)", col(at), msg);
    return err_set(err, col(at), "column %d: fan(...) stands where a number is not allowed "
                   "(%s)", col(at), msg);
}

int fan_parse(Fan *f, const char *text, Err *err)
{
    memset(f, 0, sizeof *f);
    if (strlen(text) > TEXT_MAX)
        return err_set(err, 1, "the spec is too long (%zu characters)", strlen(text));
    if (snprintf(f->text, sizeof f->text, "%s", text) >= (int)sizeof f->text)
        f->text[0] = 0; /* too long to keep; the members have their own texts */
    long at = next_fan(text, 0);
    if (at < 0) {
        if (spec_parse(&f->spec[0], text, err) < 0)
            return -1;
        f->n = 1;
        f->value[0] = NAN;
        f->a = f->b = NAN;
        return 1;
    }
    Call c = {0};
    if (read_call(text, (size_t)at, &c, err) < 0)
        return -1;
    long again = next_fan(text, c.end);
    if (again >= 0)
        return err_set(err, col((size_t)again), "column %d: only one fan(...) per spec "
                       "(the first is at column %d)", col((size_t)again), col(c.at));
    char *mtext = malloc(TEXT_MAX + 64);
    if (!mtext)
        return err_set(err, 0, "out of memory");
    int rc = -1;
    size_t vlen;
    Spec sa, sb;
    /* the two ends tell which number the fan stands for */
    if (substitute(text, &c, c.a, 0, mtext, TEXT_MAX + 64, &vlen) < 0 ||
        parse_member(&sa, text, &c, mtext, vlen, err) < 0)
        goto done;
    if (substitute(text, &c, c.b, 0, mtext, TEXT_MAX + 64, &vlen) < 0 ||
        parse_member(&sb, text, &c, mtext, vlen, err) < 0)
        goto done;
    int item = 0;
    const ParamDef *d = NULL;
    if (find_slot(&sa, &sb, &f->where, &f->slot) == 0)
        d = fan_def(&sa, f->where, f->slot, &item);
    if (!d || d->type == PARAM_BOOL || d->type == PARAM_CHOICE) {
        err_set(err, col(c.at), "column %d: fan(...) stands where a number is not allowed "
                "(it sweeps a numeric keyword such as lr)", col(c.at));
        goto done;
    }
    int integer = d->type == PARAM_INT || d->type == PARAM_LIST ||
                  (f->where == FAN_LOOKAHEAD && f->slot == 0);
    f->n = c.n;
    f->a = c.a;
    f->b = c.b;
    f->spacing = spacing_for(beta_like(&sa, f->where, f->slot), c.a, c.b);
    fan_values(c.a, c.b, c.n, f->spacing, f->value);
    key_name(f->key, sizeof f->key, d, item);
    for (int k = 0; k < f->n; k++) {
        if (integer)
            f->value[k] = round(f->value[k]);
        if (substitute(text, &c, f->value[k], integer, mtext, TEXT_MAX + 64, &vlen) < 0 ||
            parse_member(&f->spec[k], text, &c, mtext, vlen, err) < 0)
            goto done;
    }
    make_labels(f, integer);
    rc = f->n;
done:
    free(mtext);
    if (rc < 0)
        f->n = 0;
    return rc;
}

/* ---- the knob form ----------------------------------------------------------------------- */

/* The canonical text of base with the swept number written as fan(a, b, n). */
static void sweep_text(Fan *f, const Spec *base, int slot, double a, double b, int n)
{
    Spec s = *base;
    const double mark = 8.76543212345678e-300; /* a number no spec holds */
    s.opt.p[slot] = mark;
    char buf[1024], m[40], call[128];
    spec_format(&s, buf, sizeof buf);
    fmt_exact(m, sizeof m, mark);
    char *at = strstr(buf, m);
    char fa[40], fb[40];
    fmt_exact(fa, sizeof fa, a);
    fmt_exact(fb, sizeof fb, b);
    snprintf(call, sizeof call, "fan(%s, %s, %d)", fa, fb, n);
    if (at)
        snprintf(f->text, sizeof f->text, "%.*s%s%s", (int)(at - buf), buf, call,
                 at + strlen(m));
}

int fan_sweep(Fan *f, const Spec *base, int slot, double a, double b, int n, Err *err)
{
    memset(f, 0, sizeof *f);
    const OptimKind *k = base->opt.kind;
    int item = 0;
    const ParamDef *d = k && slot >= 0 && slot < OPTIM_MAXP
                            ? def_at(k->params, k->nparams, slot, &item) : NULL;
    if (!d || d->type == PARAM_BOOL || d->type == PARAM_CHOICE || d->type == PARAM_LIST)
        return err_set(err, 0, "%s has no numeric knob at slot %d", k ? k->name : "?", slot);
    if (n < 2 || n > FAN_MAX)
        return err_set(err, 0, "a fan has 2 to %d members, not %d", FAN_MAX, n);
    if (!isfinite(a) || !isfinite(b) || a == b)
        return err_set(err, 0, "a fan needs two different finite ends, got %g and %g", a, b);
    int integer = d->type == PARAM_INT;
    f->n = n;
    f->where = FAN_OPTIM;
    f->slot = slot;
    f->a = a;
    f->b = b;
    f->spacing = spacing_for(beta_like(base, FAN_OPTIM, slot), a, b);
    fan_values(a, b, n, f->spacing, f->value);
    key_name(f->key, sizeof f->key, d, item);
    for (int i = 0; i < n; i++) {
        Spec *s = &f->spec[i];
        *s = *base;
        if (integer)
            f->value[i] = round(f->value[i]);
        s->opt.p[slot] = f->value[i];
        s->opt.lr = s->opt.p[0];
        if (param_check(d, f->key, f->value[i], err) < 0 ||
            (k->check && k->check(s->opt.p, err) < 0) ||
            sched_check(&s->sched, &s->opt, err) < 0) {
            f->n = 0;
            return -1;
        }
        spec_format(s, s->text, sizeof s->text);
    }
    make_labels(f, integer);
    sweep_text(f, base, slot, a, b, n);
    return n;
}
