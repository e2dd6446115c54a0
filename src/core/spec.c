/* spec.c — parses "Name(kw=value, ...) | Schedule(...)" into a tree, then binds the tree to
 * the ParamDef tables of optimizers, schedules and surfaces. The tree lives in a fixed pool on
 * the stack: parsing never allocates. */
#include "spec.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAXNODES = 160, NAMELEN = 48 };

typedef enum { V_NUM, V_BOOL, V_NONE, V_STR, V_TUPLE, V_CALL } VType;

typedef struct Node {
    VType type;
    int col;               /* 1-based column of the value */
    double num;            /* V_NUM, V_BOOL */
    char str[NAMELEN];     /* V_STR text, V_CALL name */
    char kw[NAMELEN];      /* keyword when this is a keyword argument, else "" */
    int kwcol;
    int first, next;       /* children (tuple items, call arguments) and the next sibling */
    int n;                 /* number of children */
    int paren;             /* V_CALL: written with parentheses */
    const char *src;       /* V_STR, V_NUM: the text as written (a string without its quotes) */
    int srclen;
} Node;

typedef struct Tree {
    Node node[MAXNODES];
    int count;
    const char *text;
    const char *p;
    Err *err;
} Tree;

static int col_of(const Tree *t, const char *at)
{
    return (int)(at - t->text) + 1;
}

static void skip_ws(Tree *t)
{
    while (*t->p && isspace((unsigned char)*t->p))
        t->p++;
}

/* What stands at p, for "but found ..." messages. */
static const char *found(const char *p, char *buf, size_t size)
{
    if (!*p)
        return "the end of the text";
    size_t len = 0;
    if (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '-' || *p == '+') {
        while (p[len] && (isalnum((unsigned char)p[len]) || strchr("_.-+", p[len])) && len < 20)
            len++;
    } else {
        len = 1;
    }
    snprintf(buf, size, "'%.*s'", (int)len, p);
    return buf;
}

static int fail_expected(Tree *t, const char *what)
{
    char buf[32];
    return err_set(t->err, col_of(t, t->p), "column %d: expected %s but found %s",
                   col_of(t, t->p), what, found(t->p, buf, sizeof buf));
}

static int is_ident_start(int c)
{
    return isalpha(c) || c == '_';
}

size_t spec_ident(const char *text, char *name, size_t size)
{
    const char *p = text;
    while (*p && isspace((unsigned char)*p))
        p++;
    const char *s = p;
    if (!is_ident_start((unsigned char)*p)) {
        if (size)
            name[0] = 0;
        return 0;
    }
    /* letters, digits, '_', and '-' between letters (goldstein-price, six-hump-camel) */
    while (*p && (isalnum((unsigned char)*p) || *p == '_' ||
                  (*p == '-' && isalpha((unsigned char)p[1]) && p > s)))
        p++;
    size_t len = (size_t)(p - s);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(name, s, n);
        name[n] = 0;
    }
    return len;
}

static int new_node(Tree *t, VType type, const char *at)
{
    if (t->count >= MAXNODES) {
        err_set(t->err, col_of(t, at), "column %d: the spec is too long (more than %d values)",
                col_of(t, at), MAXNODES);
        return -1;
    }
    Node *n = &t->node[t->count];
    memset(n, 0, sizeof *n);
    n->type = type;
    n->col = col_of(t, at);
    n->first = n->next = -1;
    return t->count++;
}

static int parse_value(Tree *t, int depth);

/* Comma-separated items up to `close`; keyword arguments allowed when `kw`. */
static int parse_items(Tree *t, int parent, char close, int kw, int depth)
{
    int last = -1;
    skip_ws(t);
    while (*t->p != close) {
        const char *kwat = NULL;
        char kwname[NAMELEN] = "";
        if (kw) {
            /* a keyword is an identifier followed by '=' (not '==') */
            const char *save = t->p;
            size_t len = spec_ident(t->p, kwname, sizeof kwname);
            const char *q = t->p + len;
            while (*q && isspace((unsigned char)*q))
                q++;
            if (len && *q == '=' && q[1] != '=') {
                kwat = save;
                t->p = q + 1;
            } else {
                kwname[0] = 0;
            }
        }
        int v = parse_value(t, depth + 1);
        if (v < 0)
            return -1;
        if (kwat) {
            snprintf(t->node[v].kw, NAMELEN, "%s", kwname);
            t->node[v].kwcol = col_of(t, kwat);
        }
        if (last < 0)
            t->node[parent].first = v;
        else
            t->node[last].next = v;
        last = v;
        t->node[parent].n++;
        skip_ws(t);
        if (*t->p == ',') {
            t->p++;
            skip_ws(t);
            continue;
        }
        if (*t->p != close) {
            char what[64];
            snprintf(what, sizeof what, "',' or '%c'", close);
            return fail_expected(t, what);
        }
    }
    t->p++;
    return 0;
}

