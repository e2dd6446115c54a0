/* swarm.c — the swarm's driver: arrays, groups and blocks, the thread pool, restart and step.
 * The hot loops are in kern.c; the instruments built on it in swarm_map.c. */
#include "swarm_impl.h"
#include "batch.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { MAX_THREADS = 64 };

/* ---- the thread pool: a fixed set of workers that run one function together --------------- */

typedef struct PoolSeat {
    Pool *pool;
    int id;
} PoolSeat;

static void *pool_main(void *arg)
{
    PoolSeat *seat = arg;
    Pool *p = seat->pool;
    unsigned seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->gen == seen)
            pthread_cond_wait(&p->wake, &p->mu);
        if (p->quit)
            break;
        seen = p->gen;
        void (*fn)(void *, int) = p->fn;
        void *fa = p->arg;
        pthread_mutex_unlock(&p->mu);
        fn(fa, seat->id);
        pthread_mutex_lock(&p->mu);
        if (--p->busy == 0)
            pthread_cond_signal(&p->idle);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static int pool_init(Pool *p, int nthreads)
{
    memset(p, 0, sizeof *p);
    p->nthreads = 1;
    if (nthreads <= 1)
        return 0;
    p->tid = calloc((size_t)nthreads, sizeof *p->tid);
    p->seat = calloc((size_t)nthreads, sizeof *p->seat);
    if (!p->tid || !p->seat) {
        free(p->tid);
        free(p->seat);
        p->tid = NULL;
        p->seat = NULL;
        return -1;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->idle, NULL);
    for (int i = 1; i < nthreads; i++) {
        p->seat[i] = (PoolSeat){p, i};
        if (pthread_create(&p->tid[i - 1], NULL, pool_main, &p->seat[i]) != 0)
            break; /* fewer threads: slower, the same results */
        p->nthreads++;
    }
    return 0;
}

static void pool_deinit(Pool *p)
{
    if (p->nthreads > 1) {
        pthread_mutex_lock(&p->mu);
        p->quit = 1;
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->mu);
        for (int i = 0; i < p->nthreads - 1; i++)
            pthread_join(p->tid[i], NULL);
    }
    if (p->tid) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->wake);
        pthread_cond_destroy(&p->idle);
    }
    free(p->tid);
    free(p->seat);
    memset(p, 0, sizeof *p);
}

/* Runs fn(arg, worker) on every thread of the pool, the caller's as worker 0; returns when
 * all are done. */
