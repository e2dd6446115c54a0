/* fuzz.h — shared by the fuzz targets and replay.c: the libFuzzer entry point and a check that
 * aborts (libFuzzer and replay report an abort as a crash, with the input that caused it). */
#ifndef OPTIPLAY_FUZZ_H
#define OPTIPLAY_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                                \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n  ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                                    \
            fputc('\n', stderr);                                                             \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

/* A NUL-terminated copy of the input (the parsers read C strings); free() it. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        abort();
    if (size)
        memcpy(text, data, size);
    text[size] = 0;
    return text;
}

#ifdef OPTIPLAY_FUZZ_RACE
#include <math.h>

#include "race.h"

/* Steps a race k times, one step at a time, checking after each step what the core promises:
 * every number that leaves it is finite (point, loss, gradient, lr, history samples), a
 * diverged racer names a step (0 only when its start is outside the surface's domain) and
 * stays where it stopped. */
static inline void fuzz_race(Race *r, int k)
{
    double at[RACE_MAX][2];
    int was_diverged[RACE_MAX] = {0};
    for (int s = 0; s <= k; s++) {
        if (s > 0)
            race_step(r, 1);
        for (int i = 0; i < r->n; i++) {
            const Racer *rc = &r->racer[i];
            FUZZ_CHECK(isfinite(rc->x[0]) && isfinite(rc->x[1]), "racer %d x = (%g, %g)", i,
                       rc->x[0], rc->x[1]);
            FUZZ_CHECK(isfinite(rc->loss), "racer %d loss = %g", i, rc->loss);
            FUZZ_CHECK(isfinite(rc->g[0]) && isfinite(rc->g[1]), "racer %d g = (%g, %g)", i,
                       rc->g[0], rc->g[1]);
            FUZZ_CHECK(isfinite(rc->opt.lr), "racer %d lr = %g", i, rc->opt.lr);
            FUZZ_CHECK(rc->nhist >= 1 && rc->nhist <= r->cfg.history, "racer %d nhist = %d", i,
                       rc->nhist);
            const Sample *h = &rc->hist[rc->nhist - 1];
            FUZZ_CHECK(isfinite(h->x) && isfinite(h->y) && isfinite(h->loss) &&
                       isfinite(h->lr), "racer %d sample (%g, %g, %g, %g)", i, h->x, h->y,
                       h->loss, h->lr);
            if (rc->status == RACER_DIVERGED) {
                FUZZ_CHECK(rc->status_step >= 1 || rc->steps == 0,
                           "racer %d diverged at step %ld after %ld steps", i, rc->status_step,
                           rc->steps);
                if (was_diverged[i])
                    FUZZ_CHECK(at[i][0] == rc->x[0] && at[i][1] == rc->x[1],
                               "racer %d moved after it diverged", i);
            }
            was_diverged[i] = rc->status == RACER_DIVERGED;
            at[i][0] = rc->x[0];
            at[i][1] = rc->x[1];
        }
    }
    for (int i = 0; i < r->n; i++)
        for (int j = 0; j < r->racer[i].nhist; j++) {
            const Sample *h = &r->racer[i].hist[j];
            FUZZ_CHECK(isfinite(h->x) && isfinite(h->y) && isfinite(h->loss) &&
                       isfinite(h->lr), "racer %d sample %d not finite", i, j);
        }
}
#endif

#endif