static int parse_value(Tree *t, int depth)
{
    skip_ws(t);
    const char *at = t->p;
    if (depth > 8)
        return err_set(t->err, col_of(t, at), "column %d: values nested too deeply",
                       col_of(t, at));
    char c = *t->p;
    if (c == '(' || c == '[') {
        int v = new_node(t, V_TUPLE, at);
        if (v < 0)
            return -1;
        t->p++;
        if (parse_items(t, v, c == '(' ? ')' : ']', 0, depth) < 0)
            return -1;
        return v;
    }
    if (c == '\'' || c == '"') {
        const char *end = strchr(t->p + 1, c);
        if (!end)
            return err_set(t->err, col_of(t, at), "column %d: string not closed (missing %c)",
                           col_of(t, at), c);
        int v = new_node(t, V_STR, at);
        if (v < 0)
            return -1;
        snprintf(t->node[v].str, NAMELEN, "%.*s", (int)(end - t->p - 1), t->p + 1);
        t->node[v].src = t->p + 1;
        t->node[v].srclen = (int)(end - t->p - 1);
        t->p = end + 1;
        return v;
    }
    if (is_ident_start((unsigned char)c)) {
        char name[NAMELEN];
        size_t len = spec_ident(t->p, name, sizeof name);
        t->p += len;
        int v;
        if (!strcasecmp(name, "true") || !strcasecmp(name, "false")) {
            v = new_node(t, V_BOOL, at);
            if (v >= 0)
                t->node[v].num = tolower((unsigned char)name[0]) == 't';
            return v;
        }
        if (!strcasecmp(name, "none")) {
            v = new_node(t, V_NONE, at);
            if (v >= 0)
                t->node[v].num = NAN;
            return v;
        }
        if (!strcasecmp(name, "inf") || !strcasecmp(name, "nan"))
            return err_set(t->err, col_of(t, at), "column %d: expected a finite number but found '%s'",
                           col_of(t, at), name);
        skip_ws(t);
        if (*t->p == '(') {
            v = new_node(t, V_CALL, at);
            if (v < 0)
                return -1;
            snprintf(t->node[v].str, NAMELEN, "%s", name);
            t->node[v].paren = 1;
            t->p++;
            if (parse_items(t, v, ')', 1, depth) < 0)
                return -1;
            return v;
        }
        v = new_node(t, V_STR, at);
        if (v >= 0) {
            snprintf(t->node[v].str, NAMELEN, "%s", name);
            t->node[v].src = at;
            t->node[v].srclen = (int)len;
        }
        return v;
    }
    if (isdigit((unsigned char)c) || c == '.' || c == '-' || c == '+') {
        char *end;
        double d = strtod(t->p, &end);
        if (end == t->p)
            return fail_expected(t, "a number");
        /* strtod also reads "infinity"/"nan" and hex; numbers here must be finite */
        if (!isfinite(d))
            return err_set(t->err, col_of(t, at), "column %d: number out of range '%.*s'",
                           col_of(t, at), (int)(end - t->p), t->p);
        int v = new_node(t, V_NUM, at);
        if (v < 0)
            return -1;
        t->node[v].num = d;
        t->node[v].src = t->p;
        t->node[v].srclen = (int)(end - t->p);
        t->p = end;
        return v;
    }
    return fail_expected(t, "a value (number, True/False, None, tuple, name or call)");
}

/* A top-level "Name" or "Name(args)". */
static int parse_call(Tree *t)
{
    skip_ws(t);
    const char *at = t->p;
    if (!is_ident_start((unsigned char)*t->p))
        return fail_expected(t, "a name such as Adam(lr=0.01)");
    int v = parse_value(t, 0);
    if (v < 0)
        return -1;
    if (t->node[v].type == V_STR) { /* a bare name: a call without arguments */
        t->node[v].type = V_CALL;
    } else if (t->node[v].type != V_CALL) {
        t->p = at;
        return fail_expected(t, "a name such as Adam(lr=0.01)");
    }
    return v;
}

