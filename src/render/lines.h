/* lines.h — anti-aliased polylines (trails, loss curves) as triangle strips with miter joins,
 * each with an optional halo (a wider line drawn underneath, so it stands out on any field).
 *
 *     lines_begin(l, 0.75);  // min_step, pixels
 *     lines_move(l, x, y); lines_to(l, x, y) ...; lines_end(l, colour, width, halo, halo_w);
 *     lines_draw(l, w, h);   // all halos first, then all lines, in the order they were ended
 *
 * Points closer than `min_step` pixels to the last kept one are dropped, so a 10,000-point
 * trail costs what its length on screen costs. Buffers grow to the largest frame seen and are
 * then reused: a steady frame does not allocate. */
#ifndef OPTIPLAY_LINES_H
#define OPTIPLAY_LINES_H

#include "batch.h"
#include "err.h"

typedef struct Lines Lines;

Lines *lines_create(Err *err);
void lines_destroy(Lines **l);

void lines_begin(Lines *l, float min_step);
void lines_move(Lines *l, float x, float y);
void lines_to(Lines *l, float x, float y);
/* Ends the current polyline; width and halo_w in pixels (halo_w 0: no halo). */
void lines_end(Lines *l, Rgba c, float width, Rgba halo, float halo_w);
void lines_draw(Lines *l, int w, int h);
/* Draws only inside the n boxes from now on, as batch_clip does (n 0: everywhere). */
void lines_clip(Lines *l, const int (*box)[4], int n);
/* The last two points of the polyline last ended (pixels; the same point twice when it had
 * one): xy = {x₋₂, y₋₂, x₋₁, y₋₁}. Returns 0, or -1 when it had none. */
int lines_tail(const Lines *l, float xy[4]);

#endif
