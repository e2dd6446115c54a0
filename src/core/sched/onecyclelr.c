/* OneCycleLR — torch.optim.lr_scheduler.OneCycleLR (1.13): lr rises from max_lr/div_factor to
 * max_lr over pct_start of total_steps, then anneals to initial/final_div_factor (three_phase:
 * down to the initial lr, then to the minimum); momentum or β₁ runs inversely. */
#include "sched_kinds.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>

enum {
    MAX_LR, TOTAL_STEPS, EPOCHS, STEPS_PER_EPOCH, PCT_START, ANNEAL_STRATEGY, CYCLE_MOMENTUM,
    BASE_MOMENTUM, MAX_MOMENTUM, DIV_FACTOR, FINAL_DIV_FACTOR, THREE_PHASE
};
enum { COS, LINEAR };                                   /* ANNEAL_STRATEGY */
enum { TOTAL, INITIAL_LR, MIN_LR, MOMENTUM_SLOT };      /* in s->s */

typedef struct Phase {
    double end;      /* last step of the phase (torch's end_step, a float) */
    double lr0, lr1; /* lr from, to */
    double m0, m1;   /* momentum from, to */
} Phase;

static const ParamDef params[] = {
    { "max_lr", PARAM_REAL, MAX_LR, {NAN}, 0, INFINITY, PARAM_REQUIRED | PARAM_LO_OPEN |
      PARAM_HI_OPEN, NULL, "peak learning rate" },
    { "total_steps", PARAM_INT, TOTAL_STEPS, {NAN}, 1, INFINITY, PARAM_NONE_OK, NULL,
      "steps of the whole cycle" },
    { "epochs", PARAM_INT, EPOCHS, {NAN}, 1, INFINITY, PARAM_NONE_OK, NULL,
      "with steps_per_epoch, when total_steps is None" },
    { "steps_per_epoch", PARAM_INT, STEPS_PER_EPOCH, {NAN}, 1, INFINITY, PARAM_NONE_OK, NULL,
      "with epochs, when total_steps is None" },
    { "pct_start", PARAM_REAL, PCT_START, {0.3}, 0, 1, 0, NULL,
      "fraction of the cycle spent rising" },
    { "anneal_strategy", PARAM_CHOICE, ANNEAL_STRATEGY, {COS}, 0, 0, 0, "cos|linear",
      "shape of each phase" },
    { "cycle_momentum", PARAM_BOOL, CYCLE_MOMENTUM, {1}, 0, 0, 0, NULL,
      "cycle momentum or beta1 inversely to lr" },
    { "base_momentum", PARAM_REAL, BASE_MOMENTUM, {0.85}, 0, 1, PARAM_HI_OPEN, NULL,
      "momentum at the lr peak" },
    { "max_momentum", PARAM_REAL, MAX_MOMENTUM, {0.95}, 0, 1, PARAM_HI_OPEN, NULL,
      "momentum at the start and the end" },
    { "div_factor", PARAM_REAL, DIV_FACTOR, {25.0}, 0, INFINITY, PARAM_LO_OPEN | PARAM_HI_OPEN,
      NULL, "initial lr = max_lr/div_factor" },
    { "final_div_factor", PARAM_REAL, FINAL_DIV_FACTOR, {1e4}, 0, INFINITY,
      PARAM_LO_OPEN | PARAM_HI_OPEN, NULL, "min lr = initial lr/final_div_factor" },
    { "three_phase", PARAM_BOOL, THREE_PHASE, {0}, 0, 0, 0, NULL,
      "fall back to the initial lr, then anneal to min lr" },
};

/* torch: total_steps wins, else epochs·steps_per_epoch; 0 when neither is given, -1 when the
 * product is too large (each is at most 1e15: their product in an int64_t could overflow). */
static int64_t total_steps(const Sched *s)
{
    if (!isnan(s->p[TOTAL_STEPS]))
        return (int64_t)s->p[TOTAL_STEPS];
    if (isnan(s->p[EPOCHS]) || isnan(s->p[STEPS_PER_EPOCH]))
        return 0;
    double total = s->p[EPOCHS] * s->p[STEPS_PER_EPOCH];
    return total > 1e15 ? -1 : (int64_t)total;
}

