/* ExponentialLR — torch.optim.lr_scheduler.ExponentialLR (1.13): lr ← lr·γ every step. */
#include "sched_kinds.h"

#include <math.h>

enum { GAMMA };

static const ParamDef params[] = {
    { "gamma", PARAM_REAL, GAMMA, {NAN}, 0, INFINITY, PARAM_REQUIRED | PARAM_LO_OPEN |
      PARAM_HI_OPEN, NULL, "factor applied every step" },
};

/* Chainable: repeated multiplication, as torch (not base_lr·γ^t). */
static void step(Sched *s, Optim *o)
{
    s->last_epoch++;
    if (s->last_epoch != 0)
        o->lr = o->lr * s->p[GAMMA];
}

static void attach(Sched *s, Optim *o)
{
    step(s, o);
}

/* torch's _get_closed_form_lr at last_epoch 0 (SequentialLR's step(0) at a milestone) */
static void restart(Sched *s, Optim *o)
{
    s->last_epoch = 0;
    o->lr = s->base_lr * 1.0; /* γ ** 0 */
}

const SchedKind sched_exponentiallr = {
    .name = "ExponentialLR",
    .doc = "multiply lr by gamma every step",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
    .restart = restart,
};
