#include "lines.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "shader.h"

enum { MAX_STRIPS = 256 };

typedef struct LineVertex {
    float x, y, mx, my, side;
} LineVertex;

typedef struct Strip {
    int first, count;
    Rgba c, halo;
    float width, halo_w;
    float box[4];            /* what it covers, x0, y0, x1, y1 pixels from the top */
} Strip;

struct Lines {
    GLuint prog, vao, vbo;
    GLint u_size, u_hw, u_col;
    float tail[4];           /* the last two points of the polyline last ended */
    int has_last;
    float min_step;
    float pend[2];           /* the last point dropped as too close; kept if it ends the line */
    int has_pend;
    float *pt;               /* the current polyline's kept points, x y pairs */
    int npt, pt_cap;
    LineVertex *v;
    int nv, v_cap;
    Strip strip[MAX_STRIPS];
    int nstrips;
    int failed;              /* out of memory this frame: draw what fits */
    const int (*clip)[4];    /* lines_clip's boxes */
    int nclip;
};

Lines *lines_create(Err *err)
{
    Lines *l = calloc(1, sizeof *l);
    if (!l) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    l->prog = shader_load("lines.vert", "lines.frag", err);
    if (!l->prog)
        goto fail;
    l->u_size = glGetUniformLocation(l->prog, "u_size");
    l->u_hw = glGetUniformLocation(l->prog, "u_hw");
    l->u_col = glGetUniformLocation(l->prog, "u_col");
    glGenVertexArrays(1, &l->vao);
    glGenBuffers(1, &l->vbo);
    glBindVertexArray(l->vao);
    glBindBuffer(GL_ARRAY_BUFFER, l->vbo);
    GLsizei st = sizeof(LineVertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, st, (void *)offsetof(LineVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, st, (void *)offsetof(LineVertex, mx));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, st, (void *)offsetof(LineVertex, side));
    glBindVertexArray(0);
    return l;
fail:
    lines_destroy(&l);
    return NULL;
}

void lines_destroy(Lines **pl)
{
    Lines *l = *pl;
    if (!l)
        return;
    if (l->vbo)
        glDeleteBuffers(1, &l->vbo);
    if (l->vao)
        glDeleteVertexArrays(1, &l->vao);
    if (l->prog)
        glDeleteProgram(l->prog);
    free(l->pt);
    free(l->v);
    free(l);
    *pl = NULL;
}

void lines_begin(Lines *l, float min_step)
{
    l->min_step = min_step;
    l->nv = 0;
    l->nstrips = 0;
    l->npt = 0;
    l->failed = 0;
}

static int grow(void **p, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return 0;
    int n = *cap ? *cap : 1024;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, (size_t)n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static void append(Lines *l, float x, float y)
{
    if (grow((void **)&l->pt, &l->pt_cap, 2 * (l->npt + 1), sizeof(float)) < 0) {
        l->failed = 1;
        return;
    }
    l->pt[2 * l->npt] = x;
    l->pt[2 * l->npt + 1] = y;
    l->npt++;
}

void lines_move(Lines *l, float x, float y)
{
    l->npt = 0;
    l->has_pend = 0;
    lines_to(l, x, y);
}

void lines_to(Lines *l, float x, float y)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    /* far outside the screen (a diverged racer, deep zoom) clamp: the line there is invisible */
    x = fminf(fmaxf(x, -1e8f), 1e8f);
    y = fminf(fmaxf(y, -1e8f), 1e8f);
    if (l->npt > 0) {
        float dx = x - l->pt[2 * l->npt - 2], dy = y - l->pt[2 * l->npt - 1];
        if (dx * dx + dy * dy < l->min_step * l->min_step) {
            l->pend[0] = x; /* dropped, unless it turns out to be the last point */
            l->pend[1] = y;
            l->has_pend = 1;
            return;
        }
    }
    l->has_pend = 0;
    append(l, x, y);
}

/* Unit normal of the segment a→b, or 0 when it has no length. */
static int normal(const float *a, const float *b, float n[2])
{
    float dx = b[0] - a[0], dy = b[1] - a[1], len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-6f)
        return 0;
    n[0] = -dy / len;
    n[1] = dx / len;
    return 1;
}

