/* knob.h — the numbers the knobs step through: 1-2-5 sequences (lr 0.01 → 0.02 → 0.05; β
 * through 1 − β: 0.9 → 0.95 → 0.98 → 0.99), so the numbers stay ones a lecturer can say; and
 * the names the user knows the knobs by. */
#ifndef OPTIPLAY_KNOB_H
#define OPTIPLAY_KNOB_H

#include <stddef.h>

#include "optim.h"

/* The next value of the 1-2-5 sequence above (dir > 0) or below (dir < 0) x. */
double knob_step(double x, int dir);
/* The largest of the 1-2-5 steps not above x (0.02088 → 0.02): below, not nearest, as a
 * tuned lr rounded up may diverge. */
double knob_snap(double x);
/* The nearest of 1, 2, 5 × 10^k (in log terms). */
double knob_round(double x);
/* Slot `slot` of k as the user knows it: lr, β₁, β₂, momentum, alpha, ... ("p[3]": no name). */
void knob_name(const OptimKind *k, int slot, char *buf, size_t n);

#endif
