#include "field.h"

#include <SDL2/SDL.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shader.h"

enum { NSAMPLE = 4096, TARGET_LINES = 14 };

/* How loss becomes L and L becomes colours and contours: the grid's own (from its samples),
 * or one held from an earlier grid while the view moves (so pieces drawn from several grids
 * match where they meet). */
typedef struct Scale {
    int symlog;
    double base, eps;      /* a bowl: L = ln(max(f − base, 0) + eps) */
    double med, sc;        /* symlog: L = asinh((f − med) / sc) */
    float lo, hi, spacing, major;
} Scale;

typedef struct Job {
    const Surface *s;
    Rect r;
    int gw, gh;
    int held;              /* scale is given, not computed */
    Scale scale;
    int gen;
} Job;

/* A finished grid and what the shader needs to draw it. */
typedef struct Grid {
    float *L;        /* gw × gh, row 0 at the bottom (y0) */
    int cap;
    Job job;
    float lo, hi;    /* colormap range in L */
    float spacing;   /* contour spacing in L */
    float major;     /* lines per decade, when a decade holds several */
    Scale scale;     /* all of it (lo ... major repeated) */
    double ms;
} Grid;

struct Field {
    GLuint prog, vao, tex;
    GLint internal;         /* the texture's format: GL_R32F, or GL_R16F where R32F is not
                             * filtered (WebGL without OES_texture_float_linear) */
    GLint u_field, u_map, u_range, u_spacing, u_major, u_contours, u_light, u_bg;
    SDL_Thread *thread;
    SDL_mutex *mu;
    SDL_cond *wake, *done;
    SDL_atomic_t want_gen;  /* the newest request; the worker drops a job that is older */
    Job want;               /* under mu */
    int quit, busy;         /* under mu */
    Grid work, ready;       /* work: the worker's; ready: finished, under mu */
    int ready_gen;          /* under mu */
    double *f;              /* worker: the loss in double (a minimum needs its digits) */
    int fcap;
    float sample[NSAMPLE];  /* worker: values for the percentile */
    /* main thread */
    Grid shown;             /* what the texture holds (shown.L unused) */
    int tex_w, tex_h;
    int has_shown;
    int hold;               /* field_hold: requests keep the shown grid's scale */
    int version;            /* changes with what is shown */
    double last_ms;
};

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static int grow(void **p, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return 0;
    void *q = realloc(*p, (size_t)need * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = need;
    return 0;
}

/* Fills f->work for job j; returns 0, or -1 when a newer request came (or no memory). */
static int compute(Field *f, const Job *j)
{
    Uint64 t0 = SDL_GetPerformanceCounter();
    int n = j->gw * j->gh;
    Grid *g = &f->work;
    if (grow((void **)&f->f, &f->fcap, n, sizeof(double)) < 0 ||
        grow((void **)&g->L, &g->cap, n, sizeof(float)) < 0)
        return -1;
    const Surface *s = j->s;
    double dx = (j->r.x1 - j->r.x0) / j->gw, dy = (j->r.y1 - j->r.y0) / j->gh;
    double lo = INFINITY;
    int at_lo = 0;
    for (int y = 0; y < j->gh; y++) {
        if (SDL_AtomicGet(&f->want_gen) != j->gen)
            return -1;
        double wy = j->r.y0 + (y + 0.5) * dy;
        double *row = f->f + (size_t)y * j->gw;
        for (int x = 0; x < j->gw; x++) {
            double v = surface_eval(s, j->r.x0 + (x + 0.5) * dx, wy, NULL);
            row[x] = v;
            if (v < lo) {
                lo = v;
                at_lo = y * j->gw + x;
            }
        }
    }
    if (j->held) {
        const Scale *k = &j->scale;
        for (int i = 0; i < n; i++) {
            double d = k->symlog ? (f->f[i] - k->med) / k->sc : f->f[i] - k->base;
            g->L[i] = !isfinite(d) ? k->hi + 1
                      : k->symlog ? (float)asinh(d) : (float)log((d > 0 ? d : 0) + k->eps);
        }
        g->scale = *k;
        g->lo = k->lo, g->hi = k->hi, g->spacing = k->spacing, g->major = k->major;
        goto done;
    }
    int ax = at_lo % j->gw, ay = at_lo / j->gw;
    int edge = ax == 0 || ay == 0 || ax == j->gw - 1 || ay == j->gh - 1;
    float Llo, Lhi;
    double per;
    int symlog = 0;
    if (isfinite(s->fmin) || !edge) {
        /* a bowl: ln(loss − base + ε), base the global minimum's loss when known (so the
         * colour says how far above it a point is), else the lowest sample */
        double base = isfinite(s->fmin) && s->fmin <= lo ? s->fmin : lo;
        if (!isfinite(base))
            base = 0;
        int ns = 0, step = n / NSAMPLE + 1;
        for (int i = 0; i < n && ns < NSAMPLE; i += step)
            if (isfinite(f->f[i]))
                f->sample[ns++] = (float)(f->f[i] - base);
        qsort(f->sample, (size_t)ns, sizeof(float), cmp_float);
        double top = ns ? f->sample[(int)(0.99 * (ns - 1))] : 1;
        if (!(top > 0))
            top = 1;
        /* ε a power of ten a million times below the top, so levels stay put while panning */
        double eps = pow(10, floor(log10(top * 1e-6)));
        g->scale.base = base;
        g->scale.eps = eps;
        Llo = INFINITY;
        Lhi = (float)log(top + eps);
        for (int i = 0; i < n; i++) {
            double d = f->f[i] - base;
            float L = isfinite(d) ? (float)log((d > 0 ? d : 0) + eps) : Lhi + 1;
            g->L[i] = L;
            if (L < Llo)
                Llo = L;
        }
        /* about TARGET_LINES levels: a whole number per decade, or one every few decades */
        per = TARGET_LINES / ((Lhi - Llo) / log(10.0));
    } else {
        /* no floor in sight (a saddle, a plane): a symmetric log, asinh((f − median) / s),
         * which is linear near the median and logarithmic far from it, both ways */
        int ns = 0, step = n / NSAMPLE + 1;
        for (int i = 0; i < n && ns < NSAMPLE; i += step)
            if (isfinite(f->f[i]))
                f->sample[ns++] = (float)f->f[i];
        qsort(f->sample, (size_t)ns, sizeof(float), cmp_float);
        double med = ns ? f->sample[ns / 2] : 0;
        double p01 = ns ? f->sample[(int)(0.01 * (ns - 1))] : -1;
        double p99 = ns ? f->sample[(int)(0.99 * (ns - 1))] : 1;
        double sc = fmax((p99 - p01) * 0.02, 1e-12 * fmax(1, fabs(med)));
        g->scale.med = med;
        g->scale.sc = sc;
        Llo = (float)asinh((p01 - med) / sc);
        Lhi = (float)asinh((p99 - med) / sc);
        for (int i = 0; i < n; i++)
            g->L[i] = isfinite(f->f[i]) ? (float)asinh((f->f[i] - med) / sc) : Lhi + 1;
        per = TARGET_LINES / ((Lhi - Llo) / log(10.0));
        symlog = 1;
    }
    if (!(Lhi > Llo + 1e-3f))
        Lhi = Llo + 1e-3f;
    static const double nice[] = {20, 10, 5, 4, 3, 2, 1, 0.5, 0.2, 0.1};
    double pick = nice[sizeof nice / sizeof nice[0] - 1];
    for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++)
        if (nice[i] <= per * 1.3) {
            pick = nice[i];
            break;
        }
    g->spacing = (float)(log(10.0) / pick);
    g->major = pick >= 2 && !symlog ? (float)pick : 1e6f; /* decades drawn stronger */
    g->lo = Llo;
    g->hi = Lhi;
    g->scale.symlog = symlog;
    g->scale.lo = g->lo, g->scale.hi = g->hi;
    g->scale.spacing = g->spacing, g->scale.major = g->major;
done:
    g->job = *j;
    g->ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
    return 0;
}

