/* rule.c — each optimizer's rule as torch 1.13 computes it, with only the active options. */
#include "rule.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Parameter `name` (k: the second of a pair) of the racer's live optimizer. */
static double par(const Racer *rc, const char *name, int k)
{
    const OptimKind *o = rc->opt.kind;
    for (int i = 0; i < o->nparams; i++)
        if (!strcmp(o->params[i].name, name))
            return rc->opt.p[o->params[i].slot + k];
    return 0;
}

static int is(const Racer *rc, const char *name)
{
    return !strcmp(rc->opt.kind->name, name);
}

typedef struct Out {
    char (*line)[RULE_LINE];
    int n;
} Out;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void add(Out *o, const char *fmt, ...)
{
    if (o->n >= RULE_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->line[o->n++], RULE_LINE, fmt, ap);
    va_end(ap);
}

/* The kind's own text, line by line (the kinds without a rule of their own here). */
static void kind_rule(Out *o, const Racer *rc)
{
    const char *s = rc->opt.kind->rule ? rc->opt.kind->rule : "";
    while (*s && o->n < RULE_LINES) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        add(o, "%.*s", (int)len, s);
        s += len + (e ? 1 : 0);
    }
}

int rule_lines(const Racer *rc, char line[RULE_LINES][RULE_LINE], int *has_note)
{
    Out o = {line, 0};
    const char *note = NULL;
    double wd = par(rc, "weight_decay", 0);
    if (par(rc, "maximize", 0) != 0)
        add(&o, "g \xe2\x86\x90 \xe2\x88\x92g   (maximize: gradient ascent)");
    if (is(rc, "SGD")) {
        double mu = par(rc, "momentum", 0), damp = par(rc, "dampening", 0);
        if (wd != 0)
            add(&o, "g \xe2\x86\x90 g + \xce\xbb\xce\xb8");
        if (mu == 0) {
            add(&o, "\xce\xb8 \xe2\x86\x90 \xce\xb8 \xe2\x88\x92 \xce\xb7g");
        } else {
            if (damp != 0)
                add(&o, "b \xe2\x86\x90 \xce\xbc" "b + (1\xe2\x88\x92\xcf\x84)g   (b\xe2\x82\x81 = g)");
            else
                add(&o, "b \xe2\x86\x90 \xce\xbc" "b + g   (b\xe2\x82\x81 = g)");
            if (par(rc, "nesterov", 0) != 0)
                add(&o, "\xce\xb8 \xe2\x86\x90 \xce\xb8 \xe2\x88\x92 \xce\xb7(g + \xce\xbc" "b)   "
                        "(the look-ahead)");
            else
                add(&o, "\xce\xb8 \xe2\x86\x90 \xce\xb8 \xe2\x88\x92 \xce\xb7" "b");
            if (damp == 0)
                note = "torch sums: b \xe2\x86\x90 \xce\xbc" "b + g; the notes' v \xe2\x86\x90 "
                       "\xce\xb2v + (1\xe2\x88\x92\xce\xb2)g (SGDM) is this with \xce\xb7(1\xe2\x88\x92\xce\xb2)";
        }
    } else if (is(rc, "Adam") || is(rc, "AdamW")) {
        int ams = par(rc, "amsgrad", 0) != 0;
        if (is(rc, "AdamW") && wd != 0)
            add(&o, "\xce\xb8 \xe2\x86\x90 \xce\xb8(1 \xe2\x88\x92 \xce\xb7\xce\xbb)");
        else if (wd != 0)
            add(&o, "g \xe2\x86\x90 g + \xce\xbb\xce\xb8");
        add(&o, "m \xe2\x86\x90 \xce\xb2\xe2\x82\x81m + (1\xe2\x88\x92\xce\xb2\xe2\x82\x81)g,   "
                "v \xe2\x86\x90 \xce\xb2\xe2\x82\x82v + (1\xe2\x88\x92\xce\xb2\xe2\x82\x82)g\xc2\xb2");
        if (ams)
            add(&o, "v\xe2\x82\x98\xe2\x82\x90\xe2\x82\x93 \xe2\x86\x90 max(v\xe2\x82\x98\xe2\x82\x90\xe2\x82\x93, v)");
        if (par(rc, "bias_correction", 0) == 0 && is(rc, "Adam"))
            add(&o, "m\xcc\x82 = m,   v\xcc\x82 = %s   (no bias correction: optiplay's, not torch)",
                ams ? "v\xe2\x82\x98\xe2\x82\x90\xe2\x82\x93" : "v");
        else
            add(&o, "m\xcc\x82 = m/(1\xe2\x88\x92\xce\xb2\xe2\x82\x81\xe1\xb5\x97),   v\xcc\x82 = %s/(1\xe2\x88\x92\xce\xb2\xe2\x82\x82\xe1\xb5\x97)",
                ams ? "v\xe2\x82\x98\xe2\x82\x90\xe2\x82\x93" : "v");
        add(&o, "\xce\xb8 \xe2\x86\x90 \xce\xb8 \xe2\x88\x92 \xce\xb7\xc2\xb7m\xcc\x82/(\xe2\x88\x9av\xcc\x82 + \xce\xb5)");
        if (ams)
            note = "torch's AMSGrad keeps the bias correction (the paper and the notes drop it)";
    } else if (is(rc, "RMSprop")) {
        double mu = par(rc, "momentum", 0);
        int centered = par(rc, "centered", 0) != 0;
        if (wd != 0)
            add(&o, "g \xe2\x86\x90 g + \xce\xbb\xce\xb8");
        add(&o, "v \xe2\x86\x90 \xce\xb1v + (1\xe2\x88\x92\xce\xb1)g\xc2\xb2");
        if (centered) {
            add(&o, "\xe1\xb8\xa1 \xe2\x86\x90 \xce\xb1\xe1\xb8\xa1 + (1\xe2\x88\x92\xce\xb1)g");
            add(&o, "d = \xe2\x88\x9a(v \xe2\x88\x92 \xe1\xb8\xa1\xc2\xb2) + \xce\xb5");
        } else {
            add(&o, "d = \xe2\x88\x9av + \xce\xb5");
        }
        if (mu != 0) {
            add(&o, "b \xe2\x86\x90 \xce\xbc" "b + g/d");
            add(&o, "\xce\xb8 \xe2\x86\x90 \xce\xb8 \xe2\x88\x92 \xce\xb7" "b");
        } else {
            add(&o, "\xce\xb8 \xe2\x86\x90 \xce\xb8 \xe2\x88\x92 \xce\xb7\xc2\xb7g/d");
        }
        note = "torch: \xce\xb5 outside the root; v starts at 0, so step 1 is "
               "\xce\xb7/\xe2\x88\x9a(1\xe2\x88\x92\xce\xb1) per coordinate";
    } else if (is(rc, "Adagrad")) {
        double decay = par(rc, "lr_decay", 0), v0 = par(rc, "initial_accumulator_value", 0);
        if (wd != 0)
            add(&o, "g \xe2\x86\x90 g + \xce\xbb\xce\xb8");
        if (v0 != 0)
            add(&o, "v \xe2\x86\x90 v + g\xc2\xb2   (v\xe2\x82\x80 = %g)", v0);
        else
            add(&o, "v \xe2\x86\x90 v + g\xc2\xb2");
        if (decay != 0)
            add(&o, "\xce\xb8 \xe2\x86\x90 \xce\xb8 \xe2\x88\x92 \xce\xb7/(1 + (t\xe2\x88\x92" "1)\xce\xb4)\xc2\xb7g/(\xe2\x88\x9av + \xce\xb5)");
        else
            add(&o, "\xce\xb8 \xe2\x86\x90 \xce\xb8 \xe2\x88\x92 \xce\xb7\xc2\xb7g/(\xe2\x88\x9av + \xce\xb5)");
    } else if (is(rc, "Rprop")) {
        kind_rule(&o, rc);
        note = "torch shrinks by \xce\xb7\xe2\x82\x8b = 0.5 (etas); seed 004 uses 0.6";
    } else {
        kind_rule(&o, rc);
    }
    *has_note = 0;
    if (note && o.n < RULE_LINES) {
        add(&o, "%s", note);
        *has_note = 1;
    }
    return o.n;
}

