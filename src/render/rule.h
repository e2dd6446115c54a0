/* rule.h — the update rule of one racer as torch computes it: only the options that are on
 * (plain SGD reads θ ← θ − ηg), the symbols of the rule also naming its numbers (SGD's buffer
 * is b, Adam shows m̂, v̂ and 1−βᵗ), and one short line where torch's form differs from the
 * lecture notes'. Kinds without a rule here show their kind's rule text and buffers. */
#ifndef OPTIPLAY_RULE_H
#define OPTIPLAY_RULE_H

#include "race.h"

enum { RULE_LINES = 10, RULE_VALUES = 12, RULE_LINE = 160 };

typedef struct RuleValue {
    char name[32];   /* as in the rule: "b", "m̂", "1−β₁ᵗ" */
    double v[2];     /* per coordinate, or v[0] alone when scalar */
    int scalar;
} RuleValue;

/* The rule's lines (the last may be the note "torch: ...", is_note set). Returns how many. */
int rule_lines(const Racer *rc, char line[RULE_LINES][RULE_LINE], int *has_note);

/* The numbers the rule names, now (η, g and the Δθ lines are the panel's own). */
int rule_values(const Racer *rc, RuleValue val[RULE_VALUES]);

/* For a Nesterov racer (SGD with nesterov=True): the momentum part of its last step, −ημb,
 * the look-ahead, into ahead; the rest of the step is the gradient's correction, −ηg.
 * Returns 1, or 0 for any other racer. */
int rule_lookahead(const Racer *rc, double ahead[2]);

#endif
