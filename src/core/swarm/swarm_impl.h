/* swarm_impl.h — private to swarm*.c: the swarm's insides, shared by the driver (swarm.c),
 * the hot loops (kern.c) and the instruments (swarm_map.c).
 *
 * Layout: structure of arrays, one array of n doubles per quantity. Particles are cut into
 * blocks of at most SWARM_BLOCK consecutive particles of one spec (a "group"); a block is the
 * unit of work: one thread takes it through all k steps of a swarm_step while it stays in
 * the cache. Every particle of a group is at the same step, so what a step computes from the
 * step count, lr and β alone (bias corrections, the schedule) is computed once per group and
 * step from a copy of the group's optimizer, the "shadow" (swarm_plan; with very many groups
 * once per block), not once per particle. */
#ifndef OPTIPLAY_SWARM_IMPL_H
#define OPTIPLAY_SWARM_IMPL_H

#include <pthread.h>
#include <stdatomic.h>

#include "swarm.h"

struct OptimBatch;
struct SurfBatch;
struct FusedRow;

enum { SWARM_BLOCK = 256 };

/* the state buffers of OptimState, per coordinate */
enum { BUF_M, BUF_V, BUF_U, BUF_W, NBUF };

/* status values as stored in the double array st[] */
#define ST_RUNNING 0.0
#define ST_CONVERGED 1.0
#define ST_DIVERGED 2.0

typedef struct Group {
    Optim opt;              /* the shadow: kind, p[], lr, la_*, st.t and st.s[] */
    Sched sched;
} Group;

typedef struct Block {
    int begin, end;         /* particles [begin, end) */
    int group;
    int first;              /* the group's first block: it writes the group's next shadow */
    int alive;              /* particles not diverged */
    int quiet;              /* none converged, no small-gradient step counted */
} Block;

typedef struct Pool {
    int nthreads;           /* the caller's included */
    pthread_t *tid;         /* nthreads − 1 workers */
    pthread_mutex_t mu;
    pthread_cond_t wake, idle;
    unsigned gen;           /* job number */
    int busy;               /* workers still in the job */
    int quit;
    void (*fn)(void *arg, int worker);
    void *arg;
    struct PoolSeat *seat;  /* each worker's pool and number */
} Pool;

typedef struct SwarmImpl {
    const Surface *surface;
    RaceConfig cfg;
    const struct OptimBatch *batch; /* the kind's batched update; NULL: its own step per particle */
    const struct SurfBatch *surf;  /* the surface's batched loops (surf_point_loops: per point) */
    const struct FusedRow *fused;  /* the kind's loops fused with the surface's; NULL: none */
    int isa;                /* 1 plain, 2 AVX2+FMA, 3 AVX-512 */
    int n, nspec, per;
    unsigned bufs;          /* BUF_* bits in use */
    int generic_s;          /* no batch: the per-particle st.s[] arrays are in use */
    int lookahead;          /* some spec has Lookahead */
    Group *grp0;            /* [nspec] the groups at step 0 */
    Group *grp, *grp_next;  /* [nspec] now, and after the running swarm_step */
    Block *blk;
    struct StepPlan *plan;  /* [group][step] of the running job when planned (kern.c) */
    int planned;            /* steps planned, 0: each block runs its shadow's steps */
    int nblocks;
    /* particles: every array carved from one block (arena; swarm.c's array()) */
    char *arena;
    size_t arena_used, arena_size;
    int narrays;            /* carved so far */
    double *x, *y, *x0, *y0, *gx, *gy, *loss;
    double *buf[2][NBUF];   /* [coordinate][buffer] */
    double *sv[4];          /* no batch: st.s[] */
    double *slow[2];        /* Lookahead's slow weights */
    double *st, *sg, *sstep; /* status, steps with a small gradient, status step */
    unsigned char *status;  /* public copies */
    int *status_step;
    /* the race's rules */
    double cx, cy, lim;     /* diverged: |x − c| > lim */
    double tol, gtol;
    double tol2[2], tol10_2[2], gtol2[2]; /* squared thresholds, surely-below / surely-above */
    int check_step;         /* 2·lim can overflow: check x_new − x too */
    /* the running job */
    Pool pool;
    int k;
    long step0;             /* the step the job starts from */
    atomic_int next;        /* swarm_step_some's next block */
    struct Share *share;    /* [pool.nthreads] each worker's blocks of the job (swarm.c) */
    atomic_int cancel;
    int slicing;            /* swarm_step_some has a job half done */
    int slice_left;         /* its steps still to take, this chunk's included */
    void (*on_block)(void *ctx, int block); /* called by the worker that finished a block */
    void *ctx;
} SwarmImpl;

/* kern.c: whether none of n particles is converged or counts small-gradient steps. */
int swarm_block_quiet(int n, const double *st, const double *sg);

typedef struct StepPlan StepPlan;

/* kern.c: computes the next min(k, a cap) steps' scalars of every group once, for all blocks,
 * and the groups after them (grp_next). Returns how many, 0 when the blocks must do it (no
 * batched formula, too many groups). */
int swarm_plan(SwarmImpl *w, int k);

/* kern.c: takes block b of sw through w->k steps (any thread). */
void swarm_run_block(Swarm *sw, int b);

/* kern.c: the batched loops of a surface, and the best instruction set this CPU runs (1
 * plain, 2 AVX2+FMA, 3 AVX-512). */
extern const struct SurfBatch surf_point_loops;
const struct SurfBatch *swarm_surf_for(const Surface *s);
/* kern.c: the kind's fused loops with the surface's batched loops s, NULL when it has none */
const struct FusedRow *swarm_fused_for(const struct OptimBatch *o, const struct SurfBatch *s);
int swarm_isa_best(void);

/* kern.c: value and gradient of n points by the batched evaluator (tests use it). */
void swarm_eval(const Surface *s, const struct SurfBatch *b, int isa, int n, const double *x,
                const double *y, double *f, double *gx, double *gy);

/* swarm.c: swarm_step in slices, for where no thread can be started (a web page): takes
 * blocks through the k steps until about ms milliseconds have passed; returns 1 when every
 * block is done (sw->step has moved then), 0 when the next call goes on. */
int swarm_step_some(Swarm *sw, int k, double ms);

/* swarm.c: cancels a swarm_step running on another thread (the swarm must be restarted). */
void swarm_cancel(Swarm *sw);

#endif
