/* CosineAnnealingLR — torch.optim.lr_scheduler.CosineAnnealingLR (1.13): lr follows a half
 * cosine from the initial lr down to eta_min over T_max steps, then back up (period 2·T_max). */
#include "sched_kinds.h"

#include <math.h>

enum { T_MAX, ETA_MIN };

static const ParamDef params[] = {
    { "T_max", PARAM_INT, T_MAX, {NAN}, 1, INFINITY, PARAM_REQUIRED, NULL,
      "steps from the initial lr down to eta_min" },
    { "eta_min", PARAM_REAL, ETA_MIN, {0}, 0, INFINITY, PARAM_HI_OPEN, NULL,
      "lowest learning rate" },
};

/* torch's recursive get_lr, branch for branch (the closed form differs in the last bits):
 * t = 0 keeps lr; t − 1 − T ≡ 0 (mod 2T), the step off the bottom, adds
 * (base − η_min)(1 − cos(π/T))/2; otherwise the ratio of consecutive (1 + cos) factors.
 * torch's `_step_count == 1 and last_epoch > 0` branch needs a resumed last_epoch and never
 * runs from last_epoch = −1. */
static void step(Sched *s, Optim *o)
{
    long t = ++s->last_epoch;
    long tmax = (long)s->p[T_MAX];
    double eta_min = s->p[ETA_MIN], T = s->p[T_MAX];
    if (t == 0)
        return;
    if ((t - 1 - tmax) % (2 * tmax) == 0) {
        o->lr = o->lr + (s->base_lr - eta_min) * (1 - cos(SCHED_PI / T)) / 2;
        return;
    }
    o->lr = (1 + cos(SCHED_PI * (double)t / T)) / (1 + cos(SCHED_PI * (double)(t - 1) / T)) *
            (o->lr - eta_min) + eta_min;
}

static void attach(Sched *s, Optim *o)
{
    step(s, o);
}

/* torch's _get_closed_form_lr at last_epoch 0 (SequentialLR's step(0) at a milestone) */
static void restart(Sched *s, Optim *o)
{
    s->last_epoch = 0;
    double eta_min = s->p[ETA_MIN];
    o->lr = eta_min + (s->base_lr - eta_min) * (1 + cos(SCHED_PI * 0.0 / s->p[T_MAX])) / 2;
}

const SchedKind sched_cosineannealinglr = {
    .name = "CosineAnnealingLR",
    .doc = "cosine from lr down to eta_min over T_max steps (and back up, torch's recursion)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
    .restart = restart,
};
