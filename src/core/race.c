#include "race.h"
#include "anatomy.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { SMALL_GRAD_STEPS = 10 };

static double view_size(const Rect *v)
{
    double w = v->x1 - v->x0, h = v->y1 - v->y0;
    return w > h ? w : h;
}

void race_init(Race *r, const Surface *s, const RaceConfig *cfg)
{
    memset(r, 0, sizeof *r);
    r->surface = s;
    if (cfg)
        r->cfg = *cfg;
    race_config_defaults(&r->cfg, s);
}

void race_config_defaults(RaceConfig *c, const Surface *s)
{
    if (!c->has_start) {
        c->start[0] = s->start[0];
        c->start[1] = s->start[1];
        c->has_start = 1;
    }
    if (c->history <= 0)
        c->history = 16384;
    if (c->history < 16)
        c->history = 16;
    if (c->tol <= 0)
        c->tol = 1e-3 * view_size(&s->view);
    if (c->gtol <= 0)
        c->gtol = 1e-8;
    if (c->far <= 0)
        c->far = 1e4;
}

static void push_event(Race *r, int i, RacerStatus status, long step)
{
    RaceEvent *e = &r->events[r->nevents % RACE_EVENTS];
    e->racer = i;
    e->status = status;
    e->step = step;
    r->nevents++;
}

static void set_status(Racer *rc, RacerStatus status, long step)
{
    rc->status = status;
    rc->status_step = step;
}

/* Diverged: a status and an event at once (no hysteresis: it stops there). */
static void diverge(Race *r, int i, long step)
{
    set_status(&r->racer[i], RACER_DIVERGED, step);
    push_event(r, i, RACER_DIVERGED, step);
}

const RaceEvent *race_event(const Race *r, long k)
{
    if (k < 0 || k >= r->nevents || k < r->nevents - RACE_EVENTS)
        return NULL;
    return &r->events[k % RACE_EVENTS];
}

static void push_sample(Race *r, Racer *rc)
{
    if (rc->steps % rc->stride)
        return;
    if (rc->nhist == r->cfg.history) {
        /* full: keep every other sample and halve the rate, so the whole trail stays */
        int m = 0;
        for (int j = 0; j < rc->nhist; j += 2)
            rc->hist[m++] = rc->hist[j];
        rc->nhist = m;
        rc->stride *= 2;
        if (rc->steps % rc->stride)
            return;
    }
    rc->hist[rc->nhist++] = (Sample){rc->x[0], rc->x[1], rc->loss, rc->opt.lr};
}

static void shuffle(Racer *rc, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rng_below(&rc->rng, (uint32_t)i + 1);
        int t = rc->perm[i];
        rc->perm[i] = rc->perm[j];
        rc->perm[j] = t;
    }
    rc->perm_pos = 0;
}

static int finite2(const double v[2])
{
    return isfinite(v[0]) && isfinite(v[1]);
}

/* What the renderer reads of an optimizer: the lr and the state buffers it shows. */
static int optim_finite(const Optim *o)
{
    const OptimState *s = &o->st;
    return isfinite(o->lr) && finite2(s->m) && finite2(s->v) && finite2(s->u) &&
           finite2(s->w) && finite2(s->step) && finite2(o->slow);
}

static void racer_reset(Race *r, int i)
{
    Racer *rc = &r->racer[i];
    const double *x0 = r->cfg.start;
    rc->opt = rc->spec.opt;
    rc->opt.lb = rc->lbfgs;
    optim_reset(&rc->opt, x0);
    rc->sched = rc->spec.sched;
    if (rc->sched.kind)
        sched_attach(&rc->sched, &rc->opt);
    rc->x[0] = x0[0];
    rc->x[1] = x0[1];
    rc->loss = surface_eval(r->surface, x0[0], x0[1], rc->g);
    rc->steps = 0;
    set_status(rc, RACER_RUNNING, 0);
    rc->finish = 0;
    rc->rank = 0;
    rc->at_minimum = 0;
    rc->held = 0;
    rc->small_grad = 0;
    rng_seed(&rc->rng, r->cfg.seed, rc->stream);
    if (rc->perm) {
        for (int j = 0; j < r->surface->n; j++)
            rc->perm[j] = j;
        shuffle(rc, r->surface->n);
    }
    rc->nhist = 0;
    rc->stride = 1;
    if (!isfinite(rc->loss) || !finite2(rc->g) || !optim_finite(&rc->opt)) {
        /* the start itself is outside the surface's domain (log of a negative, ...), or the
         * schedule's first lr overflows (OneCycleLR(max_lr=1e300, div_factor=1e-300)) */
        rc->loss = isfinite(rc->loss) ? rc->loss : 0;
        rc->g[0] = rc->g[1] = 0;
        if (!isfinite(rc->opt.lr))
            rc->opt.lr = rc->opt.p[0];
        push_sample(r, rc);
        diverge(r, i, 0);
        return;
    }
    push_sample(r, rc);
}