void lines_end(Lines *l, Rgba c, float width, Rgba halo, float halo_w)
{
    if (l->has_pend) {
        l->has_pend = 0;
        append(l, l->pend[0], l->pend[1]);
    }
    int n = l->npt;
    l->npt = 0;
    l->has_last = n > 0;
    if (n > 0) {
        int k = n > 1 ? n - 2 : 0;
        l->tail[0] = l->pt[2 * k];
        l->tail[1] = l->pt[2 * k + 1];
        l->tail[2] = l->pt[2 * n - 2];
        l->tail[3] = l->pt[2 * n - 1];
    }
    if (n < 2 || l->nstrips >= MAX_STRIPS)
        return;
    if (grow((void **)&l->v, &l->v_cap, l->nv + 2 * n, sizeof(LineVertex)) < 0) {
        l->failed = 1;
        return;
    }
    const float *p = l->pt;
    LineVertex *v = l->v + l->nv;
    float prev[2] = {0, 1};
    normal(p, p + 2, prev);
    for (int i = 0; i < n; i++) {
        float n0[2] = {prev[0], prev[1]}, n1[2] = {prev[0], prev[1]};
        if (i + 1 < n && normal(p + 2 * i, p + 2 * i + 2, n1))
            prev[0] = n1[0], prev[1] = n1[1];
        else
            n1[0] = n0[0], n1[1] = n0[1];
        /* the miter: the mean normal, lengthened by 1/cos of half the turn (at most 2×, so a
         * sharp zig-zag bevels instead of spiking) */
        float mx = n0[0] + n1[0], my = n0[1] + n1[1], ml = sqrtf(mx * mx + my * my);
        if (ml < 1e-3f) {
            mx = n1[0];
            my = n1[1];
        } else {
            mx /= ml;
            my /= ml;
            float cs = mx * n1[0] + my * n1[1];
            float k = 1.0f / fmaxf(cs, 0.5f);
            mx *= k;
            my *= k;
        }
        v[2 * i] = (LineVertex){p[2 * i], p[2 * i + 1], mx, my, -1};
        v[2 * i + 1] = (LineVertex){p[2 * i], p[2 * i + 1], mx, my, 1};
    }
    /* the miter reaches twice the half width out, the edge's smoothing a pixel more */
    float m = fmaxf(width, halo_w) + 2, box[4] = {p[0], p[1], p[0], p[1]};
    for (int i = 1; i < n; i++) {
        box[0] = fminf(box[0], p[2 * i]), box[1] = fminf(box[1], p[2 * i + 1]);
        box[2] = fmaxf(box[2], p[2 * i]), box[3] = fmaxf(box[3], p[2 * i + 1]);
    }
    l->strip[l->nstrips++] = (Strip){l->nv, 2 * n, c, halo, width, halo_w,
                                     {box[0] - m, box[1] - m, box[2] + m, box[3] + m}};
    l->nv += 2 * n;
}

void lines_clip(Lines *l, const int (*box)[4], int n)
{
    l->clip = box;
    l->nclip = n;
}

int lines_tail(const Lines *l, float xy[4])
{
    if (!l->has_last)
        return -1;
    memcpy(xy, l->tail, sizeof l->tail);
    return 0;
}

void lines_draw(Lines *l, int w, int h)
{
    if (l->nstrips == 0)
        return;
    glUseProgram(l->prog);
    glUniform2f(l->u_size, (float)w, (float)h);
    glBindVertexArray(l->vao);
    glBindBuffer(GL_ARRAY_BUFFER, l->vbo);
    /* new storage of the size drawn, so the driver need not wait for the last draw (not of
     * the largest size seen: a software renderer allocates and clears what it is asked for) */
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(LineVertex) * (size_t)l->nv), l->v,
                 GL_STREAM_DRAW);
    /* clipped: each box on its own, scissored to it, with the strips that reach into it */
    int u[4] = {w, h, 0, 0};
    for (int k = 0; k < (l->nclip ? l->nclip : 1); k++) {
        const int *b = l->nclip ? l->clip[k] : NULL;
        int set = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < l->nstrips; i++) {
                const Strip *s = &l->strip[i];
                Rgba c = pass ? s->c : s->halo;
                float width = pass ? s->width : s->halo_w;
                if (width <= 0 || c.a == 0)
                    continue;
                if (b && (s->box[2] <= (float)b[0] || s->box[0] >= (float)b[2] ||
                          s->box[3] <= (float)b[1] || s->box[1] >= (float)b[3]))
                    continue;
                if (b && !set++) {
                    glScissor(b[0], h - b[3], b[2] - b[0], b[3] - b[1]);
                    u[0] = b[0] < u[0] ? b[0] : u[0], u[1] = b[1] < u[1] ? b[1] : u[1];
                    u[2] = b[2] > u[2] ? b[2] : u[2], u[3] = b[3] > u[3] ? b[3] : u[3];
                }
                glUniform1f(l->u_hw, 0.5f * width);
                glUniform4f(l->u_col, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
                glDrawArrays(GL_TRIANGLE_STRIP, s->first, s->count);
            }
        }
    }
    if (u[2] > u[0])
        glScissor(u[0], h - u[3], u[2] - u[0], u[3] - u[1]);
    glBindVertexArray(0);
}
