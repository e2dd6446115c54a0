/* swarm_map.c — the instruments on the swarm: the basin map, the hyperparameter map, the fair
 * lr. The maps run their swarm on a thread of their own (whose pool spans the cores); a
 * worker that finishes a block of particles files its cells in the map's private arrays and
 * raises the block's flag, and poll, on the thread that reads the map, copies the flagged
 * blocks into the public arrays: the reader never sees a cell being written. */
#include "swarm_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fan.h"

enum { SLICE_MS = 12 };

/* ---- a swarm run in the background ------------------------------------------------------- */

typedef struct Job {
    Swarm *sw;
    int steps;
    pthread_t thread;
    int running;              /* the thread was started and not joined */
    int sliced;               /* no thread could be started: poll runs the job in slices */
    atomic_int *done;         /* [nblocks] the block's cells are filed */
    char *published;          /* [nblocks] the block's cells are public (reader's) */
    atomic_int finished;      /* all filed, post-processing done (or cancelled) */
    void (*file)(void *map, int block); /* worker: files a finished block's cells */
    void (*post)(void *map);  /* job thread, after the last block */
    void *map;
} Job;

static void on_block(void *ctx, int b)
{
    Job *j = ctx;
    j->file(j->map, b);
    atomic_store_explicit(&j->done[b], 1, memory_order_release);
}

static void job_end(Job *j)
{
    if (!atomic_load(&j->sw->impl->cancel) && j->post)
        j->post(j->map);
    atomic_store_explicit(&j->finished, 1, memory_order_release);
}

static void *job_main(void *arg)
{
    Job *j = arg;
    swarm_step(j->sw, j->steps);
    job_end(j);
    return NULL;
}

static int job_start(Job *j, Swarm *sw, int steps, void (*file)(void *, int),
                     void (*post)(void *), void *map, Err *err)
{
    j->sw = sw;
    j->steps = steps;
    j->file = file;
    j->post = post;
    j->map = map;
    int nb = sw->impl->nblocks;
    j->done = calloc((size_t)nb, sizeof *j->done);
    j->published = calloc((size_t)nb, 1);
    if (!j->done || !j->published)
        return err_set(err, 0, "out of memory");
    for (int b = 0; b < nb; b++)
        atomic_init(&j->done[b], 0);
    atomic_init(&j->finished, 0);
    sw->impl->on_block = on_block;
    sw->impl->ctx = j;
    /* no thread (a web page has none): job_poll runs the job a slice per frame */
    j->sliced = pthread_create(&j->thread, NULL, job_main, j) != 0;
    j->running = !j->sliced;
    return 0;
}

static void job_join(Job *j)
{
    if (j->sliced && j->sw && !atomic_load(&j->finished)) { /* the rest in one go */
        swarm_step_some(j->sw, j->steps, INFINITY);
        job_end(j);
    }
    if (j->running) {
        pthread_join(j->thread, NULL);
        j->running = 0;
    }
}

static void job_stop(Job *j)
{
    if (j->sw && (j->running || j->sliced))
        swarm_cancel(j->sw);
    job_join(j);
    swarm_destroy(&j->sw);
    free(j->done);
    free(j->published);
    memset(j, 0, sizeof *j);
}

/* Publishes the blocks filed since the last call with copy(map, block); returns 1 when the
 * job has finished (then everything was published). */
static int job_poll(Job *j, void (*copy)(void *map, int block), int *ncopied)
{
    if (!j->sw)
        return 1;
    /* sliced: a frame's worth of blocks (a page that freezes for seconds looks dead) */
    if (j->sliced && !atomic_load(&j->finished) && swarm_step_some(j->sw, j->steps, SLICE_MS))
        job_end(j);
    int finished = atomic_load_explicit(&j->finished, memory_order_acquire);
    const SwarmImpl *w = j->sw->impl;
    for (int b = 0; b < w->nblocks; b++)
        if (!j->published[b] && atomic_load_explicit(&j->done[b], memory_order_acquire)) {
            copy(j->map, b);
            j->published[b] = 1;
            *ncopied += w->blk[b].end - w->blk[b].begin;
        }
    return finished;
}

static int check_threads(int t)
{
    return t > 0 ? t : swarm_cores();
}

