/* MultiStepLR — torch.optim.lr_scheduler.MultiStepLR (1.13): lr ← lr·γ at each milestone. */
#include "sched_kinds.h"

#include <math.h>

enum { MILESTONES, GAMMA = MILESTONES + 1 + PARAM_LIST_MAX };

static const ParamDef params[] = {
    { "milestones", PARAM_LIST, MILESTONES, {0}, 0, INFINITY, PARAM_REQUIRED, NULL,
      "steps at which lr decays" },
    { "gamma", PARAM_REAL, GAMMA, {0.1}, 0, INFINITY, PARAM_LO_OPEN | PARAM_HI_OPEN, NULL,
      "factor applied at each milestone" },
};

/* torch keeps Counter(milestones) and, at a step found in it, multiplies lr by
 * gamma ** count: a milestone written twice decays twice at once, order does not matter, and a
 * milestone 0 already applies in the constructor's step (no last_epoch == 0 test here); one
 * that is not a whole number never matches. */
static void step(Sched *s, Optim *o)
{
    s->last_epoch++;
    int n = (int)s->p[MILESTONES], count = 0;
    for (int i = 0; i < n; i++)
        if (s->p[MILESTONES + 1 + i] == (double)s->last_epoch)
            count++;
    if (count)
        o->lr = o->lr * pow(s->p[GAMMA], count);
}

static void attach(Sched *s, Optim *o)
{
    step(s, o);
}

/* torch's _get_closed_form_lr at last_epoch 0 (SequentialLR's step(0) at a milestone) */
static void restart(Sched *s, Optim *o)
{
    s->last_epoch = 0;
    int n = (int)s->p[MILESTONES], count = 0; /* bisect_right(sorted milestones, 0) */
    for (int i = 0; i < n; i++)
        count += s->p[MILESTONES + 1 + i] <= 0;
    o->lr = s->base_lr * pow(s->p[GAMMA], count);
}

const SchedKind sched_multisteplr = {
    .name = "MultiStepLR",
    .doc = "multiply lr by gamma at each of the milestones (steps)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
    .restart = restart,
};
