/* sched.c — the table of schedules and the calls around torch's scheduler life cycle. Each
 * schedule is one file in sched/; their table rows follow torch's documentation order, then the
 * lecture notes' decays. */
#include "sched.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "sched/sched_kinds.h"

const SchedKind *const sched_kinds[] = {
    &sched_steplr,
    &sched_multisteplr,
    &sched_constantlr,
    &sched_linearlr,
    &sched_exponentiallr,
    &sched_polynomiallr,
    &sched_cosineannealinglr,
    &sched_cycliclr,
    &sched_onecyclelr,
    &sched_cosineannealingwarmrestarts,
    &sched_reducelronplateau,
    &sched_lambdalr,
    &sched_multiplicativelr,
    &sched_swalr,
    &sched_sequentiallr,
    &sched_chainedscheduler,
    &sched_inversetimelr,
    &sched_inversesqrtlr,
};
const int sched_count = (int)(sizeof sched_kinds / sizeof sched_kinds[0]);

static int same_word(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

const SchedKind *sched_find(const char *name)
{
    if (!name)
        return NULL;
    for (int i = 0; i < sched_count; i++)
        if (same_word(sched_kinds[i]->name, name))
            return sched_kinds[i];
    return NULL;
}

int sched_momentum_slot(const Optim *o, int allow_betas)
{
    if (!o || !o->kind)
        return -1;
    const OptimKind *k = o->kind;
    int momentum = -1;
    for (int i = 0; i < k->nparams; i++) {
        if (allow_betas && !strcmp(k->params[i].name, "betas"))
            return k->params[i].slot;
        if (!strcmp(k->params[i].name, "momentum"))
            momentum = k->params[i].slot;
    }
    return momentum;
}

int sched_check(const Sched *s, const Optim *o, Err *err)
{
    if (!s->kind || !s->kind->check)
        return 0;
    return s->kind->check(s, o, err);
}

/* torch's _LRScheduler.__init__ with last_epoch = -1: initial_lr = group['lr'] becomes
 * base_lrs[0]; the kind's attach then does its own constructor work (CyclicLR and OneCycleLR
 * replace base_lr and may set lr and momentum) and takes the initial step to last_epoch 0.
 * Call it after optim_reset(), which sets lr = p[0]; a restarted race must restore o->p (a
 * cycling schedule has written the momentum slot) before attaching again. */
void sched_attach(Sched *s, Optim *o)
{
    if (!s->kind)
        return;
    s->last_epoch = -1;
    s->base_lr = o->lr;
    memset(s->s, 0, sizeof s->s);
    s->kind->attach(s, o);
}

void sched_step(Sched *s, Optim *o)
{
    sched_step_at(s, o, NAN);
}

void sched_step_at(Sched *s, Optim *o, double loss)
{
    if (!s->kind)
        return;
    s->loss = loss;
    s->kind->step(s, o);
}

int sched_needs_loss(const Sched *s)
{
    return s->kind && s->kind->needs_loss;
}
