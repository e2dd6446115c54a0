/* spec.h — the one spec syntax: Python-call style, as in a training script.
 *
 *     Adam(lr=3e-4, betas=(0.9, 0.98))
 *     SGD(lr=0.01, momentum=0.9, nesterov=True) | StepLR(step_size=30, gamma=0.5)
 *     Lookahead(RAdam(lr=0.01), k=5, alpha=0.5)
 *     AdamW(lr=1e-3) | SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=100),
 *                                    CosineAnnealingLR(T_max=900)], milestones=[100])
 *     SGD(lr=0.1) | StepLR(step_size=30) | ExponentialLR(gamma=0.99)   (= ChainedScheduler)
 *
 * Names are case-insensitive; positional arguments follow the keyword order of the table;
 * True/False/None (any case); tuples in () or []; strings quoted or bare; numbers as strtod
 * reads them. Errors name the column and what was expected: an unknown name suggests the
 * closest one, an unknown keyword lists the valid ones, an out-of-range value says why. */
#ifndef OPTIPLAY_SPEC_H
#define OPTIPLAY_SPEC_H

#include <stddef.h>

#include "err.h"
#include "optim.h"
#include "param.h"
#include "sched.h"

typedef struct Spec {
    Optim opt;       /* kind, p[], Lookahead settings (the state is not used here) */
    Sched sched;     /* kind (NULL: none) and p[] */
    char text[512];  /* the spec as given */
} Spec;

/* Parses an optimizer spec with optional "| Schedule(...)" (two or more: a ChainedScheduler).
 * Returns 0 or -1 with err. */
int spec_parse(Spec *s, const char *text, Err *err);

/* A short label for legends: "Adam lr=0.01 β=(0.9, 0.999)" (only the knobs that matter). */
int spec_label(const Spec *s, char *buf, size_t size);

/* Full canonical spec text with every keyword, e.g. for `trace` headers. */
int spec_format(const Spec *s, char *buf, size_t size);

/* Generic pieces, used by surface.h for "rosenbrock(b=10)":
 * spec_ident copies the leading identifier of text (letters, digits, '_', '-') into name and
 * returns its length (0 if text does not start with one). spec_call binds "Name" or
 * "Name(args)" against defs into p (defaults first). */
size_t spec_ident(const char *text, char *name, size_t size);
int spec_call(const char *text, const char *what, const ParamDef *defs, int ndefs, double *p,
              Err *err);

#endif
