#include "batch.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "shader.h"

enum { CAP = 3 * 16384, RUNS = 512 };

/* Vertices drawn with one program. Fills, text and shapes each have a shader of their own: a
 * software renderer would run every branch of a shared one for every pixel. */
enum { SHAPES, FILLS, TEXT, PROGS };
typedef struct Run {
    int first, prog;
} Run;

struct Batch {
    GLuint prog[PROGS], vao, vbo;
    GLint u_size[PROGS], u_atlas;
    GLuint atlas;
    int w, h;
    int n;
    Run run[RUNS];
    int nruns;
    BatchSink sink;
    void *sink_ctx;
    const int (*clip)[4];  /* batch_clip's boxes (x0, y0, x1, y1 from the top) */
    int nclip;
    BatchVertex v[CAP];
    BatchVertex out[CAP];  /* a clipped flush's triangles in one box */
};

Batch *batch_create(Err *err)
{
    Batch *b = calloc(1, sizeof *b);
    if (!b) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    static const char *const frag[PROGS] = {"batch.frag", "solid.frag", "text.frag"};
    for (int i = 0; i < PROGS; i++) {
        b->prog[i] = shader_load("batch.vert", frag[i], err);
        if (!b->prog[i])
            goto fail;
        b->u_size[i] = glGetUniformLocation(b->prog[i], "u_size");
    }
    b->u_atlas = glGetUniformLocation(b->prog[TEXT], "u_atlas");
    glGenVertexArrays(1, &b->vao);
    glGenBuffers(1, &b->vbo);
    glBindVertexArray(b->vao);
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof b->v, NULL, GL_STREAM_DRAW);
    GLsizei st = sizeof(BatchVertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, st, (void *)offsetof(BatchVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, st, (void *)offsetof(BatchVertex, u));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, st, (void *)offsetof(BatchVertex, par));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, st, (void *)offsetof(BatchVertex, col));
    glBindVertexArray(0);
    return b;
fail:
    batch_destroy(&b);
    return NULL;
}

void batch_destroy(Batch **pb)
{
    Batch *b = *pb;
    if (!b)
        return;
    if (b->vbo)
        glDeleteBuffers(1, &b->vbo);
    if (b->vao)
        glDeleteVertexArrays(1, &b->vao);
    for (int i = 0; i < PROGS; i++)
        if (b->prog[i])
            glDeleteProgram(b->prog[i]);
    free(b);
    *pb = NULL;
}

void batch_begin(Batch *b, int w, int h, GLuint atlas)
{
    b->w = w;
    b->h = h;
    b->atlas = atlas;
    b->n = 0;
    b->nruns = 0;
}

void batch_sink(Batch *b, BatchSink sink, void *ctx)
{
    b->sink = sink;
    b->sink_ctx = ctx;
}

void batch_clip(Batch *b, const int (*box)[4], int n)
{
    b->clip = box;
    b->nclip = n;
}

/* Draws nrun runs of the GL buffer, the last one ending at vertex end. */
static void draw_runs(Batch *b, const Run *run, int nrun, int end)
{
    for (int i = 0; i < nrun; i++) {
        int last = i + 1 < nrun ? run[i + 1].first : end;
        if (last <= run[i].first)
            continue;
        glUseProgram(b->prog[run[i].prog]);
        glDrawArrays(GL_TRIANGLES, run[i].first, last - run[i].first);
    }
}

/* A clipped flush: for each box, the triangles that reach into it, scissored to it (the boxes
 * do not overlap, so each pixel is drawn once, in the batch's order). */
