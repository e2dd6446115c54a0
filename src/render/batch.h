/* batch.h — the 2-D batch: panels, text quads, disks and anti-aliased line quads in pixels
 * (origin top-left), gathered into one preallocated vertex buffer and drawn in order.
 *
 *     batch_begin(b, w, h);
 *     batch_rect(b, 10, 10, 100, 20, c); batch_line(b, ...); font_draw(f, b, ...);
 *     batch_flush(b);   // before drawing anything else with GL (lines, the field)
 *
 * Drawing never allocates: a full buffer is flushed and refilled. */
#ifndef OPTIPLAY_BATCH_H
#define OPTIPLAY_BATCH_H

#include <epoxy/gl.h>
#include <stdint.h>

#include "err.h"

typedef struct Rgba {
    uint8_t r, g, b, a;
} Rgba;

enum { BATCH_SOLID, BATCH_TEXT, BATCH_DISK, BATCH_LINE };

typedef struct BatchVertex {
    float x, y;   /* pixels */
    float u, v;   /* atlas uv (text), offset from the centre (disk), distance across (line) */
    float par;    /* radius (disk) or half width (line), pixels */
    float kind;   /* BATCH_* */
    Rgba col;
} BatchVertex;

typedef struct Batch Batch;

Batch *batch_create(Err *err);
void batch_destroy(Batch **b);

/* Starts a frame of w × h pixels; the atlas texture (GL_R8) is used by text vertices. */
void batch_begin(Batch *b, int w, int h, GLuint atlas);
void batch_flush(Batch *b);
/* A dry run: while sink is set, flushes hand the vertices (n, whole triangles) to it instead
 * of drawing them (NULL: draw again). */
typedef void (*BatchSink)(void *ctx, const BatchVertex *v, int n);
void batch_sink(Batch *b, BatchSink sink, void *ctx);
/* Flushes draw only inside the n boxes (x0, y0, x1, y1 pixels from the top, not overlapping
 * one another; the array is borrowed until the next call; n 0: everywhere): each box gets the
 * triangles that reach into it, scissored to it (the scissor test must be on; it is left at
 * the boxes' union). */
void batch_clip(Batch *b, const int (*box)[4], int n);

/* Room for n shape vertices (disks, lines; n ≤ 3 × 4096), flushing first when full. */
BatchVertex *batch_alloc(Batch *b, int n);

void batch_rect(Batch *b, float x, float y, float w, float h, Rgba c);
/* A rectangle with rounded corners of radius r. */
void batch_round_rect(Batch *b, float x, float y, float w, float h, float r, Rgba c);
void batch_disk(Batch *b, float cx, float cy, float r, Rgba c);
/* An anti-aliased line of the given width (pixels) with square-ish caps. */
void batch_line(Batch *b, float x0, float y0, float x1, float y1, float width, Rgba c);
/* An arrow from (x0, y0) to (x1, y1) with a chevron head of the given size. */
void batch_arrow(Batch *b, float x0, float y0, float x1, float y1, float width, float head,
                 Rgba c);
/* A textured quad (atlas uv) for text. */
void batch_glyph(Batch *b, float x, float y, float w, float h, float u0, float v0, float u1,
                 float v1, Rgba c);

static inline Rgba rgba_alpha(Rgba c, float a)
{
    c.a = (uint8_t)(c.a * (a < 0 ? 0 : a > 1 ? 1 : a) + 0.5f);
    return c;
}

#endif
