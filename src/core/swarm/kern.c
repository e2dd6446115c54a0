/* kern.c — the swarm's driver loop: one block of particles through k steps.
 *
 * Bit-exactness: the loops are the kinds' own formulas (optim/<kind>.c's el, surf/<name>.c's
 * formula) built into batched loops (batch.h, kern_tmpl.h), so the swarm runs the race's very
 * source; test_swarm holds them to the race bit for bit. What a step computes from the step
 * count, lr and β alone (the kind's prep: bias corrections; the schedule) is computed once per
 * group and step from the group's shadow optimizer (swarm_plan), by the same function the
 * race calls.
 *
 * Speed: a step of a block is two loops over its particles, the optimizer (loop A: both
 * coordinates) and the surface with the race's bookkeeping (loop B), written for the
 * auto-vectoriser (-O3; -fno-math-errno makes sqrt an instruction; -fno-trapping-math lets
 * selects vectorise; none changes a result). They are compiled for plain x86-64, AVX2+FMA and
 * AVX-512 and the best the CPU runs is picked at run time. The rare cases (a particle that may
 * diverge, converge, or sits within 1e-12 of a threshold) are redone one at a time with the
 * race's own arithmetic, so every decision is the race's. Kinds without a batched formula
 * (LBFGS's line search, SWATS's per-particle phase) take their own step per particle. */
#include "swarm_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../optim/optim_kinds.h"
#include "batch.h"

/* The surface that has no batched formula (an expression; a kind without one): the
 * per-point evaluation, inside the same loops. */
HOT double formula(const Surface *s, double x, double y, double *gx, double *gy)
{
    double g[2], f = surface_eval(s, x, y, g);
    *gx = g[0];
    *gy = g[1];
    return f;
}
KERN_SURF_LOOPS(point, -1)

/* ---- which loops ---------------------------------------------------------------------------- */

/* the kind's batched formula when the surface has as many minima as its loops compare with */
const SurfBatch *swarm_surf_for(const Surface *s)
{
    const SurfBatch *b = s->kind ? s->kind->batch : NULL;
    if (b && (b->nmin < 0 || b->nmin == s->nminima))
        return b;
    return &surf_point_loops;
}

const FusedRow *swarm_fused_for(const OptimBatch *o, const SurfBatch *s)
{
    for (const FusedRow *r = o && o->fused ? o->fused : NULL; r && r->surf; r++)
        if (r->surf == s)
            return r;
    return NULL;
}

int swarm_isa_best(void)
{
#ifdef KERN_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("fma"))
        return 3;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return 2;
#endif
    return 1;
}

void swarm_eval(const Surface *s, const SurfBatch *b, int isa, int n, const double *x,
                const double *y, double *f, double *gx, double *gy)
{
    b->e[isa - 1](s, n, x, y, f, gx, gy);
}

/* ---- the rare cases, one particle at a time --------------------------------------------- */

/* The block's slice of the swarm's arrays. */
typedef struct View {
    double *x, *y, *gx, *gy, *loss, *st, *sg, *sstep;
    double *buf[2][NBUF], *sv[4], *slow[2];
} View;

/* A particle that diverged: its state and gradient are cleared so that it computes harmless
 * numbers from now on (it never moves again); its loss is the loss where it stopped. */
static void bury(const SwarmImpl *w, View *v, int i)
{
    double g[2];
    v->loss[i] = surface_eval(w->surface, v->x[i], v->y[i], g);
    v->gx[i] = v->gy[i] = 0;
    for (int c = 0; c < 2; c++) {
        for (int q = 0; q < NBUF; q++)
            if (v->buf[c][q])
                v->buf[c][q][i] = 0;
        if (v->slow[c])
            v->slow[c][i] = c ? v->y[i] : v->x[i];
    }
    for (int q = 0; q < 4; q++)
        if (v->sv[q])
            v->sv[q][i] = 0;
}

/* The particles b_body left (ev[i] = 1), with the race's own arithmetic (racer_step).
 * Returns how many diverged. */
