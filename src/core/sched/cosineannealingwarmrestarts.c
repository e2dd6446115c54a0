/* CosineAnnealingWarmRestarts — torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (1.13),
 * SGDR: a cosine from the initial lr to eta_min over T_i steps, then a restart with
 * T_i ← T_i·T_mult (T_0 first). */
#include "sched_kinds.h"

#include <math.h>

enum { T_0, T_MULT, ETA_MIN };
enum { T_CUR, T_I }; /* in s->s */

static const ParamDef params[] = {
    { "T_0", PARAM_INT, T_0, {NAN}, 1, INFINITY, PARAM_REQUIRED, NULL,
      "steps until the first restart" },
    { "T_mult", PARAM_INT, T_MULT, {1}, 1, INFINITY, 0, NULL,
      "period growth at each restart" },
    { "eta_min", PARAM_REAL, ETA_MIN, {0}, 0, INFINITY, PARAM_HI_OPEN, NULL,
      "lowest learning rate" },
};

/* torch's own step() without an epoch: the constructor's step (last_epoch < 0) is epoch 0,
 * T_cur = 0, T_i = T_0; later ones count T_cur up and restart when it reaches T_i. The lr is
 * η_min + (base − η_min)(1 + cos(π·T_cur/T_i))/2, from base_lr, not chained. T_cur and T_i are
 * integers (exact in double). */
static void step(Sched *s, Optim *o)
{
    if (s->last_epoch < 0) {
        s->s[T_CUR] = 0;
        s->s[T_I] = s->p[T_0];
    } else {
        s->s[T_CUR] = s->s[T_CUR] + 1;
        if (s->s[T_CUR] >= s->s[T_I]) {
            s->s[T_CUR] = s->s[T_CUR] - s->s[T_I];
            s->s[T_I] = s->s[T_I] * s->p[T_MULT];
        }
    }
    s->last_epoch++;
    double eta_min = s->p[ETA_MIN];
    o->lr = eta_min + (s->base_lr - eta_min) * (1 + cos(SCHED_PI * s->s[T_CUR] / s->s[T_I])) / 2;
}

static void attach(Sched *s, Optim *o)
{
    step(s, o);
}

const SchedKind sched_cosineannealingwarmrestarts = {
    .name = "CosineAnnealingWarmRestarts",
    .doc = "SGDR: cosine from lr to eta_min over T_0 steps, restart, period *= T_mult",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .check = NULL,
    .attach = attach,
    .step = step,
};