static int tree_parse(Tree *t, const char *text, Err *err)
{
    t->count = 0;
    t->text = text;
    t->p = text;
    t->err = err;
    if (strlen(text) > 4000)
        return err_set(err, 1, "the spec is too long (%zu characters)", strlen(text));
    return 0;
}

/* ---- binding ---------------------------------------------------------------------------- */

static const char *type_word(const ParamDef *d)
{
    switch (d->type) {
    case PARAM_INT: return "an integer";
    case PARAM_BOOL: return "True or False";
    case PARAM_PAIR: return "a pair such as (0.9, 0.999)";
    case PARAM_LIST: return "a tuple of integers such as (30, 80)";
    case PARAM_CHOICE: return "one of the words";
    case PARAM_EXPR: return "an expression in quotes";
    default: return "a number";
    }
}

/* A check without a column (it knows values, not text) gets the column of the value or call. */
static int add_col(Err *err, int col)
{
    if (err && !err->col) {
        char msg[sizeof err->msg];
        memcpy(msg, err->msg, sizeof msg);
        snprintf(err->msg, sizeof err->msg, "column %d: %.480s", col, msg);
        err->col = col;
    }
    return -1;
}

static int bind_number(const ParamDef *d, const char *label, const Node *n, double *out, Err *err)
{
    if (n->type == V_NONE && (d->flags & PARAM_NONE_OK)) {
        *out = NAN;
        return 0;
    }
    if (n->type == V_BOOL && d->type != PARAM_BOOL)
        return err_set(err, n->col, "column %d: %s must be %s, not %s", n->col, label,
                       type_word(d), n->num != 0 ? "True" : "False");
    if (n->type != V_NUM && n->type != V_BOOL)
        return err_set(err, n->col, "column %d: %s must be %s%s", n->col, label, type_word(d),
                       (d->flags & PARAM_NONE_OK) ? " or None" : "");
    if ((d->type == PARAM_INT || d->type == PARAM_LIST) && /* lists are of integers too */
        (n->num != floor(n->num) || fabs(n->num) > 1e15))
        return err_set(err, n->col, "column %d: %s must be an integer, got %g", n->col, label,
                       n->num);
    if (param_check(d, label, n->num, err) < 0)
        return add_col(err, n->col);
    *out = n->num;
    return 0;
}

static int bind_one(const Tree *t, const ParamDef *d, const Node *n, double *p, Err *err)
{
    double *v = &p[d->slot];
    char label[NAMELEN + 8];
    switch (d->type) {
    case PARAM_BOOL:
        if (n->type == V_BOOL || (n->type == V_NUM && (n->num == 0 || n->num == 1))) {
            v[0] = n->num;
            return 0;
        }
        return err_set(err, n->col, "column %d: %s must be True or False", n->col, d->name);
    case PARAM_PAIR: {
        if (n->type != V_TUPLE || n->n != 2)
            return err_set(err, n->col, "column %d: %s must be %s", n->col, d->name,
                           type_word(d));
        int i = 0;
        for (int c = n->first; c >= 0; c = t->node[c].next, i++) {
            snprintf(label, sizeof label, "%s[%d]", d->name, i);
            if (bind_number(d, label, &t->node[c], &v[i], err) < 0)
                return -1;
        }
        return 0;
    }
    case PARAM_LIST: {
        if (n->type == V_NUM) { /* a single milestone */
            if (bind_number(d, d->name, n, &v[1], err) < 0)
                return -1;
            v[0] = 1;
            return 0;
        }
        if (n->type != V_TUPLE)
            return err_set(err, n->col, "column %d: %s must be %s", n->col, d->name,
                           type_word(d));
        if (n->n > PARAM_LIST_MAX)
            return err_set(err, n->col, "column %d: %s has %d items; at most %d", n->col,
                           d->name, n->n, PARAM_LIST_MAX);
        int i = 0;
        for (int c = n->first; c >= 0; c = t->node[c].next, i++) {
            snprintf(label, sizeof label, "%s[%d]", d->name, i);
            if (bind_number(d, label, &t->node[c], &v[1 + i], err) < 0)
                return -1;
        }
        v[0] = i;
        return 0;
    }
    case PARAM_EXPR: {
        if ((n->type != V_STR && n->type != V_NUM) || !n->src)
            return err_set(err, n->col, "column %d: %s must be an expression of %s in quotes, "
                           "such as '0.97^%s'", n->col, d->name, d->choices, d->choices);
        char text[1024];
        snprintf(text, sizeof text, "%.*s", n->srclen, n->src);
        int quoted = n->src != t->text + n->col - 1; /* the column of the first character */
        Err e = {0};
        int id = param_expr(text, d->choices, &e);
        if (id < 0) {
            int col = n->col + quoted + (e.col > 0 ? e.col - 1 : 0);
            const char *msg = e.msg;
            if (!strncmp(msg, "column ", 7)) /* the expression's own column: renumbered */
                msg = strchr(msg, ':') ? strchr(msg, ':') + 2 : msg;
            return err_set(err, col, "column %d: %s: %s", col, d->name, msg);
        }
        v[0] = id;
        return 0;
    }
    case PARAM_CHOICE: {
        char word[NAMELEN];
        if (n->type == V_STR || n->type == V_NONE) { /* None, when a choice is "None" */
            for (int i = 0; *param_choice(d, i, word, sizeof word); i++)
                if (!strcasecmp(word, n->type == V_NONE ? "None" : n->str)) {
                    v[0] = i;
                    return 0;
                }
        }
        return err_set(err, n->col, "column %d: %s must be one of '%s' (separated by |)",
                       n->col, d->name, d->choices);
    }
    default:
        return bind_number(d, d->name, n, v, err);
    }
}

