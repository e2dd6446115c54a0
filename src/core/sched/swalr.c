/* SWALR — torch.optim.swa_utils.SWALR (1.13): anneals lr from the optimizer's lr to swa_lr over
 * anneal_epochs steps (cosine or linear), then holds swa_lr. Each step undoes the previous
 * step's mix to recover the lr it started from, as torch does (so rounding follows torch). */
#include "sched_kinds.h"

#include <math.h>

enum { SWA_LR, ANNEAL_EPOCHS, ANNEAL_STRATEGY };
enum { COS, LINEAR };   /* ANNEAL_STRATEGY */
enum { STEP_COUNT, SWA }; /* in s->s: torch's _step_count, group['swa_lr'] (chain.c) */

static const ParamDef params[] = {
    { "swa_lr", PARAM_REAL, SWA_LR, {NAN}, 0, INFINITY, PARAM_REQUIRED, NULL,
      "the lr annealed to" },
    { "anneal_epochs", PARAM_INT, ANNEAL_EPOCHS, {10}, 0, INFINITY, 0, NULL,
      "steps of the annealing" },
    { "anneal_strategy", PARAM_CHOICE, ANNEAL_STRATEGY, {COS}, 0, 0, 0, "cos|linear",
      "shape of the annealing" },
};

static double anneal(const Sched *s, double t)
{
    return s->p[ANNEAL_STRATEGY] == LINEAR ? t : (1 - cos(SCHED_PI * t)) / 2;
}

/* max(0, min(1, a / max(1, epochs))) */
static double clamp01(double a, double epochs)
{
    double r = a / fmax(1, epochs);
    return fmax(0, fmin(1, r));
}

static void step(Sched *s, Optim *o)
{
    s->last_epoch++;
    double n = s->s[STEP_COUNT]++; /* torch's step = _step_count - 1 */
    double epochs = s->p[ANNEAL_EPOCHS], swa = s->s[SWA];
    if (epochs == 0)
        n = fmax(1, n);
    double prev_alpha = anneal(s, clamp01(n - 1, epochs));
    double prev_lr = prev_alpha == 1 ? swa : (o->lr - prev_alpha * swa) / (1 - prev_alpha);
    double alpha = anneal(s, clamp01(n, epochs));
    o->lr = swa * alpha + prev_lr * (1 - alpha);
}

/* torch keeps swa_lr in the optimizer's param group: a later SWALR in the same chain
 * overwrites it for the earlier ones (chain.c sets s[SWA] so, and SequentialLR's initial step
 * comes here again with it set; 0 is "not set", and then the value too) */
static void attach(Sched *s, Optim *o)
{
    if (s->s[SWA] == 0)
        s->s[SWA] = s->p[SWA_LR];
    s->s[STEP_COUNT] = 0;
    step(s, o);
}

const SchedKind sched_swalr = {
    .name = "SWALR",
    .doc = "torch.optim.swa_utils.SWALR: anneal lr to swa_lr over anneal_epochs steps "
           "(cos or linear), then hold",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
};
