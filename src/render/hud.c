/* hud.c — panels and text. Layout: title and caption top left, legend top right, update rule
 * bottom left, loss plot bottom right, messages between them; stopped racers labelled where
 * they stopped. Everything is measured from the body text size, so it scales with the window
 * and with the lecture size. No allocation: text goes through stack buffers. */
#include "hud.h"
#include "anatdraw.h"
#include "rule.h"
#include "lrcurve.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "swarm.h"

enum { LINE = 256, WRAP = 4 };

/* --- small helpers --------------------------------------------------------------------- */

static float text(Hud *h, int size, float x, float y, const char *s, Rgba c)
{
    return font_draw(h->font, h->batch, size, x, y, s, c);
}

static float tw(Hud *h, int size, const char *s)
{
    return font_width(h->font, size, s);
}

static float lh(Hud *h, int size)
{
    return (float)font_height(h->font, size);
}

static void panel(Hud *h, float x, float y, float w, float hh)
{
    batch_round_rect(h->batch, x, y, w, hh, 6 * h->u, h->th->panel);
    if (h->npanels < HUD_PANELS)
        h->panels[h->npanels++] = (HudBox){x, y, w, hh};
}

/* Length of the UTF-8 sequence starting with byte c. */
static int u8len(unsigned char c)
{
    return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}

/* Copies s into out (s may be out), cut with "…" so that it fits maxw pixels and n bytes. */
static void fit(Hud *h, int size, const char *s, float maxw, char *out, size_t n)
{
    size_t len = strlen(s);
    int whole = len < n;
    if (!whole) /* cut to the buffer: the loop below steps back to a whole character */
        len = n - 1;
    memmove(out, s, len);
    out[len] = 0;
    if (whole && tw(h, size, out) <= maxw)
        return;
    while (len > 0) {
        /* step back one whole UTF-8 character */
        do
            len--;
        while (len > 0 && ((unsigned char)out[len] & 0xC0) == 0x80);
        if (len + 4 > n)
            continue;
        memcpy(out + len, "\xe2\x80\xa6", 4); /* … and the NUL */
        if (tw(h, size, out) <= maxw)
            return;
    }
}

/* Splits s into at most WRAP lines of at most maxw pixels at spaces; returns the count. */
static int wrap(Hud *h, int size, const char *s, float maxw, char lines[WRAP][LINE])
{
    int n = 0;
    char cur[LINE] = "";
    while (*s && n < WRAP) {
        while (*s == ' ')
            s++;
        size_t wl = 0;
        while (s[wl] && s[wl] != ' ' && s[wl] != '\n')
            wl += (size_t)u8len((unsigned char)s[wl]);
        /* cand = cur + " " + the word, cut to the buffer */
        char cand[LINE];
        size_t cl = strlen(cur);
        memcpy(cand, cur, cl);
        if (cl && cl + 1 < LINE)
            cand[cl++] = ' ';
        size_t take = wl < LINE - 1 - cl ? wl : LINE - 1 - cl;
        memcpy(cand + cl, s, take);
        cand[cl + take] = 0;
        if (cur[0] && tw(h, size, cand) > maxw) {
            snprintf(lines[n++], LINE, "%s", cur);
            cur[0] = 0;
            continue; /* the word again, on a fresh line */
        }
        snprintf(cur, sizeof cur, "%s", cand);
        s += wl;
        if (*s == '\n') {
            snprintf(lines[n++], LINE, "%s", cur);
            cur[0] = 0;
            s++;
        }
    }
    if (cur[0] && n < WRAP)
        snprintf(lines[n++], LINE, "%s", cur);
    if (n == WRAP && *s) { /* more than fits: the last line ends with … */
        char more[LINE + 8];
        snprintf(more, sizeof more, "%s \xe2\x80\xa6", lines[n - 1]);
        fit(h, size, more, maxw, lines[n - 1], LINE);
    }
    return n;
}

/* A number for people: 3 significant digits and a real minus sign. */
static const char *num(double v, char *buf, size_t n)
{
    char t[40];
    if (v == 0)
        v = 0; /* no "-0" */
    snprintf(t, sizeof t, "%.3g", v);
    if (t[0] == '-')
        snprintf(buf, n, "\xe2\x88\x92%s", t + 1);
    else
        snprintf(buf, n, "%s", t);
    return buf;
}

static const char *vec(const double v[2], char *buf, size_t n)
{
    char a[48], b[48];
    snprintf(buf, n, "(%s, %s)", num(v[0], a, sizeof a), num(v[1], b, sizeof b));
    return buf;
}

static const char *ordinal(int k)
{
    int t = k % 100;
    return t >= 11 && t <= 13 ? "th" : k % 10 == 1 ? "st" : k % 10 == 2 ? "nd" : k % 10 == 3 ? "rd" : "th";
}

/* "10⁻³": ten to a whole power, with superscript digits. */
static void pow10_label(int e, char *buf, size_t n)
{
    static const char *const sup[10] = {"\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3",
                                        "\xe2\x81\xb4", "\xe2\x81\xb5", "\xe2\x81\xb6",
                                        "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9"};
    char digits[16];
    snprintf(digits, sizeof digits, "%d", e < 0 ? -e : e);
    int len = snprintf(buf, n, "10%s", e < 0 ? "\xe2\x81\xbb" : "");
    for (const char *d = digits; *d && len < (int)n; d++)
        len += snprintf(buf + len, n - (size_t)len, "%s", sup[*d - '0']);
}

static void swatch(Hud *h, float x, float y, float w, Rgba c)
{
    batch_line(h->batch, x, y, x + w, y, 2.5f * h->u, c);
    batch_disk(h->batch, x + 0.5f * w, y, 4.5f * h->u, c);
}

/* The loss the plot and the legend talk about: above the global minimum when it is known. */
static double plot_base(const Race *r)
{
    double fmin = r->surface->fmin;
    return isfinite(fmin) ? fmin : 0;
}

/* --- legend ------------------------------------------------------------------------------ */

/* The spec's label, and the mini-batch size where it matters (a data surface). */
static void racer_label(const Race *r, int i, char *buf, size_t n)
{
    const Racer *rc = &r->racer[i];
    int len = spec_label(&rc->spec, buf, n);
    int b = rc->batch > 0 ? rc->batch : r->cfg.batch;
    if (r->surface->n > 0 && b > 0 && len >= 0 && (size_t)len < n)
        snprintf(buf + len, n - (size_t)len, " batch=%d", b);
    /* racers that differ only by their noise told apart: its variance (the seeds' η) */
    double sigma = rc->noise > 0 ? rc->noise : r->cfg.noise;
    len = (int)strlen(buf);
    if (sigma > 0 && (size_t)len < n)
        snprintf(buf + len, n - (size_t)len, " noise \xcf\x83\xc2\xb2=%.3g", sigma * sigma);
}

static void status_text(const Racer *rc, char *buf, size_t n, Rgba *c, const Theme *th)
{
    *c = th->dim;
    buf[0] = 0;
    if (!rc->enabled) {
        snprintf(buf, n, "off");
    } else if (rc->status == RACER_DIVERGED) {
        snprintf(buf, n, "\xe2\x9c\x97 diverged, step %ld", rc->status_step);
        *c = th->bad;
    } else if (rc->finish && rc->rank == 0) {
        snprintf(buf, n, "stalled, step %ld", rc->finish); /* not the global minimum */
    } else if (rc->finish) {
        snprintf(buf, n, "\xe2\x9c\x93 %d%s, step %ld", rc->rank, ordinal(rc->rank), rc->finish);
        *c = th->good;
    }
}


/* A racer's step count; a kind that evaluates the loss several times a step (LBFGS) adds how
 * many evaluations it made in all. */
