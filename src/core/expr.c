/* expr.c — a recursive-descent parser from text to postfix ops, and a stack evaluator on dual
 * numbers (value, ∂/∂x, ∂/∂y), so gradients are exact to rounding.
 *
 *     expr    := term (('+' | '-') term)*
 *     term    := unary (('*' | '/') unary)*
 *     unary   := ('-' | '+') unary | power
 *     power   := primary ('^' unary)?          right-associative; -x^2 is -(x^2), 2^-1 is 0.5
 *     primary := number | x | y | pi | e | func '(' expr ')' | '(' expr ')'
 *
 * Names are case-insensitive. There is no implicit multiplication ("2x" is an error that says
 * to write "2*x"). Columns in errors are 1-based byte offsets, like the spec parser's. */
#include "expr.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The longest text accepted. It also bounds the evaluation stack: operands are separated by
 * at least one operator character, so at most (MAXLEN + 1) / 2 values are ever pending. */
enum { MAXLEN = 1000, MAXNEST = 200, STACK = MAXLEN / 2 + 2 };

typedef enum OpCode {
    OP_NUM, OP_X, OP_Y,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_NEG,
    OP_SIN, OP_COS, OP_TAN, OP_EXP, OP_LOG, OP_SQRT, OP_ABS, OP_TANH,
} OpCode;

typedef struct Op {
    OpCode code;
    double num; /* OP_NUM */
} Op;

struct Expr {
    int nops;
    Op ops[]; /* postfix */
};

/* Functions, in OpCode order from OP_SIN. */
static const char *const func_names[] = {"sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh"};
enum { NFUNC = (int)(sizeof func_names / sizeof func_names[0]) };

/* Every name the grammar knows, for "did you mean". */
static const char *const known_names[] = {"x", "y", "pi", "e", "sin", "cos", "tan",
                                          "exp", "log", "sqrt", "abs", "tanh"};

static const char operand_words[] = "an operand (number, x, y, function or '(')";
static const char operator_words[] = "an operator (+ - * / ^) or the end of the expression";

/* ---- parsing ---------------------------------------------------------------------------- */

typedef struct Parser {
    const char *text;
    const char *p;
    Op *ops;
    int n;
    int nest;
    Err *err;
} Parser;

static int col_of(const Parser *ps, const char *at)
{
    return (int)(at - ps->text) + 1;
}

static void skip_ws(Parser *ps)
{
    while (*ps->p && isspace((unsigned char)*ps->p))
        ps->p++;
}

static int is_ident_start(int c)
{
    return isalpha(c) || c == '_';
}

static size_t ident_len(const char *p)
{
    size_t n = 0;
    if (!is_ident_start((unsigned char)p[0]))
        return 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_')
        n++;
    return n;
}

/* Length of the decimal number at p ("12", "1.5e-3", ".5"), 0 if none. Scanned by hand so
 * that strtod's hexadecimal and inf/nan forms are not accepted ("0x1" is 0 times x). */
static size_t number_len(const char *p)
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

/* What stands at p, quoted, for "but found ..." messages. */
static const char *found(const char *p, char *buf, size_t size)
{
    if (!*p)
        return "the end of the expression";
    size_t len = ident_len(p);
    if (!len)
        len = number_len(p);
    if (!len) {
        len = 1;
        if ((unsigned char)*p >= 0x80) /* a whole UTF-8 sequence, e.g. '²' or '−' */
            while ((unsigned char)p[len] >= 0x80 && (p[len] & 0xC0) == 0x80)
                len++;
    }
    if (len > 24)
        len = 24;
    snprintf(buf, size, "'%.*s'", (int)len, p);
    return buf;
}

/* "column N: expected WHAT but found X", with a hint for the usual slips. */
static int fail_expected(Parser *ps, const char *what)
{
    char buf[40];
    const char *p = ps->p;
    const char *hint = "";
    if ((unsigned char)*p >= 0x80)
        hint = " (use plain ASCII: x^2 for x², - for −, * for ×)";
    else if (*p == '*' && p > ps->text && p[-1] == '*')
        hint = " (write powers as x^2, not x**2)";
    else if (what == operator_words && (is_ident_start((unsigned char)*p) || isdigit((unsigned char)*p) ||
                                        *p == '.' || *p == '('))
        hint = " (there is no implicit multiplication: write 2*x, not 2x)";
    return err_set(ps->err, col_of(ps, p), "column %d: expected %s but found %s%s",
                   col_of(ps, p), what, found(p, buf, sizeof buf), hint);
}