static void draw_clipped(Batch *b)
{
    Run run[RUNS];
    int u[4] = {b->w, b->h, 0, 0}; /* the boxes' union, the scissor left behind */
    for (int k = 0; k < b->nclip; k++) {
        const int *c = b->clip[k];
        float cx0 = (float)c[0], cy0 = (float)c[1], cx1 = (float)c[2], cy1 = (float)c[3];
        int w = 0, nrun = 0;
        for (int i = 0; i < b->nruns; i++) {
            int end = i + 1 < b->nruns ? b->run[i + 1].first : b->n, start = w;
            for (int t = b->run[i].first; t + 2 < end; t += 3) {
                const BatchVertex *v = &b->v[t];
                /* wholly left, right, above or below the box: not drawn in it */
                if ((v[0].x <= cx0 && v[1].x <= cx0 && v[2].x <= cx0) ||
                    (v[0].x >= cx1 && v[1].x >= cx1 && v[2].x >= cx1) ||
                    (v[0].y <= cy0 && v[1].y <= cy0 && v[2].y <= cy0) ||
                    (v[0].y >= cy1 && v[1].y >= cy1 && v[2].y >= cy1))
                    continue;
                memcpy(&b->out[w], v, 3 * sizeof *v);
                w += 3;
            }
            if (w > start)
                run[nrun++] = (Run){start, b->run[i].prog};
        }
        if (w == 0)
            continue;
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof *b->out * (size_t)w), b->out,
                     GL_STREAM_DRAW);
        glScissor(c[0], b->h - c[3], c[2] - c[0], c[3] - c[1]);
        draw_runs(b, run, nrun, w);
        u[0] = c[0] < u[0] ? c[0] : u[0], u[1] = c[1] < u[1] ? c[1] : u[1];
        u[2] = c[2] > u[2] ? c[2] : u[2], u[3] = c[3] > u[3] ? c[3] : u[3];
    }
    if (u[2] > u[0])
        glScissor(u[0], b->h - u[3], u[2] - u[0], u[3] - u[1]);
}

void batch_flush(Batch *b)
{
    if (b->n == 0)
        return;
    if (b->sink) {
        b->sink(b->sink_ctx, b->v, b->n);
        b->n = 0;
        b->nruns = 0;
        return;
    }
    for (int i = 0; i < PROGS; i++) {
        glUseProgram(b->prog[i]);
        glUniform2f(b->u_size[i], (float)b->w, (float)b->h);
    }
    glUniform1i(b->u_atlas, 0); /* TEXT's, in use */
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, b->atlas);
    glBindVertexArray(b->vao);
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    if (b->nclip > 0) {
        draw_clipped(b);
    } else {
        /* new storage of the size drawn, so the driver need not wait for the last draw */
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(BatchVertex) * (size_t)b->n), b->v,
                     GL_STREAM_DRAW);
        draw_runs(b, b->run, b->nruns, b->n);
    }
    glBindVertexArray(0);
    b->n = 0;
    b->nruns = 0;
}

/* Room for n vertices drawn by program prog. */
static BatchVertex *alloc(Batch *b, int n, int prog)
{
    int same = b->nruns > 0 && b->run[b->nruns - 1].prog == prog;
    if (b->n + n > CAP || (!same && b->nruns == RUNS)) {
        batch_flush(b);
        same = 0;
    }
    if (!same)
        b->run[b->nruns++] = (Run){b->n, prog};
    BatchVertex *v = b->v + b->n;
    b->n += n;
    return v;
}

BatchVertex *batch_alloc(Batch *b, int n)
{
    return alloc(b, n, SHAPES);
}

static void quad(BatchVertex *v, const BatchVertex c[4])
{
    v[0] = c[0];
    v[1] = c[1];
    v[2] = c[2];
    v[3] = c[0];
    v[4] = c[2];
    v[5] = c[3];
}

void batch_rect(Batch *b, float x, float y, float w, float h, Rgba c)
{
    if (w <= 0 || h <= 0 || c.a == 0)
        return;
    quad(alloc(b, 6, FILLS), (BatchVertex[4]){
        {x, y, 0, 0, 0, BATCH_SOLID, c},
        {x + w, y, 0, 0, 0, BATCH_SOLID, c},
        {x + w, y + h, 0, 0, 0, BATCH_SOLID, c},
        {x, y + h, 0, 0, 0, BATCH_SOLID, c},
    });
}