static void step_text(const Racer *rc, char *buf, size_t size)
{
    if (rc->opt.kind && rc->opt.kind->needs_fn)
        snprintf(buf, size, "%ld (%ld evals)", rc->steps, rc->opt.st.evals);
    else
        snprintf(buf, size, "%ld", rc->steps);
}
static HudBox legend(Hud *h, const RenFrame *f, float pad)
{
    const Race *r = f->race;
    const Theme *th = h->th;
    float rowh = lh(h, FONT_BODY) + 2 * h->u;
    float keyw = tw(h, FONT_SMALL, "9") + 6 * h->u, swr = 26 * h->u;
    float maxlabel = 0.30f * (float)h->w;
    /* the loss column as wide as any number it shows, so the panel holds still */
    float labw = 0, lossw = fmaxf(tw(h, FONT_SMALL, "loss \xe2\x88\x92 f*"),
                                 tw(h, FONT_BODY, "\xe2\x88\x92" "8.88e-88")), statw = 0;
    char buf[LINE], lab[LINE];
    Rgba c;
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        racer_label(r, i, buf, sizeof buf);
        fit(h, FONT_BODY, buf, maxlabel, lab, sizeof lab);
        labw = fmaxf(labw, tw(h, FONT_BODY, lab));
        status_text(rc, buf, sizeof buf, &c, th);
        statw = fmaxf(statw, tw(h, FONT_SMALL, buf));
    }
    float gap = 0.8f * lh(h, FONT_SMALL);
    /* the step column: as wide as five digits (or the race's step beyond), so the panel holds
     * still as the steps count up */
    snprintf(buf, sizeof buf, "%ld", r->step > 99999 ? r->step : 99999L);
    float stepw = fmaxf(tw(h, FONT_SMALL, "step"), tw(h, FONT_SMALL, buf));
    for (int i = 0; i < r->n; i++) {
        step_text(&r->racer[i], buf, sizeof buf);
        stepw = fmaxf(stepw, tw(h, FONT_SMALL, buf));
    }
    float inner = keyw + swr + gap + labw + gap + lossw + gap + stepw + (statw > 0 ? gap + statw : 0);
    float sw = tw(h, FONT_SMALL, f->status ? f->status : "");
    float pw = fmaxf(inner, sw) + 2 * pad;
    float ph = pad + lh(h, FONT_SMALL) * 1.35f + r->n * rowh + pad * 0.7f;
    float x = (float)h->w - pad - pw, y = pad;
    panel(h, x, y, pw, ph);
    float cx = x + pad, cy = y + pad * 0.8f;
    /* the status line, and the loss column's name where the status leaves room */
    float lossx = cx + keyw + swr + gap + labw + gap;
    const char *lossname = plot_base(r) != 0 ? "loss \xe2\x88\x92 f*" : "loss";
    float stepx = lossx + lossw + gap;
    float endx = f->status ? text(h, FONT_SMALL, cx, cy, f->status, th->dim) : cx;
    if (endx + gap < lossx + lossw - tw(h, FONT_SMALL, lossname)) {
        text(h, FONT_SMALL, lossx + lossw - tw(h, FONT_SMALL, lossname), cy, lossname, th->dim);
        text(h, FONT_SMALL, stepx + stepw - tw(h, FONT_SMALL, "step"), cy, "step", th->dim);
    }
    cy += lh(h, FONT_SMALL) * 1.35f;
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        Rgba col = theme_racer_in(th, f->race, i), tc = th->text;
        if (!rc->enabled)
            col = tc = th->dim;
        if (i == f->selected)
            batch_round_rect(h->batch, x + 3 * h->u, cy - 1 * h->u, pw - 6 * h->u, rowh,
                             4 * h->u, rgba_alpha(th->accent, 0.22f));
        h->rows[i] = (HudBox){x, cy - h->u, pw, rowh};
        if (i < 9) {
            snprintf(buf, sizeof buf, "%d", i + 1);
            text(h, FONT_SMALL, cx, cy + 0.5f * (rowh - lh(h, FONT_SMALL)) - h->u, buf,
                 i == f->selected ? th->accent : th->dim);
        }
        swatch(h, cx + keyw, cy + 0.5f * rowh - h->u, swr - 6 * h->u, col);
        racer_label(r, i, buf, sizeof buf);
        fit(h, FONT_BODY, buf, maxlabel, lab, sizeof lab);
        text(h, FONT_BODY, cx + keyw + swr + gap, cy, lab, tc);
        num(rc->loss - plot_base(r), buf, sizeof buf);
        text(h, FONT_BODY, lossx + lossw - tw(h, FONT_BODY, buf), cy, buf, tc);
        float sy = cy + 0.5f * (rowh - lh(h, FONT_SMALL)) - h->u;
        step_text(rc, buf, sizeof buf);
        text(h, FONT_SMALL, stepx + stepw - tw(h, FONT_SMALL, buf), sy, buf, th->dim);
        status_text(rc, buf, sizeof buf, &c, th);
        if (buf[0])
            text(h, FONT_SMALL, stepx + stepw + gap, sy, buf, c);
        cy += rowh;
    }
    return (HudBox){x, y, pw, ph};
}

/* --- title and caption ------------------------------------------------------------------- */

static void title(Hud *h, const RenFrame *f, float pad, float maxw)
{
    const char *caption = f->caption ? f->caption : f->scene ? f->scene->caption : "";
    if (!f->scene || (!f->scene->title[0] && !caption[0]))
        return;
    const Theme *th = h->th;
    char t[WRAP][LINE], lines[WRAP][LINE];
    if (maxw < 6 * lh(h, FONT_BODY))
        return; /* no room left of the legend */
    /* the title on up to two lines (a long one ends with …), the caption below it */
    int nt = wrap(h, FONT_TITLE, f->scene->title, maxw - 2 * pad, t);
    if (nt > 2) {
        char two[2 * LINE + 8];
        snprintf(two, sizeof two, "%s \xe2\x80\xa6", t[1]);
        fit(h, FONT_TITLE, two, maxw - 2 * pad, t[1], LINE);
        nt = 2;
    }
    int n = wrap(h, FONT_BODY, caption, maxw - 2 * pad, lines);
    float w = 0;
    for (int i = 0; i < nt; i++)
        w = fmaxf(w, tw(h, FONT_TITLE, t[i]));
    for (int i = 0; i < n; i++)
        w = fmaxf(w, tw(h, FONT_BODY, lines[i]));
    float hh = nt * lh(h, FONT_TITLE) + n * lh(h, FONT_BODY);
    panel(h, pad, pad, w + 2 * pad, hh + 1.6f * pad);
    float y = pad + 0.8f * pad;
    for (int i = 0; i < nt; i++) {
        text(h, FONT_TITLE, 2 * pad, y, t[i], th->text);
        y += lh(h, FONT_TITLE);
    }
    for (int i = 0; i < n; i++, y += lh(h, FONT_BODY))
        text(h, FONT_BODY, 2 * pad, y, lines[i], th->dim);
}

/* --- loss plot --------------------------------------------------------------------------- */