static void val(RuleValue *v, int *n, const char *name, const double x[2])
{
    if (*n >= RULE_VALUES)
        return;
    snprintf(v[*n].name, sizeof v[*n].name, "%s", name);
    v[*n].v[0] = x[0];
    v[*n].v[1] = x[1];
    v[*n].scalar = 0;
    (*n)++;
}

static void scalar(RuleValue *v, int *n, const char *name, double x)
{
    if (*n >= RULE_VALUES)
        return;
    snprintf(v[*n].name, sizeof v[*n].name, "%s", name);
    v[*n].v[0] = x;
    v[*n].v[1] = 0;
    v[*n].scalar = 1;
    (*n)++;
}

int rule_values(const Racer *rc, RuleValue out[RULE_VALUES])
{
    const OptimState *st = &rc->opt.st;
    int n = 0;
    double t = (double)st->t;
    if (is(rc, "SGD")) {
        if (par(rc, "momentum", 0) != 0)
            val(out, &n, "b", st->m);
    } else if (is(rc, "Adam") || is(rc, "AdamW")) {
        double b1 = par(rc, "betas", 0), b2 = par(rc, "betas", 1);
        double c1 = t > 0 ? 1 - pow(b1, t) : 0, c2 = t > 0 ? 1 - pow(b2, t) : 0;
        if (is(rc, "Adam") && par(rc, "bias_correction", 0) == 0)
            c1 = c2 = 1; /* optiplay's variant: the moments uncorrected */
        int ams = par(rc, "amsgrad", 0) != 0;
        const double *vv = ams ? st->u : st->v;
        double mh[2] = {c1 > 0 ? st->m[0] / c1 : 0, c1 > 0 ? st->m[1] / c1 : 0};
        double vh[2] = {c2 > 0 ? vv[0] / c2 : 0, c2 > 0 ? vv[1] / c2 : 0};
        val(out, &n, "m", st->m);
        val(out, &n, "v", st->v);
        if (ams)
            val(out, &n, "v\xe2\x82\x98\xe2\x82\x90\xe2\x82\x93", st->u);
        scalar(out, &n, "1\xe2\x88\x92\xce\xb2\xe2\x82\x81\xe1\xb5\x97", c1);
        scalar(out, &n, "1\xe2\x88\x92\xce\xb2\xe2\x82\x82\xe1\xb5\x97", c2);
        val(out, &n, "m\xcc\x82", mh);
        val(out, &n, "v\xcc\x82", vh);
    } else if (is(rc, "RMSprop")) {
        val(out, &n, "v", st->v);
        if (par(rc, "centered", 0) != 0)
            val(out, &n, "\xe1\xb8\xa1", st->u);
        if (par(rc, "momentum", 0) != 0)
            val(out, &n, "b", st->m);
    } else if (is(rc, "Adagrad")) {
        val(out, &n, "v", st->v);
    } else {
        for (const char *c = rc->opt.kind->show ? rc->opt.kind->show : ""; *c; c++) {
            char name[2] = {*c, 0};
            val(out, &n, name, *c == 'm' ? st->m : *c == 'v' ? st->v : *c == 'u' ? st->u : st->w);
        }
    }
    return n;
}

int rule_lookahead(const Racer *rc, double ahead[2])
{
    if (!is(rc, "SGD") || par(rc, "nesterov", 0) == 0 || rc->steps == 0)
        return 0;
    double mu = par(rc, "momentum", 0);
    for (int i = 0; i < 2; i++)
        ahead[i] = -rc->opt.lr * mu * rc->opt.st.m[i];
    return 1;
}
