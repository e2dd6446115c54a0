/* ReduceLROnPlateau — torch.optim.lr_scheduler.ReduceLROnPlateau (1.13): lr·factor when the
 * loss has not improved for more than `patience` steps, then `cooldown` steps of rest. Stepped
 * after each optimizer step with the loss at the point where that step's gradient was taken
 * (Sched.loss: what a training loop passes as metrics). It sets no initial lr. */
#include "sched_kinds.h"

#include <math.h>

enum { MODE, FACTOR, PATIENCE, THRESHOLD, THRESHOLD_MODE, COOLDOWN, MIN_LR, EPS };
enum { MIN, MAX };                  /* MODE */
enum { REL, ABS };                  /* THRESHOLD_MODE */
enum { BEST, BAD_EPOCHS, COOLDOWN_COUNTER }; /* in s->s */

static const ParamDef params[] = {
    { "mode", PARAM_CHOICE, MODE, {MIN}, 0, 0, 0, "min|max",
      "min: lower loss is better" },
    { "factor", PARAM_REAL, FACTOR, {0.1}, 0, 1, PARAM_HI_OPEN, NULL,
      "lr multiplier at a plateau" },
    { "patience", PARAM_INT, PATIENCE, {10}, 0, INFINITY, 0, NULL,
      "steps without improvement tolerated" },
    { "threshold", PARAM_REAL, THRESHOLD, {1e-4}, 0, INFINITY, 0, NULL,
      "what counts as an improvement" },
    { "threshold_mode", PARAM_CHOICE, THRESHOLD_MODE, {REL}, 0, 0, 0, "rel|abs",
      "threshold relative to the best loss, or absolute" },
    { "cooldown", PARAM_INT, COOLDOWN, {0}, 0, INFINITY, 0, NULL,
      "steps to wait after a reduction" },
    { "min_lr", PARAM_REAL, MIN_LR, {0}, 0, INFINITY, 0, NULL, "lower bound on lr" },
    { "eps", PARAM_REAL, EPS, {1e-8}, 0, INFINITY, 0, NULL,
      "smaller lr changes are skipped" },
};

/* torch's is_better */
static int is_better(const Sched *s, double a, double best)
{
    double th = s->p[THRESHOLD];
    if (s->p[MODE] == MIN)
        return s->p[THRESHOLD_MODE] == REL ? a < best * (1. - th) : a < best - th;
    return s->p[THRESHOLD_MODE] == REL ? a > best * (th + 1.) : a > best + th;
}

static void step(Sched *s, Optim *o)
{
    double current = s->loss;
    s->last_epoch++;
    if (is_better(s, current, s->s[BEST])) {
        s->s[BEST] = current;
        s->s[BAD_EPOCHS] = 0;
    } else {
        s->s[BAD_EPOCHS] += 1;
    }
    if (s->s[COOLDOWN_COUNTER] > 0) {
        s->s[COOLDOWN_COUNTER] -= 1;
        s->s[BAD_EPOCHS] = 0;
    }
    if (s->s[BAD_EPOCHS] > s->p[PATIENCE]) {
        double old_lr = o->lr, new_lr = fmax(old_lr * s->p[FACTOR], s->p[MIN_LR]);
        if (old_lr - new_lr > s->p[EPS])
            o->lr = new_lr;
        s->s[COOLDOWN_COUNTER] = s->p[COOLDOWN];
        s->s[BAD_EPOCHS] = 0;
    }
}

/* torch's constructor: last_epoch = 0, best = the worse end for the mode; lr untouched */
static void attach(Sched *s, Optim *o)
{
    (void)o;
    s->last_epoch = 0;
    s->s[BEST] = s->p[MODE] == MIN ? INFINITY : -INFINITY;
}

const SchedKind sched_reducelronplateau = {
    .name = "ReduceLROnPlateau",
    .doc = "lr*factor when the racer's loss stops improving for patience steps",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
    .needs_loss = 1,
};