void batch_disk(Batch *b, float cx, float cy, float r, Rgba c)
{
    if (c.a == 0)
        return;
    float e = r + 1;
    quad(batch_alloc(b, 6), (BatchVertex[4]){
        {cx - e, cy - e, -e, -e, r, BATCH_DISK, c},
        {cx + e, cy - e, e, -e, r, BATCH_DISK, c},
        {cx + e, cy + e, e, e, r, BATCH_DISK, c},
        {cx - e, cy + e, -e, e, r, BATCH_DISK, c},
    });
}

void batch_round_rect(Batch *b, float x, float y, float w, float h, float r, Rgba c)
{
    if (r < 1 || w < 2 * r || h < 2 * r) {
        batch_rect(b, x, y, w, h, c);
        return;
    }
    /* a cross of two rectangles and four quarter disks (the disks' halves hidden under the
     * rectangles would double the alpha: clip them by drawing them in the corners only) */
    batch_rect(b, x + r, y, w - 2 * r, h, c);
    batch_rect(b, x, y + r, r, h - 2 * r, c);
    batch_rect(b, x + w - r, y + r, r, h - 2 * r, c);
    const float cx[4] = {x + r, x + w - r, x + w - r, x + r};
    const float cy[4] = {y + r, y + r, y + h - r, y + h - r};
    const float sx[4] = {-1, 1, 1, -1}, sy[4] = {-1, -1, 1, 1};
    for (int i = 0; i < 4; i++) {
        /* the corner square from the disk centre outwards */
        float x0 = cx[i], x1 = cx[i] + sx[i] * r, y0 = cy[i], y1 = cy[i] + sy[i] * r;
        quad(batch_alloc(b, 6), (BatchVertex[4]){
            {x0, y0, 0, 0, r, BATCH_DISK, c},
            {x1, y0, sx[i] * r, 0, r, BATCH_DISK, c},
            {x1, y1, sx[i] * r, sy[i] * r, r, BATCH_DISK, c},
            {x0, y1, 0, sy[i] * r, r, BATCH_DISK, c},
        });
    }
}

void batch_line(Batch *b, float x0, float y0, float x1, float y1, float width, Rgba c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-4f || c.a == 0)
        return;
    float hw = 0.5f * width, e = hw + 1;
    float tx = dx / len, ty = dy / len, nx = -ty * e, ny = tx * e;
    /* extend the ends by half the width so joined segments meet without a notch */
    x0 -= tx * hw;
    y0 -= ty * hw;
    x1 += tx * hw;
    y1 += ty * hw;
    quad(batch_alloc(b, 6), (BatchVertex[4]){
        {x0 + nx, y0 + ny, e, 0, hw, BATCH_LINE, c},
        {x1 + nx, y1 + ny, e, 0, hw, BATCH_LINE, c},
        {x1 - nx, y1 - ny, -e, 0, hw, BATCH_LINE, c},
        {x0 - nx, y0 - ny, -e, 0, hw, BATCH_LINE, c},
    });
}

void batch_arrow(Batch *b, float x0, float y0, float x1, float y1, float width, float head,
                 Rgba c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-3f)
        return;
    float tx = dx / len, ty = dy / len;
    if (head > 0.6f * len)
        head = 0.6f * len;
    batch_line(b, x0, y0, x1 - tx * width * 0.5f, y1 - ty * width * 0.5f, width, c);
    float hx = x1 - tx * head, hy = y1 - ty * head, nx = -ty * head * 0.6f, ny = tx * head * 0.6f;
    batch_line(b, x1, y1, hx + nx, hy + ny, width, c);
    batch_line(b, x1, y1, hx - nx, hy - ny, width, c);
}

void batch_glyph(Batch *b, float x, float y, float w, float h, float u0, float v0, float u1,
                 float v1, Rgba c)
{
    quad(alloc(b, 6, TEXT), (BatchVertex[4]){
        {x, y, u0, v0, 0, BATCH_TEXT, c},
        {x + w, y, u1, v0, 0, BATCH_TEXT, c},
        {x + w, y + h, u1, v1, 0, BATCH_TEXT, c},
        {x, y + h, u0, v1, 0, BATCH_TEXT, c},
    });
}