static int exact(const SwarmImpl *w, View *v, int n, double stepno, double lim,
                 const double *xn, const double *yn, const double *ev)
{
    const Surface *s = w->surface;
    int died = 0;
    for (int i = 0; i < n; i++) {
        if (ev[i] == 0)
            continue;
        double g[2], f = surface_eval(s, xn[i], yn[i], g);
        int fin = isfinite(xn[i]) && isfinite(yn[i]) && isfinite(f) && isfinite(g[0]) &&
                  isfinite(g[1]);
        for (int c = 0; c < 2; c++) {
            for (int q = 0; q < NBUF; q++)
                fin = fin && (!v->buf[c][q] || isfinite(v->buf[c][q][i]));
            fin = fin && (!v->slow[c] || isfinite(v->slow[c][i]));
        }
        fin = fin && isfinite(xn[i] - v->x[i]) && isfinite(yn[i] - v->y[i]);
        if (!fin || fabs(xn[i] - w->cx) > lim || fabs(yn[i] - w->cy) > lim) {
            /* stop at the last finite point: nothing non-finite leaves the core */
            v->st[i] = ST_DIVERGED;
            v->sstep[i] = stepno;
            bury(w, v, i);
            died++;
            continue;
        }
        v->x[i] = xn[i];
        v->y[i] = yn[i];
        v->sg[i] = hypot(g[0], g[1]) < w->gtol ? v->sg[i] + 1 : 0;
        double d = INFINITY;
        for (int j = 0; j < s->nminima; j++)
            d = fmin(d, hypot(v->x[i] - s->minima[j][0], v->y[i] - s->minima[j][1]));
        if (v->st[i] == ST_RUNNING && (d < w->tol || v->sg[i] >= SMALL_GRAD_STEPS)) {
            v->st[i] = ST_CONVERGED;
            v->sstep[i] = stepno;
        } else if (v->st[i] == ST_CONVERGED && v->sg[i] == 0 && d > 10 * w->tol) {
            v->st[i] = ST_RUNNING;
            v->sstep[i] = stepno;
        }
    }
    return died;
}

/* A kind without batched loops: its own step (optim_step, Lookahead included) per particle, its
 * state moved in and out of an Optim; acc as the loops' (the buffers and slow weights). */
static void generic(const Optim *shadow, long t0, const View *v, int n, double *xn,
                    double *yn, double *acc)
{
    Optim o = *shadow;
    for (int i = 0; i < n; i++) {
        OptimState *s = &o.st;
        s->t = t0;
        for (int c = 0; c < 2; c++) {
            s->m[c] = v->buf[c][BUF_M][i];
            s->v[c] = v->buf[c][BUF_V][i];
            s->u[c] = v->buf[c][BUF_U][i];
            s->w[c] = v->buf[c][BUF_W][i];
            o.slow[c] = v->slow[c] ? v->slow[c][i] : 0;
        }
        for (int q = 0; q < 4; q++)
            s->s[q] = v->sv[q][i];
        double p[2] = {v->x[i], v->y[i]}, g[2] = {v->gx[i], v->gy[i]};
        optim_step(&o, p, g);
        xn[i] = p[0];
        yn[i] = p[1];
        acc[i] = 0;
        for (int c = 0; c < 2; c++) {
            v->buf[c][BUF_M][i] = s->m[c];
            v->buf[c][BUF_V][i] = s->v[c];
            v->buf[c][BUF_U][i] = s->u[c];
            v->buf[c][BUF_W][i] = s->w[c];
            acc[i] += s->m[c] + s->v[c] + s->u[c] + s->w[c];
            if (v->slow[c]) {
                v->slow[c][i] = o.slow[c];
                acc[i] += o.slow[c];
            }
        }
        for (int q = 0; q < 4; q++)
            v->sv[q][i] = s->s[q];
    }
}

/* ---- one block through k steps ------------------------------------------------------------ */

/* None converged, no small-gradient step counted: the block may take q_body's fast path. */
int swarm_block_quiet(int n, const double *st, const double *sg)
{
    long loud = 0;
    for (int i = 0; i < n; i++)
        loud += (st[i] == ST_CONVERGED) | ((st[i] == ST_RUNNING) & (sg[i] != 0));
    return loud == 0;
}

static int quiet(int n, const double *st, const double *sg)
{
    return swarm_block_quiet(n, st, sg);
}

