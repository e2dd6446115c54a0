/* race.h — the update core proper: N racers descending one surface from one start point.
 *
 * The race is a function of steps, not of time: race_step(r, k) advances every running racer
 * by k optimizer steps (gradient → noise → optimizer → schedule) and records, per racer, the
 * point, loss, lr, gradient and optimizer state, plus a decimated history for trails and loss
 * plots. `status` is what the racer does now: converged next to a minimum (or on a flat spot),
 * running again when kicked out (a warm restart, noise), or diverged. The verdict has
 * hysteresis: a racer *finishes* (event RACER_CONVERGED, a rank) only once it has stayed
 * within tol of a minimum (or with a vanishing gradient) for RACE_HOLD steps in a row, and a
 * finish is never taken back; no rank is given after the race's finish line `end`. A
 * diverged racer
 * stops where it last was finite; nothing non-finite ever leaves the core. Stepping does not
 * allocate; only race_add does.
 *
 *     Race r;
 *     race_init(&r, &surface, &(RaceConfig){ .start = {-1, 1.5}, .seed = 7 });
 *     race_add(&r, &spec, &err);
 *     race_step(&r, 10);
 *     ... r.racer[i].x, r.racer[i].loss, r.racer[i].hist ...
 *     race_deinit(&r);
 */
#ifndef OPTIPLAY_RACE_H
#define OPTIPLAY_RACE_H

#include <stdint.h>

#include "rng.h"
#include "spec.h"
#include "surface.h"

enum { RACE_MAX = 16, RACE_EVENTS = 64, RACE_KNOBS = 1024, RACE_HOLD = 20 };

typedef struct RaceConfig {
    double start[2];     /* start point; default (both 0 and !has_start): the surface's start */
    int has_start;       /* start was given */
    double noise;        /* gradient noise σ per component; default 0 */
    double noise_decay;  /* γ: σ_t² = σ² / (1 + t)^γ; default 0 (constant) */
    int batch;           /* data surfaces: mini-batch size, 0 = full batch */
    uint64_t seed;       /* seed of all randomness; default 0 */
    int history;         /* history samples kept per racer; default 16384 (then decimated) */
    double tol;          /* converged: distance to a known minimum; default 1e-3 × view size */
    double gtol;         /* converged: gradient norm below this for 10 steps; default 1e-8 */
    double far;          /* diverged: farther than far × view size from the view; default 1e4 */
} RaceConfig;

typedef enum RacerStatus { RACER_RUNNING, RACER_CONVERGED, RACER_DIVERGED } RacerStatus;

typedef struct Sample {
    double x, y, loss, lr;
} Sample;

typedef struct Racer {
    Spec spec;           /* what the user asked for (p[] changed by knobs lives here) */
    Optim opt;           /* the live optimizer: p[], lr, state */
    Sched sched;         /* the live schedule */
    int enabled;         /* a disabled racer is not stepped and not drawn */
    int batch;           /* this racer's mini-batch size; 0: the race's cfg.batch */
    int group;           /* members of one fan share a number > 0 (graded colours); 0: none */
    double noise;        /* this racer's gradient noise σ; 0: the race's cfg.noise */
    double noise_decay;  /* γ of this racer's noise (with noise > 0); 0: constant */
    double x[2];         /* current point */
    double loss;         /* full-batch loss at x */
    double g[2];         /* the gradient used by the last step (with noise / mini-batch) */
    long steps;          /* steps this racer has taken since its (re)start */
    RacerStatus status;
    long status_step;    /* the step at which status last changed */
    long finish;         /* finished: the step it arrived at a minimum and then stayed
                          * RACE_HOLD steps (never taken back); 0: not finished */
    int rank;            /* finishing order, 1-based, among finished racers at a known global
                          * minimum (any, when none is known); 0: not finished, or stalled */
    int at_minimum;      /* finished next to a known global minimum (else: stalled elsewhere) */
    int held;            /* consecutive steps at a minimum, for the finish */
    int small_grad;      /* consecutive steps with |g| < gtol */
    uint64_t stream;     /* random stream number (set by race_add to the index; kept after) */
    Rng rng;             /* this racer's stream: noise and mini-batches */
    int *perm;           /* mini-batch order over the data points (owned) */
    int perm_pos;
    LbfgsState *lbfgs;   /* LBFGS's memory, opt.lb (owned; NULL for other kinds) */
    Sample *hist;        /* history: hist[0..nhist), every `stride` steps (owned) */
    int nhist;
    int stride;
} Racer;

/* A racer's finish (RACER_CONVERGED, at the step it converged) or its divergence. */
typedef struct RaceEvent {
    int racer;
    RacerStatus status;
    long step;
} RaceEvent;

/* A knob turned at `step` (before the step after it was taken): the timeline replays these. */
typedef struct RaceKnob {
    long step;
    int racer, slot;
    double from, to;
} RaceKnob;

typedef struct Race {
    const Surface *surface; /* borrowed */
    RaceConfig cfg;
    long step;              /* steps taken since the start */
    int n;                  /* racers */
    Racer racer[RACE_MAX];
    int finished;           /* racers ranked now */
    long end;               /* the finish line (a scene's steps): no rank after it; 0: none */
    long nevents;           /* events ever raised; the last RACE_EVENTS are kept */
    RaceEvent events[RACE_EVENTS];
    int nknobs;             /* knobs turned since the start, for race_seek */
    RaceKnob knobs[RACE_KNOBS];
} Race;

/* Sets up an empty race (zero fields of cfg take their defaults). */
void race_init(Race *r, const Surface *s, const RaceConfig *cfg);
/* Fills the zero fields of c with their defaults for surface s (what race_init does). */
void race_config_defaults(RaceConfig *c, const Surface *s);
void race_deinit(Race *r);

/* Adds a racer; returns its index, or -1 with err set (too many, or the schedule rejects the
 * optimizer). The racer starts at the race's start point, at step 0 of its own. */
int race_add(Race *r, const Spec *spec, Err *err);
void race_remove(Race *r, int i);

/* Every racer back to the start, state cleared, step 0 (knobs keep their values). */
void race_restart(Race *r);

/* The timeline: puts the race at `step` exactly as a fresh run that turned the same knobs at
 * the same steps would be (going back replays from the start; the race is deterministic).
 * Going back and turning a knob forgets the knobs turned later. */
void race_seek(Race *r, long step);

/* Moves the start point and restarts. */
void race_set_start(Race *r, double x, double y);

/* Advances every enabled, running racer by k steps. */
void race_step(Race *r, int k);

/* A knob turned mid-race: sets hyperparameter `slot` of racer i (slot 0 = lr, which rescales
 * the current scheduled lr by the same factor). Takes effect from the next step; the state is
 * kept; the change is logged for race_seek. */
void race_set_param(Race *r, int i, int slot, double value);

/* Racer i's next step taken on a copy, the race unchanged (anatomy.h): the gradient g it
 * will see and the point x it will reach, bit for bit as race_step will; tap (may be NULL)
 * receives the update's parts. 0; 1: that step diverges (the race will stop the racer);
 * -1: the racer does not step (disabled, diverged, no such racer; out of memory). */
struct Anatomy;
int race_preview(const Race *r, int i, struct Anatomy *tap, double g[2], double x[2]);

/* The event `k` of those raised (0 ≤ k < nevents), or NULL when it was overwritten. */
const RaceEvent *race_event(const Race *r, long k);

#endif