static int valid_names(const ParamDef *defs, int n, char *buf, size_t size)
{
    int len = 0;
    buf[0] = 0;
    for (int i = 0; i < n; i++) {
        int w = snprintf(buf + len, size - (size_t)len, "%s%s", i ? ", " : "", defs[i].name);
        if (w < 0 || (size_t)(len + w) >= size)
            break;
        len += w;
    }
    return len;
}

/* Keywords torch's optimizers and schedules take that change nothing for one point in the
 * plane (code paths, logging); a spec copied from a script keeps them. last_epoch resumes a
 * schedule in torch: only its default, -1, means the same here. */
static const char *const torch_ignored[] = {"foreach", "capturable", "differentiable", "fused",
                                            "verbose", "last_epoch"};

static int ignored_keyword(const Node *n, Err *err)
{
    size_t i = 0, m = sizeof torch_ignored / sizeof torch_ignored[0];
    while (i < m && strcasecmp(n->kw, torch_ignored[i]))
        i++;
    if (i == m)
        return 0;
    if (!strcasecmp(n->kw, "last_epoch")) {
        if (n->type != V_NUM || n->num != -1)
            return err_set(err, n->col, "column %d: last_epoch must be -1 (a fresh schedule; "
                           "resuming one is not supported)", n->col);
    } else if (n->type != V_BOOL && n->type != V_NONE) {
        return err_set(err, n->col, "column %d: %s must be True, False or None (ignored here)",
                       n->col, n->kw);
    }
    return 1;
}

/* Binds the arguments of call node `ci` (after skipping `skip` positional ones) into p. */
static int bind_call(const Tree *t, int ci, const char *kind, const ParamDef *defs, int ndefs,
                     double *p, int skip, int torch_kw, Err *err)
{
    const Node *call = &t->node[ci];
    param_defaults(defs, ndefs, p);
    unsigned given = 0; /* bit i: defs[i] was given */
    int pos = 0;
    int seen_kw = 0;
    for (int c = call->first; c >= 0; c = t->node[c].next) {
        const Node *n = &t->node[c];
        if (skip > 0 && !n->kw[0]) {
            skip--;
            continue;
        }
        int di = -1;
        if (n->kw[0]) {
            seen_kw = 1;
            for (int i = 0; i < ndefs; i++)
                if (!strcasecmp(defs[i].name, n->kw))
                    di = i;
            if (di < 0 && torch_kw) {
                int ig = ignored_keyword(n, err);
                if (ig < 0)
                    return -1;
                if (ig)
                    continue;
            }
            if (di < 0) {
                char names[512];
                const char *list[32];
                int m = ndefs < 32 ? ndefs : 32;
                for (int i = 0; i < m; i++)
                    list[i] = defs[i].name;
                valid_names(defs, ndefs, names, sizeof names);
                const char *near = err_closest(n->kw, list, m);
                char hint[96] = "";
                if (near)
                    snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
                if (ndefs == 0)
                    return err_set(err, n->kwcol, "column %d: %s takes no arguments, got '%s'",
                                   n->kwcol, kind, n->kw);
                return err_set(err, n->kwcol, "column %d: %s has no keyword '%s'%s; valid: %s",
                               n->kwcol, kind, n->kw, hint, names);
            }
        } else {
            if (seen_kw)
                return err_set(err, n->col,
                               "column %d: positional argument after keyword arguments",
                               n->col);
            if (pos >= ndefs)
                return err_set(err, n->col, "column %d: %s takes at most %d arguments", n->col,
                               kind, ndefs);
            di = pos++;
        }
        if (given & (1u << di))
            return err_set(err, n->kw[0] ? n->kwcol : n->col, "column %d: %s given twice",
                           n->kw[0] ? n->kwcol : n->col, defs[di].name);
        given |= 1u << di;
        if (bind_one(t, &defs[di], n, p, err) < 0)
            return -1;
    }
    for (int i = 0; i < ndefs; i++)
        if ((defs[i].flags & PARAM_REQUIRED) && !(given & (1u << i)))
            return err_set(err, call->col, "column %d: %s needs %s=...", call->col, kind,
                           defs[i].name);
    return 0;
}

