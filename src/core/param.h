/* param.h — keyword parameters of surfaces, optimizers and schedules, described by tables.
 *
 * Every kind (a surface, an optimizer, a schedule) lists its keywords as ParamDef rows, in
 * PyTorch's order and spelling. The values live in a caller's `double p[]`, at each row's
 * `slot`: a pair takes two slots, a list takes 1 + PARAM_LIST_MAX (the count, then the items),
 * a bool is 0 or 1, a choice is the index into its `choices`, and None is NAN.
 * The spec parser (spec.h) binds text to these tables; `optiplay list` prints them. */
#ifndef OPTIPLAY_PARAM_H
#define OPTIPLAY_PARAM_H

#include <stddef.h>

#include "err.h"

enum { PARAM_LIST_MAX = 16 };

typedef enum ParamType {
    PARAM_REAL,   /* a float */
    PARAM_INT,    /* an integer */
    PARAM_BOOL,   /* True/False */
    PARAM_PAIR,   /* a 2-tuple of floats, e.g. betas=(0.9, 0.999) */
    PARAM_LIST,   /* a tuple of up to PARAM_LIST_MAX integers, e.g. milestones (repeats count) */
    PARAM_CHOICE, /* one of the words in `choices`, e.g. mode='triangular' */
    PARAM_EXPR,   /* an expression of the variable named in `choices`, quoted, e.g.
                     lr_lambda='0.97^epoch' (surface syntax); p[] holds its param_expr id */
} ParamType;

enum {
    PARAM_LO_OPEN = 1 << 0, /* value must be > lo (else >= lo) */
    PARAM_HI_OPEN = 1 << 1, /* value must be < hi (else <= hi) */
    PARAM_NONE_OK = 1 << 2, /* None is accepted (stored as NAN) */
    PARAM_REQUIRED = 1 << 3, /* no default: the user must give it */
};

typedef struct ParamDef {
    const char *name;    /* keyword, as torch spells it */
    ParamType type;
    int slot;            /* index of the first value in p[] */
    double def[2];       /* default (pairs use both; NAN means None) */
    double lo, hi;       /* valid range of each number (ignored when lo == hi == 0) */
    unsigned flags;      /* PARAM_* */
    const char *choices; /* PARAM_CHOICE: words separated by '|' */
    const char *why;     /* what the range means, for the error ("learning rate") */
} ParamDef;

/* Fills p[] with the defaults of defs. */
void param_defaults(const ParamDef *defs, int n, double *p);

/* Writes "name=value" for one parameter into buf (Python syntax, e.g. "betas=(0.9, 0.999)"). */
int param_format(const ParamDef *d, const double *p, char *buf, size_t size);

/* Writes the defaults, e.g. "lr=0.001, betas=(0.9, 0.999), eps=1e-08", for `optiplay list`. */
int param_format_defaults(const ParamDef *defs, int n, char *buf, size_t size);

/* Whether v is in d's range (always, for a row without one: lo == hi == 0). */
int param_in_range(const ParamDef *d, double v);

/* The row of defs[0..n) holding p[slot] (a pair holds two slots), or NULL; *second (may be
 * NULL) says whether slot is the pair's second number. */
const ParamDef *param_at_slot(const ParamDef *defs, int n, int slot, int *second);

/* Checks v against d's range; -1 with err (no column) saying "label must be > 0 (learning
 * rate), got -1" when it is outside, else 0. label names the value ("lr", "betas[1]"). */
int param_check(const ParamDef *d, const char *label, double v, Err *err);

/* PARAM_EXPR: compiles `text` as an expression of the one variable `var` (x and y are not
 * defined) and returns its id (>= 0), the same for the same text; -1 with err (col: 1-based in
 * text). Compiled expressions live as long as the program, so a double in p[] can name one. */
int param_expr(const char *text, const char *var, Err *err);

/* The value of expression `id` at var = v, and its text. */
double param_expr_eval(double id, double v);
const char *param_expr_text(double id);

/* The i-th word of a PARAM_CHOICE's choices into buf, or "" when out of range. */
const char *param_choice(const ParamDef *d, int i, char *buf, size_t size);

#endif