int race_add(Race *r, const Spec *spec, Err *err)
{
    if (r->n >= RACE_MAX)
        return err_set(err, 0, "at most %d racers", RACE_MAX);
    if (!spec->opt.kind)
        return err_set(err, 0, "racer without an optimizer");
    int i = r->n;
    Racer *rc = &r->racer[i];
    memset(rc, 0, sizeof *rc);
    rc->hist = malloc(sizeof *rc->hist * (size_t)r->cfg.history);
    if (r->surface->n > 0)
        rc->perm = malloc(sizeof *rc->perm * (size_t)r->surface->n);
    if (!rc->hist || (r->surface->n > 0 && !rc->perm)) {
        free(rc->hist);
        free(rc->perm);
        memset(rc, 0, sizeof *rc);
        return err_set(err, 0, "out of memory");
    }
    if (spec->opt.kind->needs_fn && !(rc->lbfgs = malloc(sizeof *rc->lbfgs))) {
        free(rc->hist);
        free(rc->perm);
        memset(rc, 0, sizeof *rc);
        return err_set(err, 0, "out of memory");
    }
    rc->spec = *spec;
    rc->enabled = 1;
    rc->stream = (uint64_t)i;
    r->n++;
    racer_reset(r, i);
    return i;
}

void race_remove(Race *r, int i)
{
    assert(i >= 0 && i < r->n);
    /* the knob log names racers by index: forget this racer's, renumber the later ones */
    int m = 0;
    for (int j = 0; j < r->nknobs; j++) {
        if (r->knobs[j].racer == i)
            continue;
        r->knobs[m] = r->knobs[j];
        if (r->knobs[m].racer > i)
            r->knobs[m].racer--;
        m++;
    }
    r->nknobs = m;
    free(r->racer[i].hist);
    free(r->racer[i].perm);
    free(r->racer[i].lbfgs);
    memmove(&r->racer[i], &r->racer[i + 1], sizeof r->racer[0] * (size_t)(r->n - i - 1));
    r->n--;
    memset(&r->racer[r->n], 0, sizeof r->racer[0]);
}

void race_deinit(Race *r)
{
    while (r->n > 0)
        race_remove(r, r->n - 1);
}

static void reset_all(Race *r)
{
    r->step = 0;
    r->finished = 0;
    for (int i = 0; i < r->n; i++)
        racer_reset(r, i);
}

void race_restart(Race *r)
{
    r->nknobs = 0;
    reset_all(r);
}

void race_set_start(Race *r, double x, double y)
{
    r->cfg.start[0] = x;
    r->cfg.start[1] = y;
    r->cfg.has_start = 1;
    race_restart(r);
}

static void set_param(Race *r, int i, int slot, double value)
{
    Racer *rc = &r->racer[i];
    assert(isfinite(value));
    if (slot == 0 && rc->opt.p[0] > 0 && value > 0) {
        /* the schedule keeps its shape: scale the current and the base lr alike (unless that
         * overflows: an lr near 1e300 stays where it is) */
        double f = value / rc->opt.p[0];
        if (isfinite(rc->opt.lr * f) && isfinite(rc->sched.base_lr * f)) {
            rc->opt.lr *= f;
            rc->sched.base_lr *= f;
        }
    }
    rc->opt.p[slot] = value;
    rc->spec.opt.p[slot] = value;
}

void race_set_param(Race *r, int i, int slot, double value)
{
    assert(i >= 0 && i < r->n && slot >= 0 && slot < OPTIM_MAXP);
    while (r->nknobs > 0 && r->knobs[r->nknobs - 1].step > r->step)
        r->nknobs--; /* turned after a seek back: a new timeline */
    if (r->nknobs == RACE_KNOBS) { /* full: the oldest turn becomes part of the start */
        memmove(r->knobs, r->knobs + 1, sizeof r->knobs[0] * (RACE_KNOBS - 1));
        r->nknobs--;
    }
    r->knobs[r->nknobs++] = (RaceKnob){r->step, i, slot, r->racer[i].spec.opt.p[slot], value};
    set_param(r, i, slot, value);
}