/* A computed job's grid becomes the ready one, unless a newer request came (under mu). */
static void settle(Field *f, const Job *j, int rc)
{
    if (rc == 0 && j->gen == f->want.gen) {
        Grid t = f->ready;
        f->ready = f->work;
        f->work = t;
        f->ready_gen = j->gen;
    } else if (rc < 0 && j->gen == f->want.gen) {
        f->ready_gen = j->gen; /* out of memory: give up on this one */
    }
}

static int worker(void *arg)
{
    Field *f = arg;
    SDL_LockMutex(f->mu);
    for (;;) {
        while (!f->quit && (f->want.s == NULL || f->want.gen == f->ready_gen))
            SDL_CondWait(f->wake, f->mu);
        if (f->quit)
            break;
        Job j = f->want;
        f->busy = 1;
        SDL_UnlockMutex(f->mu);
        int rc = compute(f, &j);
        SDL_LockMutex(f->mu);
        f->busy = 0;
        settle(f, &j, rc);
        SDL_CondBroadcast(f->done);
    }
    SDL_UnlockMutex(f->mu);
    return 0;
}

Field *field_create(Err *err)
{
    Field *f = calloc(1, sizeof *f);
    if (!f) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    f->prog = shader_load("field.vert", "field.frag", err);
    if (!f->prog)
        goto fail;
    static const char *const names[] = {"u_field", "u_map", "u_range", "u_spacing",
                                        "u_major", "u_contours", "u_light", "u_bg"};
    GLint *locs[] = {&f->u_field, &f->u_map, &f->u_range, &f->u_spacing,
                     &f->u_major, &f->u_contours, &f->u_light, &f->u_bg};
    for (int i = 0; i < 8; i++)
        *locs[i] = glGetUniformLocation(f->prog, names[i]);
    glGenVertexArrays(1, &f->vao);
    glGenTextures(1, &f->tex);
    glBindTexture(GL_TEXTURE_2D, f->tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
#ifdef __EMSCRIPTEN__
    /* a plain web page has no threads: field_request computes the grid itself; where float
     * textures cannot be filtered (many phones), half floats can (GL converts on upload) */
    f->internal = SDL_GL_ExtensionSupported("GL_OES_texture_float_linear") ? GL_R32F : GL_R16F;
    return f;
#else
    f->internal = GL_R32F;
#endif
    f->mu = SDL_CreateMutex();
    f->wake = SDL_CreateCond();
    f->done = SDL_CreateCond();
    if (!f->mu || !f->wake || !f->done) {
        err_set(err, 0, "cannot create the field's lock: %s", SDL_GetError());
        goto fail;
    }
    f->thread = SDL_CreateThread(worker, "optiplay-field", f);
    if (!f->thread) {
        err_set(err, 0, "cannot start the field's thread: %s", SDL_GetError());
        goto fail;
    }
    return f;
fail:
    field_destroy(&f);
    return NULL;
}

void field_destroy(Field **pf)
{
    Field *f = *pf;
    if (!f)
        return;
    if (f->thread) {
        SDL_LockMutex(f->mu);
        f->quit = 1;
        SDL_AtomicAdd(&f->want_gen, 1); /* stops a job in progress */
        SDL_CondBroadcast(f->wake);
        SDL_UnlockMutex(f->mu);
        SDL_WaitThread(f->thread, NULL);
    }
    if (f->done)
        SDL_DestroyCond(f->done);
    if (f->wake)
        SDL_DestroyCond(f->wake);
    if (f->mu)
        SDL_DestroyMutex(f->mu);
    if (f->tex)
        glDeleteTextures(1, &f->tex);
    if (f->vao)
        glDeleteVertexArrays(1, &f->vao);
    if (f->prog)
        glDeleteProgram(f->prog);
    free(f->work.L);
    free(f->ready.L);
    free(f->f);
    free(f);
    *pf = NULL;
}

void field_request(Field *f, const Surface *s, const View *v, int div)
{
    if (div < 1)
        div = 1;
    Job j = {.s = s, .r = view_rect(v), .gw = (v->w + div - 1) / div, .gh = (v->h + div - 1) / div};
    if (f->hold && f->has_shown && f->shown.job.s == s) {
        j.held = 1;
        j.scale = f->shown.scale;
    }
    SDL_LockMutex(f->mu);
    const Job *w = &f->want;
    if (!(w->s == j.s && w->gw == j.gw && w->gh == j.gh && w->held == j.held &&
          !memcmp(&w->r, &j.r, sizeof j.r))) {
        j.gen = w->gen + 1;
        f->want = j;
        SDL_AtomicSet(&f->want_gen, j.gen);
        SDL_CondBroadcast(f->wake);
#ifdef __EMSCRIPTEN__
        settle(f, &j, compute(f, &j));
#endif
    }
    SDL_UnlockMutex(f->mu);
}

int field_cover(const Field *f, const View *v, int box[4])
{
    if (!f->has_shown)
        return 0;
    const Rect *r = &f->shown.job.r;
    /* inward, and a pixel more: the edge texels are clamped, not what a covering grid shows */
    box[0] = (int)fmax(ceil(view_sx(v, r->x0)) + 1, 0);
    box[1] = (int)fmax(ceil(view_sy(v, r->y1)) + 1, 0);
    box[2] = (int)fmin(floor(view_sx(v, r->x1)) - 1, v->w);
    box[3] = (int)fmin(floor(view_sy(v, r->y0)) - 1, v->h);
    return box[2] > box[0] && box[3] > box[1];
}

void field_hold(Field *f, int on)
{
    f->hold = on;
}

void field_wait(Field *f)
{
    SDL_LockMutex(f->mu);
    while (f->want.s && f->ready_gen != f->want.gen)
        SDL_CondWait(f->done, f->mu);
    SDL_UnlockMutex(f->mu);
}

int field_pending(Field *f)
{
    SDL_LockMutex(f->mu);
    int pending = f->want.s && f->want.gen != f->shown.job.gen;
    SDL_UnlockMutex(f->mu);
    return pending;
}

void field_detach(Field *f)
{
    SDL_LockMutex(f->mu);
    f->want.s = NULL;
    f->want.gen++;
    SDL_AtomicSet(&f->want_gen, f->want.gen);
    while (f->busy)
        SDL_CondWait(f->done, f->mu);
    SDL_UnlockMutex(f->mu);
    f->has_shown = 0;
    f->version++;
}

double field_last_ms(const Field *f)
{
    return f->last_ms;
}

/* Takes a finished grid into the texture. */
int field_update(Field *f)
{
    SDL_LockMutex(f->mu);
    /* while the scale is held, only grids drawn in it: one asked for before (its own scale)
     * would meet the pieces drawn in the held one at a seam */
    int stale = f->want.held && !f->ready.job.held && f->has_shown;
    if (f->ready_gen != f->shown.job.gen && f->ready.job.gen == f->ready_gen && f->ready.L &&
        f->want.s && f->ready.job.s == f->want.s && !stale) {
        const Grid *g = &f->ready;
        glBindTexture(GL_TEXTURE_2D, f->tex);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        if (g->job.gw != f->tex_w || g->job.gh != f->tex_h) {
            glTexImage2D(GL_TEXTURE_2D, 0, f->internal, g->job.gw, g->job.gh, 0, GL_RED, GL_FLOAT,
                         g->L);
            f->tex_w = g->job.gw;
            f->tex_h = g->job.gh;
        } else {
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, g->job.gw, g->job.gh, GL_RED, GL_FLOAT, g->L);
        }
        f->shown = *g;
        f->shown.L = NULL;
        f->shown.cap = 0;
        f->has_shown = 1;
        f->last_ms = g->ms;
        f->version++;
    }
    SDL_UnlockMutex(f->mu);
    return f->version;
}

