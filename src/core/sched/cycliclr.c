/* CyclicLR — torch.optim.lr_scheduler.CyclicLR (1.13): lr runs up from base_lr to max_lr in
 * step_size_up steps and back down in step_size_down, the amplitude scaled by mode; momentum
 * runs the other way between max_momentum and base_momentum. */
#include "sched_kinds.h"

#include <assert.h>
#include <math.h>

enum {
    BASE_LR, MAX_LR, STEP_SIZE_UP, STEP_SIZE_DOWN, MODE, GAMMA, SCALE_MODE, CYCLE_MOMENTUM,
    BASE_MOMENTUM, MAX_MOMENTUM
};
enum { TRIANGULAR, TRIANGULAR2, EXP_RANGE };  /* MODE */
enum { TOTAL_SIZE, STEP_RATIO, MOMENTUM_SLOT }; /* in s->s */

static const ParamDef params[] = {
    { "base_lr", PARAM_REAL, BASE_LR, {NAN}, 0, INFINITY, PARAM_REQUIRED | PARAM_HI_OPEN, NULL,
      "lower lr of the cycle" },
    { "max_lr", PARAM_REAL, MAX_LR, {NAN}, 0, INFINITY, PARAM_REQUIRED | PARAM_HI_OPEN, NULL,
      "upper lr of the cycle" },
    /* torch takes float(step_size_up): a fraction of a step is allowed */
    { "step_size_up", PARAM_REAL, STEP_SIZE_UP, {2000}, 0, INFINITY, PARAM_LO_OPEN, NULL,
      "steps of the rising half" },
    { "step_size_down", PARAM_REAL, STEP_SIZE_DOWN, {NAN}, 0, INFINITY,
      PARAM_LO_OPEN | PARAM_NONE_OK, NULL, "steps of the falling half; None: step_size_up" },
    { "mode", PARAM_CHOICE, MODE, {TRIANGULAR}, 0, 0, 0, "triangular|triangular2|exp_range",
      "amplitude policy" },
    { "gamma", PARAM_REAL, GAMMA, {1.0}, 0, INFINITY, PARAM_LO_OPEN | PARAM_HI_OPEN, NULL,
      "exp_range: amplitude factor per step" },
    /* Only used by torch with a custom scale_fn, which a spec cannot give: accepted, ignored. */
    { "scale_mode", PARAM_CHOICE, SCALE_MODE, {0}, 0, 0, 0, "cycle|iterations",
      "ignored: the mode sets it" },
    { "cycle_momentum", PARAM_BOOL, CYCLE_MOMENTUM, {1}, 0, 0, 0, NULL,
      "cycle the optimizer's momentum inversely to lr" },
    { "base_momentum", PARAM_REAL, BASE_MOMENTUM, {0.8}, 0, 1, PARAM_HI_OPEN, NULL,
      "momentum at the lr peak" },
    { "max_momentum", PARAM_REAL, MAX_MOMENTUM, {0.9}, 0, 1, PARAM_HI_OPEN, NULL,
      "momentum at base_lr" },
};

/* torch raises ValueError when cycle_momentum is on and 'momentum' is not in
 * optimizer.defaults: SGD and RMSprop have it, the Adam family (betas) does not. */
static int check(const Sched *s, const Optim *o, Err *err)
{
    if (s->p[CYCLE_MOMENTUM] != 0 && sched_momentum_slot(o, 0) < 0)
        return err_set(err, 0, "CyclicLR with cycle_momentum=True needs an optimizer with "
                       "momentum (SGD, RMSprop); pass cycle_momentum=False");
    return 0;
}

/* torch's get_lr, in its order of operations. The built-in modes fix scale_mode: 'cycle' for
 * the triangles (scale of the cycle number), 'iterations' for exp_range (γ^last_epoch). */
static void step(Sched *s, Optim *o)
{
    double t = (double)++s->last_epoch;
    double total = s->s[TOTAL_SIZE], ratio = s->s[STEP_RATIO];
    double cycle = floor(1 + t / total);
    double x = 1. + t / total - cycle;
    double scale_factor = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    double scale;
    switch ((int)s->p[MODE]) {
    case TRIANGULAR2: scale = 1 / pow(2., cycle - 1); break;
    case EXP_RANGE: scale = pow(s->p[GAMMA], t); break;
    default: scale = 1.; break;
    }
    double base_height = (s->p[MAX_LR] - s->base_lr) * scale_factor;
    o->lr = s->base_lr + base_height * scale;
    if (s->p[CYCLE_MOMENTUM] != 0) {
        double max_m = s->p[MAX_MOMENTUM];
        double m_height = (max_m - s->p[BASE_MOMENTUM]) * scale_factor;
        o->p[(int)s->s[MOMENTUM_SLOT]] = max_m - m_height * scale;
    }
}

/* torch's constructor sets group['lr'] = base_lr (so base_lrs = base_lr, whatever the
 * optimizer's lr) and, cycling, group['momentum'] = base_momentum, then takes the first step
 * (which sets momentum to max_momentum). */
static void attach(Sched *s, Optim *o)
{
    double up = s->p[STEP_SIZE_UP];
    double down = isnan(s->p[STEP_SIZE_DOWN]) ? up : s->p[STEP_SIZE_DOWN];
    s->s[TOTAL_SIZE] = up + down;
    s->s[STEP_RATIO] = up / s->s[TOTAL_SIZE];
    s->base_lr = s->p[BASE_LR];
    o->lr = s->p[BASE_LR];
    if (s->p[CYCLE_MOMENTUM] != 0) {
        int slot = sched_momentum_slot(o, 0);
        assert(slot >= 0 && "sched_check() rejects CyclicLR without momentum");
        s->s[MOMENTUM_SLOT] = slot;
        o->p[slot] = s->p[BASE_MOMENTUM];
    }
    step(s, o);
}

const SchedKind sched_cycliclr = {
    .name = "CyclicLR",
    .doc = "lr cycles between base_lr and max_lr (triangular, triangular2, exp_range); "
           "momentum inversely",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = check,
    .attach = attach,
    .step = step,
};