/* ---- basin map ------------------------------------------------------------------------- */

typedef struct SwarmBasinImpl {
    Job job;
    const Surface *surface;
    double tol;
    int *row;                 /* particle p lies in row row[p / w] (coarse rows first) */
    /* filed by the workers (and the post-processing), read by poll */
    signed char *cls;
    int *step;
    double *end, *loss;
    int nclass;
    double class_pt[SWARM_BASIN_MAXCLASS][2];
} SwarmBasinImpl;

static int cell_of(const SwarmBasin *m, int p)
{
    return m->impl->row[p / m->w] * m->w + p % m->w;
}

void swarm_basin_cell(const SwarmBasin *m, int i, int j, double *x, double *y)
{
    const Rect *v = &m->view;
    *x = v->x0 + (i + 0.5) * ((v->x1 - v->x0) / m->w);
    *y = v->y1 - (j + 0.5) * ((v->y1 - v->y0) / m->h);
}

/* The known minimum within 10·tol of (x, y) (the race's "still converged" radius), or -1. */
static int near_minimum(const Surface *s, double tol, double x, double y)
{
    int best = -1;
    double bd = 10 * tol;
    for (int j = 0; j < s->nminima; j++) {
        double d = hypot(x - s->minima[j][0], y - s->minima[j][1]);
        if (d <= bd) {
            bd = d;
            best = j;
        }
    }
    return best;
}

static void basin_file(void *map, int b)
{
    SwarmBasin *m = map;
    SwarmBasinImpl *k = m->impl;
    const Swarm *sw = k->job.sw;
    const Block *bk = &sw->impl->blk[b];
    for (int p = bk->begin; p < bk->end; p++) {
        int c = cell_of(m, p);
        int st = sw->status[p];
        int near = near_minimum(k->surface, k->tol, sw->x[p], sw->y[p]);
        k->end[2 * c] = sw->x[p];
        k->end[2 * c + 1] = sw->y[p];
        k->loss[c] = sw->loss[p];
        k->step[c] = st == RACER_RUNNING ? 0 : sw->status_step[p];
        if (st == RACER_DIVERGED)
            k->cls[c] = SWARM_BASIN_DIVERGED;
        else if (near >= 0)
            k->cls[c] = (signed char)near;
        else
            k->cls[c] = st == RACER_CONVERGED ? SWARM_BASIN_OTHER : SWARM_BASIN_MOVING;
    }
}

/* Settled elsewhere: the local minima, numbered in the order of the cells (deterministic). */
static void basin_post(void *map)
{
    SwarmBasin *m = map;
    SwarmBasinImpl *k = m->impl;
    int n = m->w * m->h;
    k->nclass = m->nknown;
    for (int j = 0; j < m->nknown; j++) {
        k->class_pt[j][0] = k->surface->minima[j][0];
        k->class_pt[j][1] = k->surface->minima[j][1];
    }
    for (int c = 0; c < n; c++) {
        if (k->cls[c] != SWARM_BASIN_OTHER)
            continue;
        double x = k->end[2 * c], y = k->end[2 * c + 1];
        int found = -1;
        for (int q = m->nknown; q < k->nclass && found < 0; q++)
            if (hypot(x - k->class_pt[q][0], y - k->class_pt[q][1]) <= 10 * k->tol)
                found = q;
        if (found < 0 && k->nclass < SWARM_BASIN_MAXCLASS) {
            found = k->nclass++;
            k->class_pt[found][0] = x;
            k->class_pt[found][1] = y;
        }
        if (found >= 0)
            k->cls[c] = (signed char)found;
    }
}

static void basin_copy(void *map, int b)
{
    SwarmBasin *m = map;
    SwarmBasinImpl *k = m->impl;
    const Block *bk = &k->job.sw->impl->blk[b];
    for (int p = bk->begin; p < bk->end; p++) {
        int c = cell_of(m, p);
        m->cls[c] = k->cls[c];
        m->step[c] = k->step[c];
        m->end[2 * c] = k->end[2 * c];
        m->end[2 * c + 1] = k->end[2 * c + 1];
        m->loss[c] = k->loss[c];
    }
}