void field_draw(Field *f, const View *v, const FieldStyle *st)
{
    if (!f->has_shown) {
        glClearColor(st->bg.r / 255.0f, st->bg.g / 255.0f, st->bg.b / 255.0f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        return;
    }
    const Rect *r = &f->shown.job.r;
    double rw = r->x1 - r->x0, rh = r->y1 - r->y0;
    /* gl_FragCoord (y up, pixel centres at .5) → world → texture uv */
    double ax = v->scale / rw, bx = (v->cx - 0.5 * v->w * v->scale - r->x0) / rw;
    double ay = v->scale / rh, by = (v->cy - 0.5 * v->h * v->scale - r->y0) / rh;
    glUseProgram(f->prog);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, f->tex);
    glUniform1i(f->u_field, 0);
    glUniform4f(f->u_map, (float)ax, (float)ay, (float)bx, (float)by);
    glUniform2f(f->u_range, f->shown.lo, f->shown.hi);
    glUniform1f(f->u_spacing, f->shown.spacing);
    glUniform1f(f->u_major, f->shown.major);
    glUniform1f(f->u_contours, st->contours);
    glUniform1i(f->u_light, st->light);
    glUniform3f(f->u_bg, st->bg.r / 255.0f, st->bg.g / 255.0f, st->bg.b / 255.0f);
    glBindVertexArray(f->vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
}
