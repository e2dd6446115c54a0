/* ChainedScheduler and SequentialLR — torch.optim.lr_scheduler (1.13): schedules run together
 * (each stepped every step, their factors multiplying) or one after another (SequentialLR
 * switches at the milestones, restarting the next one with step(0)). Their members are in
 * s->sub[] (spec.c binds `schedulers=[...]`); `Opt(...) | A(...) | B(...)` is ChainedScheduler. */
#include "sched_kinds.h"

#include <math.h>
#include <string.h>

/* The first keyword of both, `schedulers`, is not in their tables: spec.c binds it. */
enum { MILESTONES };

static const ParamDef sequential_params[] = {
    { "milestones", PARAM_LIST, MILESTONES, {0}, 0, INFINITY, PARAM_REQUIRED, NULL,
      "steps at which the next schedule takes over" },
};

/* A member is stepped through a full Sched holding its fields. */
static void load(Sched *t, const SchedSub *c, double loss)
{
    memset(t, 0, offsetof(Sched, nsub));
    t->kind = c->kind;
    memcpy(t->p, c->p, sizeof c->p);
    t->last_epoch = c->last_epoch;
    t->base_lr = c->base_lr;
    memcpy(t->s, c->s, sizeof c->s);
    t->loss = loss;
}

static void store(SchedSub *c, const Sched *t)
{
    c->last_epoch = t->last_epoch;
    c->base_lr = t->base_lr;
    memcpy(c->s, t->s, sizeof c->s);
}

static int check(const Sched *s, const Optim *o, Err *err)
{
    for (int i = 0; i < s->nsub; i++) {
        Sched t;
        load(&t, &s->sub[i], NAN);
        if (sched_check(&t, o, err) < 0)
            return -1;
    }
    return 0;
}

/* The members' constructors, in the order a script writes them: the first sets the optimizer's
 * initial_lr (group.setdefault), which the later ones take as base_lr whatever lr is by then;
 * CyclicLR replaces its own base_lr and OneCycleLR also overwrites initial_lr. */
static void construct(Sched *s, Optim *o)
{
    double initial = NAN;
    for (int i = 0; i < s->nsub; i++) {
        Sched t;
        load(&t, &s->sub[i], NAN);
        t.last_epoch = -1;
        t.base_lr = isnan(initial) ? o->lr : initial;
        memset(t.s, 0, sizeof t.s);
        t.kind->attach(&t, o);
        if (isnan(initial) || t.kind == &sched_onecyclelr)
            initial = t.base_lr;
        store(&s->sub[i], &t);
    }
    s->base_lr = initial;
    /* SWALR keeps swa_lr in the param group: the last one constructed sets it for all */
    double swa = NAN;
    for (int i = 0; i < s->nsub; i++)
        if (s->sub[i].kind == &sched_swalr)
            swa = s->sub[i].s[1];
    for (int i = 0; i < s->nsub; i++)
        if (s->sub[i].kind == &sched_swalr)
            s->sub[i].s[1] = swa;
}

static void chained_step(Sched *s, Optim *o)
{
    s->last_epoch++;
    for (int i = 0; i < s->nsub; i++) {
        Sched t;
        load(&t, &s->sub[i], s->loss);
        t.kind->step(&t, o);
        store(&s->sub[i], &t);
    }
}

static void chained_attach(Sched *s, Optim *o)
{
    construct(s, o);
    s->last_epoch = 0;
}

/* SequentialLR's constructor: lr back to initial_lr, every member's last_epoch one back, then
 * the first member's _initial_step (its step count from 0 again, as SWALR counts): the
 * member's own constructor step, base_lr kept. */
static void sequential_attach(Sched *s, Optim *o)
{
    construct(s, o);
    o->lr = s->base_lr;
    for (int i = 0; i < s->nsub; i++)
        s->sub[i].last_epoch--;
    Sched t;
    load(&t, &s->sub[0], NAN);
    t.kind->attach(&t, o);
    store(&s->sub[0], &t);
    s->last_epoch = 0;
}

static void sequential_step(Sched *s, Optim *o)
{
    long e = ++s->last_epoch;
    int n = (int)s->p[MILESTONES], idx = 0;
    while (idx < n && s->p[MILESTONES + 1 + idx] <= (double)e) /* bisect_right */
        idx++;
    Sched t;
    load(&t, &s->sub[idx], s->loss);
    if (idx > 0 && s->p[MILESTONES + idx] == (double)e) {
        if (t.kind->restart) {
            t.kind->restart(&t, o);
        } else {
            t.last_epoch = -1;
            t.kind->step(&t, o);
        }
    } else {
        t.kind->step(&t, o);
    }
    store(&s->sub[idx], &t);
}

/* torch: len(milestones) == len(schedulers) - 1; bisect needs them sorted */
static int sequential_check(const Sched *s, const Optim *o, Err *err)
{
    int n = (int)s->p[MILESTONES];
    if (n != s->nsub - 1)
        return err_set(err, 0, "SequentialLR needs one milestone fewer than schedules (got %d "
                       "schedules and %d milestones)", s->nsub, n);
    for (int i = 1; i < n; i++)
        if (s->p[MILESTONES + 1 + i] < s->p[MILESTONES + i])
            return err_set(err, 0, "SequentialLR's milestones must not decrease");
    return check(s, o, err);
}

const SchedKind sched_chainedscheduler = {
    .name = "ChainedScheduler",
    .doc = "ChainedScheduler(schedulers=[A(...), B(...)]): every schedule stepped each step "
           "(factors multiply); also Opt(...) | A(...) | B(...)",
    .params = NULL,
    .nparams = 0,
    .check = check,
    .attach = chained_attach,
    .step = chained_step,
    .chain = 1,
};

const SchedKind sched_sequentiallr = {
    .name = "SequentialLR",
    .doc = "SequentialLR(schedulers=[A(...), B(...)], milestones=[n]): one schedule after "
           "another (warm-up then cosine)",
    .params = sequential_params,
    .nparams = 1,
    .check = sequential_check,
    .attach = sequential_attach,
    .step = sequential_step,
    .chain = 1,
};
