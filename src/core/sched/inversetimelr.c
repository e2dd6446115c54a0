/* InverseTimeLR — the lecture notes' time-based decay (not in torch): lr = η₀/(1 + decay·t),
 * with η₀ the initial lr and t = last_epoch (0 in the constructor's step). */
#include "sched_kinds.h"

#include <math.h>

enum { DECAY };

static const ParamDef params[] = {
    { "decay", PARAM_REAL, DECAY, {NAN}, 0, INFINITY, PARAM_REQUIRED | PARAM_HI_OPEN, NULL,
      "decay rate per step" },
};

/* Closed form from base_lr, so it does not drift and ignores outside changes of lr. */
static void step(Sched *s, Optim *o)
{
    s->last_epoch++;
    o->lr = s->base_lr / (1.0 + s->p[DECAY] * (double)s->last_epoch);
}

static void attach(Sched *s, Optim *o)
{
    step(s, o);
}

const SchedKind sched_inversetimelr = {
    .name = "InverseTimeLR",
    .doc = "lr0/(1 + decay*t) (time-based decay of the lecture notes; not torch)",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
};
