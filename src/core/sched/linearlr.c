/* LinearLR — torch.optim.lr_scheduler.LinearLR (1.13): the factor on lr goes linearly from
 * start_factor to end_factor over total_iters steps. */
#include "sched_kinds.h"

#include <math.h>

enum { START_FACTOR, END_FACTOR, TOTAL_ITERS };

static const ParamDef params[] = {
    /* torch accepts [0, 1]; 0 makes its second step divide by zero. */
    { "start_factor", PARAM_REAL, START_FACTOR, {1.0 / 3}, 0, 1, PARAM_LO_OPEN, NULL,
      "multiplier of lr at the first step" },
    { "end_factor", PARAM_REAL, END_FACTOR, {1.0}, 0, 1, 0, NULL,
      "multiplier of lr from total_iters on" },
    { "total_iters", PARAM_INT, TOTAL_ITERS, {5}, 1, INFINITY, 0, NULL,
      "steps of the linear ramp" },
};

/* torch's chainable get_lr, a ratio of consecutive factors:
 * lr·(1 + (e − s)/(T·s + (t − 1)(e − s))), in torch's order of operations. */
static void step(Sched *s, Optim *o)
{
    double sf = s->p[START_FACTOR], ef = s->p[END_FACTOR];
    long total = (long)s->p[TOTAL_ITERS];
    s->last_epoch++;
    if (s->last_epoch == 0) {
        o->lr = o->lr * sf;
        return;
    }
    if (s->last_epoch > total)
        return;
    double t1 = (double)(s->last_epoch - 1);
    o->lr = o->lr * (1. + (ef - sf) / ((double)total * sf + t1 * (ef - sf)));
}

static void attach(Sched *s, Optim *o)
{
    step(s, o);
}

/* torch's _get_closed_form_lr at last_epoch 0 (SequentialLR's step(0) at a milestone) */
static void restart(Sched *s, Optim *o)
{
    s->last_epoch = 0;
    double sf = s->p[START_FACTOR], ef = s->p[END_FACTOR];
    o->lr = s->base_lr * (sf + (ef - sf) * 0.0 / s->p[TOTAL_ITERS]);
}

const SchedKind sched_linearlr = {
    .name = "LinearLR",
    .doc = "lr factor ramps linearly from start_factor to end_factor over total_iters steps",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
    .restart = restart,
};