static void emit(Parser *ps, OpCode code, double num)
{
    /* each op comes from its own token of at least one character: ops never outnumber bytes */
    assert(ps->n < (int)(ps->p - ps->text) + 1);
    ps->ops[ps->n++] = (Op){code, num};
}

static int parse_expr(Parser *ps);
static int parse_unary(Parser *ps);

static int parse_primary(Parser *ps)
{
    skip_ws(ps);
    const char *at = ps->p;
    size_t len;
    if ((len = number_len(at)) > 0) {
        /* number_len fixed the extent; strtod reads the same digits, except that "0x1"
         * would be hexadecimal to it and is the number 0 followed by x here */
        double v = 0;
        if (!(at[0] == '0' && (at[1] == 'x' || at[1] == 'X'))) {
            char *end;
            errno = 0;
            v = strtod(at, &end);
            if (end != at + len)
                return err_set(ps->err, col_of(ps, at), "column %d: cannot read the number "
                               "'%.*s'", col_of(ps, at), (int)(len < 40 ? len : 40), at);
            if (errno == ERANGE && isinf(v))
                return err_set(ps->err, col_of(ps, at), "column %d: the number '%.*s' is "
                               "too large", col_of(ps, at), (int)(len < 40 ? len : 40), at);
        }
        ps->p += len;
        emit(ps, OP_NUM, v); /* underflow to 0 (or a subnormal) is fine */
        return 0;
    }
    if (*at == '(') {
        ps->p++;
        if (parse_expr(ps) < 0)
            return -1;
        skip_ws(ps);
        if (*ps->p != ')') {
            char what[64];
            snprintf(what, sizeof what, "')' to close the '(' at column %d", col_of(ps, at));
            return fail_expected(ps, what);
        }
        ps->p++;
        return 0;
    }
    if ((len = ident_len(at)) > 0) {
        char name[32] = "";
        if (len < sizeof name) {
            memcpy(name, at, len);
            name[len] = 0;
        }
        ps->p += len;
        if (!strcasecmp(name, "x"))
            emit(ps, OP_X, 0);
        else if (!strcasecmp(name, "y"))
            emit(ps, OP_Y, 0);
        else if (!strcasecmp(name, "pi"))
            emit(ps, OP_NUM, 3.14159265358979323846);
        else if (!strcasecmp(name, "e"))
            emit(ps, OP_NUM, 2.71828182845904523536);
        else {
            int f = 0;
            while (f < NFUNC && strcasecmp(name, func_names[f]))
                f++;
            if (f == NFUNC) {
                ps->p = at;
                char copy[64];
                snprintf(copy, sizeof copy, "%.*s", (int)(len < 40 ? len : 40), at);
                const char *near = err_closest(copy, known_names,
                                               (int)(sizeof known_names / sizeof *known_names));
                const char *p = at + len;
                while (*p && isspace((unsigned char)*p))
                    p++;
                const char *what = *p == '(' ? "function" : "name";
                if (near)
                    return err_set(ps->err, col_of(ps, at),
                                   "column %d: unknown %s '%s' (did you mean '%s'?)",
                                   col_of(ps, at), what, copy, near);
                return err_set(ps->err, col_of(ps, at),
                               "column %d: unknown %s '%s'; expected x, y, pi, e or one of "
                               "the functions sin cos tan exp log sqrt abs tanh",
                               col_of(ps, at), what, copy);
            }
            skip_ws(ps);
            if (*ps->p != '(') {
                char what[64];
                snprintf(what, sizeof what, "'(' after '%s'", func_names[f]);
                return fail_expected(ps, what);
            }
            const char *open = ps->p++;
            if (parse_expr(ps) < 0)
                return -1;
            skip_ws(ps);
            if (*ps->p != ')') {
                char what[96];
                snprintf(what, sizeof what, "')' to close %s( at column %d%s", func_names[f],
                         col_of(ps, open), *ps->p == ',' ? " (functions take one argument)" : "");
                return fail_expected(ps, what);
            }
            ps->p++;
            emit(ps, (OpCode)(OP_SIN + f), 0);
        }
        return 0;
    }
    return fail_expected(ps, operand_words);
}

static int parse_power(Parser *ps)
{
    if (parse_primary(ps) < 0)
        return -1;
    skip_ws(ps);
    if (*ps->p == '^') {
        ps->p++;
        if (parse_unary(ps) < 0) /* the exponent may be signed (2^-1) and recurses (2^3^2) */
            return -1;
        emit(ps, OP_POW, 0);
    }
    return 0;
}

