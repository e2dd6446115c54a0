/* LambdaLR and MultiplicativeLR — torch.optim.lr_scheduler (1.13) with lr_lambda written as
 * an expression of `epoch` in the surface expression syntax, e.g. '0.97^epoch': LambdaLR sets
 * lr = initial lr · λ(epoch), MultiplicativeLR multiplies lr by λ(epoch) at every step after the
 * first. The expression is compiled once (param_expr); p[] holds its id. */
#include "sched_kinds.h"

#include <math.h>

enum { LR_LAMBDA };

static const ParamDef params[] = {
    { "lr_lambda", PARAM_EXPR, LR_LAMBDA, {NAN}, 0, 0, PARAM_REQUIRED, "epoch",
      "a function of epoch in quotes, e.g. '0.97^epoch'" },
};

/* torch's get_lr: base_lr * lmbda(last_epoch) */
static void lambda_step(Sched *s, Optim *o)
{
    s->last_epoch++;
    o->lr = s->base_lr * param_expr_eval(s->p[LR_LAMBDA], (double)s->last_epoch);
}

/* torch's get_lr: lr * lmbda(last_epoch) once last_epoch > 0 (no closed form) */
static void multiplicative_step(Sched *s, Optim *o)
{
    s->last_epoch++;
    if (s->last_epoch > 0)
        o->lr = o->lr * param_expr_eval(s->p[LR_LAMBDA], (double)s->last_epoch);
}

const SchedKind sched_lambdalr = {
    .name = "LambdaLR",
    .doc = "lr = initial lr * lr_lambda, an expression of epoch in quotes ('0.97^epoch')",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = lambda_step,
    .step = lambda_step,
};

const SchedKind sched_multiplicativelr = {
    .name = "MultiplicativeLR",
    .doc = "lr *= lr_lambda each step, an expression of epoch in quotes ('0.99')",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = multiplicative_step,
    .step = multiplicative_step,
};