int swarm_basin_poll(SwarmBasin *m)
{
    if (m->complete)
        return 1;
    SwarmBasinImpl *k = m->impl;
    int copied = 0;
    if (!job_poll(&k->job, basin_copy, &copied)) {
        m->done += copied;
        return 0;
    }
    m->done += copied;
    if (atomic_load(&k->job.sw->impl->cancel))
        return 0;
    /* finished: the post-processing renumbered settled cells */
    int n = m->w * m->h;
    memcpy(m->cls, k->cls, (size_t)n);
    m->nclass = k->nclass;
    memcpy(m->class_pt, k->class_pt, sizeof m->class_pt);
    m->done = n;
    m->complete = 1;
    job_join(&k->job);
    return 1;
}

void swarm_basin_wait(SwarmBasin *m)
{
    if (!m->complete) {
        job_join(&m->impl->job);
        swarm_basin_poll(m);
    }
}

void swarm_basin_destroy(SwarmBasin **pm)
{
    SwarmBasin *m = *pm;
    if (!m)
        return;
    if (m->impl) {
        job_stop(&m->impl->job);
        free(m->impl->row);
        free(m->impl->cls);
        free(m->impl->step);
        free(m->impl->end);
        free(m->impl->loss);
        free(m->impl);
    }
    free(m->cls);
    free(m->step);
    free(m->end);
    free(m->loss);
    free(m);
    *pm = NULL;
}

/* Rows in coarse-to-fine order (0, h/2, h/4, 3h/4, ...), so that a map filling in shows the
 * whole picture early. */
static void progressive_rows(int *row, int h)
{
    char *taken = calloc((size_t)h, 1);
    int k = 0, step = 1;
    while (step * 2 < h)
        step *= 2;
    for (; step >= 1; step /= 2)
        for (int j = 0; j < h; j += step)
            if (!taken || !taken[j]) {
                if (taken)
                    taken[j] = 1;
                row[k++] = j;
            }
    if (!taken) /* no memory for the nicety: plain order */
        for (int j = 0; j < h; j++)
            row[j] = j;
    free(taken);
}

SwarmBasin *swarm_basin_create(const Surface *s, const Spec *spec, const SwarmBasinDesc *d,
                               Err *err)
{
    SwarmBasinDesc desc = *d;
    if (desc.w <= 0)
        desc.w = 256;
    if (desc.h <= 0)
        desc.h = 256;
    if (desc.steps <= 0)
        desc.steps = 300;
    const Rect *v = &desc.view;
    if (!(v->x0 < v->x1 && v->y0 < v->y1) || !isfinite(v->x1 - v->x0) ||
        !isfinite(v->y1 - v->y0))
        return err_set(err, 0, "basin map: the view must have x0 < x1 and y0 < y1"), NULL;
    if ((long long)desc.w * desc.h > 16 << 20)
        return err_set(err, 0, "basin map: at most %d cells", 16 << 20), NULL;
    int n = desc.w * desc.h;
    SwarmBasin *m = calloc(1, sizeof *m);
    if (!m)
        return err_set(err, 0, "out of memory"), NULL;
    SwarmBasinImpl *k = m->impl = calloc(1, sizeof *k);
    m->w = desc.w;
    m->h = desc.h;
    m->steps = desc.steps;
    m->view = desc.view;
    m->nknown = m->nclass = s->nminima;
    for (int j = 0; j < s->nminima; j++) {
        m->class_pt[j][0] = s->minima[j][0];
        m->class_pt[j][1] = s->minima[j][1];
    }
    m->cls = malloc((size_t)n);
    m->step = calloc((size_t)n, sizeof *m->step);
    m->end = calloc((size_t)n * 2, sizeof *m->end);
    m->loss = calloc((size_t)n, sizeof *m->loss);
    if (k) {
        k->surface = s;
        k->row = malloc(sizeof *k->row * (size_t)desc.h);
        k->cls = malloc((size_t)n);
        k->step = calloc((size_t)n, sizeof *k->step);
        k->end = calloc((size_t)n * 2, sizeof *k->end);
        k->loss = calloc((size_t)n, sizeof *k->loss);
    }
    if (!k || !m->cls || !m->step || !m->end || !m->loss || !k->row || !k->cls || !k->step ||
        !k->end || !k->loss) {
        swarm_basin_destroy(&m);
        return err_set(err, 0, "out of memory"), NULL;
    }
    memset(m->cls, SWARM_BASIN_PENDING, (size_t)n);
    memset(k->cls, SWARM_BASIN_PENDING, (size_t)n);
    progressive_rows(k->row, desc.h);
    Swarm *sw = swarm_create(&(SwarmDesc){.surface = s, .spec = spec, .per = n,
                                          .cfg = desc.cfg, .threads = check_threads(desc.threads)},
                             err);
    if (!sw) {
        swarm_basin_destroy(&m);
        return NULL;
    }
    k->tol = sw->impl->tol;
    for (int p = 0; p < n; p++) {
        double x, y;
        swarm_basin_cell(m, p % desc.w, k->row[p / desc.w], &x, &y);
        swarm_set_start(sw, p, x, y);
    }
    swarm_restart(sw);
    if (job_start(&k->job, sw, desc.steps, basin_file, basin_post, m, err) < 0) {
        k->job.sw = sw;
        swarm_basin_destroy(&m);
        return NULL;
    }
    return m;
}