static void pool_run(Pool *p, void (*fn)(void *, int), void *arg)
{
    if (p->nthreads <= 1) {
        fn(arg, 0);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->arg = arg;
    p->busy = p->nthreads - 1;
    p->gen++;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
    fn(arg, 0);
    pthread_mutex_lock(&p->mu);
    while (p->busy > 0)
        pthread_cond_wait(&p->idle, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

/* ---- a job's blocks among the workers ------------------------------------------------------
 * Worker t owns the blocks [t·nb/T, (t+1)·nb/T) of a job and takes them from the front; one
 * that has run out takes another's from the back. Two workers on neighbouring blocks at once
 * slow each other down, though no cache line is shared (a block's arrays are its 64-byte
 * aligned 2 KiB slices of the swarm's): most likely each core's prefetcher, streaming through
 * its block every step, runs on into the neighbour's lines that the other core is writing.
 * Blocks dealt one by one, as they were: 0.75 of one thread's rate per core on two threads
 * side by side; in halves 0.95–1.0 (Zen 4). A share is [next, end) in one word, so that the
 * owner and a thief never take the same block. */
typedef struct Share {
    _Alignas(64) _Atomic uint64_t range; /* next << 32 | end */
} Share;

static int share_take(Share *sh, int back)
{
    uint64_t r = atomic_load_explicit(&sh->range, memory_order_relaxed);
    for (;;) {
        uint32_t next = (uint32_t)(r >> 32), end = (uint32_t)r;
        if (next >= end)
            return -1;
        uint64_t to = back ? r - 1 : r + ((uint64_t)1 << 32);
        if (atomic_compare_exchange_weak_explicit(&sh->range, &r, to, memory_order_relaxed,
                                                  memory_order_relaxed))
            return (int)(back ? end - 1 : next);
    }
}

int swarm_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* ---- create, destroy ---------------------------------------------------------------------- */

/* The particles' arrays, n doubles each, from one block: each starts on a page of its own,
 * one more cache line into it than the array before. Allocated apart, large arrays all begin at
 * the same place in a page (the allocator maps them), so a block's slices of its ~20 arrays fell
 * into the same cache sets and evicted one another: the whole swarm ran at ~0.75 of the
 * kernel's rate (262,144 particles), whichever number of threads. */
enum { PAGE = 4096, LINE = 64 };

static size_t array_span(int n, int k)
{
    size_t size = ((size_t)n * sizeof(double) + LINE - 1) & ~(size_t)(LINE - 1);
    return (size + (size_t)LINE * (size_t)k + PAGE - 1) & ~(size_t)(PAGE - 1);
}

static int arena_init(SwarmImpl *w, int n, int count)
{
    size_t total = 0;
    for (int k = 0; k < count; k++)
        total += array_span(n, k % (PAGE / LINE));
    w->arena_size = total;
    return (w->arena = aligned_alloc(PAGE, total)) ? 0 : -1;
}

static double *array(SwarmImpl *w, int n)
{
    int k = w->narrays++ % (PAGE / LINE);
    size_t span = array_span(n, k);
    if (w->arena_used + span > w->arena_size)
        return NULL;
    double *a = (double *)(w->arena + w->arena_used + (size_t)LINE * (size_t)k);
    w->arena_used += span;
    memset(a, 0, (size_t)n * sizeof(double));
    return a;
}

static double view_size(const Rect *v)
{
    double w = v->x1 - v->x0, h = v->y1 - v->y0;
    return w > h ? w : h;
}

/* Squared thresholds: below [0] surely under t, above [1] surely over; between, the exact
 * hypot() test decides. Outside the range where squares are exact enough, always decide
 * exactly. */
static void band(double t, double out[2])
{
    if (t > 1e-140 && t < 1e140) {
        out[0] = t * t * (1 - 1e-12);
        out[1] = t * t * (1 + 1e-12);
    } else {
        out[0] = -1;
        out[1] = INFINITY;
    }
}

void swarm_destroy(Swarm **psw)
{
    Swarm *sw = *psw;
    if (!sw)
        return;
    SwarmImpl *w = sw->impl;
    if (w) {
        pool_deinit(&w->pool);
        free(w->arena);
        free(w->status);
        free(w->status_step);
        free(w->grp0);
        free(w->grp);
        free(w->grp_next);
        free(w->blk);
        free(w->plan);
        free(w->share);
        free(w);
    }
    free(sw);
    *psw = NULL;
}

Swarm *swarm_create(const SwarmDesc *d, Err *err)
{
    int nspec = d->nspec > 0 ? d->nspec : 1;
    if (!d->surface || !d->spec || d->per <= 0)
        return err_set(err, 0, "swarm: a surface, a spec and per > 0 are required"), NULL;
    if ((long long)nspec * d->per > INT32_MAX / 2)
        return err_set(err, 0, "swarm: too many particles (%lld)", (long long)nspec * d->per),
               NULL;
    const OptimKind *kind = d->spec[0].opt.kind;
    for (int g = 0; g < nspec; g++)
        if (!d->spec[g].opt.kind || d->spec[g].opt.kind != kind)
            return err_set(err, 0, "swarm: every spec must have the same optimizer"), NULL;
    if (kind->needs_fn)
        return err_set(err, 0, "%s evaluates the loss several times a step: the maps cannot "
                       "run it", kind->name), NULL;
    for (int g = 0; g < nspec; g++) /* a schedule shared by a block cannot follow each loss */
        if (sched_needs_loss(&d->spec[g].sched))
            return err_set(err, 0, "%s follows one racer's own loss: the maps cannot run it",
                           d->spec[g].sched.kind->name), NULL;
    Swarm *sw = calloc(1, sizeof *sw);
    SwarmImpl *w = sw ? calloc(1, sizeof *w) : NULL;
    if (!w)
        goto oom;
    sw->impl = w;
    int n = nspec * d->per;
    sw->n = w->n = n;
    w->nspec = nspec;
    w->per = d->per;
    w->surface = d->surface;

    /* the race's rules, with race_init's defaults */
    const Surface *s = d->surface;
    RaceConfig *c = &w->cfg;
    *c = d->cfg;
    race_config_defaults(c, s);
    w->tol = c->tol;
    w->gtol = c->gtol;
    w->cx = 0.5 * (s->view.x0 + s->view.x1);
    w->cy = 0.5 * (s->view.y0 + s->view.y1);
    w->lim = c->far * view_size(&s->view);
    w->check_step = !(2 * w->lim < 1e307);
    band(w->tol, w->tol2);
    band(10 * w->tol, w->tol10_2);
    band(w->gtol, w->gtol2);

    /* the kernel, the surface, the instruction set */
    w->batch = kind->batch;
    w->surf = swarm_surf_for(s);
    w->fused = swarm_fused_for(w->batch, w->surf);
    int best = swarm_isa_best();
    w->isa = d->isa > 0 && d->isa < best ? d->isa : best;
    w->bufs = w->batch ? w->batch->bufs : (1u << NBUF) - 1;
    w->generic_s = !w->batch;
    for (int g = 0; g < nspec; g++)
        if (d->spec[g].opt.la_k > 0)
            w->lookahead = 1;

    /* arrays */
    double **arrays[] = {&w->x, &w->y, &w->x0, &w->y0, &w->gx, &w->gy, &w->loss,
                         &w->st, &w->sg, &w->sstep};
    int narr = (int)(sizeof arrays / sizeof arrays[0]) + 2 * w->lookahead + 4 * w->generic_s;
    for (int q = 0; q < NBUF; q++)
        narr += 2 * ((w->bufs >> q) & 1);
    if (arena_init(w, n, narr) < 0)
        goto oom;
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        *arrays[i] = array(w, n);
    for (int cc = 0; cc < 2; cc++) {
        for (int q = 0; q < NBUF; q++)
            if (w->bufs & (1u << q))
                w->buf[cc][q] = array(w, n);
        if (w->lookahead)
            w->slow[cc] = array(w, n);
    }
    for (int q = 0; q < 4 && w->generic_s; q++)
        w->sv[q] = array(w, n);
    w->status = calloc((size_t)n, 1);
    w->status_step = calloc((size_t)n, sizeof *w->status_step);
    if (!w->status || !w->status_step)
        goto oom;
    for (int i = 0; i < n; i++) {
        w->x0[i] = c->start[0];
        w->y0[i] = c->start[1];
    }

    /* groups and blocks */
    w->grp0 = calloc((size_t)nspec, sizeof *w->grp0);
    w->grp = calloc((size_t)nspec, sizeof *w->grp);
    w->grp_next = calloc((size_t)nspec, sizeof *w->grp_next);
    int per_group = (d->per + SWARM_BLOCK - 1) / SWARM_BLOCK;
    w->nblocks = nspec * per_group;
    w->blk = calloc((size_t)w->nblocks, sizeof *w->blk);
    if (!w->grp0 || !w->grp || !w->grp_next || !w->blk)
        goto oom;
    for (int g = 0, b = 0; g < nspec; g++) {
        w->grp0[g].opt = d->spec[g].opt;
        w->grp0[g].sched = d->spec[g].sched;
        for (int i = 0; i < d->per; i += SWARM_BLOCK, b++) {
            Block *bk = &w->blk[b];
            bk->begin = g * d->per + i;
            bk->end = bk->begin + (d->per - i < SWARM_BLOCK ? d->per - i : SWARM_BLOCK);
            bk->group = g;
            bk->first = i == 0;
        }
    }

    sw->x = w->x;
    sw->y = w->y;
    sw->loss = w->loss;
    sw->status = w->status;
    sw->status_step = w->status_step;
    int threads = d->threads > 0 ? d->threads : swarm_cores();
    if (threads > w->nblocks)
        threads = w->nblocks;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    if (pool_init(&w->pool, threads) < 0)
        goto oom;
    w->share = aligned_alloc(_Alignof(Share), sizeof(Share) * (size_t)w->pool.nthreads);
    if (!w->share)
        goto oom;
    swarm_restart(sw);
    return sw;
oom:
    swarm_destroy(&sw);
    err_set(err, 0, "swarm: out of memory");
    return NULL;
}

/* ---- restart, step ------------------------------------------------------------------------ */

void swarm_set_start(Swarm *sw, int i, double x, double y)
{
    assert(i >= 0 && i < sw->n);
    sw->impl->x0[i] = x;
    sw->impl->y0[i] = y;
}

void swarm_restart(Swarm *sw)
{
    SwarmImpl *w = sw->impl;
    int n = w->n;
    sw->step = 0;
    atomic_store(&w->cancel, 0);
    /* the groups as racer_reset leaves a racer's optimizer and schedule */
    for (int g = 0; g < w->nspec; g++) {
        Group *gr = &w->grp[g];
        *gr = w->grp0[g];
        optim_reset(&gr->opt, w->cfg.start);
        if (gr->sched.kind)
            sched_attach(&gr->sched, &gr->opt);
    }
    memcpy(w->x, w->x0, sizeof *w->x * (size_t)n);
    memcpy(w->y, w->y0, sizeof *w->y * (size_t)n);
    for (int c = 0; c < 2; c++) {
        for (int q = 0; q < NBUF; q++)
            if (w->buf[c][q])
                memset(w->buf[c][q], 0, sizeof(double) * (size_t)n);
        if (w->slow[c])
            memcpy(w->slow[c], c ? w->y0 : w->x0, sizeof(double) * (size_t)n);
    }
    for (int q = 0; q < 4; q++)
        if (w->sv[q])
            memset(w->sv[q], 0, sizeof(double) * (size_t)n);
    for (int i = 0; i < n; i += SWARM_BLOCK) {
        int m = n - i < SWARM_BLOCK ? n - i : SWARM_BLOCK;
        swarm_eval(w->surface, w->surf, w->isa, m, w->x + i, w->y + i, w->loss + i, w->gx + i,
                   w->gy + i);
    }
    for (int b = 0; b < w->nblocks; b++) {
        Block *bk = &w->blk[b];
        int lr_ok = isfinite(w->grp[bk->group].opt.lr);
        bk->alive = 0;
        for (int i = bk->begin; i < bk->end; i++) {
            w->sg[i] = 0;
            w->sstep[i] = 0;
            if (isfinite(w->loss[i]) && isfinite(w->gx[i]) && isfinite(w->gy[i]) && lr_ok) {
                w->st[i] = ST_RUNNING;
                bk->alive++;
            } else {
                /* the start is outside the surface's domain, or the first lr overflowed */
                w->st[i] = ST_DIVERGED;
                w->loss[i] = isfinite(w->loss[i]) ? w->loss[i] : 0;
                w->gx[i] = w->gy[i] = 0;
            }
            w->status[i] = (unsigned char)w->st[i];
            w->status_step[i] = 0;
        }
        bk->quiet = swarm_block_quiet(bk->end - bk->begin, w->st + bk->begin,
                                      w->sg + bk->begin);
    }
}

static void work(void *arg, int worker)
{
    Swarm *sw = arg;
    SwarmImpl *w = sw->impl;
    const int nt = w->pool.nthreads;
    for (int d = 0; d < nt; d++) { /* its own share, then the others', nearest first */
        Share *sh = &w->share[(worker + d) % nt];
        for (;;) {
            if (atomic_load_explicit(&w->cancel, memory_order_relaxed))
                return;
            int b = share_take(sh, d > 0);
            if (b < 0)
                break;
            swarm_run_block(sw, b);
            if (w->on_block && !atomic_load_explicit(&w->cancel, memory_order_relaxed))
                w->on_block(w->ctx, b);
        }
    }
}

/* A job of at most k steps: as many as swarm_plan plans at once (all k when it plans none). */
static void chunk_begin(Swarm *sw, int k)
{
    SwarmImpl *w = sw->impl;
    int run = swarm_plan(w, k);
    w->k = run > 0 ? run : k;
    w->step0 = sw->step;
    atomic_store(&w->next, 0);
    const int nt = w->pool.nthreads;
    for (int t = 0; t < nt; t++) {
        uint64_t b0 = (uint64_t)w->nblocks * t / nt, b1 = (uint64_t)w->nblocks * (t + 1) / nt;
        atomic_store_explicit(&w->share[t].range, b0 << 32 | b1, memory_order_relaxed);
    }
}

/* After every block has taken the job's k steps. */
static void step_end(Swarm *sw)
{
    SwarmImpl *w = sw->impl;
    Group *t = w->grp;
    w->grp = w->grp_next;
    w->grp_next = t;
    sw->step += w->k;
}

void swarm_step(Swarm *sw, int k)
{
    SwarmImpl *w = sw->impl;
    if (k <= 0 || atomic_load(&w->cancel))
        return;
    while (k > 0) {
        chunk_begin(sw, k);
        pool_run(&w->pool, work, sw);
        step_end(sw);
        k -= w->k;
    }
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec * 1e-6;
}

/* swarm_step in slices of about ms on the calling thread (no threads: the web page); the
 * same chunks as swarm_step, so the same particles. Returns 1 once all k steps are taken. */
int swarm_step_some(Swarm *sw, int k, double ms)
{
    SwarmImpl *w = sw->impl;
    if (k <= 0 || atomic_load(&w->cancel))
        return 1;
    if (!w->slicing) {
        w->slicing = 1;
        w->slice_left = k;
        chunk_begin(sw, k);
    }
    double t0 = now_ms();
    for (;;) {
        int b = atomic_fetch_add(&w->next, 1);
        if (b < w->nblocks) {
            swarm_run_block(sw, b);
            if (w->on_block)
                w->on_block(w->ctx, b);
        } else { /* the chunk is done */
            step_end(sw);
            w->slice_left -= w->k;
            if (w->slice_left <= 0) {
                w->slicing = 0;
                return 1;
            }
            chunk_begin(sw, w->slice_left);
        }
        if (now_ms() - t0 >= ms)
            return 0;
    }
}

void swarm_cancel(Swarm *sw)
{
    atomic_store(&sw->impl->cancel, 1);
}

int swarm_nearest(const Swarm *sw, int i, double *d)
{
    const SwarmImpl *w = sw->impl;
    const Surface *s = w->surface;
    int best = -1;
    double bd = INFINITY;
    for (int j = 0; j < s->nminima; j++) {
        double dj = hypot(w->x[i] - s->minima[j][0], w->y[i] - s->minima[j][1]);
        if (best < 0 || dj < bd) {
            bd = dj;
            best = j;
        }
    }
    if (d)
        *d = bd;
    return best;
}
