/* fan.h — one optimizer, one hyperparameter swept: "what does β₂ do?" in one race.
 *
 * A fan is n specs that differ in one number. The spec form puts fan(a, b, n) where that
 * number would stand; the window's key sweeps a knob of the selected racer (fan_sweep):
 *
 *     Adam(lr=fan(1e-3, 1, 5))               lr = 0.001, 0.0056, 0.032, 0.18, 1
 *     Adam(betas=(0.9, fan(0.9, 0.999, 3)))  β₂ = 0.9, 0.99, 0.999
 *     SGD(lr=fan(0.5, 0.1, 3), momentum=0.9) lr = 0.5, 0.3, 0.1   (a > b is fine)
 *
 * Spacing: a β-like knob (the optimizer's beta1/beta2 slot: betas, momentum, alpha, rho, beta)
 * spaces 1 − β logarithmically; any other knob with a, b > 0 is log-spaced; else linear. The
 * ends are exact; inner values are snapped to 15 significant digits (0.99, not 0.98999…).
 * Integer keywords (StepLR's step_size, Lookahead's k) are rounded. n is 2..FAN_MAX.
 *
 *     Fan f;
 *     if (fan_parse(&f, "Adam(lr=fan(1e-3, 1, 5))", &err) < 0) ... err.col, err.msg
 *     for (int i = 0; i < f.n; i++) race_add(&race, &f.spec[i], &err); // legend: f.label[i]
 */
#ifndef OPTIPLAY_FAN_H
#define OPTIPLAY_FAN_H

#include "race.h"
#include "spec.h"

enum { FAN_MAX = RACE_MAX, FAN_LABEL = 40 };

typedef enum FanSpacing { FAN_LINEAR, FAN_LOG, FAN_LOG1M /* 1 − β log-spaced */ } FanSpacing;

typedef enum FanWhere { FAN_OPTIM, FAN_SCHED, FAN_LOOKAHEAD } FanWhere;

typedef struct Fan {
    int n;                        /* members: 2..FAN_MAX, or 1 for a text without fan() */
    Spec spec[FAN_MAX];           /* the members, ready for race_add */
    double value[FAN_MAX];        /* the swept value of each member (NAN when n == 1) */
    char label[FAN_MAX][FAN_LABEL]; /* legend text per member: "lr=0.0056", "β₂=0.99" */
    char key[FAN_LABEL];          /* what is swept: "lr", "β₂", "momentum", "gamma" */
    FanWhere where;               /* whose number: the optimizer's, the schedule's, Lookahead's */
    int slot;                     /* its slot in that p[] (Lookahead: 0 = k, 1 = alpha) */
    FanSpacing spacing;
    double a, b;                  /* the ends as given */
    char text[512];               /* the fan as spec text, e.g. "Adam(lr=fan(0.001, 1, 5))" */
} Fan;

/* The column of the first "fan(" in text (1-based), or 0 when there is none. */
int fan_find(const char *text);

/* Expands a spec with at most one fan(a, b, n). A text without fan() gives one member.
 * Returns f->n, or -1 with err (column into text): fan without three numbers, n out of
 * 2..FAN_MAX, a second fan, fan where a number is not allowed, a member out of range. */
int fan_parse(Fan *f, const char *text, Err *err);

/* A fan of base with optimizer slot `slot` (0 = lr, kind->beta1, kind->beta2, or any
 * numeric slot) swept from a to b in n steps, with the spacing rules above. Returns n, or -1
 * with err (slot not a number, n out of range, a value out of the keyword's range). */
int fan_sweep(Fan *f, const Spec *base, int slot, double a, double b, int n, Err *err);

/* The n values from a to b with the given spacing (out[0] = a, out[n-1] = b). */
void fan_values(double a, double b, int n, FanSpacing spacing, double *out);

#endif