/* ---- hyperparameter map ------------------------------------------------------------------ */

typedef struct SwarmHpmapImpl {
    Job job;
    Spec base;
    /* filed by the workers, read by poll */
    double *loss;
    unsigned char *status;
    int *step;
} SwarmHpmapImpl;

static void hp_file(void *map, int b)
{
    SwarmHpmap *m = map;
    SwarmHpmapImpl *k = m->impl;
    const Swarm *sw = k->job.sw;
    const Block *bk = &sw->impl->blk[b];
    for (int p = bk->begin; p < bk->end; p++) {
        k->loss[p] = sw->loss[p];
        k->status[p] = sw->status[p];
        k->step[p] = sw->status[p] == RACER_RUNNING ? 0 : sw->status_step[p];
    }
}

static void hp_copy(void *map, int b)
{
    SwarmHpmap *m = map;
    SwarmHpmapImpl *k = m->impl;
    const Block *bk = &k->job.sw->impl->blk[b];
    for (int p = bk->begin; p < bk->end; p++) {
        m->loss[p] = k->loss[p];
        m->status[p] = k->status[p];
        m->step[p] = k->step[p];
    }
}

int swarm_hpmap_poll(SwarmHpmap *m)
{
    if (m->complete)
        return 1;
    int copied = 0;
    int finished = job_poll(&m->impl->job, hp_copy, &copied);
    m->done += copied;
    if (finished && !atomic_load(&m->impl->job.sw->impl->cancel)) {
        m->complete = 1;
        job_join(&m->impl->job);
    }
    return m->complete;
}

void swarm_hpmap_wait(SwarmHpmap *m)
{
    if (!m->complete) {
        job_join(&m->impl->job);
        swarm_hpmap_poll(m);
    }
}

void swarm_hpmap_spec(const SwarmHpmap *m, int i, int j, Spec *out)
{
    *out = m->impl->base;
    out->opt.p[0] = m->lr[i];
    if (m->slot > 0)
        out->opt.p[m->slot] = m->beta[j];
    out->opt.lr = out->opt.p[0];
    spec_format(out, out->text, sizeof out->text);
}

void swarm_hpmap_destroy(SwarmHpmap **pm)
{
    SwarmHpmap *m = *pm;
    if (!m)
        return;
    if (m->impl) {
        job_stop(&m->impl->job);
        free(m->impl->loss);
        free(m->impl->status);
        free(m->impl->step);
        free(m->impl);
    }
    free(m->lr);
    free(m->beta);
    free(m->loss);
    free(m->status);
    free(m->step);
    free(m);
    *pm = NULL;
}

