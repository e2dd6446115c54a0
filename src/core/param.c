#include "param.h"
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    case PARAM_CHOICE:
        return snprintf(buf, size, "%s='%s'", d->name, param_choice(d, (int)v[0], c, sizeof c));
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

int param_check(const ParamDef *d, const char *label, double v, Err *err)
{
    if (d->lo == 0 && d->hi == 0)
        return 0;
    int lo_ok = (d->flags & PARAM_LO_OPEN) ? v > d->lo : v >= d->lo;
    int hi_ok = (d->flags & PARAM_HI_OPEN) ? v < d->hi : v <= d->hi;
    if (lo_ok && hi_ok)
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