static HudBox plot(Hud *h, const RenFrame *f, float pad)
{
    const Race *r = f->race;
    const Theme *th = h->th;
    float pw = fmaxf(0.27f * (float)h->w, 16 * lh(h, FONT_SMALL));
    float ph = fmaxf(0.26f * (float)h->h, 8 * lh(h, FONT_SMALL));
    pw = fminf(pw, 0.45f * (float)h->w);
    float x = (float)h->w - pad - pw, y = (float)h->h - pad - ph;
    panel(h, x, y, pw, ph);
    h->lined |= h->npanels < HUD_PANELS ? 1u << (h->npanels - 1) : 1u << 31; /* the curves */
    double base = plot_base(r);
    /* log scale of loss − base; a linear one when some loss is not above it (a surface with
     * no known minimum that goes below 0) */
    int logy = 1;
    double ylo = INFINITY, yhi = -INFINITY, lmin = INFINITY, lmax = -INFINITY;
    long smax = 10;
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        if (!rc->enabled)
            continue;
        if (rc->steps > smax)
            smax = rc->steps;
        int k = rc->nhist / 512 + 1;
        for (int j = 0; j <= rc->nhist; j += k) {
            double L = j < rc->nhist ? rc->hist[j].loss : rc->loss;
            if (!isfinite(L))
                continue;
            lmin = fmin(lmin, L);
            lmax = fmax(lmax, L);
            double d = L - base;
            if (d > 0) {
                ylo = fmin(ylo, log10(d));
                yhi = fmax(yhi, log10(d));
            }
        }
    }
    if (lmin - base <= 0 && !isfinite(r->surface->fmin))
        logy = 0;
    char buf[LINE];
    const char *name = !logy ? "loss" : base != 0 ? "loss \xe2\x88\x92 f*  (log scale)" : "loss  (log scale)";
    text(h, FONT_SMALL, x + pad, y + 0.5f * pad, name, th->dim);
    if (!logy) {
        ylo = lmin;
        yhi = lmax;
    }
    if (!(yhi >= ylo))
        return (HudBox){x, y, pw, ph};
    double tick = 1; /* linear: a 1-2-5 step giving 3 to 6 ticks */
    if (logy) {
        ylo = floor(fmax(ylo, yhi - 16));
        yhi = ceil(yhi);
        if (yhi - ylo < 1)
            yhi = ylo + 1;
        tick = ceil((yhi - ylo) / 5);
    } else {
        if (yhi - ylo < 1e-12 * fmax(1, fabs(yhi))) {
            yhi += 0.5 * fmax(1e-12, fabs(yhi));
            ylo -= 0.5 * fmax(1e-12, fabs(ylo));
        }
        double raw = (yhi - ylo) / 4, e = pow(10, floor(log10(raw)));
        tick = raw / e < 1.5 ? e : raw / e < 3.5 ? 2 * e : raw / e < 7.5 ? 5 * e : 10 * e;
        ylo = floor(ylo / tick) * tick;
        yhi = ceil(yhi / tick) * tick;
    }
    float labw = logy ? tw(h, FONT_SMALL, "10\xe2\x81\xbb\xc2\xb9\xe2\x81\xb0") : 0;
    if (!logy)
        for (double t = ylo; t <= yhi + 0.5 * tick; t += tick)
            labw = fmaxf(labw, tw(h, FONT_SMALL, num(fabs(t) < 1e-9 * tick ? 0 : t, buf, sizeof buf)));
    labw += 0.5f * pad;
    float x0 = x + pad + labw, x1 = x + pw - pad;
    float y0 = y + 0.6f * pad + lh(h, FONT_SMALL) * 1.3f, y1 = y + ph - pad - lh(h, FONT_SMALL);
    if (x1 - x0 < 20 || y1 - y0 < 20)
        return (HudBox){x, y, pw, ph};
    /* grid lines: decades (log) or ticks (linear), at most 6 labelled */
    int nt = (int)floor((yhi - ylo) / (logy ? 1 : tick) + 0.5);
    int every = logy ? (int)tick : 1;
    for (int k = 0; k <= nt; k++) {
        double t = ylo + k * (logy ? 1 : tick);
        float py = y1 - (float)((t - ylo) / (yhi - ylo)) * (y1 - y0);
        batch_line(h->batch, x0, py, x1, py, 1, rgba_alpha(th->edge, 0.45f));
        if (k % every)
            continue;
        if (logy)
            pow10_label((int)t, buf, sizeof buf);
        else
            num(fabs(t) < 1e-9 * tick ? 0 : t, buf, sizeof buf);
        text(h, FONT_SMALL, x0 - 0.4f * pad - tw(h, FONT_SMALL, buf), py - 0.5f * lh(h, FONT_SMALL),
             buf, th->dim);
    }
    batch_line(h->batch, x0, y1, x1, y1, 1, th->edge);
    text(h, FONT_SMALL, x0, y1 + 0.15f * pad, "0", th->dim);
    snprintf(buf, sizeof buf, "step %ld", smax);
    text(h, FONT_SMALL, x1 - tw(h, FONT_SMALL, buf), y1 + 0.15f * pad, buf, th->dim);
    /* the curves: drawn over the panel, so the panel goes out first */
    batch_flush(h->batch);
    if (h->dry)
        return (HudBox){x, y, pw, ph};
    lines_begin(h->lines, 1.5f);
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        if (!rc->enabled || rc->nhist == 0)
            continue;
        /* about one sample per pixel column */
        int k = (int)((float)rc->nhist / (x1 - x0)) + 1;
        for (int j = 0;;) { /* j == nhist: the racer's point now */
            double L = j < rc->nhist ? rc->hist[j].loss : rc->loss;
            double s = j < rc->nhist ? (double)j * rc->stride : (double)rc->steps;
            double d = L - base;
            double e = !logy ? L : d > 0 && isfinite(d) ? log10(d) : ylo;
            e = isfinite(e) ? fmin(fmax(e, ylo), yhi) : yhi;
            float px = x0 + (float)(s / (double)smax) * (x1 - x0);
            float py = y1 - (float)((e - ylo) / (yhi - ylo)) * (y1 - y0);
            if (j == 0)
                lines_move(h->lines, px, py);
            else
                lines_to(h->lines, px, py);
            if (j == rc->nhist)
                break;
            j = j + k < rc->nhist ? j + k : rc->nhist;
        }
        Rgba c = theme_racer_in(th, f->race, i);
        lines_end(h->lines, c, (i == f->selected ? 3.0f : 2.0f) * h->u, th->halo, 0);
    }
    lines_draw(h->lines, h->w, h->h);
    return (HudBox){x, y, pw, ph};
}

/* --- update rule ------------------------------------------------------------------------- */

enum { ITEMS = RULE_VALUES + 3 };

/* The selected racer's numbers, one string each, named as in its rule (rule.c); with tmpl,
 * every number is the widest one can be, so the layout made from them holds still while the
 * numbers change. */
static int rule_items(const Racer *rc, int tmpl, char item[ITEMS][LINE])
{
    const OptimState *st = &rc->opt.st;
    const char *eta = "\xce\xb7";
    double eff[2] = {0, 0};
    for (int i = 0; i < 2; i++)
        if (fabs(rc->g[i]) > 1e-300 && rc->steps > 0)
            eff[i] = -st->step[i] / rc->g[i];
    char a[96];
    const char *wide = "(\xe2\x88\x92" "8.88e-88, \xe2\x88\x92" "8.88e-88)";
#define VEC(v) (tmpl ? wide : vec((v), a, sizeof a))
    int n = 0;
    snprintf(item[n++], LINE, "%s = %s%s", eta, tmpl ? "8.88e-88" : num(rc->opt.lr, a, sizeof a),
             rc->sched.kind ? " (after the schedule)" : "");
    snprintf(item[n++], LINE, "g = %s", VEC(rc->g));
    RuleValue val[RULE_VALUES];
    int nv = rule_values(rc, val);
    for (int i = 0; i < nv && n < ITEMS - 2; i++)
        snprintf(item[n++], LINE, "%.30s = %.200s", val[i].name,
                 val[i].scalar ? (tmpl ? "8.88e-88" : num(val[i].v[0], a, sizeof a))
                               : VEC(val[i].v));
    snprintf(item[n++], LINE, "\xce\x94\xce\xb8 = %s  (the last step)", VEC(st->step));
    snprintf(item[n++], LINE, "\xce\x94\xce\xb8 / (\xe2\x88\x92g) = %s  (the effective %s per coordinate)",
             VEC(eff), eta);
#undef VEC
    return n;
}

