#include "view.h"

#include <math.h>

void view_fit(View *v, const Rect *r, int w, int h, double margin)
{
    v->w = w > 0 ? w : 1;
    v->h = h > 0 ? h : 1;
    v->cx = 0.5 * (r->x0 + r->x1);
    v->cy = 0.5 * (r->y0 + r->y1);
    double sx = (r->x1 - r->x0) / (v->w * (1 - 2 * margin));
    double sy = (r->y1 - r->y0) / (v->h * (1 - 2 * margin));
    v->scale = sx > sy ? sx : sy;
    if (!(v->scale > 0) || !isfinite(v->scale))
        v->scale = 1.0 / v->h;
}

/* Whether the open pixel rectangles (x0, y0)-(x1, y1) and box b overlap. */
static int hits(double x0, double y0, double x1, double y1, const float b[4])
{
    return x0 < b[0] + b[2] && b[0] < x1 && y0 < b[1] + b[3] && b[1] < y1;
}

void view_fit_free(View *v, const Rect *r, int w, int h, const float (*boxes)[4], int n,
                   double margin, float room[4])
{
    view_fit(v, r, w, h, margin);
    if (room) {
        room[0] = room[1] = 0;
        room[2] = (float)v->w;
        room[3] = (float)v->h;
    }
    double rw = r->x1 - r->x0, rh = r->y1 - r->y0;
    if (n <= 0 || !(rw > 0) || !(rh > 0))
        return;
    /* every rectangle whose sides lie on the screen's or a box's edges, clear of the boxes:
     * the one where r is largest (at most 17⁴ candidates) */
    enum { MAXB = 16 };
    n = n < MAXB ? n : MAXB;
    double xs0[MAXB + 1] = {0}, xs1[MAXB + 1] = {w}, ys0[MAXB + 1] = {0}, ys1[MAXB + 1] = {h};
    for (int i = 0; i < n; i++) {
        xs0[i + 1] = boxes[i][0] + boxes[i][2];
        xs1[i + 1] = boxes[i][0];
        ys0[i + 1] = boxes[i][1] + boxes[i][3];
        ys1[i + 1] = boxes[i][1];
    }
    double best = 0, bx0 = 0, by0 = 0, bx1 = w, by1 = h;
    for (int a = 0; a <= n; a++)
        for (int b = 0; b <= n; b++) {
            double x0 = xs0[a], x1 = xs1[b];
            if (!(x1 - x0 > 8) || x0 < 0 || x1 > w)
                continue;
            for (int c = 0; c <= n; c++)
                for (int d = 0; d <= n; d++) {
                    double y0 = ys0[c], y1 = ys1[d];
                    if (!(y1 - y0 > 8) || y0 < 0 || y1 > h)
                        continue;
                    double px = fmin((x1 - x0) / rw, (y1 - y0) / rh); /* pixels per unit */
                    if (px <= best)
                        continue;
                    int clear = 1;
                    for (int i = 0; i < n && clear; i++)
                        clear = !hits(x0, y0, x1, y1, boxes[i]);
                    if (clear) {
                        best = px;
                        bx0 = x0, bx1 = x1, by0 = y0, by1 = y1;
                    }
                }
        }
    if (best <= 0)
        return; /* nowhere free: the whole screen */
    if (room) {
        room[0] = (float)bx0, room[1] = (float)by0;
        room[2] = (float)(bx1 - bx0), room[3] = (float)(by1 - by0);
    }
    View part;
    view_fit(&part, r, (int)(bx1 - bx0), (int)(by1 - by0), margin);
    v->scale = part.scale;
    /* r's centre at the part's centre */
    v->cx = part.cx - (0.5 * (bx0 + bx1) - 0.5 * v->w) * v->scale;
    v->cy = part.cy + (0.5 * (by0 + by1) - 0.5 * v->h) * v->scale;
}

void view_zoom_at(View *v, double sx, double sy, double factor)
{
    double x = view_wx(v, sx), y = view_wy(v, sy);
    double s = v->scale / factor;
    /* stay where doubles still tell pixels apart, and short of overflow */
    double mag = fmax(fabs(x), fabs(y)) + 1;
    if (s < mag * 1e-13 || s > 1e12)
        return;
    v->scale = s;
    v->cx = x - (sx - 0.5 * v->w) * s;
    v->cy = y + (sy - 0.5 * v->h) * s;
}

void view_pan(View *v, double dx, double dy)
{
    v->cx -= dx * v->scale;
    v->cy += dy * v->scale;
}

Rect view_rect(const View *v)
{
    return (Rect){view_wx(v, 0), view_wy(v, v->h), view_wx(v, v->w), view_wy(v, 0)};
}
