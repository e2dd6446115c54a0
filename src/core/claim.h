/* claim.h — a scene's lesson as claims a test checks (never drawn).
 *
 *     expect = 2 converges before 1          ; racers by their legend number, 1-based
 *     expect = 1 zig-zags                    ; most of its steps, until it arrives, reverse
 *                                            ; the one before
 *     expect = racer 5 diverges
 *     expect = 3 ends lower than 1           ; the loss at the scene's steps
 *     expect = 2 is below 0.01 at step 40    ; "at step S": then, not at the end
 *
 * Verbs: converges (finished at a global minimum, by the hysteresis of race.h), converges
 * before N, does not converge (never finished), stalls (finished elsewhere), diverges, does
 * not diverge, zig-zags, does not zig-zag, ranks K, ends/is lower than N, below V, above V,
 * within D of X, Y, farther than D from the start. claim_check runs the scene's race to its
 * steps and tells which claims are false, with the facts that make them so. */
#ifndef OPTIPLAY_CLAIM_H
#define OPTIPLAY_CLAIM_H

#include <stddef.h>

#include "err.h"

enum { CLAIM_TEXT = 200 };

typedef enum ClaimKind {
    CLAIM_CONVERGES, CLAIM_BEFORE, CLAIM_UNFINISHED, CLAIM_STALLS, CLAIM_DIVERGES,
    CLAIM_FINITE, CLAIM_ZIGZAG, CLAIM_STRAIGHT, CLAIM_RANKS, CLAIM_LOWER, CLAIM_BELOW,
    CLAIM_ABOVE, CLAIM_WITHIN, CLAIM_FARTHER,
} ClaimKind;

typedef struct Claim {
    ClaimKind kind;
    int a, b;             /* racers, 0-based (b: the other racer of before / lower than) */
    long at;              /* the step it is about; 0: the scene's steps */
    double v[3];          /* ranks K / below V / above V / within D of X, Y / farther than D */
    int line;             /* where it stands in the scene file */
    char text[CLAIM_TEXT];
} Claim;

/* Reads one claim (the text after "expect ="). Returns 0, or -1 with err (col: into text). */
int claim_parse(Claim *c, const char *text, Err *err);

struct Scene;

/* Runs the scene's race to its steps and checks each claim. Returns the number of false
 * claims (a line each, with the facts, in report), or -1 with err when the scene does not
 * build or a claim names a racer it does not have. */
int claim_check(const struct Scene *sc, char *report, size_t n, Err *err);

#endif