static HudBox rule(Hud *h, const RenFrame *f, float pad, float maxw)
{
    const Race *r = f->race;
    const Theme *th = h->th;
    if (f->selected < 0 || f->selected >= r->n)
        return (HudBox){0};
    const Racer *rc = &r->racer[f->selected];
    const OptimKind *k = rc->opt.kind;
    enum { MAXL = 16 };
    char lines[MAXL][LINE];
    int n = 0, note = 0, first_note = MAXL;
    /* the rule as torch computes it, only its active options (rule.c), wrapped to the panel;
     * a last line may say where the notes write it otherwise */
    char rl[RULE_LINES][RULE_LINE];
    int nr = rule_lines(rc, rl, &note);
    for (int j = 0; j < nr && n < MAXL; j++) {
        char wl[WRAP][LINE];
        int is_note = note && j == nr - 1;
        if (is_note)
            first_note = n;
        int m = wrap(h, is_note ? FONT_SMALL : FONT_BODY, rl[j], maxw - 2 * pad, wl);
        for (int i = 0; i < m && n < MAXL; i++)
            snprintf(lines[n++], LINE, "%s%.240s", i ? "    " : "", wl[i]);
    }
    /* the numbers now, two to a line where their widest forms fit */
    char item[ITEMS][LINE], tmpl[ITEMS][LINE];
    int ni = rule_items(rc, 0, item);
    rule_items(rc, 1, tmpl);
    float gap = 1.5f * lh(h, FONT_SMALL), iw[ITEMS], col = 0; /* col: the second column's x */
    int first[ITEMS], second[ITEMS], nl = 0;
    for (int i = 0; i < ni; i++)
        iw[i] = tw(h, FONT_SMALL, tmpl[i]);
    for (int i = 0; i < ni; i++) {
        float c = nl > 0 ? fmaxf(col, iw[first[nl - 1]] + gap) : 0;
        if (nl > 0 && second[nl - 1] < 0 && c + iw[i] <= maxw - 2 * pad) {
            second[nl - 1] = i;
            col = c;
            continue;
        }
        first[nl] = i;
        second[nl++] = -1;
    }
    char head[LINE];
    snprintf(head, sizeof head, "%s%s", rc->opt.la_k > 0 ? "Lookahead " : "", k->name);
    float w = tw(h, FONT_BODY, head) + tw(h, FONT_SMALL, "   update rule") + 30 * h->u;
    for (int i = 0; i < n; i++) {
        char cut[LINE];
        int font = i >= first_note ? FONT_SMALL : FONT_BODY;
        fit(h, font, lines[i], maxw - 2 * pad, cut, sizeof cut);
        snprintf(lines[i], LINE, "%s", cut);
        w = fmaxf(w, tw(h, font, lines[i]));
    }
    for (int i = 0; i < nl; i++)
        w = fminf(fmaxf(w, second[i] >= 0 ? col + iw[second[i]] : iw[first[i]]), maxw - 2 * pad);
    int nb = n < first_note ? n : first_note; /* the rule's lines; the note's are small */
    float hh = lh(h, FONT_BODY) * 1.25f + nb * lh(h, FONT_BODY) + (n - nb) * lh(h, FONT_SMALL) +
               0.4f * pad + nl * lh(h, FONT_SMALL);
    float pw = w + 2 * pad, ph = hh + 1.6f * pad;
    float x = pad, y = (float)h->h - pad - ph;
    panel(h, x, y, pw, ph);
    float cx = x + pad, cy = y + 0.8f * pad;
    swatch(h, cx, cy + 0.5f * lh(h, FONT_BODY), 22 * h->u, theme_racer_in(th, f->race, f->selected));
    float tx = text(h, FONT_BODY, cx + 30 * h->u, cy, head, th->text);
    text(h, FONT_SMALL, tx, cy + lh(h, FONT_BODY) - lh(h, FONT_SMALL), "   update rule", th->dim);
    cy += lh(h, FONT_BODY) * 1.25f;
    for (int i = 0; i < n; i++) {
        int small = i >= first_note;
        text(h, small ? FONT_SMALL : FONT_BODY, cx, cy, lines[i], small ? th->dim : th->text);
        cy += lh(h, small ? FONT_SMALL : FONT_BODY);
    }
    batch_line(h->batch, cx, cy + 0.2f * pad, x + pw - pad, cy + 0.2f * pad, 1,
               rgba_alpha(th->edge, 0.6f));
    cy += 0.4f * pad;
    for (int i = 0; i < nl; i++, cy += lh(h, FONT_SMALL)) {
        char cut[LINE];
        fit(h, FONT_SMALL, item[first[i]], w, cut, sizeof cut);
        text(h, FONT_SMALL, cx, cy, cut, th->dim);
        if (second[i] >= 0)
            text(h, FONT_SMALL, cx + col, cy, item[second[i]], th->dim);
    }
    return (HudBox){x, y, pw, ph};
}

/* --- labels where racers stopped ----------------------------------------------------------- */

static int overlaps(const HudBox *a, const HudBox *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Drawn after the panels, placed clear of them and of each other: to the right of the racer's
 * dot, else to its left, else below or above, else stacked. */
static void labels(Hud *h, const RenFrame *f)
{
    const Race *r = f->race;
    const View *v = f->view;
    const Theme *th = h->th;
    HudBox placed[RACE_MAX + HUD_PANELS];
    int np = 0;
    for (int i = 0; i < h->npanels; i++)
        placed[np++] = h->panels[i];
    float lhs = lh(h, FONT_SMALL), pad = 0.35f * lhs;
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        if (!rc->enabled || (rc->status != RACER_DIVERGED && !rc->finish))
            continue;
        char buf[LINE], name[128];
        ren_racer_name(r, i, name, sizeof name); /* unique: told apart without colour */
        if (rc->status == RACER_DIVERGED)
            snprintf(buf, sizeof buf, "%d %s diverged at step %ld", i + 1, name,
                     rc->status_step);
        else if (rc->rank == 0)
            snprintf(buf, sizeof buf, "%d %s stalled at step %ld (not the global minimum)",
                     i + 1, name, rc->finish);
        else
            snprintf(buf, sizeof buf, "%d %s converged at step %ld (%d%s)", i + 1, name,
                     rc->finish, rc->rank, ordinal(rc->rank));
        float bw = tw(h, FONT_SMALL, buf) + 2 * pad + 14 * h->u, bh = lhs + 0.6f * pad;
        float dx = (float)view_sx(v, rc->x[0]), dy = (float)view_sy(v, rc->x[1]);
        float gap = 12 * h->u;
        const float cand[4][2] = {{dx + gap, dy - 0.5f * bh}, {dx - gap - bw, dy - 0.5f * bh},
                                  {dx - 0.5f * bw, dy + gap}, {dx - 0.5f * bw, dy - gap - bh}};
        HudBox box = {0, 0, bw, bh};
        int ok = 0;
        for (int c = 0; c < 5 + 4 * 40 && !ok; c++) {
            /* the right side stacked up to 2 rows either way (labels of racers that finished
             * together read as a list), then each side shifted by rows: 0, +1, −1, +2, ... */
            int side = c < 5 ? 0 : (c - 5) % 4, k = c < 5 ? c : (c - 5) / 4;
            int rows = (k + 1) / 2 * (k % 2 ? 1 : -1);
            box.x = cand[side][0];
            box.y = cand[side][1] + (float)rows * (bh + 2 * h->u);
            /* keep it on screen (a diverged racer may have stopped far away) */
            box.x = fminf(fmaxf(box.x, 4), (float)h->w - bw - 4);
            box.y = fminf(fmaxf(box.y, 4), (float)h->h - bh - 4);
            ok = 1;
            for (int j = 0; j < np && ok; j++)
                ok = !overlaps(&box, &placed[j]);
        }
        if (!ok) { /* nowhere free: right of the dot, over whatever is there */
            box.x = fminf(fmaxf(cand[0][0], 4), (float)h->w - bw - 4);
            box.y = fminf(fmaxf(cand[0][1], 4), (float)h->h - bh - 4);
        }
        if (np < RACE_MAX + HUD_PANELS)
            placed[np++] = box;
        batch_round_rect(h->batch, box.x, box.y, bw, bh, 4 * h->u, th->panel);
        batch_disk(h->batch, box.x + pad + 4 * h->u, box.y + 0.5f * bh, 4 * h->u, theme_racer_in(th, f->race, i));
        text(h, FONT_SMALL, box.x + pad + 14 * h->u, box.y + 0.3f * pad, buf,
             rc->status == RACER_DIVERGED ? th->bad : th->text);
    }
}

/* --- messages, help, picker ------------------------------------------------------------------ */

static void messages(Hud *h, const RenFrame *f, float pad, HudBox left, HudBox right)
{
    float lb = lh(h, FONT_BODY), y = (float)h->h - pad;
    float x0 = left.w > 0 ? left.x + left.w + pad : pad;
    float x1 = right.w > 0 ? right.x - pad : (float)h->w - pad;
    float widest = 0;
    int font = FONT_BODY;
    for (int k = 0; k < 2; k++, font = FONT_SMALL) { /* the small text where the body's is
                                                       * too wide to stay between the panels */
        widest = 0;
        for (int i = 0; i < REN_MSGS; i++)
            if (f->msgs.text[i] && f->msgs.alpha[i] > 0)
                widest = fmaxf(widest, tw(h, font, f->msgs.text[i]) + 2 * pad);
        if (widest <= x1 - x0)
            break;
    }
    if (font != FONT_BODY && widest > x1 - x0)
        font = FONT_BODY;
    lb = lh(h, font);
    if (widest == 0)
        return;
    int most = REN_MSGS;
    if (widest > x1 - x0) { /* no room between the panels: above them, the newest only (over
                             * the race: as little of it as can be) */
        most = 1;
        x0 = pad;
        x1 = (float)h->w - pad;
        float top = fminf(left.w > 0 ? left.y : (float)h->h, right.w > 0 ? right.y : (float)h->h);
        y = top - pad;
    }
    for (int i = 0; i < most; i++) {
        if (!f->msgs.text[i] || f->msgs.alpha[i] <= 0)
            continue;
        float a = f->msgs.alpha[i];
        float w = tw(h, font, f->msgs.text[i]) + 2 * pad, hh = lb + 0.8f * pad;
        float x = 0.5f * (x0 + x1 - w);
        y -= hh;
        batch_round_rect(h->batch, x, y, w, hh, 0.5f * hh, rgba_alpha(h->th->panel, a));
        text(h, font, x + pad, y + 0.4f * pad, f->msgs.text[i],
             rgba_alpha(i == 0 ? h->th->text : h->th->dim, a));
        y -= 0.4f * pad;
    }
}

