/* anatdraw.c — the anatomy of one update on screen. Every arrow of one update is drawn at one
 * gain (the sub-steps stay comparable): true size when the longest lies between 60 and 300
 * UI units, else scaled into that range, and the panel says "arrows ×k". Vectors in units of
 * g (the gradient, a moment) are drawn as the step they alone would give, −η·v. */
#include "anatdraw.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "anatomy.h"

enum { LINE = 256, MAXL = 40 };

/* Part k as a displacement of θ in world units, or 0 when it has no arrow. */
static int disp(const Anatomy *an, int k, double d[2])
{
    const AnatPart *p = &an->part[k];
    switch (p->role) {
    case ANAT_GRAD:
    case ANAT_DIR:
        d[0] = -an->lr * p->v[0];
        d[1] = -an->lr * p->v[1];
        return 1;
    case ANAT_MOVE:
        d[0] = p->v[0];
        d[1] = p->v[1];
        return 1;
    case ANAT_STEP:
        d[0] = p->v[0] - an->x[0];
        d[1] = p->v[1] - an->x[1];
        return 1;
    default: return 0;
    }
}

/* The one gain of this update's arrows (pixels per world unit over the view's). */
static double gain(const Anatomy *an, const View *v, float u)
{
    double m = 0, d[2];
    for (int k = 0; k < an->n; k++)
        if (disp(an, k, d))
            m = fmax(m, hypot(d[0], d[1]) / v->scale);
    double lo = 60 * u, hi = fmin(300 * u, 0.3 * fmin(v->w, v->h));
    if (!(m > 0) || !isfinite(m))
        return 1;
    return m < lo ? lo / m : m > hi ? hi / m : 1;
}

static void arrow(Batch *b, float x0, float y0, float x1, float y1, float w, Rgba c, const Theme *th,
                  float u)
{
    if (hypotf(x1 - x0, y1 - y0) < 2 * u) { /* too short to see: a dot where it points */
        batch_disk(b, x0, y0, 4 * u, th->halo);
        batch_disk(b, x0, y0, 2.5f * u, c);
        return;
    }
    batch_arrow(b, x0, y0, x1, y1, w + 2.5f * u, 2.5f * w + 7 * u, th->halo);
    batch_arrow(b, x0, y0, x1, y1, w, 2.5f * w + 5 * u, c);
}

/* A label beyond the tip (x, y) of an arrow from (x0, y0), on a panel, inside the frame. */
static void tag(Batch *b, Font *font, const View *v, float x, float y, float x0, float y0, const char *s,
                const Theme *th)
{
    float dx = x - x0, dy = y - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1)
        dx = 1, dy = 0, len = 1;
    float w = font_width(font, FONT_BODY, s), h = (float)font_height(font, FONT_BODY);
    float cx = x + dx / len * (0.6f * w + 8), cy = y + dy / len * (0.6f * h + 8);
    cx = fminf(fmaxf(cx, 0.5f * w + 6), (float)v->w - 0.5f * w - 6);
    cy = fminf(fmaxf(cy, 0.5f * h + 2), (float)v->h - 0.5f * h - 2);
    batch_round_rect(b, cx - 0.5f * w - 4, cy - 0.5f * h, w + 8, h, 3, th->panel);
    font_draw(font, b, FONT_BODY, cx - 0.5f * w, cy - 0.5f * h, s, th->text);
}