static const char *const *optim_names(const char **buf)
{
    for (int i = 0; i < optim_count; i++)
        buf[i] = optim_kinds[i]->name;
    buf[optim_count] = optim_lookahead.name;
    return buf;
}

static int bind_optim(const Tree *t, int ci, Optim *o, int inner, Err *err)
{
    const Node *n = &t->node[ci];
    if (n->type != V_CALL)
        return err_set(err, n->col, "column %d: expected an optimizer such as Adam(lr=0.01)",
                       n->col);
    if (!strcasecmp(n->str, optim_lookahead.name)) {
        if (inner)
            return err_set(err, n->col, "column %d: Lookahead cannot wrap another Lookahead",
                           n->col);
        /* Lookahead(optimizer, k=5, alpha=0.5): the first argument is the wrapped optimizer */
        int inner_ci = -1;
        for (int c = n->first; c >= 0; c = t->node[c].next)
            if (!t->node[c].kw[0] || !strcasecmp(t->node[c].kw, "optimizer")) {
                inner_ci = c;
                break;
            }
        /* a bare name is a call without arguments, as at the top: Lookahead(SGD, k=5) */
        if (inner_ci >= 0 && t->node[inner_ci].type == V_STR && optim_find(t->node[inner_ci].str))
            ((Node *)&t->node[inner_ci])->type = V_CALL;
        if (inner_ci < 0 || t->node[inner_ci].type != V_CALL) {
            int at = inner_ci >= 0 ? t->node[inner_ci].col : n->col;
            return err_set(err, at,
                           "column %d: Lookahead wraps an optimizer: Lookahead(Adam(lr=0.01), "
                           "k=5, alpha=0.5)", at);
        }
        if (bind_optim(t, inner_ci, o, 1, err) < 0)
            return -1;
        double lp[4];
        /* the "optimizer" keyword is not in the table: hide it from the binder */
        Node *in = (Node *)&t->node[inner_ci];
        char kwsave[NAMELEN];
        memcpy(kwsave, in->kw, NAMELEN);
        in->kw[0] = 0;
        int rc = bind_call(t, ci, "Lookahead", optim_lookahead.params, optim_lookahead.nparams,
                           lp, 1, 0, err);
        memcpy(in->kw, kwsave, NAMELEN);
        if (rc < 0)
            return -1;
        o->la_k = (int)lp[optim_lookahead.params[0].slot];
        o->la_alpha = lp[optim_lookahead.params[1].slot];
        return 0;
    }
    const OptimKind *k = optim_find(n->str);
    if (!k) {
        const char *names[64];
        const char *near = err_closest(n->str, optim_names(names), optim_count + 1);
        if (sched_find(n->str))
            return err_set(err, n->col,
                           "column %d: %s is a learning-rate schedule; write it after the "
                           "optimizer: SGD(lr=0.1) | %s(...)", n->col, n->str, n->str);
        if (near)
            return err_set(err, n->col, "column %d: unknown optimizer '%s' (did you mean '%s'?)",
                           n->col, n->str, near);
        return err_set(err, n->col, "column %d: unknown optimizer '%s' (see `optiplay list`)",
                       n->col, n->str);
    }
    o->kind = k;
    if (bind_call(t, ci, k->name, k->params, k->nparams, o->p, 0, 1, err) < 0)
        return -1;
    if (k->check && k->check(o->p, err) < 0)
        return add_col(err, n->col);
    o->lr = o->p[0];
    return 0;
}