static int parse_unary(Parser *ps)
{
    skip_ws(ps);
    if (++ps->nest > MAXNEST)
        return err_set(ps->err, col_of(ps, ps->p),
                       "column %d: the expression is nested too deeply (more than %d levels)",
                       col_of(ps, ps->p), MAXNEST);
    int rc;
    char c = *ps->p;
    if (c == '-' || c == '+') {
        ps->p++;
        rc = parse_unary(ps);
        if (rc == 0 && c == '-')
            emit(ps, OP_NEG, 0);
    } else {
        rc = parse_power(ps);
    }
    ps->nest--;
    return rc;
}

static int parse_term(Parser *ps)
{
    if (parse_unary(ps) < 0)
        return -1;
    for (;;) {
        skip_ws(ps);
        char c = *ps->p;
        if (c != '*' && c != '/')
            return 0;
        ps->p++;
        if (parse_unary(ps) < 0)
            return -1;
        emit(ps, c == '*' ? OP_MUL : OP_DIV, 0);
    }
}

static int parse_expr(Parser *ps)
{
    if (parse_term(ps) < 0)
        return -1;
    for (;;) {
        skip_ws(ps);
        char c = *ps->p;
        if (c != '+' && c != '-')
            return 0;
        ps->p++;
        if (parse_term(ps) < 0)
            return -1;
        emit(ps, c == '+' ? OP_ADD : OP_SUB, 0);
    }
}

Expr *expr_create(const char *text, Err *err)
{
    size_t len = strlen(text);
    if (len > MAXLEN) {
        err_set(err, MAXLEN + 1, "column %d: the expression is too long (%zu characters; at "
                "most %d)", MAXLEN + 1, len, MAXLEN);
        return NULL;
    }
    Expr *e = malloc(sizeof *e + sizeof e->ops[0] * (len + 1));
    if (!e) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    Parser ps = {.text = text, .p = text, .ops = e->ops, .err = err};
    skip_ws(&ps);
    if (!*ps.p) {
        err_set(err, col_of(&ps, ps.p), "column %d: the expression is empty; expected %s",
                col_of(&ps, ps.p), operand_words);
        goto fail;
    }
    if (parse_expr(&ps) < 0)
        goto fail;
    skip_ws(&ps);
    if (*ps.p == ')') {
        err_set(err, col_of(&ps, ps.p), "column %d: unbalanced ')': there is no '(' to close",
                col_of(&ps, ps.p));
        goto fail;
    }
    if (*ps.p) {
        fail_expected(&ps, operator_words);
        goto fail;
    }
    e->nops = ps.n;
    return e;
fail:
    free(e);
    return NULL;
}

void expr_destroy(Expr **e)
{
    free(*e);
    *e = NULL;
}

/* ---- evaluation ------------------------------------------------------------------------- */

typedef struct Dual {
    double v, dx, dy;
} Dual;

/* One term of a derivative, f'·u' or u·v': a zero factor wins even against an infinite or NaN
 * one, because it means the inner value does not move in that direction. So sqrt(x^2+y^2)
 * has gradient 0 (not NaN) at the origin, and x^0.5 is differentiable in y everywhere. */
static double dm(double a, double b)
{
    return a == 0 || b == 0 ? 0 : a * b;
}

/* f(u) with f'(u) = fd: the chain rule. */
static Dual chain(Dual u, double fv, double fd)
{
    return (Dual){fv, dm(fd, u.dx), dm(fd, u.dy)};
}

static double apply_func(OpCode code, double a)
{
    switch (code) {
    case OP_SIN: return sin(a);
    case OP_COS: return cos(a);
    case OP_TAN: return tan(a);
    case OP_EXP: return exp(a);
    case OP_LOG: return log(a);
    case OP_SQRT: return sqrt(a);
    case OP_ABS: return fabs(a);
    case OP_TANH: return tanh(a);
    default: assert(!"not a function"); return NAN;
    }
}

static Dual dual_func(OpCode code, Dual u)
{
    double v = apply_func(code, u.v);
    switch (code) {
    case OP_SIN: return chain(u, v, cos(u.v));
    case OP_COS: return chain(u, v, -sin(u.v));
    case OP_TAN: return chain(u, v, 1 + v * v);
    case OP_EXP: return chain(u, v, v);
    case OP_LOG: return chain(u, v, 1 / u.v);
    case OP_SQRT: return chain(u, v, 0.5 / v); /* +inf at 0, 0 if u does not move */
    case OP_ABS: return chain(u, v, (u.v > 0) - (u.v < 0)); /* abs'(0) = 0 */
    case OP_TANH: return chain(u, v, 1 - v * v);
    default: assert(!"not a function"); return u;
    }
}