SwarmHpmap *swarm_hpmap_create(const Surface *s, const Spec *base, const SwarmHpmapDesc *d,
                               Err *err)
{
    const OptimKind *kind = base->opt.kind;
    SwarmHpmapDesc desc = *d;
    if (!kind)
        return err_set(err, 0, "hyperparameter map: no optimizer"), NULL;
    if (desc.lr0 <= 0)
        desc.lr0 = 1e-4;
    if (desc.lr1 <= 0)
        desc.lr1 = 1;
    if (desc.w <= 0)
        desc.w = 64;
    if (desc.h <= 0)
        desc.h = 64;
    if (desc.steps <= 0)
        desc.steps = 300;
    int slot = desc.slot > 0 ? desc.slot : kind->beta1;
    const ParamDef *bd =
        slot > 0 ? param_at_slot(kind->params, kind->nparams, slot, NULL) : NULL;
    if (slot > 0 && (!bd || bd->type == PARAM_BOOL || bd->type == PARAM_CHOICE ||
                     bd->type == PARAM_LIST))
        return err_set(err, 0, "hyperparameter map: %s has no numeric knob at slot %d",
                       kind->name, slot), NULL;
    if (!bd) {
        slot = -1;
        desc.h = 1;
    } else if (desc.b0 == 0 && desc.b1 == 0) {
        int second = slot == kind->beta2;
        desc.b0 = second ? 0.9 : 0;
        desc.b1 = second ? 0.9999 : 0.99;
    }
    if (desc.lr0 == desc.lr1 || (bd && desc.h > 1 && desc.b0 == desc.b1) ||
        !isfinite(desc.lr0) || !isfinite(desc.lr1))
        return err_set(err, 0, "hyperparameter map: each range needs two different ends"),
               NULL;
    if ((long long)desc.w * desc.h > 1 << 20)
        return err_set(err, 0, "hyperparameter map: at most %d cells", 1 << 20), NULL;
    int n = desc.w * desc.h;
    SwarmHpmap *m = calloc(1, sizeof *m);
    Spec *specs = malloc(sizeof *specs * (size_t)n);
    if (!m || !specs) {
        free(m);
        free(specs);
        return err_set(err, 0, "out of memory"), NULL;
    }
    SwarmHpmapImpl *k = m->impl = calloc(1, sizeof *k);
    m->w = desc.w;
    m->h = desc.h;
    m->steps = desc.steps;
    m->slot = slot;
    m->lr = malloc(sizeof *m->lr * (size_t)desc.w);
    m->beta = malloc(sizeof *m->beta * (size_t)desc.h);
    m->loss = malloc(sizeof *m->loss * (size_t)n);
    m->status = calloc((size_t)n, 1);
    m->step = calloc((size_t)n, sizeof *m->step);
    if (k) {
        k->loss = calloc((size_t)n, sizeof *k->loss);
        k->status = calloc((size_t)n, 1);
        k->step = calloc((size_t)n, sizeof *k->step);
    }
    if (!k || !m->lr || !m->beta || !m->loss || !m->status || !m->step || !k->loss ||
        !k->status || !k->step) {
        free(specs);
        swarm_hpmap_destroy(&m);
        return err_set(err, 0, "out of memory"), NULL;
    }
    k->base = *base;
    for (int c = 0; c < n; c++)
        m->loss[c] = NAN;
    if (desc.w > 1)
        fan_values(desc.lr0, desc.lr1, desc.w, FAN_LOG, m->lr);
    else
        m->lr[0] = desc.lr0;
    if (bd && desc.h > 1) {
        int beta = slot == kind->beta1 || slot == kind->beta2;
        FanSpacing sp = beta && desc.b0 >= 0 && desc.b1 >= 0 && desc.b0 < 1 && desc.b1 < 1
                            ? FAN_LOG1M
                            : desc.b0 > 0 && desc.b1 > 0 ? FAN_LOG : FAN_LINEAR;
        fan_values(desc.b0, desc.b1, desc.h, sp, m->beta);
    } else {
        m->beta[0] = bd ? desc.b0 : NAN;
    }
    const ParamDef *lrd = param_at_slot(kind->params, kind->nparams, 0, NULL);
    for (int j = 0; j < desc.h; j++)
        for (int i = 0; i < desc.w; i++) {
            Spec *sp = &specs[j * desc.w + i];
            swarm_hpmap_spec(m, i, j, sp);
            const char *bad = !param_in_range(lrd, m->lr[i]) ? lrd->name
                              : bd && !param_in_range(bd, m->beta[j]) ? bd->name : NULL;
            Err e = {0};
            if (bad || (kind->check && kind->check(sp->opt.p, &e) < 0) ||
                sched_check(&sp->sched, &sp->opt, &e) < 0) {
                if (bad)
                    err_set(err, 0, "hyperparameter map: %s = %g is out of its range", bad,
                            bad == lrd->name ? m->lr[i] : m->beta[j]);
                else
                    err_set(err, 0, "hyperparameter map: %s", e.msg);
                free(specs);
                swarm_hpmap_destroy(&m);
                return NULL;
            }
        }
    Swarm *sw = swarm_create(&(SwarmDesc){.surface = s, .spec = specs, .nspec = n, .per = 1,
                                          .cfg = desc.cfg, .threads = check_threads(desc.threads)},
                             err);
    free(specs);
    if (!sw || job_start(&k->job, sw, desc.steps, hp_file, NULL, m, err) < 0) {
        k->job.sw = sw;
        swarm_hpmap_destroy(&m);
        return NULL;
    }
    return m;
}