static int bind_chain(const Tree *t, int ci, const SchedKind *k, Sched *s, const Optim *o,
                      Err *err);

static int bind_sched(const Tree *t, int ci, Sched *s, const Optim *o, Err *err)
{
    const Node *n = &t->node[ci];
    if (n->type != V_CALL)
        return err_set(err, n->col, "column %d: expected a schedule such as "
                       "StepLR(step_size=30)", n->col);
    const SchedKind *k = sched_find(n->str);
    if (!k) {
        const char *names[64];
        int m = sched_count < 64 ? sched_count : 64;
        for (int i = 0; i < m; i++)
            names[i] = sched_kinds[i]->name;
        const char *near = err_closest(n->str, names, m);
        if (optim_find(n->str))
            return err_set(err, n->col, "column %d: %s is an optimizer; after '|' comes a "
                           "learning-rate schedule such as StepLR(step_size=30)", n->col, n->str);
        if (near)
            return err_set(err, n->col, "column %d: unknown schedule '%s' (did you mean '%s'?)",
                           n->col, n->str, near);
        return err_set(err, n->col, "column %d: unknown schedule '%s' (see `optiplay list`)",
                       n->col, n->str);
    }
    if (k->chain)
        return bind_chain(t, ci, k, s, o, err);
    s->kind = k;
    if (bind_call(t, ci, k->name, k->params, k->nparams, s->p, 0, 1, err) < 0)
        return -1;
    if (sched_check(s, o, err) < 0)
        return add_col(err, n->col);
    return 0;
}

/* Appends the schedule of call node `ci` to the chain s as its next member. */
static int add_member(const Tree *t, int ci, Sched *s, const Optim *o, Err *err)
{
    const Node *n = &t->node[ci];
    if (s->nsub >= SCHED_MAXSUB)
        return err_set(err, n->col, "column %d: at most %d schedules in a chain", n->col,
                       SCHED_MAXSUB);
    Sched one;
    memset(&one, 0, sizeof one);
    if (bind_sched(t, ci, &one, o, err) < 0)
        return -1;
    if (one.kind->chain)
        return err_set(err, n->col, "column %d: a %s inside a chain is not supported; list its "
                       "schedules in the outer one", n->col, one.kind->name);
    if (one.kind->needs_loss)
        return err_set(err, n->col, "column %d: %s steps on the loss and cannot be chained (as "
                       "in torch); give it alone: Opt(...) | %s(...)", n->col, one.kind->name,
                       one.kind->name);
    for (int i = 0; i < one.kind->nparams; i++)
        assert(one.kind->params[i].slot < SCHED_SUBP - 1 - PARAM_LIST_MAX ||
               one.kind->params[i].type != PARAM_LIST);
    SchedSub *m = &s->sub[s->nsub++];
    memset(m, 0, sizeof *m);
    m->kind = one.kind;
    memcpy(m->p, one.p, sizeof m->p);
    return 0;
}

/* ChainedScheduler(schedulers=[A(...), B(...)]) and SequentialLR(schedulers=[...],
 * milestones=[...]): the list is bound here (it is not in their tables), the rest by the table. */
static int bind_chain(const Tree *t, int ci, const SchedKind *k, Sched *s, const Optim *o,
                      Err *err)
{
    const Node *n = &t->node[ci];
    int list = -1;
    for (int c = n->first; c >= 0; c = t->node[c].next)
        if (!t->node[c].kw[0] || !strcasecmp(t->node[c].kw, "schedulers")) {
            list = c;
            break;
        }
    if (list < 0 || t->node[list].type != V_TUPLE || t->node[list].n == 0)
        return err_set(err, list < 0 ? n->col : t->node[list].col,
                       "column %d: %s takes a list of schedules: %s(schedulers=[LinearLR(...), "
                       "CosineAnnealingLR(...)]%s)", list < 0 ? n->col : t->node[list].col,
                       k->name, k->name, k->nparams ? ", milestones=[100]" : "");
    memset(s, 0, sizeof *s);
    s->kind = k;
    for (int c = t->node[list].first; c >= 0; c = t->node[c].next)
        if (add_member(t, c, s, o, err) < 0)
            return -1;
    /* the list is not in the table: hide its keyword from the binder, skip it as positional */
    Node *ln = (Node *)&t->node[list];
    char kwsave[NAMELEN];
    memcpy(kwsave, ln->kw, NAMELEN);
    ln->kw[0] = 0;
    int rc = bind_call(t, ci, k->name, k->params, k->nparams, s->p, 1, 1, err);
    memcpy(ln->kw, kwsave, NAMELEN);
    if (rc < 0)
        return -1;
    if (sched_check(s, o, err) < 0)
        return add_col(err, n->col);
    return 0;
}