/* The help overlay's text size and columns: body text if the keys fit the window in up to 3
 * columns, else the small text. Returns the height it needs. */
typedef struct HelpSize {
    int fs, ncols;
    float rowh, keyw, whatw, colw, gap;
} HelpSize;

static float help_size(Hud *h, const RenFrame *f, float pad, HelpSize *z)
{
    z->fs = FONT_BODY;
    z->gap = 2.5f * pad;
    for (;;) {
        z->rowh = lh(h, z->fs) * 1.1f;
        z->keyw = z->whatw = 0;
        for (int i = 0; i < f->help.n; i++) {
            const char *s = f->help.rows[i], *tab = strchr(s, '\t');
            if (!tab)
                continue;
            char k[LINE];
            snprintf(k, sizeof k, "%.*s", (int)(tab - s), s);
            z->keyw = fmaxf(z->keyw, tw(h, z->fs, k));
            z->whatw = fmaxf(z->whatw, tw(h, z->fs, tab + 1));
        }
        z->colw = z->keyw + pad + z->whatw;
        /* as many columns as fit across (at most 3), each starting at a group where it can */
        z->ncols = 1;
        while (z->ncols < 3 && (z->ncols + 1) * z->colw + z->ncols * z->gap + 2 * pad < 0.94f * h->w &&
               (float)f->help.n / z->ncols * z->rowh > 0.45f * h->h)
            z->ncols++;
        /* a column may start up to 5 rows later, at a group */
        float need = lh(h, FONT_TITLE) * 1.5f + ((float)f->help.n / z->ncols + 7) * z->rowh +
                     lh(h, FONT_SMALL) + 2.5f * pad;
        if (need <= h->h || z->fs == FONT_SMALL)
            return need;
        z->fs = FONT_SMALL;
    }
}

float hud_help_scale(Hud *h, const RenFrame *f)
{
    HelpSize z;
    float need = help_size(h, f, 0.7f * lh(h, FONT_SMALL), &z);
    return need > h->h ? (float)h->h / need : 1;
}

static void help(Hud *h, const RenFrame *f, float pad)
{
    const Theme *th = h->th;
    batch_rect(h->batch, 0, 0, (float)h->w, (float)h->h, rgba_alpha(th->bg, 0.6f));
    HelpSize z;
    help_size(h, f, pad, &z);
    int fs = z.fs, ncols = z.ncols;
    float rowh = z.rowh, keyw = z.keyw, colw = z.colw, gap = z.gap;
    enum { MAXC = 3 };
    int start[MAXC + 1] = {0};
    for (int c = 1; c < ncols; c++) {
        int target = c * f->help.n / ncols, best = target;
        for (int d = 0; d <= 5; d++) {
            if (target - d > start[c - 1] && f->help.rows[target - d][0] == '#') {
                best = target - d;
                break;
            }
            if (target + d < f->help.n && f->help.rows[target + d][0] == '#') {
                best = target + d;
                break;
            }
        }
        start[c] = best;
    }
    start[ncols] = f->help.n;
    int per = 0;
    for (int c = 0; c < ncols; c++)
        per = start[c + 1] - start[c] > per ? start[c + 1] - start[c] : per;
    float titleh = lh(h, FONT_TITLE) * 1.5f;
    float pw = ncols * colw + (ncols - 1) * gap + 2 * pad;
    float ph = titleh + (float)per * rowh + lh(h, FONT_SMALL) + 2.5f * pad;
    float x = 0.5f * ((float)h->w - pw), y = fmaxf(0.5f * ((float)h->h - ph), 0);
    Rgba bgc = th->panel;
    bgc.a = 245; /* nearly opaque: the HUD behind must not show through the keys */
    batch_round_rect(h->batch, x, y, pw, ph, 6 * h->u, bgc);
    if (h->npanels < HUD_PANELS)
        h->panels[h->npanels++] = (HudBox){x, y, pw, ph};
    text(h, FONT_TITLE, x + pad, y + pad, "optiplay \xe2\x80\x94 keys and mouse", th->text);
    for (int c = 0; c < ncols; c++)
        for (int i = start[c]; i < start[c + 1]; i++) {
            float cx = x + pad + c * (colw + gap), cy = y + pad + titleh + (i - start[c]) * rowh;
            const char *s = f->help.rows[i], *tab = strchr(s, '\t');
            if (s[0] == '#') {
                text(h, FONT_SMALL, cx, cy + rowh - lh(h, FONT_SMALL) * 1.15f, s + 1, th->accent);
                continue;
            }
            if (!tab)
                continue;
            char k[LINE];
            snprintf(k, sizeof k, "%.*s", (int)(tab - s), s);
            text(h, fs, cx, cy, k, th->text);
            text(h, fs, cx + keyw + pad, cy, tab + 1, th->dim);
        }
    const char *close = "H, F1 or Esc closes this";
    text(h, FONT_SMALL, x + pw - pad - tw(h, FONT_SMALL, close), y + ph - pad - lh(h, FONT_SMALL),
         close, th->dim);
}

static void picker(Hud *h, const RenFrame *f, float pad)
{
    const Theme *th = h->th;
    float rowh = lh(h, FONT_BODY) * 1.15f, w = tw(h, FONT_TITLE, "Add a racer");
    const char *hint = "\xe2\x86\x91 \xe2\x86\x93 choose   Enter adds   Esc closes";
    w = fmaxf(w, tw(h, FONT_SMALL, hint));
    for (int i = 0; i < f->picker.n; i++)
        w = fmaxf(w, tw(h, FONT_BODY, f->picker.items[i]) + 2 * pad);
    float pw = w + 2 * pad;
    float ph = lh(h, FONT_TITLE) * 1.3f + f->picker.n * rowh + lh(h, FONT_SMALL) + 2.5f * pad;
    float x = 0.5f * ((float)h->w - pw), y = 0.5f * ((float)h->h - ph);
    Rgba bgc = th->panel;
    bgc.a = 245;
    batch_round_rect(h->batch, x, y, pw, ph, 6 * h->u, bgc);
    text(h, FONT_TITLE, x + pad, y + pad, "Add a racer", th->text);
    float cy = y + pad + lh(h, FONT_TITLE) * 1.3f;
    for (int i = 0; i < f->picker.n; i++, cy += rowh) {
        if (i == f->picker.sel)
            batch_round_rect(h->batch, x + 0.5f * pad, cy - 0.05f * rowh, pw - pad, rowh,
                             4 * h->u, rgba_alpha(th->accent, 0.3f));
        text(h, FONT_BODY, x + pad, cy, f->picker.items[i],
             i == f->picker.sel ? th->text : th->dim);
    }
    text(h, FONT_SMALL, x + pad, cy + 0.5f * pad, hint, th->dim);
}

/* --- timeline and text field ------------------------------------------------------------ */

/* A thin bar along the bottom edge: where the race is in [0, timeline_end]. */
static void timeline(Hud *h, const RenFrame *f)
{
    if (f->timeline_end <= 0)
        return;
    const Theme *th = h->th;
    float bh = fmaxf(3, 4 * h->u), y = (float)h->h - bh;
    double t = (double)f->race->step / (double)f->timeline_end;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    batch_rect(h->batch, 0, y, (float)h->w, bh, rgba_alpha(th->edge, 0.6f));
    batch_rect(h->batch, 0, y, (float)(t * h->w), bh, th->accent);
}