/* ---- fair lr ------------------------------------------------------------------------------- */

/* Runs one particle per lr and returns the index of the best (see swarm.h). */
static int best_lr(const Surface *s, const Spec *spec, const RaceConfig *cfg, int steps,
                   const double *lr, int n, double *loss, Err *err)
{
    Spec *specs = malloc(sizeof *specs * (size_t)n);
    if (!specs)
        return err_set(err, 0, "out of memory");
    for (int i = 0; i < n; i++) {
        specs[i] = *spec;
        specs[i].opt.p[0] = lr[i];
        specs[i].opt.lr = lr[i];
    }
    SwarmDesc desc = {.surface = s, .spec = specs, .nspec = n, .per = 1, .threads = 1};
    if (cfg)
        desc.cfg = *cfg;
    Swarm *sw = swarm_create(&desc, err);
    free(specs);
    if (!sw)
        return -1;
    swarm_step(sw, steps);
    int best = -1;
    double bl = INFINITY;
    long bs = 0;
    for (int i = 0; i < n; i++) {
        int st = sw->status[i];
        double l = st == RACER_DIVERGED ? INFINITY : sw->loss[i];
        long conv = st == RACER_CONVERGED ? sw->status_step[i] : steps + 1L;
        if (best < 0 || l < bl || (l == bl && conv < bs)) {
            best = i;
            bl = l;
            bs = conv;
        }
    }
    *loss = bl;
    swarm_destroy(&sw);
    return best;
}

/* lr to 3 significant digits: what a legend shows is what runs */
static double three_digits(double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.3g", v);
    return strtod(buf, NULL);
}

int swarm_fair_lr(const Surface *s, const Spec *spec, const RaceConfig *cfg, int steps,
                  double lo, double hi, double *lr, double *loss, Err *err)
{
    enum { COARSE = 25, FINE = 8 };
    if (lo <= 0)
        lo = 1e-5;
    if (hi <= 0)
        hi = 10;
    if (steps <= 0)
        steps = 300;
    if (!(lo < hi) || !isfinite(hi) || !spec->opt.kind)
        return err_set(err, 0, "fair lr: needs 0 < lo < hi and an optimizer");
    double c[COARSE], f[FINE], l1 = INFINITY, l2 = INFINITY;
    fan_values(lo, hi, COARSE, FAN_LOG, c);
    for (int i = 0; i < COARSE; i++)
        c[i] = three_digits(c[i]);
    int b = best_lr(s, spec, cfg, steps, c, COARSE, &l1, err);
    if (b < 0)
        return -1;
    /* finer, between the neighbours of the best */
    double r = pow(hi / lo, 1.0 / (COARSE - 1));
    for (int i = 0; i < FINE; i++) {
        double e = (i < FINE / 2 ? i - FINE / 2 : i - FINE / 2 + 1) / (FINE / 2 + 1.0);
        f[i] = three_digits(fmin(hi, fmax(lo, c[b] * pow(r, e))));
    }
    int b2 = best_lr(s, spec, cfg, steps, f, FINE, &l2, err);
    if (b2 < 0)
        return -1;
    int fine = l2 < l1 || (l2 == l1 && f[b2] < c[b]);
    *lr = fine ? f[b2] : c[b];
    if (loss)
        *loss = fine ? l2 : l1;
    return 0;
}