/* A group's step, computed once for all its blocks: the kind's prep (bias corrections, pow),
 * its variant, and lr after the schedule. */
struct StepPlan {
    OptimCoef c;
    int var;
    double lr;
};

enum { PLAN_CAP = 4096 }; /* steps × groups planned at once */

int swarm_plan(SwarmImpl *w, int k)
{
    w->planned = 0;
    if (!w->batch || w->nspec > PLAN_CAP / 16) /* chunks of at least 16 steps */
        return 0;
    if (!w->plan && !(w->plan = malloc(sizeof *w->plan * PLAN_CAP)))
        return 0;
    int kk = k < PLAN_CAP / w->nspec ? k : PLAN_CAP / w->nspec;
    for (int g = 0; g < w->nspec; g++) {
        Group G = w->grp[g];
        for (int j = 0; j < kk; j++) {
            StepPlan *p = &w->plan[(size_t)g * kk + j];
            p->c = (OptimCoef){0};
            G.opt.kind->prep(&G.opt, &p->c);
            p->c.neg = optim_maximizes(&G.opt);
            p->var = G.opt.kind->variant(&p->c);
            sched_step(&G.sched, &G.opt);
            p->lr = G.opt.lr;
        }
        w->grp_next[g] = G;
    }
    w->planned = kk;
    return kk;
}

