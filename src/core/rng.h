/* rng.h — the seeded random generator (xoshiro256** seeded by splitmix64).
 *
 * All randomness in a race comes from Rng values seeded from the race's seed and a stream
 * number (one stream per racer), so the same scene and seed give the same race, bit for bit. */
#ifndef OPTIPLAY_RNG_H
#define OPTIPLAY_RNG_H

#include <stdint.h>

typedef struct Rng {
    uint64_t s[4];
    int has_spare;  /* Box–Muller makes normals in pairs */
    double spare;
} Rng;

void rng_seed(Rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(Rng *r);
double rng_uniform(Rng *r);           /* [0, 1), 53 random bits */
double rng_normal(Rng *r);            /* N(0, 1) */
uint32_t rng_below(Rng *r, uint32_t n); /* uniform integer in [0, n), n > 0 */

#endif