/* The one-line text field: prompt, text and caret; the error below, with a caret under its
 * column. */
static void edit_field(Hud *h, const RenFrame *f, float pad)
{
    const Theme *th = h->th;
    const char *prompt = f->edit.prompt ? f->edit.prompt : "";
    float lb = lh(h, FONT_BODY), gap = 0.5f * lb;
    float pw = fminf((float)h->w - 4 * pad, 60 * lb);
    int err = f->edit.err && f->edit.err[0];
    float ph = pad * 1.6f + lb * (err ? 3.2f : 1.0f) + lh(h, FONT_SMALL) * 1.3f;
    float x = 0.5f * ((float)h->w - pw), y = 0.3f * (float)h->h;
    panel(h, x, y, pw, ph);
    float cx = x + pad, cy = y + 0.8f * pad;
    float tx = text(h, FONT_BODY, cx, cy, prompt, th->dim) + gap;
    /* the part of the text that fits the panel, scrolled to keep the caret in it */
    char shown[1024];
    size_t n = strnlen(f->edit.text, sizeof shown - 1);
    size_t caret = f->edit.caret > 0 ? (size_t)f->edit.caret : 0;
    caret = caret < n ? caret : n;
    float avail = x + pw - pad - tx;
    size_t b = 0, e = n;
    for (;;) { /* the first byte: the caret's left part fits */
        memcpy(shown, f->edit.text + b, caret - b);
        shown[caret - b] = 0;
        if (b >= caret || tw(h, FONT_BODY, shown) <= avail)
            break;
        do
            b++;
        while (b < caret && ((unsigned char)f->edit.text[b] & 0xc0) == 0x80);
    }
    for (;;) { /* the last byte: the rest fits */
        memcpy(shown, f->edit.text + b, e - b);
        shown[e - b] = 0;
        if (e <= caret || tw(h, FONT_BODY, shown) <= avail)
            break;
        do
            e--;
        while (e > caret && ((unsigned char)f->edit.text[e] & 0xc0) == 0x80);
    }
    if (f->edit.selected && shown[0]) /* the text as opened: typing replaces it */
        batch_rect(h->batch, tx, cy, tw(h, FONT_BODY, shown), lb, rgba_alpha(th->accent, 0.35f));
    text(h, FONT_BODY, tx, cy, shown, th->text);
    shown[caret - b] = 0;
    batch_rect(h->batch, tx + tw(h, FONT_BODY, shown), cy, 2 * h->u, lb, th->accent); /* caret */
    cy += lb * 1.1f;
    if (err) {
        size_t col = f->edit.err_col > 0 ? (size_t)f->edit.err_col - 1 : 0;
        if (f->edit.err_col > 0 && col >= b && col <= e) { /* under its column, when shown */
            memcpy(shown, f->edit.text + b, col - b);
            shown[col - b] = 0;
            text(h, FONT_BODY, tx + tw(h, FONT_BODY, shown), cy, "^", th->bad);
        }
        cy += lb * 1.05f;
        char line[LINE];
        fit(h, FONT_BODY, f->edit.err, pw - 2 * pad, line, sizeof line);
        text(h, FONT_BODY, cx, cy, line, th->bad);
        cy += lb * 1.1f;
    }
    text(h, FONT_SMALL, cx, cy + 0.2f * pad,
         strncmp(f->edit.prompt ? f->edit.prompt : "f(", "f(", 2)
             ? "a spec as in a training script  \xc2\xb7  Enter: apply  \xc2\xb7  Esc: cancel"
             : "an expression in x and y  \xc2\xb7  Enter: apply  \xc2\xb7  Esc: cancel",
         th->dim);
}

/* --- hyperparameter map ------------------------------------------------------------------ */

/* viridis (theme.h) as a colour, t clamped to 0 … 1 */
static Rgba viridis(double t)
{
    double c[3];
    theme_viridis(t < 0 ? 0 : t > 1 ? 1 : t, c);
    uint8_t v[3];
    for (int k = 0; k < 3; k++) {
        double y = c[k] < 0 ? 0 : c[k] > 1 ? 1 : c[k];
        v[k] = (uint8_t)(y * 255 + 0.5);
    }
    return (Rgba){v[0], v[1], v[2], 255};
}

/* --- basin map key ------------------------------------------------------------------------ */

/* Chosen for distance (in RGB) from both themes' racer colours, the field's colormap in both
 * themes, and the greys of "diverged" and "still moving"; tests/test_instruments.c checks it. */
static const Rgba basin_hues[] = {
    {255, 0, 255, 255}, {0, 255, 0, 255},   {255, 0, 85, 255},
    {0, 0, 255, 255},   {126, 0, 216, 255}, {255, 148, 127, 255},
};
enum { BASIN_HUES = sizeof basin_hues / sizeof basin_hues[0] };

Rgba hud_basin_colour(const Theme *th, int c)
{
    if (c >= 0) /* more opaque on the pale light field, which would wash a hue out */
        return rgba_alpha(basin_hues[c % BASIN_HUES], th->light ? 0.7f : 0.55f);
    if (c == SWARM_BASIN_DIVERGED)
        return (Rgba){128, 128, 128, 170};
    if (c == SWARM_BASIN_PENDING)
        return (Rgba){0, 0, 0, 0};
    return (Rgba){20, 20, 20, 130}; /* still moving, or settled beyond the named classes */
}

/* The key of the basin map, on the left: a swatch and the point for each class the map shows
 * ("minimum (3, 2)", "local min (…)"), then "diverged" and "still moving". */
static void basin_key(Hud *h, const RenFrame *f, float pad)
{
    const Theme *th = h->th;
    int n = f->basin.w * f->basin.h;
    if (!f->basin.cls || n <= 0)
        return;
    int seen[SWARM_BASIN_MAXCLASS + 4] = {0};
    for (int c = 0; c < n; c++) {
        int k = f->basin.cls[c];
        if (k >= 0 && k < SWARM_BASIN_MAXCLASS)
            seen[k] = 1;
        else if (k < 0 && k > SWARM_BASIN_PENDING)
            seen[SWARM_BASIN_MAXCLASS - k] = 1; /* −1..−3 → MAXCLASS+1..+3 */
    }
    enum { ROWS = 12 };
    char rows[ROWS][LINE];
    int cls[ROWS], nr = 0;
    for (int k = 0; k < f->basin.nclass && k < SWARM_BASIN_MAXCLASS && nr < ROWS - 3; k++) {
        if (!seen[k] || !f->basin.pt)
            continue;
        snprintf(rows[nr], LINE, "%s (%.3g, %.3g)", k < f->basin.nknown ? "minimum" : "local min",
                 f->basin.pt[k][0], f->basin.pt[k][1]);
        cls[nr++] = k;
    }
    static const struct { int c; const char *what; } other[] = {
        {SWARM_BASIN_DIVERGED, "diverged"},
        {SWARM_BASIN_MOVING, "still moving"},
        {SWARM_BASIN_OTHER, "settled elsewhere"},
    };
    for (int i = 0; i < 3; i++)
        if (seen[SWARM_BASIN_MAXCLASS - other[i].c] || other[i].c == SWARM_BASIN_DIVERGED ||
            other[i].c == SWARM_BASIN_MOVING) {
            snprintf(rows[nr], LINE, "%s", other[i].what);
            cls[nr++] = other[i].c;
        }
    float ls = lh(h, FONT_SMALL), sw = ls;
    float w = tw(h, FONT_SMALL, "basin: where a start ends");
    for (int i = 0; i < nr; i++)
        w = fmaxf(w, sw + 0.5f * ls + tw(h, FONT_SMALL, rows[i]));
    float pw = w + 2 * pad, ph = (float)(nr + 1) * ls * 1.15f + 1.4f * pad;
    float x = pad, y = -1;
    /* on the left, the first place from the middle outwards that no other panel takes */
    for (int k = 0; k < 80 && y < 0; k++) {
        float cy = 0.5f * ((float)h->h - ph) + (k % 2 ? 1.0f : -1.0f) * (float)((k + 1) / 2) * ls;
        int free = cy >= pad && cy + ph <= (float)h->h - pad;
        for (int i = 0; i < h->npanels && free; i++) {
            const HudBox *b = &h->panels[i];
            free = !(x < b->x + b->w + pad && b->x < x + pw + pad && cy < b->y + b->h + pad &&
                     b->y < cy + ph + pad);
        }
        if (free)
            y = cy;
    }
    if (y < 0)
        return; /* no room: the map speaks for itself (the message names it) */
    panel(h, x, y, pw, ph);
    float ty = y + 0.7f * pad;
    text(h, FONT_SMALL, x + pad, ty, "basin: where a start ends", th->dim);
    for (int i = 0; i < nr; i++) {
        ty += 1.15f * ls;
        Rgba c = hud_basin_colour(th, cls[i]);
        c.a = 255; /* the swatch as the hue reads on the map's darkest and lightest field */
        batch_rect(h->batch, x + pad, ty + 0.1f * ls, sw, 0.8f * ls, th->halo);
        batch_rect(h->batch, x + pad + h->u, ty + 0.1f * ls + h->u, sw - 2 * h->u,
                   0.8f * ls - 2 * h->u, c);
        text(h, FONT_SMALL, x + pad + sw + 0.5f * ls, ty, rows[i], th->text);
    }
}

