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
