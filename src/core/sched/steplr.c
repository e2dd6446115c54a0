/* StepLR — torch.optim.lr_scheduler.StepLR (1.13): lr ← lr·γ every step_size steps. */
#include "sched_kinds.h"

#include <math.h>

enum { STEP_SIZE, GAMMA };

static const ParamDef params[] = {
    { "step_size", PARAM_INT, STEP_SIZE, {NAN}, 1, INFINITY, PARAM_REQUIRED, NULL,
      "steps between two decays" },
    { "gamma", PARAM_REAL, GAMMA, {0.1}, 0, INFINITY, PARAM_LO_OPEN | PARAM_HI_OPEN, NULL,
      "factor applied at each decay" },
};

/* torch's chainable get_lr: scales the current lr (not base_lr·γ^⌊t/s⌋), so rounding follows
 * torch's product of factors step by step. */
static void step(Sched *s, Optim *o)
{
    s->last_epoch++;
    if (s->last_epoch == 0 || s->last_epoch % (long)s->p[STEP_SIZE] != 0)
        return;
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
    o->lr = s->base_lr * 1.0; /* γ ** (0 // step_size) */
}

const SchedKind sched_steplr = {
    .name = "StepLR",
    .doc = "multiply lr by gamma every step_size steps",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
    .restart = restart,
};