/* Where v lies between a and b on a log scale (of v itself, or of 1 − v when log1m). */
static double log_frac(double v, double a, double b, int log1m)
{
    if (log1m) {
        v = 1 - v;
        a = 1 - a;
        b = 1 - b;
    }
    if (!(v > 0) || !(a > 0) || !(b > 0) || a == b)
        return NAN;
    return (log(v) - log(a)) / (log(b) - log(a));
}

/* The panel on the right, between the legend and the loss plot: lr across, the knob up,
 * colour the log loss after the map's steps (viridis, dark = low), diverged cells grey, the
 * racer's setting marked. */
static void hpmap(Hud *h, const RenFrame *f, float pad, float top, float bottom)
{
    const Theme *th = h->th;
    int w = f->hpmap.w, hh = f->hpmap.h;
    if (w <= 0 || hh <= 0)
        return;
    float ls = lh(h, FONT_SMALL);
    float labw = fmaxf(tw(h, FONT_SMALL, "0.9999"),
                       f->hpmap.knob ? tw(h, FONT_SMALL, f->hpmap.knob) : 0) + 0.5f * ls;
    /* with the colour bar when it fits, else the map alone (a small window) */
    int bar = 1;
    float g = fminf(0.30f * (float)h->h, bottom - top - 3.2f * pad - 4.8f * ls);
    if (g < 4 * ls) {
        bar = 0;
        g = fminf(0.30f * (float)h->h, bottom - top - 2 * pad - 2.6f * ls);
    }
    g = fminf(g, 0.4f * (float)h->w);
    if (g < 4 * ls)
        return;
    float cw = g / (float)w, ch = hh > 1 ? g / (float)hh : fminf(g, 2 * ls);
    float gh = ch * (float)hh;
    char buf[LINE], lab[LINE];
    const char *title = f->hpmap.title ? f->hpmap.title : "";
    float pw = fmaxf(labw + g, fminf(tw(h, FONT_SMALL, title), 0.4f * (float)h->w)) + 2 * pad;
    float ph = pad + 1.3f * ls + gh + 1.3f * ls + (bar ? 2.2f * ls : 0) + 0.6f * pad;
    float x = (float)h->w - pad - pw, y = top + pad;
    panel(h, x, y, pw, ph);
    fit(h, FONT_SMALL, title, pw - 2 * pad, lab, sizeof lab);
    text(h, FONT_SMALL, x + pad, y + 0.7f * pad, lab, th->dim);
    float gx = x + pw - pad - g, gy = y + pad + 1.3f * ls;
    /* the colour range: log10 of loss − f* (of the loss when some is not above f*) */
    double base = plot_base(f->race), lo = INFINITY, hi = -INFINITY;
    int n = w * hh, logl = 1;
    for (int c = 0; c < n; c++)
        if (isfinite(f->hpmap.loss[c]) && f->hpmap.status[c] != RACER_DIVERGED &&
            f->hpmap.loss[c] - base < -1e-12)
            logl = 0;
    for (int c = 0; c < n; c++) {
        double v = f->hpmap.loss[c];
        if (!isfinite(v) || f->hpmap.status[c] == RACER_DIVERGED)
            continue;
        v = logl ? log10(fmax(v - base, 1e-12)) : v;
        lo = fmin(lo, v);
        hi = fmax(hi, v);
    }
    Rgba grey = {128, 128, 128, 255}, pending = rgba_alpha(th->edge, 0.5f);
    for (int j = 0; j < hh; j++)
        for (int i = 0; i < w; i++) {
            int c = i + w * j;
            double v = f->hpmap.loss[c];
            Rgba col;
            if (!isfinite(v) && f->hpmap.status[c] != RACER_DIVERGED)
                col = pending;
            else if (f->hpmap.status[c] == RACER_DIVERGED || !isfinite(v))
                col = grey;
            else
                col = viridis(hi > lo ? ((logl ? log10(fmax(v - base, 1e-12)) : v) - lo) / (hi - lo)
                                     : 0.5);
            batch_rect(h->batch, gx + cw * (float)i, gy + gh - ch * (float)(j + 1), cw + 0.5f,
                       ch + 0.5f, col);
        }
    h->hpmap = (HudBox){gx, gy, g, gh};
    h->hpmap_w = w;
    h->hpmap_h = hh;
    /* the racer's setting */
    double fx = log_frac(f->hpmap.cur_lr, f->hpmap.lr[0], f->hpmap.lr[w - 1], 0);
    double fy = hh > 1 ? log_frac(f->hpmap.cur_beta, f->hpmap.beta[0], f->hpmap.beta[hh - 1],
                                  f->hpmap.beta[0] >= 0 && f->hpmap.beta[hh - 1] < 1)
                       : 0;
    if (isfinite(fx) && isfinite(fy) && fx >= -0.01 && fx <= 1.01 && fy >= -0.01 && fy <= 1.01) {
        float mx = gx + cw * (float)(fx * (w - 1) + 0.5);
        float my = gy + gh - ch * (float)(fy * (hh - 1) + 0.5);
        batch_disk(h->batch, mx, my, 5.5f * h->u, th->halo);
        batch_disk(h->batch, mx, my, 3.5f * h->u, th->accent);
    }
    /* axes: lr at the ends below, the knob at the ends on the left */
    float by = gy + gh + 0.15f * ls;
    snprintf(buf, sizeof buf, "lr %.2g", f->hpmap.lr[0]);
    text(h, FONT_SMALL, gx, by, buf, th->dim);
    snprintf(buf, sizeof buf, "%.2g", f->hpmap.lr[w - 1]);
    text(h, FONT_SMALL, gx + g - tw(h, FONT_SMALL, buf), by, buf, th->dim);
    if (hh > 1 && f->hpmap.knob) {
        snprintf(buf, sizeof buf, "%.3g", f->hpmap.beta[hh - 1]);
        text(h, FONT_SMALL, x + pad, gy, buf, th->dim);
        text(h, FONT_SMALL, x + pad, gy + 0.5f * gh - 0.5f * ls, f->hpmap.knob, th->dim);
        snprintf(buf, sizeof buf, "%.3g", f->hpmap.beta[0]);
        text(h, FONT_SMALL, x + pad, gy + gh - ls, buf, th->dim);
    }
    /* the colour bar: the loss at its ends (log scale: of loss − f* when f* is known) */
    if (!bar || !(hi >= lo))
        return;
    float cy = by + 1.2f * ls, cbh = 0.6f * ls;
    enum { STEPS = 32 };
    for (int i = 0; i < STEPS; i++)
        batch_rect(h->batch, gx + g * (float)i / STEPS, cy, g / STEPS + 0.5f, cbh,
                   viridis((i + 0.5) / STEPS));
    int delta = logl && base != 0;
    snprintf(buf, sizeof buf, "%.2g", logl ? pow(10, lo) : lo);
    text(h, FONT_SMALL, gx, cy + cbh, buf, th->dim);
    snprintf(buf, sizeof buf, "%.2g", logl ? pow(10, hi) : hi);
    text(h, FONT_SMALL, gx + g - tw(h, FONT_SMALL, buf), cy + cbh, buf, th->dim);
    const char *name = delta ? "loss \xe2\x88\x92 f*" : "loss";
    text(h, FONT_SMALL, gx + 0.5f * (g - tw(h, FONT_SMALL, name)), cy + cbh, name, th->dim);
    batch_rect(h->batch, x + pad, cy, 0.8f * ls, cbh, grey);
    text(h, FONT_SMALL, x + pad, cy + cbh, "\xe2\x9c\x97", th->dim);
}