void race_seek(Race *r, long step)
{
    if (step < 0)
        step = 0;
    int k = 0; /* the next knob to replay */
    if (step < r->step) {
        for (int j = r->nknobs - 1; j >= 0; j--) /* back to the values at the start */
            set_param(r, r->knobs[j].racer, r->knobs[j].slot, r->knobs[j].from);
        reset_all(r);
    } else {
        while (k < r->nknobs && r->knobs[k].step < r->step)
            k++;
    }
    while (r->step < step) {
        for (; k < r->nknobs && r->knobs[k].step == r->step; k++)
            set_param(r, r->knobs[k].racer, r->knobs[k].slot, r->knobs[k].to);
        race_step(r, 1);
    }
    /* knobs turned at exactly this step take effect from the next one: apply them now */
    for (; k < r->nknobs && r->knobs[k].step == r->step; k++)
        set_param(r, r->knobs[k].racer, r->knobs[k].slot, r->knobs[k].to);
}

/* Annealed gradient noise, σ_t² = σ² / (1 + t)^γ. */
static void noise(Race *r, Racer *rc, double g[2])
{
    double sigma = rc->noise > 0 ? rc->noise : r->cfg.noise;
    double decay = rc->noise > 0 ? rc->noise_decay : r->cfg.noise_decay;
    if (sigma > 0) {
        if (decay > 0)
            sigma /= sqrt(pow(1.0 + (double)rc->steps, decay));
        g[0] += sigma * rng_normal(&rc->rng);
        g[1] += sigma * rng_normal(&rc->rng);
    }
}

/* The gradient the optimizer sees: full batch or a mini-batch, plus annealed noise. Returns
 * the loss it was taken at (the mini-batch's, as a training loop has it). */
static double gradient(Race *r, Racer *rc, double g[2])
{
    double loss;
    const Surface *s = r->surface;
    int b = rc->batch > 0 ? rc->batch : r->cfg.batch;
    if (b > 0 && s->n > 0 && rc->perm) {
        if (b > s->n)
            b = s->n;
        if (rc->perm_pos + b > s->n)
            shuffle(rc, s->n); /* a new epoch */
        loss = surface_eval_batch(s, rc->x[0], rc->x[1], g, rc->perm + rc->perm_pos, b);
        rc->perm_pos += b;
    } else {
        loss = surface_eval(s, rc->x[0], rc->x[1], g);
    }
    noise(r, rc, g);
    return loss;
}

/* Distance from x to the nearest known global minimum (infinite when none is known). */
static double to_minimum(const Race *r, const double x[2])
{
    const Surface *s = r->surface;
    double best = INFINITY;
    for (int j = 0; j < s->nminima; j++)
        best = fmin(best, hypot(x[0] - s->minima[j][0], x[1] - s->minima[j][1]));
    return best;
}

/* The verdict, with hysteresis: a racer that has stayed at a minimum (within tol, or with a
 * vanishing gradient) for RACE_HOLD steps in a row finishes, at the step it arrived; ranks go
 * in the order of those confirmations, are never taken back, and are not given after the
 * finish line. (The status alone lets a racer rattling within 10 tol count as converged.) */
static void judge(Race *r, int i, double d)
{
    Racer *rc = &r->racer[i];
    int there = d < r->cfg.tol || rc->small_grad >= SMALL_GRAD_STEPS;
    rc->held = there ? rc->held + 1 : 0;
    if (rc->finish || rc->held < RACE_HOLD || (r->end > 0 && r->step + 1 > r->end))
        return;
    /* a finish counts when it is at a known global minimum, or when none is known; stalled
     * elsewhere (a local minimum, a flat spot) it gets no rank */
    rc->finish = rc->steps - RACE_HOLD + 1;
    rc->at_minimum = d < r->cfg.tol;
    rc->rank = rc->at_minimum || r->surface->nminima == 0 ? ++r->finished : 0;
    push_event(r, i, RACER_CONVERGED, rc->finish);
}

/* torch's closure for LBFGS: the loss and gradient at x, with this step's mini-batch (the
 * one gradient() took) and fresh noise, as a training loop's closure over its batch. */
typedef struct Closure {
    Race *r;
    Racer *rc;
    const int *batch; /* this step's mini-batch, or NULL */
    int nbatch;
} Closure;

static double closure(void *ctx, const double x[2], double g[2])
{
    Closure *c = ctx;
    const Surface *s = c->r->surface;
    double loss = c->batch ? surface_eval_batch(s, x[0], x[1], g, c->batch, c->nbatch)
                           : surface_eval(s, x[0], x[1], g);
    noise(c->r, c->rc, g);
    return loss;
}

/* LBFGS's closure for racer rc's step from the loss `at`: it evaluates again, at points of its
 * own, with this step's mini-batch (the one gradient() just took). */