void swarm_run_block(Swarm *sw, int b)
{
    SwarmImpl *w = sw->impl;
    const int isa = w->isa - 1;
    Block *bk = &w->blk[b];
    Group g = w->grp[bk->group];
    const int i0 = bk->begin, n = bk->end - bk->begin;
    _Alignas(64) double xs[SWARM_BLOCK], ys[SWARM_BLOCK], acc[SWARM_BLOCK], ev[SWARM_BLOCK];
    _Alignas(64) double spare[SWARM_BLOCK]; /* stands in for buffers not kept */
    View v = {w->x + i0, w->y + i0, w->gx + i0, w->gy + i0, w->loss + i0,
              w->st + i0, w->sg + i0, w->sstep + i0, {{0}}, {0}, {0}};
    /* the new points; a step that moves every particle swaps them with v.x, v.y */
    double *xn = xs, *yn = ys;
    double *bufs[2][NBUF];
    for (int c = 0; c < 2; c++) {
        for (int q = 0; q < NBUF; q++) {
            v.buf[c][q] = w->buf[c][q] ? w->buf[c][q] + i0 : NULL;
            bufs[c][q] = v.buf[c][q] ? v.buf[c][q] : spare;
        }
        v.slow[c] = w->slow[c] ? w->slow[c] + i0 : NULL;
    }
    for (int q = 0; q < 4; q++)
        v.sv[q] = w->sv[q] ? w->sv[q] + i0 : NULL;
    long step = w->step0;
    for (int k = 0; k < w->k; k++, step++) {
        if (atomic_load_explicit(&w->cancel, memory_order_relaxed))
            return;
        long t0 = g.opt.st.t;
        const OptimCoef *c;
        OptimCoef own;
        int var = 0;
        const StepPlan *plan = w->planned ? &w->plan[(size_t)bk->group * w->k + k] : NULL;
        if (plan) { /* swarm_plan ran the shadow's step once for all the group's blocks */
            c = &plan->c;
            var = plan->var;
        } else {
            c = &own;
            own = (OptimCoef){.t = t0 + 1};
            if (w->batch) { /* the kind's prep, as its scalar step calls it */
                g.opt.kind->prep(&g.opt, &own);
                own.neg = optim_maximizes(&g.opt);
                var = g.opt.kind->variant(&own);
            } else {
                g.opt.st.t++;
            }
        }
        if (bk->alive == 0) {
            if (!plan)
                sched_step(&g.sched, &g.opt);
            continue;
        }
        /* fused: the step, the surface and the quiet test in one pass (not on a step of
         * Lookahead's or where x_new − x_old must be checked: they come between; not with
         * weight decay or maximizing, fused_tmpl.h) */
        FusedLoop fl = w->fused && bk->quiet && !w->check_step && c->wd == 0 && !c->neg &&
                               !(g.opt.la_k > 0 && c->t % g.opt.la_k == 0)
                           ? w->fused->loop[isa][var]
                           : NULL;
        double lr, lim;
        long loud = 1;
        if (fl) {
            lr = plan ? plan->lr : (sched_step(&g.sched, &g.opt), g.opt.lr);
            lim = isfinite(lr) ? w->lim : -1; /* an lr that overflowed stops all */
            loud = fl(c, w, n, lim, v.x, v.y, v.gx, v.gy, bufs[0][BUF_M], bufs[0][BUF_V],
                      bufs[0][BUF_U], bufs[0][BUF_W], bufs[1][BUF_M], bufs[1][BUF_V],
                      bufs[1][BUF_U], bufs[1][BUF_W], xn, yn, acc, v.st);
        } else {
            if (!w->batch) {
                generic(&g.opt, t0, &v, n, xn, yn, acc);
            } else {
                w->batch->loop[isa][var](
                    c, n, v.x, v.y, v.gx, v.gy, bufs[0][BUF_M], bufs[0][BUF_V], bufs[0][BUF_U],
                    bufs[0][BUF_W], bufs[1][BUF_M], bufs[1][BUF_V], bufs[1][BUF_U],
                    bufs[1][BUF_W], xn, yn, acc);
                if (g.opt.la_k > 0 && c->t % g.opt.la_k == 0) {
                    /* Lookahead (optim_step): φ ← φ + α(θ − φ), θ ← φ */
                    double alpha = g.opt.la_alpha;
                    for (int q = 0; q < 2; q++) {
                        double *sl = v.slow[q], *p = q ? yn : xn;
                        for (int i = 0; i < n; i++) {
                            sl[i] += alpha * (p[i] - sl[i]);
                            p[i] = sl[i];
                            acc[i] += sl[i];
                        }
                    }
                }
            }
            lr = plan ? plan->lr : (sched_step(&g.sched, &g.opt), g.opt.lr);
            if (w->check_step) /* x_new − x_old must be finite too (OptimState.step) */
                for (int i = 0; i < n; i++)
                    acc[i] += (xn[i] - v.x[i]) + (yn[i] - v.y[i]);
            lim = isfinite(lr) ? w->lim : -1; /* an lr that overflowed stops all */
            if (bk->quiet)
                loud = w->surf->q[isa](w, n, lim, xn, yn, acc, v.st, v.gx, v.gy);
        }
        if (bk->quiet && !loud) {
            double *t = v.x; /* every running particle moves, and that is all */
            v.x = xn;
            xn = t;
            t = v.y;
            v.y = yn;
            yn = t;
            if (bk->alive < n) /* the diverged stay where they stopped */
                for (int i = 0; i < n; i++) {
                    v.x[i] = v.st[i] == ST_DIVERGED ? xn[i] : v.x[i];
                    v.y[i] = v.st[i] == ST_DIVERGED ? yn[i] : v.y[i];
                }
            continue;
        }
        if (w->surf->b[isa](w, n, lim, xn, yn, acc, v.x, v.y, v.st, v.sg, v.gx, v.gy, ev))
            bk->alive -= exact(w, &v, n, (double)(step + 1), lim, xn, yn, ev);
        bk->quiet = quiet(n, v.st, v.sg);
    }
    if (v.x != w->x + i0) { /* the points are in the scratch arrays */
        memcpy(w->x + i0, v.x, sizeof(double) * (size_t)n);
        memcpy(w->y + i0, v.y, sizeof(double) * (size_t)n);
        v.x = w->x + i0;
        v.y = w->y + i0;
        xn = xs;
        yn = ys;
    }
    if (bk->first && !w->planned)
        w->grp_next[bk->group] = g;
    /* the loss where each running particle is now (a diverged one's was kept by bury) */
    w->surf->e[isa](w->surface, n, v.x, v.y, xn, yn, acc);
    unsigned char *status = w->status + i0; /* (a char store may alias w: not reread) */
    int *status_step = w->status_step + i0;
    for (int i = 0; i < n; i++) {
        if (v.st[i] != ST_DIVERGED)
            v.loss[i] = xn[i];
        status[i] = (unsigned char)v.st[i];
        status_step[i] = (int)v.sstep[i];
    }
}