/* u^w. When w does not move (w' = 0, e.g. a constant exponent), d = w u^(w−1) u', which is
 * right for u ≤ 0 and integer w, where u^w log u would be NaN. Otherwise the log term is
 * added, with u^w log u → 0 as u → 0⁺. */
static Dual dual_pow(Dual u, Dual w)
{
    double v = pow(u.v, w.v);
    /* dm: x^0 is the constant 1, and 0^(w−1) = 0 wins over w = ∞ (x^(y^−2) at y = 0) */
    double k = dm(w.v, pow(u.v, w.v - 1));
    Dual r = {v, dm(k, u.dx), dm(k, u.dy)};
    if (w.dx != 0 || w.dy != 0) {
        /* u^w log u, 0 where u^w is 0: u → 0⁺, or w → −∞ ((−3)^(−x^(2^20)) at x = −3) */
        double l = dm(v, log(u.v));
        r.dx += dm(l, w.dx);
        r.dy += dm(l, w.dy);
    }
    return r;
}

static double eval_value(const Expr *e, double x, double y)
{
    double st[STACK];
    int sp = 0;
    for (int i = 0; i < e->nops; i++) {
        const Op *op = &e->ops[i];
        switch (op->code) {
        case OP_NUM: st[sp++] = op->num; break;
        case OP_X: st[sp++] = x; break;
        case OP_Y: st[sp++] = y; break;
        case OP_ADD: sp--; st[sp - 1] = st[sp - 1] + st[sp]; break;
        case OP_SUB: sp--; st[sp - 1] = st[sp - 1] - st[sp]; break;
        case OP_MUL: sp--; st[sp - 1] = st[sp - 1] * st[sp]; break;
        case OP_DIV: sp--; st[sp - 1] = st[sp - 1] / st[sp]; break;
        case OP_POW: sp--; st[sp - 1] = pow(st[sp - 1], st[sp]); break;
        case OP_NEG: st[sp - 1] = -st[sp - 1]; break;
        default: st[sp - 1] = apply_func(op->code, st[sp - 1]);
        }
        assert(sp > 0 && sp <= STACK);
    }
    assert(sp == 1);
    return st[0];
}

/* The value part is computed with exactly the operations of eval_value, so asking for the
 * gradient never changes the loss. */
static double eval_dual(const Expr *e, double x, double y, double g[2])
{
    Dual st[STACK];
    int sp = 0;
    for (int i = 0; i < e->nops; i++) {
        const Op *op = &e->ops[i];
        if (op->code <= OP_Y) {
            st[sp++] = op->code == OP_NUM ? (Dual){op->num, 0, 0}
                       : op->code == OP_X ? (Dual){x, 1, 0} : (Dual){y, 0, 1};
            continue;
        }
        Dual *b = &st[sp - 1];
        if (op->code == OP_NEG) {
            *b = (Dual){-b->v, -b->dx, -b->dy};
            continue;
        }
        if (op->code >= OP_SIN) {
            *b = dual_func(op->code, *b);
            continue;
        }
        Dual *a = &st[--sp - 1];
        switch (op->code) {
        case OP_ADD: *a = (Dual){a->v + b->v, a->dx + b->dx, a->dy + b->dy}; break;
        case OP_SUB: *a = (Dual){a->v - b->v, a->dx - b->dx, a->dy - b->dy}; break;
        case OP_MUL:
            *a = (Dual){a->v * b->v, dm(a->dx, b->v) + dm(a->v, b->dx),
                        dm(a->dy, b->v) + dm(a->v, b->dy)};
            break;
        case OP_DIV: {
            double q = a->v / b->v; /* (a/b)' = (a' − q b') / b */
            *a = (Dual){q, (a->dx - dm(q, b->dx)) / b->v, (a->dy - dm(q, b->dy)) / b->v};
            break;
        }
        case OP_POW: *a = dual_pow(*a, *b); break;
        default: assert(!"unknown op");
        }
        assert(sp > 0 && sp <= STACK);
    }
    assert(sp == 1);
    g[0] = st[0].dx;
    g[1] = st[0].dy;
    return st[0].v;
}

double expr_eval(const Expr *e, double x, double y, double g[2])
{
    assert(e);
    return g ? eval_dual(e, x, y, g) : eval_value(e, x, y);
}
