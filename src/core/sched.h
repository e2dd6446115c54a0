/* sched.h — learning-rate schedules: torch.optim.lr_scheduler (1.13) and the seeds' decays.
 *
 * A SchedKind is one table row; each lives in its own small file under sched/ and is listed in
 * sched.c. Like torch, a schedule is attached to an optimizer (sched_attach: torch's
 * constructor, which already takes the first step and may set lr) and then stepped once after
 * every optimizer step (sched_step). It changes o->lr and, for CyclicLR/OneCycleLR with
 * cycle_momentum, the optimizer's momentum or β₁ (o->p[o->kind->beta1]). No allocation. */
#ifndef OPTIPLAY_SCHED_H
#define OPTIPLAY_SCHED_H

#include "optim.h"
#include "err.h"

enum { SCHED_MAXP = 48, SCHED_MAXSUB = 4, SCHED_SUBP = 24 };

typedef struct Sched Sched;

typedef struct SchedKind {
    const char *name;       /* as torch spells it, e.g. "StepLR" */
    const char *doc;        /* one line for `optiplay list` */
    const ParamDef *params;
    int nparams;
    /* Checks the parameters against the optimizer (as torch's constructor does); may be NULL. */
    int (*check)(const Sched *s, const Optim *o, Err *err);
    /* torch's constructor: remembers base values, sets the first lr. */
    void (*attach)(Sched *s, Optim *o);
    /* torch's scheduler.step(): advances last_epoch and sets the new lr. */
    void (*step)(Sched *s, Optim *o);
    /* torch's scheduler.step(0), which SequentialLR calls at a milestone: the closed form at
       last_epoch 0. NULL: get_lr() at last_epoch 0 (step from last_epoch -1). */
    void (*restart)(Sched *s, Optim *o);
    int chain;              /* ChainedScheduler, SequentialLR: runs the schedules in sub[] */
    int needs_loss;         /* ReduceLROnPlateau: steps on the racer's loss (Sched.loss) */
} SchedKind;

/* A member of a chain: one schedule's kind, parameters (SCHED_SUBP slots are enough for every
 * kind but the chains) and torch state, the same fields as Sched's. */
typedef struct SchedSub {
    const SchedKind *kind;
    double p[SCHED_SUBP];
    long last_epoch;
    double base_lr;
    double s[8];
} SchedSub;

struct Sched {
    const SchedKind *kind;  /* NULL: constant learning rate */
    double p[SCHED_MAXP];   /* parameters, at the slots of kind->params */
    long last_epoch;        /* torch's last_epoch */
    double base_lr;         /* torch's base_lrs[0] (initial_lr) */
    double s[8];            /* per-kind scalars (T_cur, T_i, cycle state, ...) */
    double loss;            /* ReduceLROnPlateau: the loss given to this step (sched_step_at) */
    int nsub;               /* chains: the schedules they run, in order */
    SchedSub sub[SCHED_MAXSUB];
};

extern const SchedKind *const sched_kinds[];
extern const int sched_count;

/* The kind named `name` (case-insensitive), or NULL. */
const SchedKind *sched_find(const char *name);

/* Validates against o and attaches (torch's constructor). Returns 0, or -1 with err set. */
int sched_check(const Sched *s, const Optim *o, Err *err);
void sched_attach(Sched *s, Optim *o);

/* One scheduler step after an optimizer step; no-op when s->kind is NULL. */
void sched_step(Sched *s, Optim *o);

/* The same, given the loss at the point where that step's gradient was taken (what a training
 * loop passes to ReduceLROnPlateau.step(metrics)); sched_step passes NAN. */
void sched_step_at(Sched *s, Optim *o, double loss);

/* Does the schedule need each racer's own loss (ReduceLROnPlateau)? The swarm cannot share it. */
int sched_needs_loss(const Sched *s);

#endif
