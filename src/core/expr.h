/* expr.h — a custom loss typed as an expression in x and y, with exact gradients.
 *
 * Grammar: + − * / ^ (right-associative), unary minus, parentheses, numbers as C reads them,
 * x, y, pi, e, and sin cos tan exp log sqrt abs tanh. The gradient is exact (forward-mode
 * automatic differentiation on dual numbers), never a finite difference. */
#ifndef OPTIPLAY_EXPR_H
#define OPTIPLAY_EXPR_H

#include "err.h"

typedef struct Expr Expr;

/* Parses text; on a syntax error returns NULL and sets err (col: 1-based column, msg: what
 * was found and what was expected). */
Expr *expr_create(const char *text, Err *err);
void expr_destroy(Expr **e);

/* Value at (x, y); when g is not NULL also writes the gradient (∂/∂x, ∂/∂y). */
double expr_eval(const Expr *e, double x, double y, double g[2]);

#endif