static int check(const Sched *s, const Optim *o, Err *err)
{
    int64_t total = total_steps(s);
    if (total < 0)
        return err_set(err, 0, "OneCycleLR: epochs*steps_per_epoch = %g is too large (at most "
                       "1e15)", s->p[EPOCHS] * s->p[STEPS_PER_EPOCH]);
    if (total == 0)
        return err_set(err, 0, "OneCycleLR needs total_steps, or epochs and steps_per_epoch");
    /* torch's first phase then spans 0 steps and its first step computes 0/0. */
    if (s->p[PCT_START] * (double)total - 1 == 0)
        return err_set(err, 0, "OneCycleLR: pct_start*total_steps = 1 leaves the warm-up "
                       "0 steps long (torch divides by zero); change pct_start or total_steps");
    if (s->p[CYCLE_MOMENTUM] != 0 && sched_momentum_slot(o, 1) < 0)
        return err_set(err, 0, "OneCycleLR with cycle_momentum=True needs an optimizer with "
                       "momentum or betas (SGD, RMSprop, Adam, ...); pass cycle_momentum=False");
    return 0;
}

static double anneal(int strategy, double start, double end, double pct)
{
    if (strategy == LINEAR)
        return (end - start) * pct + start;
    double cos_out = cos(SCHED_PI * pct) + 1;
    return end + (start - end) / 2.0 * cos_out;
}

/* torch's get_lr: find the phase of the step, pct within it, anneal lr (and momentum). Past the
 * end torch extrapolates once (last_epoch == total_steps: below min_lr with 'linear', maybe
 * negative) and then raises; we hold the final values of step total_steps − 1 instead. A
 * training loop of total_steps iterations never steps with either, so trajectories agree. */
static void step(Sched *s, Optim *o)
{
    int64_t total = (int64_t)s->s[TOTAL];
    double init = s->s[INITIAL_LR], max_lr = s->p[MAX_LR], min_lr = s->s[MIN_LR];
    double max_m = s->p[MAX_MOMENTUM], base_m = s->p[BASE_MOMENTUM];
    double pct = s->p[PCT_START];
    s->last_epoch++;
    double n = (double)(s->last_epoch < total ? s->last_epoch : total - 1);

    /* torch's _schedule_phases: end_step, start/end lr, start/end momentum. */
    Phase ph[3];
    int nph;
    if (s->p[THREE_PHASE] != 0) {
        ph[0] = (Phase){ pct * (double)total - 1, init, max_lr, max_m, base_m };
        ph[1] = (Phase){ 2 * pct * (double)total - 2, max_lr, init, base_m, max_m };
        ph[2] = (Phase){ (double)(total - 1), init, min_lr, max_m, max_m };
        nph = 3;
    } else {
        ph[0] = (Phase){ pct * (double)total - 1, init, max_lr, max_m, base_m };
        ph[1] = (Phase){ (double)(total - 1), max_lr, min_lr, base_m, max_m };
        nph = 2;
    }

    int strategy = (int)s->p[ANNEAL_STRATEGY];
    double start = 0;
    for (int i = 0; i < nph; i++) {
        if (n <= ph[i].end || i == nph - 1) {
            double frac = (n - start) / (ph[i].end - start);
            o->lr = anneal(strategy, ph[i].lr0, ph[i].lr1, frac);
            if (s->p[CYCLE_MOMENTUM] != 0)
                o->p[(int)s->s[MOMENTUM_SLOT]] = anneal(strategy, ph[i].m0, ph[i].m1, frac);
            break;
        }
        start = ph[i].end;
    }
}

/* torch's constructor sets group['initial_lr'] = max_lr/div_factor (hence base_lrs) and
 * min_lr = initial_lr/final_div_factor, and, cycling, momentum or betas[0] = max_momentum;
 * the first step then sets lr. */
static void attach(Sched *s, Optim *o)
{
    s->s[TOTAL] = (double)total_steps(s);
    s->s[INITIAL_LR] = s->p[MAX_LR] / s->p[DIV_FACTOR];
    s->s[MIN_LR] = s->s[INITIAL_LR] / s->p[FINAL_DIV_FACTOR];
    s->base_lr = s->s[INITIAL_LR];
    if (s->p[CYCLE_MOMENTUM] != 0) {
        int slot = sched_momentum_slot(o, 1);
        assert(slot >= 0 && "sched_check() rejects OneCycleLR without momentum or betas");
        s->s[MOMENTUM_SLOT] = slot;
        o->p[slot] = s->p[MAX_MOMENTUM];
    }
    step(s, o);
}

const SchedKind sched_onecyclelr = {
    .name = "OneCycleLR",
    .doc = "1cycle: lr up to max_lr over pct_start, then down to a tiny lr at total_steps "
           "(then held); momentum inversely",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = check,
    .attach = attach,
    .step = step,
};
