/* PolynomialLR — torch.optim.lr_scheduler.PolynomialLR (1.13, present in Debian's
 * python3-torch): lr decays as (1 − t/total_iters)^power to 0 at total_iters. */
#include "sched_kinds.h"

#include <math.h>

enum { TOTAL_ITERS, POWER };

static const ParamDef params[] = {
    { "total_iters", PARAM_INT, TOTAL_ITERS, {5}, 0, INFINITY, 0, NULL,
      "steps until lr reaches 0 (0: lr stays)" },
    { "power", PARAM_REAL, POWER, {1.0}, 0, INFINITY, PARAM_HI_OPEN, NULL,
      "exponent of the decay" },
};

/* torch's chainable get_lr: lr·((1 − t/T)/(1 − (t−1)/T))^power for 1 <= t <= T. */
static void step(Sched *s, Optim *o)
{
    double total = s->p[TOTAL_ITERS];
    s->last_epoch++;
    if (s->last_epoch == 0 || s->last_epoch > (long)total)
        return;
    double t = (double)s->last_epoch;
    double decay = pow((1.0 - t / total) / (1.0 - (t - 1) / total), s->p[POWER]);
    o->lr = o->lr * decay;
}

static void attach(Sched *s, Optim *o)
{
    step(s, o);
}

/* torch's _get_closed_form_lr at last_epoch 0 (SequentialLR's step(0) at a milestone)
 * (total_iters = 0 divides 0 by 0 there, a ZeroDivisionError in torch: taken as 0) */
static void restart(Sched *s, Optim *o)
{
    s->last_epoch = 0;
    double total = s->p[TOTAL_ITERS];
    o->lr = s->base_lr * pow(1.0 - (total > 0 ? 0.0 / total : 0.0), s->p[POWER]);
}

const SchedKind sched_polynomiallr = {
    .name = "PolynomialLR",
    .doc = "lr*(1 - t/total_iters)^power, reaching 0 at total_iters",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
    .restart = restart,
};
