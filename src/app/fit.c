/* fit.c — the view's framing (fit.h). */
#include "fit.h"

#include <math.h>
#include <string.h>

/* The world box the view frames: the scene's view, else the box of every path the race takes
 * over the scene's steps (a scratch copy of the race is run; diverged racers are left out, an
 * edge marker shows them), the start and the minima near it. */
static Rect frame_box(const Play *p, const Rect *scene_view)
{
    const Rect def = p->surface.view;
    if (scene_view)
        return *scene_view;
    Rect b = {p->race.cfg.start[0], p->race.cfg.start[1], p->race.cfg.start[0],
              p->race.cfg.start[1]};
#define GROW(px, py)                                                                       \
    do {                                                                                   \
        double x_ = (px), y_ = (py);                                                       \
        if (isfinite(x_) && isfinite(y_)) {                                                \
            b.x0 = fmin(b.x0, x_), b.x1 = fmax(b.x1, x_);                                  \
            b.y0 = fmin(b.y0, y_), b.y1 = fmax(b.y1, y_);                                  \
        }                                                                                  \
    } while (0)
    Race t;
    play_race_copy(p, &t, &p->race.cfg);
    race_step(&t, play_horizon(p));
    for (int i = 0; i < t.n; i++) {
        const Racer *rc = &t.racer[i];
        if (!rc->enabled || rc->status == RACER_DIVERGED)
            continue;
        for (int j = 0; j < rc->nhist; j++)
            GROW(rc->hist[j].x, rc->hist[j].y);
        GROW(rc->x[0], rc->x[1]);
    }
    race_deinit(&t);
    /* the minima the race is about: those in the surface's own view */
    for (int m = 0; m < p->surface.nminima; m++) {
        const double *q = p->surface.minima[m];
        if (q[0] >= def.x0 && q[0] <= def.x1 && q[1] >= def.y0 && q[1] <= def.y1)
            GROW(q[0], q[1]);
    }
#undef GROW
    /* not smaller than a sixth of the surface's view (a race that hardly moves) */
    double mw = (def.x1 - def.x0) / 6, mh = (def.y1 - def.y0) / 6;
    if (b.x1 - b.x0 < mw) {
        double c = 0.5 * (b.x0 + b.x1);
        b.x0 = c - 0.5 * mw, b.x1 = c + 0.5 * mw;
    }
    if (b.y1 - b.y0 < mh) {
        double c = 0.5 * (b.y0 + b.y1);
        b.y0 = c - 0.5 * mh, b.y1 = c + 0.5 * mh;
    }
    if (!(b.x1 > b.x0) || !(b.y1 > b.y0) || !isfinite(b.x1 - b.x0) || !isfinite(b.y1 - b.y0))
        return def;
    return b;
}

void fit_frame(Fit *f, View *v, const Play *p, const Rect *scene_view, int w, int h)
{
    f->box = frame_box(p, scene_view);
    view_fit(v, &f->box, w, h, 0.04); /* the whole window until a frame is drawn */
    f->room[0] = f->room[1] = 0;
    f->room[2] = (float)w;
    f->room[3] = (float)h;
    f->touched = 0;
    f->pending = 1;
}

int fit_panels(Fit *f, View *v, float (*box)[4], int n)
{
    double sig = v->w * 7.0 + v->h * 11.0;
    for (int i = 0; i < n; i++)
        sig += (i + 1) * (box[i][0] + 2 * box[i][1] + 3 * box[i][2] + 5 * box[i][3]);
    if (!f->pending && sig == f->sig)
        return 0;
    f->sig = sig;
    if (!f->pending) { /* refit only when a panel now covers the box */
        float x0 = (float)view_sx(v, f->box.x0), x1 = (float)view_sx(v, f->box.x1);
        float y0 = (float)view_sy(v, f->box.y1), y1 = (float)view_sy(v, f->box.y0);
        int hidden = 0;
        for (int i = 0; i < n; i++)
            hidden |= x0 < box[i][0] + box[i][2] && box[i][0] < x1 && y0 < box[i][1] + box[i][3] &&
                      box[i][1] < y1;
        if (!hidden)
            return 0;
    }
    f->pending = 0;
    /* a little air between the panels and the lesson */
    float gap = 0.01f * (float)v->h;
    for (int i = 0; i < n; i++) {
        box[i][0] -= gap, box[i][1] -= gap;
        box[i][2] += 2 * gap, box[i][3] += 2 * gap;
    }
    View before = *v;
    view_fit_free(v, &f->box, v->w, v->h, (const float(*)[4])box, n, 0.04, f->room);
    return memcmp(&before, v, sizeof before) != 0;
}
