/* view.h — which part of the plane the window shows: a centre and a scale (world units per
 * pixel, the same in x and y so that angles and conditioning look right), over w × h pixels.
 * Screen pixels have their origin at the top left, y down; the world has y up. */
#ifndef OPTIPLAY_VIEW_H
#define OPTIPLAY_VIEW_H

#include "surface.h"

typedef struct View {
    double cx, cy;   /* world point at the centre of the screen */
    double scale;    /* world units per pixel, > 0 */
    int w, h;        /* pixels */
} View;

/* The view that shows r whole and centred in w × h pixels, with a margin of `margin` (a
 * fraction of the size, e.g. 0.04). */
void view_fit(View *v, const Rect *r, int w, int h, double margin);

static inline double view_sx(const View *v, double x)
{
    return (x - v->cx) / v->scale + 0.5 * v->w;
}
static inline double view_sy(const View *v, double y)
{
    return 0.5 * v->h - (y - v->cy) / v->scale;
}
static inline double view_wx(const View *v, double sx)
{
    return v->cx + (sx - 0.5 * v->w) * v->scale;
}
static inline double view_wy(const View *v, double sy)
{
    return v->cy - (sy - 0.5 * v->h) * v->scale;
}

/* The view that shows r whole in the largest part of the w × h screen that none of the n
 * boxes (pixels: x, y, width, height; e.g. the HUD's panels) covers, with a margin of
 * `margin` of that part; r is centred in it. With no box it is view_fit. room (may be NULL)
 * gets that part, {x, y, width, height}. */
void view_fit_free(View *v, const Rect *r, int w, int h, const float (*boxes)[4], int n,
                   double margin, float room[4]);

/* Zooms by `factor` (> 1: closer) keeping the world point under pixel (sx, sy) where it is. */
void view_zoom_at(View *v, double sx, double sy, double factor);
/* Moves the picture by (dx, dy) pixels. */
void view_pan(View *v, double dx, double dy);
/* The world rectangle on screen. */
Rect view_rect(const View *v);

#endif
