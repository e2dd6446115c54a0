/* ConstantLR — torch.optim.lr_scheduler.ConstantLR (1.13): lr·factor for the first total_iters
 * steps, then lr. */
#include "sched_kinds.h"

#include <math.h>

enum { FACTOR, TOTAL_ITERS };

static const ParamDef params[] = {
    /* torch accepts [0, 1]; 0 makes its step at total_iters divide by zero. */
    { "factor", PARAM_REAL, FACTOR, {1.0 / 3}, 0, 1, PARAM_LO_OPEN, NULL,
      "multiplier of lr until total_iters" },
    { "total_iters", PARAM_INT, TOTAL_ITERS, {5}, 1, INFINITY, 0, NULL,
      "steps at the reduced lr" },
};

/* torch's chainable get_lr: ×factor in the constructor's step, ×(1.0/factor) at total_iters
 * (so the restored lr is lr·factor·(1/factor), as in torch, not exactly lr). */
static void step(Sched *s, Optim *o)
{
    s->last_epoch++;
    if (s->last_epoch == 0)
        o->lr = o->lr * s->p[FACTOR];
    else if (s->last_epoch == (long)s->p[TOTAL_ITERS])
        o->lr = o->lr * (1.0 / s->p[FACTOR]);
}

static void attach(Sched *s, Optim *o)
{
    step(s, o);
}

/* torch's _get_closed_form_lr at last_epoch 0 (SequentialLR's step(0) at a milestone) */
static void restart(Sched *s, Optim *o)
{
    s->last_epoch = 0;
    double f = s->p[FACTOR];
    o->lr = s->base_lr * (f + (0 >= (long)s->p[TOTAL_ITERS]) * (1 - f));
}

const SchedKind sched_constantlr = {
    .name = "ConstantLR",
    .doc = "lr*factor for the first total_iters steps, then lr",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
    .restart = restart,
};