void anatdraw_plane(Batch *b, Font *font, const RenFrame *f, const Theme *th, float u)
{
    const Anatomy *an = f->anatomy;
    if (!an || f->cam3d.on || an->racer < 0 || an->racer >= f->race->n)
        return;
    const View *v = f->view;
    double k = gain(an, v, u), d[2];
    Rgba c = theme_racer_in(th, f->race, an->racer);
    float x = (float)view_sx(v, an->x[0]), y = (float)view_sy(v, an->x[1]);
    int s = an->shown < an->n ? an->shown : an->n - 1;
    const AnatPart *p = &an->part[s];
    /* the gradient's own step, thin, for reference on every sub-step */
    disp(an, 0, d);
    float gx = x + (float)(d[0] / v->scale * k), gy = y - (float)(d[1] / v->scale * k);
    arrow(b, x, y, gx, gy, 2 * u, th->marker, th, u);
    if (s == 0) {
        tag(b, font, v, gx, gy, x, y, "\xe2\x88\x92\xce\xb7g", th);
        return;
    }
    if (p->role == ANAT_MOVE) { /* the chain of moves so far, the last bright */
        float px = x, py = y;
        for (int j = 1; j <= s; j++) {
            if (an->part[j].role != ANAT_MOVE)
                continue;
            float qx = px + (float)(an->part[j].v[0] / v->scale * k);
            float qy = py - (float)(an->part[j].v[1] / v->scale * k);
            arrow(b, px, py, qx, qy, j == s ? 4 * u : 2.5f * u, j == s ? c : rgba_alpha(c, 0.55f),
                  th, u);
            if (j == s)
                tag(b, font, v, qx, qy, px, py, p->sym, th);
            px = qx, py = qy;
        }
        return;
    }
    if (p->role == ANAT_SCALE) {
        /* the step's direction bends away from −g: both as directions, at one length, each
         * label on its own side */
        double st[2] = {an->x_new[0] - an->x[0], an->x_new[1] - an->x[1]};
        double ls = hypot(st[0], st[1]), lg = hypot(an->g[0], an->g[1]);
        if (ls > 0 && lg > 0) {
            float L = 110 * u;
            float ax = x - (float)(an->g[0] / lg) * L, ay = y + (float)(an->g[1] / lg) * L;
            float bx = x + (float)(st[0] / ls) * L, by = y - (float)(st[1] / ls) * L;
            arrow(b, x, y, ax, ay, 2.5f * u, rgba_alpha(th->marker, 0.8f), th, u);
            arrow(b, x, y, bx, by, 4 * u, c, th, u);
            /* labels pushed apart, across the pair: −g's to its side, the step's to the other */
            float cross = (ax - x) * (by - y) - (ay - y) * (bx - x), sg = cross > 0 ? -1.f : 1.f;
            float nx = -(ay - y) / L, ny = (ax - x) / L, mx = -(by - y) / L, my = (bx - x) / L;
            float lhh = (float)font_height(font, FONT_BODY);
            tag(b, font, v, ax + sg * nx * lhh, ay + sg * ny * lhh, x, y, "\xe2\x88\x92g direction", th);
            tag(b, font, v, bx - sg * mx * lhh, by - sg * my * lhh, x, y, "step direction", th);
        }
        return;
    }
    if (!disp(an, s, d)) { /* numbers only: the last arrow before it stays, dim */
        for (int j = s - 1; j > 0; j--)
            if (an->part[j].role == ANAT_DIR && disp(an, j, d)) {
                arrow(b, x, y, x + (float)(d[0] / v->scale * k), y - (float)(d[1] / v->scale * k),
                      3 * u, rgba_alpha(c, 0.5f), th, u);
                break;
            }
        return;
    }
    float ex = x + (float)(d[0] / v->scale * k), ey = y - (float)(d[1] / v->scale * k);
    arrow(b, x, y, ex, ey, p->role == ANAT_STEP ? 5 * u : 4 * u, c, th, u);
    char lab[64];
    if (p->role == ANAT_STEP)
        snprintf(lab, sizeof lab, "\xce\x94\xce\xb8");
    else
        snprintf(lab, sizeof lab, "\xe2\x88\x92\xce\xb7%s", p->sym);
    tag(b, font, v, ex, ey, x, y, lab, th);
    if (p->role == ANAT_STEP)
        batch_disk(b, ex, ey, 4 * u, c);
}

/* --- the panel ----------------------------------------------------------------------- */

static const char *num(double v, char *buf, size_t n)
{
    char t[40];
    snprintf(t, sizeof t, "%.4g", v == 0 ? 0 : v);
    if (t[0] == '-')
        snprintf(buf, n, "\xe2\x88\x92%s", t + 1);
    else
        snprintf(buf, n, "%s", t);
    return buf;
}

/* "sym = (a, b)", "sym = a", or for a step the point θ reaches. */
static void value(const AnatPart *p, char *buf, size_t n)
{
    char a[48], c[48];
    if (p->role == ANAT_SCALAR)
        snprintf(buf, n, "%s = %s", p->sym, num(p->v[0], a, sizeof a));
    else
        snprintf(buf, n, "%s = (%s, %s)", p->sym, num(p->v[0], a, sizeof a),
                 num(p->v[1], c, sizeof c));
}

/* Greedy word wrap of s into lines of at most maxw pixels; returns how many. */
static int wrap(Font *font, int size, const char *s, float maxw, char (*out)[LINE], int max)
{
    int n = 0;
    char cur[LINE] = "";
    while (*s && n < max) {
        while (*s == ' ')
            s++;
        size_t wl = strcspn(s, " "), cl = strlen(cur), sep = cl > 0;
        bool fits = cl + sep + wl < LINE; /* in the buffer; a lone over-long word is cut */
        size_t take = fits ? wl : LINE - 1;
        char cand[LINE];
        if (fits || !cl) {
            memcpy(cand, cur, cl);
            cand[cl] = ' ';
            memcpy(cand + cl + sep, s, take);
            cand[cl + sep + take] = 0;
        }
        if (cl && (!fits || font_width(font, size, cand) > maxw)) {
            snprintf(out[n++], LINE, "%s", cur);
            cur[0] = 0;
            continue;
        }
        memcpy(cur, cand, cl + sep + take + 1);
        s += wl;
    }
    if (cur[0] && n < max)
        snprintf(out[n++], LINE, "%s", cur);
    return n;
}

