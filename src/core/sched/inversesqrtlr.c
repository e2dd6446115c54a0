/* InverseSqrtLR — the lecture notes' 1/√t decay (not in torch): lr = η₀/√(1 + t), with η₀
 * the initial lr and t = last_epoch (0 in the constructor's step); no keywords. */
#include "sched_kinds.h"

#include <math.h>

/* Closed form from base_lr. */
static void step(Sched *s, Optim *o)
{
    s->last_epoch++;
    o->lr = s->base_lr / sqrt(1.0 + (double)s->last_epoch);
}

static void attach(Sched *s, Optim *o)
{
    step(s, o);
}

const SchedKind sched_inversesqrtlr = {
    .name = "InverseSqrtLR",
    .doc = "lr0/sqrt(1 + t) (the lecture notes' 1/sqrt(t) decay; not torch)",
    .params = NULL,
    .nparams = 0,
    .check = NULL,
    .attach = attach,
    .step = step,
};