int spec_parse(Spec *s, const char *text, Err *err)
{
    Tree *t = malloc(sizeof *t); /* ~20 KB: keep it off small stacks; parsing is not hot */
    if (!t)
        return err_set(err, 0, "out of memory");
    Spec out;
    memset(&out, 0, sizeof out);
    int rc = -1;
    if (tree_parse(t, text, err) < 0)
        goto done;
    int oc = parse_call(t);
    if (oc < 0)
        goto done;
    int sc[SCHED_MAXSUB + 1], nsc = 0;
    skip_ws(t);
    while (*t->p == '|') {
        const char *at = ++t->p;
        if (nsc > SCHED_MAXSUB) {
            err_set(err, col_of(t, at), "column %d: at most %d schedules in a chain",
                    col_of(t, at), SCHED_MAXSUB);
            goto done;
        }
        if ((sc[nsc++] = parse_call(t)) < 0)
            goto done;
        skip_ws(t);
    }
    if (*t->p) {
        fail_expected(t, "'|' and a schedule, or the end");
        goto done;
    }
    if (bind_optim(t, oc, &out.opt, 0, err) < 0)
        goto done;
    if (nsc == 1 && bind_sched(t, sc[0], &out.sched, &out.opt, err) < 0)
        goto done;
    if (nsc > 1) { /* Opt(...) | A(...) | B(...): ChainedScheduler([A, B]) */
        out.sched.kind = sched_find("ChainedScheduler");
        for (int i = 0; i < nsc; i++)
            if (add_member(t, sc[i], &out.sched, &out.opt, err) < 0)
                goto done;
        if (sched_check(&out.sched, &out.opt, err) < 0)
            goto done;
    }
    snprintf(out.text, sizeof out.text, "%s", text);
    *s = out;
    rc = 0;
done:
    free(t);
    return rc;
}

int spec_call(const char *text, const char *what, const ParamDef *defs, int ndefs, double *p,
              Err *err)
{
    Tree *t = malloc(sizeof *t);
    if (!t)
        return err_set(err, 0, "out of memory");
    int rc = -1;
    if (tree_parse(t, text, err) < 0)
        goto done;
    int ci = parse_call(t);
    if (ci < 0)
        goto done;
    skip_ws(t);
    if (*t->p) {
        fail_expected(t, "the end");
        goto done;
    }
    char kind[96];
    snprintf(kind, sizeof kind, "%s %s", what, t->node[ci].str);
    rc = bind_call(t, ci, kind, defs, ndefs, p, 0, 0, err);
done:
    free(t);
    return rc;
}

/* ---- formatting ------------------------------------------------------------------------- */

static int append(char *buf, size_t size, int len, const char *s)
{
    if (len < 0 || (size_t)len >= size)
        return len;
    int w = snprintf(buf + len, size - (size_t)len, "%s", s);
    return w < 0 ? len : len + w;
}

static int format_call(char *buf, size_t size, int len, const char *name, const ParamDef *defs,
                       int n, const double *p)
{
    len = append(buf, size, len, name);
    len = append(buf, size, len, "(");
    for (int i = 0; i < n; i++) {
        char one[256];
        param_format(&defs[i], p, one, sizeof one);
        len = append(buf, size, len, i ? ", " : "");
        len = append(buf, size, len, one);
    }
    return append(buf, size, len, ")");
}