/* --- the figure style ---------------------------------------------------------------------- */

/* A racer's result for the figure's legend: where it converged, stalled or diverged, else its
 * loss now (the final loss once the recording ends). */
static void fig_result(const Race *r, int i, char *buf, size_t n, Rgba *c, const Theme *th)
{
    const Racer *rc = &r->racer[i];
    char v[48];
    *c = th->dim;
    if (rc->status == RACER_CONVERGED && rc->rank == 0) {
        snprintf(buf, n, "stalled at step %ld", rc->status_step);
    } else if (rc->status == RACER_CONVERGED) {
        snprintf(buf, n, "converged at step %ld", rc->status_step);
        *c = th->good;
    } else if (rc->status == RACER_DIVERGED) {
        snprintf(buf, n, "diverged at step %ld", rc->status_step);
        *c = th->bad;
    } else {
        snprintf(buf, n, "loss %s", num(rc->loss, v, sizeof v));
    }
}

/* The compact legend, top right: the step counter, then a row per racer: a numbered dot, the
 * racer's spec, its result beside it, or under it when one line would take more than half the
 * frame. Its size depends only on the labels and the widest result the race's step count
 * allows, so it holds still; the counter is in it so that what changes stays in one corner
 * (a GIF stores the rectangle around all that changed). */
static HudBox fig_legend(Hud *h, const RenFrame *f, float pad)
{
    const Race *r = f->race;
    const Theme *th = h->th;
    float ls = lh(h, FONT_SMALL), lb = lh(h, FONT_BODY), dot = ls, gap = 0.6f * ls;
    char buf[LINE], lab[LINE];
    Rgba c;
    float labw = 0, resw;
    int digits = snprintf(buf, sizeof buf, "%ld", r->step * 10 > 1000 ? r->step * 10 : 1000);
    snprintf(buf, sizeof buf, "converged at step %.*s", digits, "8888888888888888");
    resw = fmaxf(tw(h, FONT_SMALL, buf), tw(h, FONT_SMALL, "loss \xe2\x88\x92" "8.88e-88"));
    float maxw = 0.58f * (float)h->w - 2 * pad;
    int shown = 0, fs = FONT_BODY; /* the labels: body text, small when that does not fit */
    for (int pass = 0; pass < 2; pass++, fs = FONT_SMALL) {
        labw = 0;
        for (int i = 0; i < r->n; i++) {
            if (!r->racer[i].enabled)
                continue;
            racer_label(r, i, buf, sizeof buf);
            labw = fmaxf(labw, tw(h, fs, buf));
            shown += !pass;
        }
        if (dot + gap + labw <= maxw)
            break;
    }
    if (!shown)
        return (HudBox){0};
    lb = lh(h, fs);
    int stack = dot + gap + labw + gap + resw > maxw;
    float inner = stack ? dot + gap + fmaxf(labw, resw) : dot + gap + labw + gap + resw;
    inner = fminf(inner, stack ? maxw : inner);
    labw = fminf(labw, inner - dot - gap - (stack ? 0 : gap + resw));
    float rowh = stack ? lb + ls + 0.35f * ls : fmaxf(lb, dot) + 0.25f * ls;
    float pw = inner + 2 * pad, ph = ls * 1.15f + shown * rowh + 1.2f * pad;
    float x = (float)h->w - pad - pw, y = pad;
    panel(h, x, y, pw, ph);
    float cy = y + 0.6f * pad;
    snprintf(buf, sizeof buf, "step %ld", r->step);
    text(h, FONT_SMALL, x + pad, cy, buf, th->dim);
    cy += ls * 1.15f;
    for (int i = 0; i < r->n; i++) {
        if (!r->racer[i].enabled)
            continue;
        float cx = x + pad, my = cy + 0.5f * lb;
        snprintf(buf, sizeof buf, "%d", i + 1);
        Rgba col = theme_racer_in(th, r, i);
        batch_disk(h->batch, cx + 0.5f * dot, my, 0.5f * dot + h->u, th->halo);
        batch_disk(h->batch, cx + 0.5f * dot, my, 0.5f * dot, col);
        int lum = (299 * col.r + 587 * col.g + 114 * col.b) / 1000;
        text(h, FONT_SMALL, cx + 0.5f * (dot - tw(h, FONT_SMALL, buf)), my - 0.5f * ls, buf,
             lum > 140 ? (Rgba){0, 0, 0, 255} : (Rgba){255, 255, 255, 255});
        h->rows[i] = (HudBox){x, cy, pw, rowh};
        racer_label(r, i, buf, sizeof buf);
        fit(h, fs, buf, labw, lab, sizeof lab);
        float tx = cx + dot + gap;
        text(h, fs, tx, cy, lab, th->text);
        fig_result(r, i, buf, sizeof buf, &c, th);
        if (stack)
            text(h, FONT_SMALL, tx, cy + lb, buf, c);
        else
            text(h, FONT_SMALL, tx + labw + gap, cy + lb - ls - 0.1f * ls, buf, c);
        cy += rowh;
    }
    return (HudBox){x, y, pw, ph};
}

/* The figure's HUD: the legend (with the step counter) top right, the title (if any) top
 * left, or bottom left when it does not fit beside the legend. */
static void figure(Hud *h, const RenFrame *f, float pad)
{
    HudBox leg = fig_legend(h, f, pad);
    char t[LINE];
    if (!f->fig.title || !f->fig.title[0])
        return;
    float th = lh(h, FONT_TITLE) + 1.2f * pad, ty = pad;
    float room = (leg.w > 0 ? leg.x : (float)h->w) - 3 * pad;
    if (tw(h, FONT_TITLE, f->fig.title) > room) {
        ty = (float)h->h - pad - th;
        room = (float)h->w - 4 * pad;
    }
    fit(h, FONT_TITLE, f->fig.title, room, t, sizeof t);
    panel(h, pad, ty, tw(h, FONT_TITLE, t) + 2 * pad, th);
    text(h, FONT_TITLE, 2 * pad, ty + 0.6f * pad, t, h->th->text);
}

void hud_draw(Hud *h, const RenFrame *f)
{
    h->npanels = 0;
    h->lined = 0;
    h->hpmap.w = 0;
    memset(h->rows, 0, sizeof h->rows);
    float pad = 0.7f * lh(h, FONT_SMALL);
    if (f->fig.on) {
        if (f->show & REN_HUD)
            figure(h, f, pad);
        return;
    }
    if (f->show & REN_HUD) {
        HudBox leg = legend(h, f, pad);
        title(h, f, pad, leg.x - 2 * pad); /* clear of the legend: it wraps instead */
        HudBox pl = {0}, ru = {0};
        if (f->show & REN_PLOT)
            pl = plot(h, f, pad);
        if (f->show & REN_PLOT)
            lrcurve_draw(h, f, pad, pl);
        if (f->anatomy) /* in the update rule's place */
            ru = anatdraw_panel(h, f, pad, (pl.w > 0 ? pl.x - 2 * pad : (float)h->w - 2 * pad));
        else if (f->show & REN_RULE)
            ru = rule(h, f, pad, (pl.w > 0 ? pl.x - 2 * pad : (float)h->w - 2 * pad));
        if (f->hpmap.loss)
            hpmap(h, f, pad, leg.y + leg.h, pl.w > 0 ? pl.y : (float)h->h);
        if (f->basin.cls && !f->cam3d.on)
            basin_key(h, f, pad);
        messages(h, f, pad, ru, pl);
        if (!f->cam3d.on) /* placed at the racers' points on the plane; the legend says it in 3-D */
            labels(h, f);
    }
    if (f->show & REN_HUD)
        timeline(h, f);
    /* the overlays show even with the HUD off */
    if (f->edit.text)
        edit_field(h, f, pad);
    if (f->picker.items)
        picker(h, f, pad);
    if (f->help.rows)
        help(h, f, pad);
}
