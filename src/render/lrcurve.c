/* lrcurve.c — the learning-rate panel. Each shown racer's schedule is replayed from its spec
 * (torch's constructor, then one step per optimizer step: the race's own sched calls) over the
 * race's steps, so the whole curve shows from step 0, with a dot at the racer's step now. A
 * schedule that steps on the loss (ReduceLROnPlateau) cannot be foreseen: its curve is the lr
 * the racer has had so far. No allocation. */
#include "lrcurve.h"

#include <math.h>
#include <stdio.h>

enum { LR_COLS = 400 };

/* The racer's lr at steps 0, d, 2d, ... (n of them), replayed from its spec. */
static int replay(const Racer *rc, long steps, double *out, int n)
{
    Optim o = rc->spec.opt;
    Sched s = rc->spec.sched;
    o.lb = NULL;
    optim_reset(&o, NULL);
    sched_attach(&s, &o);
    double d = (double)steps / (n - 1);
    long t = 0;
    for (int k = 0; k < n; k++) {
        long want = (long)llround(k * d);
        for (; t < want; t++)
            sched_step(&s, &o);
        out[k] = o.lr;
    }
    return n;
}

HudBox lrcurve_draw(Hud *h, const RenFrame *f, float pad, HudBox below)
{
    const Race *r = f->race;
    const Theme *th = h->th;
    long steps = r->end > 0 ? r->end : 0;
    int any = 0;
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        if (!rc->enabled)
            continue;
        any |= rc->spec.sched.kind != NULL;
        if (rc->steps > steps)
            steps = rc->steps;
    }
    if (!any || steps < 2 || f->hpmap.loss) /* the map has that corner */
        return (HudBox){0};
    int sm = FONT_SMALL;
    float line = (float)font_height(h->font, sm);
    float pw = below.w > 0 ? below.w : fmaxf(0.27f * (float)h->w, 16 * line);
    float ph = fmaxf(0.15f * (float)h->h, 5 * line);
    float x = below.w > 0 ? below.x : (float)h->w - pad - pw;
    float y = (below.w > 0 ? below.y : (float)h->h) - pad - ph;
    batch_round_rect(h->batch, x, y, pw, ph, 6 * h->u, th->panel);
    if (h->npanels < HUD_PANELS)
        h->panels[h->npanels++] = (HudBox){x, y, pw, ph};
    font_draw(h->font, h->batch, sm, x + pad, y + 0.5f * pad,
              "learning rate \xce\xb7(t)", th->dim);
    /* the curves, and the largest lr for the scale */
    static double lr[RACE_MAX][LR_COLS];
    int n = steps + 1 < LR_COLS ? (int)steps + 1 : LR_COLS;
    double top = 0;
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        if (!rc->enabled)
            continue;
        if (sched_needs_loss(&rc->spec.sched)) {
            for (int k = 0; k < n; k++) {
                long t = (long)llround((double)k * steps / (n - 1));
                int j = rc->stride > 0 ? (int)(t / rc->stride) : 0;
                lr[i][k] = t > rc->steps ? NAN : j < rc->nhist ? rc->hist[j].lr : rc->opt.lr;
            }
        } else {
            replay(rc, steps, lr[i], n);
        }
        for (int k = 0; k < n; k++)
            if (isfinite(lr[i][k]))
                top = fmax(top, lr[i][k]);
    }
    if (!(top > 0))
        return (HudBox){x, y, pw, ph};
    char buf[64];
    snprintf(buf, sizeof buf, "%.3g", top);
    float labw = font_width(h->font, sm, buf) + 0.5f * pad;
    float x0 = x + pad + labw, x1 = x + pw - pad;
    float y0 = y + 0.6f * pad + 1.3f * line, y1 = y + ph - pad - line;
    if (x1 - x0 < 20 || y1 - y0 < 10)
        return (HudBox){x, y, pw, ph};
    font_draw(h->font, h->batch, sm, x0 - 0.4f * pad - font_width(h->font, sm, buf),
              y0 - 0.5f * line, buf, th->dim);
    font_draw(h->font, h->batch, sm, x0 - 0.4f * pad - font_width(h->font, sm, "0"),
              y1 - 0.5f * line, "0", th->dim);
    batch_line(h->batch, x0, y0, x1, y0, 1, rgba_alpha(th->edge, 0.45f));
    batch_line(h->batch, x0, y1, x1, y1, 1, th->edge);
    font_draw(h->font, h->batch, sm, x0, y1 + 0.15f * pad, "0", th->dim);
    snprintf(buf, sizeof buf, "step %ld", steps);
    font_draw(h->font, h->batch, sm, x1 - font_width(h->font, sm, buf), y1 + 0.15f * pad, buf,
              th->dim);
    batch_flush(h->batch);
    lines_begin(h->lines, 1.5f);
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        if (!rc->enabled)
            continue;
        int started = 0;
        for (int k = 0; k < n; k++) {
            if (!isfinite(lr[i][k]))
                break;
            float px = x0 + (float)k / (float)(n - 1) * (x1 - x0);
            float py = y1 - (float)(lr[i][k] / top) * (y1 - y0);
            if (!started++)
                lines_move(h->lines, px, py);
            else
                lines_to(h->lines, px, py);
        }
        lines_end(h->lines, theme_racer_in(th, r, i), (i == f->selected ? 3.0f : 2.0f) * h->u,
                  th->halo, 0);
    }
    lines_draw(h->lines, h->w, h->h);
    /* now: a dot on each curve at the racer's step (its lr now), and a line at the race's step */
    float nx = x0 + (float)((double)(r->step < steps ? r->step : steps) / steps) * (x1 - x0);
    batch_line(h->batch, nx, y0, nx, y1, 1, rgba_alpha(th->dim, 0.7f));
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        if (!rc->enabled || !isfinite(rc->opt.lr))
            continue;
        double s = rc->steps < steps ? (double)rc->steps : (double)steps;
        float px = x0 + (float)(s / steps) * (x1 - x0);
        float py = y1 - (float)(fmin(rc->opt.lr, top) / top) * (y1 - y0);
        float rad = (i == f->selected ? 5.0f : 4.0f) * h->u;
        batch_disk(h->batch, px, py, rad + 1.5f * h->u, th->halo);
        batch_disk(h->batch, px, py, rad, theme_racer_in(th, r, i));
    }
    return (HudBox){x, y, pw, ph};
}