static void set_closure(Race *r, Racer *rc, Closure *c, double at)
{
    *c = (Closure){r, rc, NULL, 0};
    if (!rc->opt.kind->needs_fn)
        return;
    int b = rc->batch > 0 ? rc->batch : r->cfg.batch;
    if (b > 0 && r->surface->n > 0 && rc->perm) {
        c->nbatch = b > r->surface->n ? r->surface->n : b;
        c->batch = rc->perm + rc->perm_pos - c->nbatch;
    }
    rc->opt.fn = closure;
    rc->opt.fn_ctx = c;
    rc->opt.fx = at;
}

/* After the optimizer moved rc to rc->x: the full-batch loss and gradient there, and whether
 * the step stayed finite and near the view (else the racer diverges at it). */
static int step_ok(const Race *r, const Racer *rc, const double g[2], double *loss,
                   double full[2])
{
    *loss = surface_eval(r->surface, rc->x[0], rc->x[1], full);
    const Rect *v = &r->surface->view;
    double cx = 0.5 * (v->x0 + v->x1), cy = 0.5 * (v->y0 + v->y1);
    double lim = r->cfg.far * view_size(v);
    int finite = finite2(rc->x) && isfinite(*loss) && finite2(full) && finite2(g) &&
                 optim_finite(&rc->opt);
    return finite && fabs(rc->x[0] - cx) <= lim && fabs(rc->x[1] - cy) <= lim;
}

static void racer_step(Race *r, int i)
{
    Racer *rc = &r->racer[i];
    double g[2], old[2] = {rc->x[0], rc->x[1]};
    Optim keep = rc->opt; /* put back if this step leaves the finite numbers */
    double at = gradient(r, rc, g);
    Closure c;
    set_closure(r, rc, &c, at);
    optim_step(&rc->opt, rc->x, g);
    rc->opt.fn = NULL; /* c lives on this stack */
    rc->opt.fn_ctx = NULL;
    sched_step_at(&rc->sched, &rc->opt, at); /* ReduceLROnPlateau steps on `at` */
    double full[2], loss;
    if (!step_ok(r, rc, g, &loss, full)) {
        /* stop at the last finite point, with the optimizer as it was there (an lr or a
         * moment that overflowed): nothing non-finite leaves the core */
        rc->x[0] = old[0];
        rc->x[1] = old[1];
        rc->opt = keep;
        rc->opt.st.step[0] = rc->opt.st.step[1] = 0;
        diverge(r, i, rc->steps + 1);
        return;
    }
    rc->steps++;
    rc->g[0] = g[0];
    rc->g[1] = g[1];
    rc->loss = loss;
    push_sample(r, rc);
    rc->small_grad = hypot(full[0], full[1]) < r->cfg.gtol ? rc->small_grad + 1 : 0;
    double d = to_minimum(r, rc->x);
    if (rc->status == RACER_RUNNING && (d < r->cfg.tol || rc->small_grad >= SMALL_GRAD_STEPS))
        set_status(rc, RACER_CONVERGED, rc->steps);
    else if (rc->status == RACER_CONVERGED && rc->small_grad == 0 && d > 10 * r->cfg.tol)
        set_status(rc, RACER_RUNNING, rc->steps); /* kicked out: the finish, if any, stays */
    judge(r, i, d);
}

void race_step(Race *r, int k)
{
    for (int s = 0; s < k; s++) {
        for (int i = 0; i < r->n; i++) {
            Racer *rc = &r->racer[i];
            if (rc->enabled && rc->status != RACER_DIVERGED)
                racer_step(r, i);
        }
        r->step++;
    }
}

int race_preview(const Race *r, int i, Anatomy *tap, double g[2], double x[2])
{
    if (i < 0 || i >= r->n || !r->racer[i].enabled || r->racer[i].status == RACER_DIVERGED)
        return -1;
    /* the step on a copy of the racer: what it writes (its random stream, its mini-batch
     * order, LBFGS's memory) goes to copies; gradient() and the closure only read the race */
    Race *rw = (Race *)r;
    Racer rc = r->racer[i];
    LbfgsState lb;
    int *perm = NULL;
    if (rc.perm && r->surface->n > 0) {
        perm = malloc((size_t)r->surface->n * sizeof *perm);
        if (!perm)
            return -1;
        memcpy(perm, rc.perm, (size_t)r->surface->n * sizeof *perm);
        rc.perm = perm;
    }
    if (rc.lbfgs) {
        lb = *rc.lbfgs;
        rc.lbfgs = rc.opt.lb = &lb;
    }
    double at = gradient(rw, &rc, g);
    Closure c;
    set_closure(rw, &rc, &c, at);
    rc.opt.tap = tap;
    optim_step(&rc.opt, rc.x, g);
    x[0] = rc.x[0];
    x[1] = rc.x[1];
    double full[2], loss;
    int ok = step_ok(r, &rc, g, &loss, full);
    free(perm);
    return ok ? 0 : 1;
}
