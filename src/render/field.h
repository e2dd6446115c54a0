/* field.h — the loss surface as a picture: the loss is sampled on a CPU grid (about one
 * sample per 2 × 2 pixels) by a worker thread whenever the view or the surface changes — never
 * per frame — and shaded on the GPU (shaders/field.frag): a perceptual colormap of
 * ln(loss − base + ε) and anti-aliased contour lines at log-spaced levels.
 *
 *     field_request(f, surface, &view, 2);  // cheap when nothing changed; never blocks
 *     field_draw(f, &view, &style);         // shows the newest finished grid
 *     field_detach(f);                      // before the surface is freed: waits for the worker
 *
 * While a grid is being computed the last one is drawn where it still covers the view. */
#ifndef OPTIPLAY_FIELD_H
#define OPTIPLAY_FIELD_H

#include "batch.h"
#include "err.h"
#include "surface.h"
#include "view.h"

typedef struct FieldStyle {
    int light;       /* the light theme's colormap */
    float contours;  /* contour line opacity, 0: none */
    Rgba bg;         /* where no grid covers the screen yet */
} FieldStyle;

typedef struct Field Field;

Field *field_create(Err *err);
void field_destroy(Field **f);

/* Asks for the field of s over the view, one sample per div × div pixels. s must stay valid
 * until field_detach or the next request with another surface. */
void field_request(Field *f, const Surface *s, const View *v, int div);
/* While on (the view is being dragged), requests keep the scale of the grid shown now (how
 * loss maps to colours and contour levels), so strips drawn from later grids match what was
 * drawn before; off: each grid its own scale again. */
void field_hold(Field *f, int on);
/* The pixels of view v the shown grid covers, x0, y0, x1, y1 from the top left; returns 0 when
 * it covers none. */
int field_cover(const Field *f, const View *v, int box[4]);
/* Waits until the newest request is computed (tests, benchmarks). */
void field_wait(Field *f);
/* Whether the newest request is not yet what field_draw shows. */
int field_pending(Field *f);
/* Waits for the worker and forgets the surface; draws the background until the next grid. */
void field_detach(Field *f);
/* Milliseconds the last finished grid took to compute. */
double field_last_ms(const Field *f);

/* Takes a finished grid, if there is one, for the next draw; returns a number that changes
 * whenever what field_draw shows for a given view changes. */
int field_update(Field *f);
void field_draw(Field *f, const View *v, const FieldStyle *st);

#endif