int spec_format(const Spec *s, char *buf, size_t size)
{
    const Optim *o = &s->opt;
    int len = 0;
    buf[0] = 0;
    if (o->la_k > 0)
        len = append(buf, size, len, "Lookahead(");
    len = format_call(buf, size, len, o->kind->name, o->kind->params, o->kind->nparams, o->p);
    if (o->la_k > 0) { /* through the table, so that alpha reads back exactly (not %g) */
        double lp[4] = {0};
        assert(optim_lookahead.nparams == 2);
        lp[optim_lookahead.params[0].slot] = o->la_k;
        lp[optim_lookahead.params[1].slot] = o->la_alpha;
        for (int i = 0; i < optim_lookahead.nparams; i++) {
            char one[64];
            param_format(&optim_lookahead.params[i], lp, one, sizeof one);
            len = append(buf, size, len, ", ");
            len = append(buf, size, len, one);
        }
        len = append(buf, size, len, ")");
    }
    if (s->sched.kind) {
        const Sched *sc = &s->sched;
        len = append(buf, size, len, " | ");
        if (!sc->kind->chain)
            return format_call(buf, size, len, sc->kind->name, sc->kind->params,
                               sc->kind->nparams, sc->p);
        len = append(buf, size, len, sc->kind->name);
        len = append(buf, size, len, "(schedulers=[");
        for (int i = 0; i < sc->nsub; i++) {
            const SchedKind *k = sc->sub[i].kind;
            len = append(buf, size, len, i ? ", " : "");
            len = format_call(buf, size, len, k->name, k->params, k->nparams, sc->sub[i].p);
        }
        len = append(buf, size, len, "]");
        for (int i = 0; i < sc->kind->nparams; i++) {
            char one[256];
            param_format(&sc->kind->params[i], sc->p, one, sizeof one);
            len = append(buf, size, len, ", ");
            len = append(buf, size, len, one);
        }
        len = append(buf, size, len, ")");
    }
    return len;
}

static int differs(const ParamDef *d, const double *p)
{
    const double *v = &p[d->slot];
    switch (d->type) {
    case PARAM_PAIR: return v[0] != d->def[0] || v[1] != d->def[1];
    case PARAM_LIST: return v[0] != 0;
    default:
        if (isnan(v[0]) && isnan(d->def[0]))
            return 0;
        return v[0] != d->def[0];
    }
}

int spec_label(const Spec *s, char *buf, size_t size)
{
    const Optim *o = &s->opt;
    const OptimKind *k = o->kind;
    int len = 0;
    buf[0] = 0;
    if (o->la_k > 0)
        len = append(buf, size, len, "Lookahead ");
    len = append(buf, size, len, k->name);
    for (int i = 0; i < k->nparams; i++) {
        const ParamDef *d = &k->params[i];
        int knob = d->slot == 0 || d->slot == k->beta1 || d->slot == k->beta2 ||
                   (d->type == PARAM_PAIR && (d->slot + 1 == k->beta2));
        /* the lr and the β-like knobs always show, unless a knob is off (momentum=0) */
        if (!knob && !differs(d, o->p))
            continue;
        if (knob && d->slot != 0 && d->type != PARAM_PAIR && o->p[d->slot] == 0 &&
            !differs(d, o->p))
            continue;
        char one[160];
        if (d->type == PARAM_BOOL) { /* on: its name; off where the default is on: =False */
            if (o->p[d->slot] == 0 && !differs(d, o->p))
                continue;
            snprintf(one, sizeof one, "%s%s", d->name, o->p[d->slot] == 0 ? "=False" : "");
        } else if (!strcmp(d->name, "betas")) { /* the seeds write β */
            snprintf(one, sizeof one, "\xce\xb2=(%g, %g)", o->p[d->slot], o->p[d->slot + 1]);
        } else if (d->type == PARAM_REAL || d->type == PARAM_INT) {
            /* four digits are what a legend needs (a fan's lr=0.0436, not 0.0435889894354068),
             * counted after the nines of a β near 1 (0.9995, not 1) */
            double v = o->p[d->slot];
            int digits = v > 0.9 && v < 1 ? 4 + (int)-log10(1 - v) : 4;
            snprintf(one, sizeof one, "%s=%.*g", d->name, digits > 15 ? 15 : digits, v);
        } else {
            param_format(d, o->p, one, sizeof one);
        }
        len = append(buf, size, len, " ");
        len = append(buf, size, len, one);
    }
    if (s->sched.kind) {
        len = append(buf, size, len, " | ");
        if (!s->sched.kind->chain)
            len = append(buf, size, len, s->sched.kind->name);
        for (int i = 0; i < s->sched.nsub; i++) { /* A+B chained, A→B in sequence */
            if (i)
                len = append(buf, size, len,
                             strcmp(s->sched.kind->name, "SequentialLR") ? "+" : "\xe2\x86\x92");
            len = append(buf, size, len, s->sched.sub[i].kind->name);
        }
    }
    return len;
}