/* The panel's lines for sub-step s: the head, the sub-steps before (small, one each), the
 * current (body, wrapped), its numbers, a note, the keys. Returns how many. */
static int panel_lines(Hud *h, const RenFrame *f, int s, float inner, char (*line)[LINE],
                       int *size, Rgba *col)
{
    const Anatomy *an = f->anatomy;
    const Theme *th = h->th;
    int n = 0;
    char name[128];
    ren_racer_name(f->race, an->racer, name, sizeof name);
    snprintf(line[n], LINE, "Anatomy of one update: %s, step %ld \xe2\x86\x92 %ld", name,
             an->step, an->step + 1);
    size[n] = FONT_BODY, col[n++] = th->text;
    for (int k = 0; k < s && n < MAXL - 12; k++) {
        char v[160];
        value(&an->part[k], v, sizeof v);
        snprintf(line[n], LINE, "%d/%d  %s", k + 1, an->n, v);
        size[n] = FONT_SMALL, col[n++] = th->dim;
    }
    char cap[LINE + 16];
    snprintf(cap, sizeof cap, "%d/%d  %s", s + 1, an->n, an->part[s].what);
    int m = wrap(h->font, FONT_BODY, cap, inner, line + n, 4);
    for (int k = 0; k < m; k++)
        size[n] = FONT_BODY, col[n++] = th->accent;
    char v[160];
    value(&an->part[s], v, sizeof v);
    snprintf(line[n], LINE, "      %s", v);
    size[n] = FONT_BODY, col[n++] = th->text;
    char note[LINE];
    note[0] = 0;
    if (an->generic)
        snprintf(note, sizeof note, "%s", an->generic);
    else if (an->diverges)
        snprintf(note, sizeof note, "this step leaves the finite numbers: the racer diverges here");
    if (note[0]) {
        int mm = wrap(h->font, FONT_SMALL, note, inner, line + n, 3);
        for (int k = 0; k < mm; k++)
            size[n] = FONT_SMALL, col[n++] = th->bad;
    }
    double g = gain(an, f->view, h->u);
    char arrows[80] = "";
    if (f->cam3d.on)
        snprintf(arrows, sizeof arrows, "arrows on the plane (D)  \xc2\xb7  ");
    else if (fabs(g - 1) > 1e-3)
        snprintf(arrows, sizeof arrows, "arrows \xc3\x97%.3g (vectors as \xe2\x88\x92\xce\xb7\xc2\xb7v)  \xc2\xb7  ", g);
    else
        snprintf(arrows, sizeof arrows, "arrows true size  \xc2\xb7  ");
    char keys[LINE];
    snprintf(keys, sizeof keys, "%sY: %s  \xc2\xb7  Esc: leave, the race unchanged", arrows,
             s + 1 < an->n ? "next" : "take this step, the race goes on");
    int mk = wrap(h->font, FONT_SMALL, keys, inner, line + n, 2);
    for (int k = 0; k < mk; k++)
        size[n] = FONT_SMALL, col[n++] = th->dim;
    return n;
}

HudBox anatdraw_panel(Hud *h, const RenFrame *f, float pad, float maxw)
{
    const Anatomy *an = f->anatomy;
    if (!an || an->n < 1 || an->racer < 0 || an->racer >= f->race->n)
        return (HudBox){0};
    int s = an->shown < an->n ? an->shown : an->n - 1;
    float lb = (float)font_height(h->font, FONT_BODY), ls = (float)font_height(h->font, FONT_SMALL);
    float inner = fminf(maxw, 44 * lb) - 2 * pad;
    char line[MAXL][LINE];
    int size[MAXL], n = 0;
    Rgba col[MAXL];
    /* one size for every sub-step of the update: paging through it never moves the panel
     * (nor the view fitted around it) */
    float w = 0, hh = 0;
    for (int k = 0; k < an->n; k++) {
        n = panel_lines(h, f, k, inner, line, size, col);
        float kh = 0;
        for (int j = 0; j < n; j++) {
            w = fmaxf(w, font_width(h->font, size[j], line[j]));
            kh += size[j] == FONT_BODY ? lb : ls;
        }
        hh = fmaxf(hh, kh);
    }
    n = panel_lines(h, f, s, inner, line, size, col);
    w = fminf(w, inner);
    float pw = w + 2 * pad, ph = hh + 1.6f * pad;
    float x = pad, y = (float)h->h - pad - ph;
    batch_round_rect(h->batch, x, y, pw, ph, 6 * h->u, h->th->panel);
    if (h->npanels < HUD_PANELS)
        h->panels[h->npanels++] = (HudBox){x, y, pw, ph};
    float cy = y + 0.8f * pad;
    for (int k = 0; k < n; k++) {
        font_draw(h->font, h->batch, size[k], x + pad, cy, line[k], col[k]);
        cy += size[k] == FONT_BODY ? lb : ls;
    }
    return (HudBox){x, y, pw, ph};
}
