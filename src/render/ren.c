/* ren.c — the renderer: the field, the gradient-field overlay, minima and start markers,
 * trails, racers and their arrows, then the HUD. */
#include "ren.h"
#include "anatdraw.h"
#include "rule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "embedded.h"
#include "field.h"
#include "font.h"
#include "hud.h"
#include "layer.h"
#include "lines.h"
#include "shader.h"
#include "swarm.h"
#include "theme.h"
#include "view3d.h"

enum { GF_MAX = 4096, CHUNK = 64 };
/* a trail's line and halo widths, in UI units */
static const float TRAIL_W = 2.6f, TRAIL_HALO = 5.2f;
/* partial frames: the moving parts and the HUD's panels with curves (BOXES), and up to DAMAGE
 * boxes where the HUD's triangles differ from the last frame's */
enum { BOXES = 1 + HUD_PANELS, DAMAGE = 32, PIECES = 192, NBOX = 2 * BOXES + DAMAGE };

/* A triangle of a dry run: its box and a hash of its vertices (what it draws, and where). */
typedef struct Tri {
    float b[4];
    unsigned long long key;
} Tri;

/* What the base layer holds of one racer's trail. */
typedef struct TrailMark {
    const Sample *hist;   /* its history buffer (racers removed before it move it) */
    int stride, enabled;
    int drawn;            /* samples drawn */
    long steps;
    Sample last;          /* hist[drawn - 1] when drawn: a restart shows as a change */
    float tail[4];        /* the drawn polyline's last two points, pixels */
} TrailMark;

/* What the base layer was drawn from: when any of it changes, it is drawn anew. */
typedef struct BaseKey {
    View view;
    const Surface *surface;
    double start[2];
    int field_version, light, contours, gradfield, trails, n;
    int ghost_version, nghost;
    const signed char *basin; /* the basin map, under the trails */
    int basin_done;
    float u;
} BaseKey;

struct Renderer {
    Layer base;           /* the field, markers and trails; new trail pieces added per frame */
    Layer spare;          /* a drag copies base here shifted, then they swap */
    int good[4];          /* the part of base drawn from a grid that covered it (x0, y0, x1, y1
                             from the top): a drag redraws all but this */
    BaseKey key;
    int base_valid;
    TrailMark mark[RACE_MAX];
    /* the box of each CHUNK samples of a trail the base holds (world xmin, xmax, ymin, ymax of
     * samples k·CHUNK to (k+1)·CHUNK; NAN if one is not finite), so a drag skips the stretches
     * that reach no exposed strip; forgotten when the base is drawn anew */
    double (*chunk[RACE_MAX])[4];
    int nchunk[RACE_MAX], chunk_cap[RACE_MAX];
    GLuint comp_prog, comp_vao;
    GLint comp_base, comp_overlay;
    /* the basin map overlay as a texture, uploaded as it fills in */
    GLuint basin_tex, basin_prog;
    GLint basin_cls, basin_pal;
    int basin_w, basin_h, basin_done;
    const signed char *basin_src;
    unsigned char *basin_rgba;
    Batch *batch;
    Font *font;
    Lines *trails, *plot;
    Field *field;
    View3d *v3d;          /* the 3-D view */
    Hud hud;
    float help_key[4], help_k; /* the help overlay's text scale for (px, w, h, rows) */
    /* the gradient-field overlay, cached per view and surface */
    const Surface *gf_surface;
    View gf_view;
    int gf_n;
    float gf_x[GF_MAX], gf_y[GF_MAX], gf_dx[GF_MAX], gf_dy[GF_MAX], gf_lm[GF_MAX];
    /* partial frames (see partial_rect) */
    int partial_off;      /* OPTIPLAY_FULL_REDRAW is set: every frame whole (a test compares) */
    int kept;             /* the window's framebuffer keeps its pixels from frame to frame (one
                             buffer, as offscreen): every style draws partial frames */
    int clip_on;          /* this frame is drawn only inside clip (x0, y0, x1, y1 from the top) */
    int clip[4];
    int boxes[NBOX][4], nbox; /* inside it, where the frame is drawn (not overlapping) */
    float prev_dyn[BOXES][4]; /* what moved or held curves last frame (and the badge) */
    Tri *tri, *ptri;      /* a dry run's triangles, and the last frame's */
    int ntri, tri_cap, nptri, ptri_cap;
    unsigned long long *set, *pset; /* their keys, as sets (2^k slots, 0: empty) */
    int set_cap, pset_cap;
    float dmg[PIECES][4]; /* where the HUD's triangles changed since the last frame */
    int ndmg;
    int nprev, prev_w, prev_h, prev_ok;
    int acc[4], acc_full; /* changed since the last ren_changed */
};

Renderer *ren_create(Err *err)
{
    Renderer *r = calloc(1, sizeof *r);
    if (!r) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    size_t size = 0;
    const unsigned char *ttf = embedded_find("DejaVuSans.ttf", &size);
    if (!ttf) {
        err_set(err, 0, "the font is not built in");
        goto fail;
    }
    if (!(r->batch = batch_create(err)) || !(r->font = font_create(ttf, size, err)) ||
        !(r->trails = lines_create(err)) || !(r->plot = lines_create(err)) ||
        !(r->field = field_create(err)) || !(r->v3d = view3d_create(err)))
        goto fail;
    r->partial_off = getenv("OPTIPLAY_FULL_REDRAW") != NULL;
#ifndef __EMSCRIPTEN__ /* a page's canvas is cleared after each frame */
    GLint dbl = 1;
    glGetIntegerv(GL_DOUBLEBUFFER, &dbl);
    r->kept = glGetError() == GL_NO_ERROR && !dbl;
#endif
    r->comp_prog = shader_load("layer.vert", "layer.frag", err);
    if (!r->comp_prog)
        goto fail;
    r->comp_base = glGetUniformLocation(r->comp_prog, "u_base");
    r->comp_overlay = glGetUniformLocation(r->comp_prog, "u_overlay");
    r->basin_prog = shader_load("layer.vert", "basin.frag", err);
    if (!r->basin_prog)
        goto fail;
    r->basin_cls = glGetUniformLocation(r->basin_prog, "u_cls");
    r->basin_pal = glGetUniformLocation(r->basin_prog, "u_pal");
    glGenVertexArrays(1, &r->comp_vao);
    return r;
fail:
    ren_destroy(&r);
    return NULL;
}

void ren_destroy(Renderer **pr)
{
    Renderer *r = *pr;
    if (!r)
        return;
    view3d_destroy(&r->v3d);
    field_destroy(&r->field);
    layer_deinit(&r->base);
    layer_deinit(&r->spare);
    if (r->basin_tex)
        glDeleteTextures(1, &r->basin_tex);
    free(r->basin_rgba);
    for (int i = 0; i < RACE_MAX; i++)
        free(r->chunk[i]);
    free(r->tri);
    free(r->ptri);
    free(r->set);
    free(r->pset);
    if (r->comp_vao)
        glDeleteVertexArrays(1, &r->comp_vao);
    if (r->comp_prog)
        glDeleteProgram(r->comp_prog);
    if (r->basin_prog)
        glDeleteProgram(r->basin_prog);
    lines_destroy(&r->plot);
    lines_destroy(&r->trails);
    font_destroy(&r->font);
    batch_destroy(&r->batch);
    free(r);
    *pr = NULL;
}

void ren_detach(Renderer *r)
{
    field_detach(r->field);
    if (r->v3d)
        view3d_detach(r->v3d);
    r->gf_surface = NULL;
    r->base_valid = 0;
}

void ren_wait(Renderer *r)
{
    field_wait(r->field);
}

int ren_pending(Renderer *r)
{
    return field_pending(r->field);
}

double ren_field_ms(const Renderer *r)
{
    return field_last_ms(r->field);
}

int ren_hit(const Renderer *r, float x, float y)
{
    const Hud *h = &r->hud;
    for (int i = 0; i < RACE_MAX; i++) {
        const HudBox *b = &h->rows[i];
        if (b->w > 0 && x >= b->x && x < b->x + b->w && y >= b->y && y < b->y + b->h)
            return i;
    }
    for (int i = 0; i < h->npanels; i++) {
        const HudBox *b = &h->panels[i];
        if (x >= b->x && x < b->x + b->w && y >= b->y && y < b->y + b->h)
            return REN_HIT_PANEL;
    }
    return REN_HIT_NONE;
}

int ren_panels(const Renderer *r, float (*box)[4], int max)
{
    int n = 0;
    for (int i = 0; i < r->hud.npanels && n < max; i++, n++) {
        const HudBox *b = &r->hud.panels[i];
        box[n][0] = b->x;
        box[n][1] = b->y;
        box[n][2] = b->w;
        box[n][3] = b->h;
    }
    return n;
}

int ren_hpmap_hit(const Renderer *r, float x, float y, int *i, int *j)
{
    const Hud *h = &r->hud;
    const HudBox *b = &h->hpmap;
    if (b->w <= 0 || h->hpmap_w <= 0 || h->hpmap_h <= 0 || x < b->x || x >= b->x + b->w ||
        y < b->y || y >= b->y + b->h)
        return 0;
    int ci = (int)((x - b->x) / b->w * (float)h->hpmap_w);
    int cj = h->hpmap_h - 1 - (int)((y - b->y) / b->h * (float)h->hpmap_h);
    *i = ci < 0 ? 0 : ci >= h->hpmap_w ? h->hpmap_w - 1 : ci;
    *j = cj < 0 ? 0 : cj >= h->hpmap_h ? h->hpmap_h - 1 : cj;
    return 1;
}

/* The overlay's arrows: −∇f on a grid, their lengths by log |∇f| so both the steep walls and
 * the flat floor show a direction. */
static void gradfield(Renderer *r, const Surface *s, const View *v, float u, Rgba c)
{
    float cell = 46 * u;
    if (r->gf_surface != s || memcmp(&r->gf_view, v, sizeof *v)) {
        r->gf_surface = s;
        r->gf_view = *v;
        r->gf_n = 0;
        int nx = (int)(v->w / cell), ny = (int)(v->h / cell);
        float ox = 0.5f * ((float)v->w - (float)nx * cell) + 0.5f * cell;
        float oy = 0.5f * ((float)v->h - (float)ny * cell) + 0.5f * cell;
        double lo = INFINITY, hi = -INFINITY;
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx && r->gf_n < GF_MAX; i++) {
                float sx = ox + (float)i * cell, sy = oy + (float)j * cell;
                double g[2];
                surface_eval(s, view_wx(v, sx), view_wy(v, sy), g);
                double m = hypot(g[0], g[1]);
                if (!isfinite(m) || m == 0)
                    continue;
                int k = r->gf_n++;
                r->gf_x[k] = sx;
                r->gf_y[k] = sy;
                /* screen y is down: the world's −∂f/∂y is +∂f/∂y on screen */
                r->gf_dx[k] = (float)(-g[0] / m);
                r->gf_dy[k] = (float)(g[1] / m);
                r->gf_lm[k] = (float)log(m);
                lo = fmin(lo, log(m));
                hi = fmax(hi, log(m));
            }
        for (int k = 0; k < r->gf_n; k++) {
            float t = hi > lo ? (float)((r->gf_lm[k] - lo) / (hi - lo)) : 1;
            float len = (0.25f + 0.55f * t) * cell;
            r->gf_dx[k] *= len;
            r->gf_dy[k] *= len;
        }
    }
    for (int k = 0; k < r->gf_n; k++) {
        float x0 = r->gf_x[k] - 0.5f * r->gf_dx[k], y0 = r->gf_y[k] - 0.5f * r->gf_dy[k];
        batch_arrow(r->batch, x0, y0, x0 + r->gf_dx[k], y0 + r->gf_dy[k], 1.3f * u, 5 * u, c);
    }
}

static void cross(Batch *b, float x, float y, float s, float w, Rgba c)
{
    batch_line(b, x - s, y - s, x + s, y + s, w, c);
    batch_line(b, x - s, y + s, x + s, y - s, w, c);
}

static void ring(Batch *b, float x, float y, float rad, float w, Rgba c)
{
    enum { N = 24 };
    for (int i = 0; i < N; i++) {
        float a0 = 6.2831853f * (float)i / N, a1 = 6.2831853f * (float)(i + 1) / N;
        batch_line(b, x + rad * cosf(a0), y + rad * sinf(a0), x + rad * cosf(a1),
                   y + rad * sinf(a1), w, c);
    }
}

/* A small label just beyond an arrow's tip (x, y), away from its tail (x0, y0). */
static void tag(Renderer *r, float x, float y, float x0, float y0, const char *s, const Theme *th)
{
    float dx = x - x0, dy = y - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1)
        return;
    float w = font_width(r->font, FONT_SMALL, s), h = (float)font_height(r->font, FONT_SMALL);
    float cx = x + dx / len * (0.6f * w + 6), cy = y + dy / len * (0.6f * h + 6);
    batch_round_rect(r->batch, cx - 0.5f * w - 3, cy - 0.5f * h, w + 6, h, 3, th->panel);
    font_draw(r->font, r->batch, FONT_SMALL, cx - 0.5f * w, cy - 0.5f * h, s, th->text);
}

/* Scales the pair so the longer is shown between lo and hi pixels (true size when it is). */
static float arrow_gain(double a, double b, float lo, float hi)
{
    double m = fmax(a, b);
    if (!(m > 0))
        return 0;
    return (float)(m < lo ? lo / m : m > hi ? hi / m : 1);
}

/* The field, the gradient-field overlay, the minima and the start point. */
static void field_and_marks(Renderer *r, const RenFrame *f, const Theme *th, float u)
{
    const Race *race = f->race;
    const Surface *s = race->surface;
    const View *v = f->view;
    Batch *b = r->batch;
    field_draw(r->field, v, &(FieldStyle){th->light, (f->show & REN_CONTOURS) ? 1.0f : 0.0f, th->bg});
    if (f->show & REN_GRADFIELD)
        gradfield(r, s, v, u, th->arrows);
    for (int i = 0; i < s->nminima; i++) {
        float x = (float)view_sx(v, s->minima[i][0]), y = (float)view_sy(v, s->minima[i][1]);
        cross(b, x, y, 6 * u, 4.5f * u, th->halo);
        cross(b, x, y, 6 * u, 2 * u, th->marker);
    }
    float sx = (float)view_sx(v, race->cfg.start[0]), sy = (float)view_sy(v, race->cfg.start[1]);
    ring(b, sx, sy, 8 * u, 4 * u, th->halo);
    ring(b, sx, sy, 8 * u, 1.8f * u, th->marker);
    batch_flush(b);
}

/* Whether the base still holds a prefix of this racer's trail. */
static int mark_ok(const TrailMark *m, const Racer *rc)
{
    if (m->hist != rc->hist || m->stride != rc->stride || m->enabled != rc->enabled ||
        rc->nhist < m->drawn || rc->steps < m->steps)
        return 0;
    if (m->drawn == 0)
        return 1;
    const Sample *s = &rc->hist[m->drawn - 1];
    return s->x == m->last.x && s->y == m->last.y;
}

/* A trail's point on screen, for a line from the sample before it (prev, NULL: none): as it is
 * inside a box `margin` screens beyond the view; where the line leaves the box when it goes out
 * (a diverged path ends at the edge instead of streaking across the screen to 1e30); nothing
 * (0) while it stays out. */
static int trail_pt(const View *v, double margin, const Sample *prev, double x, double y,
                    float out[2])
{
    double mx = margin * v->w, my = margin * v->h, x0 = -mx, y0 = -my, x1 = v->w + mx, y1 = v->h + my;
    double px = view_sx(v, x), py = view_sy(v, y);
    int in = px >= x0 && px <= x1 && py >= y0 && py <= y1; /* false for NaN */
    if (in) {
        out[0] = (float)px, out[1] = (float)py;
        return 1;
    }
    if (!prev) {
        out[0] = (float)fmin(fmax(isfinite(px) ? px : 0, x0), x1);
        out[1] = (float)fmin(fmax(isfinite(py) ? py : 0, y0), y1);
        return 1;
    }
    double qx = view_sx(v, prev->x), qy = view_sy(v, prev->y);
    if (!(qx >= x0 && qx <= x1 && qy >= y0 && qy <= y1))
        return 0;
    if (!isfinite(px) || !isfinite(py)) {
        out[0] = (float)qx, out[1] = (float)qy;
        return 1;
    }
    /* from q (inside) towards p (outside): the first box side it crosses */
    double t = 1, dx = px - qx, dy = py - qy;
    if (dx > 0)
        t = fmin(t, (x1 - qx) / dx);
    if (dx < 0)
        t = fmin(t, (x0 - qx) / dx);
    if (dy > 0)
        t = fmin(t, (y1 - qy) / dy);
    if (dy < 0)
        t = fmin(t, (y0 - qy) / dy);
    out[0] = (float)(qx + t * dx), out[1] = (float)(qy + t * dy);
    return 1;
}

/* Adds what racer i's trail gained since the last frame (all of it when nothing is drawn).
 * The new piece's halo starts at the last point drawn, its colour one point earlier: so the
 * halo does not darken the joint, and a trail drawn frame by frame looks drawn at once. */
static void trail_piece(Lines *L, const Racer *rc, TrailMark *m, const View *v, Rgba c,
                        const Theme *th, float u)
{
    Rgba none = {0, 0, 0, 0};
    float width = TRAIL_W * u, halo = TRAIL_HALO * u;
    int from = m->drawn;
    for (int pass = 0; pass < 2; pass++) {
        if (from == 0) {
            if (pass)
                break;
            float p[2];
            trail_pt(v, 0.5, NULL, rc->hist[0].x, rc->hist[0].y, p);
            lines_move(L, p[0], p[1]);
        } else if (pass == 0) {
            lines_move(L, m->tail[2], m->tail[3]);
        } else {
            lines_move(L, m->tail[0], m->tail[1]);
            lines_to(L, m->tail[2], m->tail[3]);
        }
        for (int j = from ? from : 1; j < rc->nhist; j++) {
            float p[2];
            if (trail_pt(v, 0.5, &rc->hist[j - 1], rc->hist[j].x, rc->hist[j].y, p))
                lines_to(L, p[0], p[1]);
        }
        if (from == 0)
            lines_end(L, c, width, th->halo, halo);
        else if (pass == 0)
            lines_end(L, none, 0, th->halo, halo);
        else
            lines_end(L, c, width, none, 0);
    }
    lines_tail(L, m->tail);
    m->drawn = rc->nhist;
    m->last = rc->hist[rc->nhist - 1];
}

/* The previous run's trails under the live ones: dashed, thick and opaque enough for the back
 * of a room (a projector washes out thin, faint lines). */
static void ghost(Renderer *r, const RenFrame *f, const Theme *th, float u)
{
    if (!f->ghost.samples || !(f->show & REN_TRAILS))
        return;
    const View *v = f->view;
    lines_begin(r->trails, 0.75f);
    for (int i = 0; i < f->ghost.count; i++) {
        const Sample *g = f->ghost.samples + (size_t)i * (size_t)f->ghost.cap;
        int n = f->ghost.n[i];
        if (n < 2)
            continue;
        /* dashed: every other stretch of 6 samples */
        for (int j = 0; j + 1 < n; j += 12) {
            lines_move(r->trails, (float)view_sx(v, g[j].x), (float)view_sy(v, g[j].y));
            for (int k = j + 1; k < n && k <= j + 6; k++)
                lines_to(r->trails, (float)view_sx(v, g[k].x), (float)view_sy(v, g[k].y));
            lines_end(r->trails, rgba_alpha(theme_racer(th, i), 0.8f), 3.2f * u, th->halo, 5 * u);
        }
    }
    lines_draw(r->trails, v->w, v->h);
}

/* The basin map over the field, under the trails (its grid spans exactly the view): the cells'
 * classes go into a texture and basin.frag draws smooth boundaries between them. */
static void basin(Renderer *r, const RenFrame *f, const Theme *th)
{
    int w = f->basin.w, h = f->basin.h;
    if (!f->basin.cls || w <= 0 || h <= 0)
        return;
    if (!r->basin_tex || w != r->basin_w || h != r->basin_h) {
        free(r->basin_rgba);
        r->basin_rgba = malloc((size_t)w * (size_t)h);
        if (!r->basin_rgba)
            return;
        if (!r->basin_tex)
            glGenTextures(1, &r->basin_tex);
        glBindTexture(GL_TEXTURE_2D, r->basin_tex);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, NULL);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        r->basin_w = w;
        r->basin_h = h;
        r->basin_done = -1;
    }
    if (r->basin_done != f->basin.done || r->basin_src != f->basin.cls) {
        /* GL's rows go up: row 0 of the map (the top) is the texture's last */
        for (int j = 0; j < h; j++)
            for (int i = 0; i < w; i++) {
                int c = f->basin.cls[(size_t)j * (size_t)w + (size_t)i] - SWARM_BASIN_PENDING;
                r->basin_rgba[(size_t)(h - 1 - j) * (size_t)w + (size_t)i] =
                    (unsigned char)(c < 0 ? 0 : c > 71 ? 71 : c);
            }
        glBindTexture(GL_TEXTURE_2D, r->basin_tex);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RED, GL_UNSIGNED_BYTE, r->basin_rgba);
        r->basin_done = f->basin.done;
        r->basin_src = f->basin.cls;
    }
    float pal[72][4];
    for (int c = 0; c < 72; c++) {
        Rgba k = hud_basin_colour(th, c + SWARM_BASIN_PENDING);
        pal[c][0] = k.r / 255.0f, pal[c][1] = k.g / 255.0f, pal[c][2] = k.b / 255.0f;
        pal[c][3] = k.a / 255.0f;
    }
    glUseProgram(r->basin_prog);
    glUniform4fv(r->basin_pal, 72, &pal[0][0]);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, r->basin_tex);
    glUniform1i(r->basin_cls, 0);
    glBindVertexArray(r->comp_vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
}

/* Whether the base differs from key only by a pan of whole pixels (a drag): then *dx, *dy are
 * how far its pixels move (right and down), less than the layer in each direction. */
static int pan_only(const Renderer *r, const BaseKey *key, int moving, int *dx, int *dy)
{
    BaseKey k = r->key;
    k.view.cx = key->view.cx;
    k.view.cy = key->view.cy;
    if (moving) /* a grid of the same scale (field_hold): its strips match */
        k.field_version = key->field_version;
    if (memcmp(&k, key, sizeof k))
        return 0;
    double fx = (r->key.view.cx - key->view.cx) / key->view.scale;
    double fy = (key->view.cy - r->key.view.cy) / key->view.scale; /* world y is up */
    double ix = round(fx), iy = round(fy);
    if (fabs(fx - ix) > 1e-3 || fabs(fy - iy) > 1e-3 || fabs(ix) >= key->view.w / 2 ||
        fabs(iy) >= key->view.h / 2)
        return 0;
    *dx = (int)ix;
    *dy = (int)iy;
    return 1;
}

/* How many whole chunks of racer i's first n samples have boxes (made as needed); 0 when out of
 * memory (then no stretch is skipped). */
static int chunks(Renderer *r, int i, const Racer *rc, int n)
{
    int want = (n - 1) / CHUNK; /* chunk k needs sample (k + 1)·CHUNK < n */
    if (want > r->chunk_cap[i]) {
        int cap = 2 * want;
        void *p = realloc(r->chunk[i], sizeof *r->chunk[i] * (size_t)cap);
        if (!p)
            return 0;
        r->chunk[i] = p;
        r->chunk_cap[i] = cap;
    }
    for (int k = r->nchunk[i]; k < want; k++) {
        double *b = r->chunk[i][k];
        b[0] = b[2] = INFINITY, b[1] = b[3] = -INFINITY;
        for (int j = k * CHUNK; j <= (k + 1) * CHUNK; j++) {
            double x = rc->hist[j].x, y = rc->hist[j].y;
            if (!isfinite(x) || !isfinite(y)) {
                b[0] = b[1] = b[2] = b[3] = NAN;
                break;
            }
            b[0] = fmin(b[0], x), b[1] = fmax(b[1], x), b[2] = fmin(b[2], y), b[3] = fmax(b[3], y);
        }
    }
    if (want > r->nchunk[i])
        r->nchunk[i] = want;
    return want;
}

/* Whether the box x0..x1, y0..y1 (pixels from the top) meets one of the four bands. */
static int meets_band(const int band[4][4], double x0, double y0, double x1, double y1)
{
    for (int k = 0; k < 4; k++)
        if (band[k][2] > band[k][0] && band[k][3] > band[k][1] && x0 < band[k][2] &&
            x1 > band[k][0] && y0 < band[k][3] && y1 > band[k][1])
            return 1;
    return 0;
}

/* Whether a chunk's box (world) is inside the screen and its half-screen margin (where every
 * trail point is drawn as it is) and, grown by m pixels, meets none of the four bands. */
static int chunk_misses(const View *v, const double b[4], float m, const int band[4][4])
{
    double x0 = view_sx(v, b[0]), x1 = view_sx(v, b[1]);
    double y0 = view_sy(v, b[3]), y1 = view_sy(v, b[2]); /* world y is up */
    if (!(x0 >= -0.5 * v->w && x1 <= 1.5 * v->w && y0 >= -0.5 * v->h && y1 <= 1.5 * v->h))
        return 0; /* (false for NAN too) */
    return !meets_band(band, x0 - m, y0 - m, x1 + m, y1 + m);
}

/* A pan of the base by (dx, dy) pixels: its pixels are copied to where they now show and only
 * the exposed strips are drawn (the field, marks, ghost and the trails as far as the layer
 * held them), scissored; the trails' ends are then added as on any frame. */
static int shift_base(Renderer *r, const RenFrame *f, const Theme *th, float u, int dx, int dy)
{
    const View *v = f->view;
    const Race *race = f->race;
    if (layer_size(&r->spare, v->w, v->h) < 0)
        return -1;
    /* GL's rows go up: a pan down by dy moves the pixels to lower GL rows */
    int sx0 = dx < 0 ? -dx : 0, sx1 = v->w - (dx > 0 ? dx : 0);
    int sy0 = dy > 0 ? dy : 0, sy1 = v->h - (dy < 0 ? -dy : 0);
    if (dx || dy) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, r->base.fbo);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, r->spare.fbo);
        glBlitFramebuffer(sx0, sy0, sx1, sy1, sx0 + dx, sy0 - dy, sx1 + dx, sy1 - dy,
                          GL_COLOR_BUFFER_BIT, GL_NEAREST);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        Layer t = r->base;
        r->base = r->spare;
        r->spare = t;
    }
    /* what stays good: the good part, moved; all the rest is drawn, in up to four bands */
    int g[4] = {r->good[0] + dx, r->good[1] + dy, r->good[2] + dx, r->good[3] + dy};
    g[0] = g[0] < 0 ? 0 : g[0], g[1] = g[1] < 0 ? 0 : g[1];
    g[2] = g[2] > v->w ? v->w : g[2], g[3] = g[3] > v->h ? v->h : g[3];
    if (g[2] <= g[0] || g[3] <= g[1])
        g[0] = g[1] = g[2] = g[3] = 0;
    /* x0, y0, x1, y1 from the top: above, below, left of and right of it */
    int band[4][4] = {{0, 0, v->w, g[1]}, {0, g[3], v->w, v->h},
                      {0, g[1], g[0], g[3]}, {g[2], g[1], v->w, g[3]}};
    /* the trails as far as the layer held them, once for all the bands (in the plot's lines:
     * the ghost draws with the trails' own): only their pieces that reach a band, split where
     * a stretch does not (far from a band, a break cannot show) */
    if (f->show & REN_TRAILS) {
        float width = TRAIL_W * u, halo = TRAIL_HALO * u, m = halo + 4; /* and a margin */
        lines_begin(r->plot, 0.75f);
        for (int i = 0; i < race->n; i++) {
            const Racer *rc = &race->racer[i];
            int n = r->mark[i].drawn, open = 0;
            if (!rc->enabled || n == 0)
                continue;
            Rgba c = theme_racer_in(th, race, i);
            int nc = chunks(r, i, rc, n);
            float q[2];
            trail_pt(v, 0.5, NULL, rc->hist[0].x, rc->hist[0].y, q);
            for (int j = 1; j < n; j++) {
                float p[2];
                /* a stretch wholly on the screen and its margin, far from every band: its
                 * pieces all miss them, as the loop below would find point by point */
                int ck = (j - 1) / CHUNK;
                if ((j - 1) % CHUNK == 0 && ck < nc &&
                    chunk_misses(v, r->chunk[i][ck], m, (const int(*)[4])band)) {
                    if (open)
                        lines_end(r->plot, c, width, th->halo, halo);
                    open = 0;
                    j = (ck + 1) * CHUNK;
                    q[0] = (float)view_sx(v, rc->hist[j].x), q[1] = (float)view_sy(v, rc->hist[j].y);
                    continue;
                }
                if (!trail_pt(v, 0.5, &rc->hist[j - 1], rc->hist[j].x, rc->hist[j].y, p))
                    continue;
                int hit = meets_band((const int(*)[4])band, fminf(q[0], p[0]) - m,
                                     fminf(q[1], p[1]) - m, fmaxf(q[0], p[0]) + m,
                                     fmaxf(q[1], p[1]) + m);
                if (hit && !open)
                    lines_move(r->plot, q[0], q[1]);
                if (hit)
                    lines_to(r->plot, p[0], p[1]);
                else if (open)
                    lines_end(r->plot, c, width, th->halo, halo);
                open = hit;
                q[0] = p[0], q[1] = p[1];
            }
            if (open)
                lines_end(r->plot, c, width, th->halo, halo);
        }
    }
    layer_begin(&r->base);
    glEnable(GL_SCISSOR_TEST);
    for (int k = 0; k < 4; k++) {
        const int *b = band[k];
        if (b[2] <= b[0] || b[3] <= b[1])
            continue;
        glScissor(b[0], v->h - b[3], b[2] - b[0], b[3] - b[1]);
        glClearColor(0, 0, 0, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        field_and_marks(r, f, th, u);
        ghost(r, f, th, u);
        if (f->show & REN_TRAILS)
            lines_draw(r->plot, v->w, v->h);
    }
    glDisable(GL_SCISSOR_TEST);
    if (!field_cover(r->field, v, r->good))
        memset(r->good, 0, sizeof r->good);
    /* the trails' last points, where they show now */
    for (int i = 0; i < race->n; i++) {
        TrailMark *m = &r->mark[i];
        for (int c = 0; c < 4; c += 2)
            m->tail[c] += (float)dx, m->tail[c + 1] += (float)dy;
    }
    return 0;
}

/* Brings the base layer up to date: drawn anew when the view, the field, the theme or the
 * race changed under it, else only the trails' new pieces are added. Returns 0, or -1 when
 * there is no layer (then the caller draws everything straight onto the frame). */
static int base(Renderer *r, const RenFrame *f, const Theme *th, float u, int field_version)
{
    const Race *race = f->race;
    const View *v = f->view;
    int trails = (f->show & REN_TRAILS) != 0;
    BaseKey key;
    memset(&key, 0, sizeof key); /* compared with memcmp: no stray padding bytes */
    key.view = *v;
    key.surface = race->surface;
    key.start[0] = race->cfg.start[0];
    key.start[1] = race->cfg.start[1];
    key.field_version = field_version;
    key.light = th->light;
    key.contours = (f->show & REN_CONTOURS) != 0;
    key.gradfield = (f->show & REN_GRADFIELD) != 0;
    key.trails = trails;
    key.n = race->n;
    key.ghost_version = f->ghost.samples ? f->ghost.version : -1;
    key.nghost = f->ghost.samples ? f->ghost.count : 0;
    key.basin = f->basin.cls;
    key.basin_done = f->basin.cls ? f->basin.done : 0;
    key.u = u;
    int made = layer_size(&r->base, v->w, v->h);
    if (made < 0)
        return -1;
    int full = made || !r->base_valid || memcmp(&key, &r->key, sizeof key);
    for (int i = 0; i < race->n && trails && !full; i++)
        full = !mark_ok(&r->mark[i], &race->racer[i]);
    int dx, dy;
    if (full && !made && r->base_valid && !r->partial_off && pan_only(r, &key, f->moving, &dx, &dy)) {
        int ok = 1;
        for (int i = 0; i < race->n && trails && ok; i++)
            ok = mark_ok(&r->mark[i], &race->racer[i]);
        if (ok && shift_base(r, f, th, u, dx, dy) == 0) {
            full = 0;
            r->clip_on = 0; /* the layer moved everywhere */
        }
    }
    layer_begin(&r->base);
    if (full) {
        memset(r->mark, 0, sizeof r->mark);
        memset(r->nchunk, 0, sizeof r->nchunk);
        /* opaque everywhere: blends keep the alpha, and the copy onto the frame carries it */
        glClearColor(0, 0, 0, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        field_and_marks(r, f, th, u);
        basin(r, f, th);
        ghost(r, f, th, u);
        if (!field_cover(r->field, v, r->good))
            memset(r->good, 0, sizeof r->good);
    }
    if (trails) {
        lines_begin(r->trails, 0.75f);
        for (int i = 0; i < race->n; i++) {
            const Racer *rc = &race->racer[i];
            TrailMark *m = &r->mark[i];
            if (rc->enabled && rc->nhist > m->drawn)
                trail_piece(r->trails, rc, m, v, theme_racer_in(th, race, i), th, u);
            m->hist = rc->hist;
            m->stride = rc->stride;
            m->enabled = rc->enabled;
            m->steps = rc->steps;
        }
        lines_draw(r->trails, v->w, v->h);
    }
    layer_end();
    glViewport(0, 0, v->w, v->h);
    r->key = key;
    r->base_valid = 1;
    if (full)
        r->clip_on = 0; /* the layer changed everywhere */
    /* onto the frame: a copy, not a shader pass (a software renderer copies rows with memcpy
     * when nothing scissors, scales or converts it) */
    glBindFramebuffer(GL_READ_FRAMEBUFFER, r->base.fbo);
    for (int k = 0; k < (r->clip_on ? r->nbox : 1); k++) {
        const int *b = r->boxes[k];
        int x0 = r->clip_on ? b[0] : 0, x1 = r->clip_on ? b[2] : v->w;
        int y0 = r->clip_on ? v->h - b[3] : 0, y1 = r->clip_on ? v->h - b[1] : v->h;
        glBlitFramebuffer(x0, y0, x1, y1, x0, y0, x1, y1, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    if (r->clip_on) { /* the rest inside them all */
        glEnable(GL_SCISSOR_TEST);
        glScissor(r->clip[0], v->h - r->clip[3], r->clip[2] - r->clip[0], r->clip[3] - r->clip[1]);
    }
    return 0;
}

/* From each racer's last sample to its point now (they differ once samples are decimated);
 * with no base layer (all_of_it), the whole trail, straight onto the frame. */
static void trail_ends(Renderer *r, const Race *race, const View *v, const Theme *th, float u,
                       int all_of_it)
{
    float width = TRAIL_W * u, halo = TRAIL_HALO * u;
    lines_begin(r->trails, 0.75f);
    for (int i = 0; i < race->n; i++) {
        const Racer *rc = &race->racer[i];
        if (!rc->enabled || rc->nhist == 0)
            continue;
        int j = all_of_it ? 0 : rc->nhist - 1, started = 0;
        float p[2];
        for (; j <= rc->nhist; j++) {
            Sample now = {.x = rc->x[0], .y = rc->x[1]};
            const Sample *q = j < rc->nhist ? &rc->hist[j] : &now;
            if (!trail_pt(v, 0.5, started && j > 0 ? &rc->hist[j - 1] : NULL, q->x, q->y, p))
                continue;
            if (started)
                lines_to(r->trails, p[0], p[1]);
            else
                lines_move(r->trails, p[0], p[1]);
            started = 1;
        }
        lines_end(r->trails, theme_racer_in(th, race, i), width, th->halo, halo);
    }
    lines_draw(r->trails, v->w, v->h);
}

/* Nesterov's last step in two (torch's form, θ ← θ − η(g + μb)): from where it was, the
 * momentum's jump −ημb, then the gradient term −ηg, g taken at the point it left (torch's
 * point is classic NAG's look-ahead θ + μv); they end where it is now. */
static void lookahead(Renderer *r, const RenFrame *f, const Racer *rc, const double la[2],
                      Rgba c, const Theme *th, float u)
{
    const View *v = f->view;
    double x0 = rc->x[0] - rc->opt.st.step[0], y0 = rc->x[1] - rc->opt.st.step[1];
    float px = (float)view_sx(v, x0), py = (float)view_sy(v, y0);
    float qx = (float)view_sx(v, x0 + la[0]), qy = (float)view_sy(v, y0 + la[1]);
    float ex = (float)view_sx(v, rc->x[0]), ey = (float)view_sy(v, rc->x[1]);
    if (hypotf(qx - px, qy - py) < 3 * u && hypotf(ex - qx, ey - qy) < 3 * u)
        return; /* too short to see */
    batch_arrow(r->batch, px, py, qx, qy, 4.5f * u, 11 * u, th->halo);
    batch_arrow(r->batch, px, py, qx, qy, 2.5f * u, 10 * u, c);
    batch_arrow(r->batch, qx, qy, ex, ey, 4.5f * u, 11 * u, th->halo);
    batch_arrow(r->batch, qx, qy, ex, ey, 2 * u, 10 * u, th->marker);
    batch_disk(r->batch, qx, qy, 3 * u, th->marker);
    if ((f->show & REN_HUD) && hypotf(qx - px, qy - py) > 30 * u &&
        hypotf(ex - qx, ey - qy) > 30 * u) { /* labels only where they do not pile up */
        tag(r, qx, qy, px, py, "momentum \xe2\x88\x92\xce\xb7\xce\xbc" "b", th);
        tag(r, ex, ey, qx, qy, "gradient \xe2\x88\x92\xce\xb7g", th);
    }
}

static void scene(Renderer *r, const RenFrame *f, const Theme *th, float u)
{
    const Race *race = f->race;
    const View *v = f->view;
    Batch *b = r->batch;
    /* racers: arrows, then dots (the selected one ringed), last racer on top */
    for (int i = 0; i < race->n; i++) {
        const Racer *rc = &race->racer[i];
        if (!rc->enabled)
            continue;
        float x = (float)view_sx(v, rc->x[0]), y = (float)view_sy(v, rc->x[1]);
        Rgba c = theme_racer_in(th, race, i);
        if ((f->show & REN_ARROWS) && rc->status != RACER_DIVERGED) {
            /* −η g (what plain gradient descent would do) and the step taken, same scale */
            double gx = -rc->opt.lr * rc->g[0] / v->scale, gy = rc->opt.lr * rc->g[1] / v->scale;
            double px = rc->opt.st.step[0] / v->scale, py = -rc->opt.st.step[1] / v->scale;
            float k = arrow_gain(hypot(gx, gy), hypot(px, py), 40 * u, 150 * u);
            if (k > 0) {
                float ax = x + (float)gx * k, ay = y + (float)gy * k;
                float bx = x + (float)px * k, by = y + (float)py * k;
                batch_arrow(b, x, y, ax, ay, 4.5f * u, 11 * u, th->halo);
                batch_arrow(b, x, y, ax, ay, 2 * u, 10 * u, th->marker);
                batch_arrow(b, x, y, bx, by, 7 * u, 13 * u, th->halo);
                batch_arrow(b, x, y, bx, by, 4 * u, 12 * u, c);
                if (i == f->selected && (f->show & REN_HUD) && !f->fig.on) {
                    tag(r, ax, ay, x, y, "\xe2\x88\x92\xce\xb7\xe2\x88\x87" "f", th);
                    tag(r, bx, by, x, y, "\xce\x94\xce\xb8", th);
                }
            }
            double la[2];
            if (i == f->selected && rule_lookahead(rc, la))
                lookahead(r, f, rc, la, c, th, u);
        }
    }
    /* each dot carries the racer's number (told apart without colour); one outside the view
     * sits at the edge, with an arrow pointing where it is */
    float fh = (float)font_height(r->font, FONT_SMALL);
    for (int i = 0; i < race->n; i++) {
        const Racer *rc = &race->racer[i];
        if (!rc->enabled)
            continue;
        float x = (float)view_sx(v, rc->x[0]), y = (float)view_sy(v, rc->x[1]);
        if (!isfinite(x) || !isfinite(y))
            continue;
        Rgba c = theme_racer_in(th, race, i);
        float rad = fmaxf((i == f->selected ? 7.5f : 6.5f) * u, 0.5f * fh);
        float inset = 2.4f * rad;
        if (x < 0 || y < 0 || x > (float)v->w || y > (float)v->h) {
            float cx = 0.5f * (float)v->w, cy = 0.5f * (float)v->h, dx = x - cx, dy = y - cy;
            /* where the ray from the centre to the racer leaves the inset screen */
            float t = fminf(fabsf(dx) > 0 ? (cx - inset) / fabsf(dx) : INFINITY,
                            fabsf(dy) > 0 ? (cy - inset) / fabsf(dy) : INFINITY);
            float len = hypotf(dx, dy);
            x = cx + dx * t;
            y = cy + dy * t;
            float ux = dx / len, uy = dy / len;
            batch_arrow(b, x, y, x + ux * 2.1f * rad, y + uy * 2.1f * rad, 5 * u, 10 * u, th->halo);
            batch_arrow(b, x, y, x + ux * 2.0f * rad, y + uy * 2.0f * rad, 3 * u, 8 * u, c);
        }
        batch_disk(b, x, y, rad + 2 * u, th->halo);
        batch_disk(b, x, y, rad, c);
        if (i == f->selected && (f->show & REN_HUD) && !f->fig.on)
            ring(b, x, y, rad + 5 * u, 2 * u, th->marker);
        if (rc->status == RACER_DIVERGED) {
            cross(b, x, y, 0.8f * rad, 2 * u, th->halo);
            /* off the view: also a ✗ where its path leaves it (the trail ends there) */
            float p[2] = {(float)view_sx(v, rc->x[0]), (float)view_sy(v, rc->x[1])};
            int off = !(p[0] >= 0 && p[0] <= v->w && p[1] >= 0 && p[1] <= v->h);
            for (int j = rc->nhist - 1; j >= 0 && !(p[0] >= 0 && p[0] <= v->w && p[1] >= 0 &&
                                                     p[1] <= v->h); j--) {
                Sample now = {.x = rc->x[0], .y = rc->x[1]};
                const Sample *q = j + 1 < rc->nhist ? &rc->hist[j + 1] : &now;
                if (!trail_pt(v, 0, &rc->hist[j], q->x, q->y, p))
                    p[0] = -1;
            }
            if (off && p[0] >= 0) {
                p[0] = fminf(fmaxf(p[0], 8 * u), (float)v->w - 8 * u); /* wholly on screen */
                p[1] = fminf(fmaxf(p[1], 8 * u), (float)v->h - 8 * u);
                cross(b, p[0], p[1], 7 * u, 4.5f * u, th->halo);
                cross(b, p[0], p[1], 6 * u, 2.5f * u, c);
            }
        } else if (i < 99) {
            char num[4];
            snprintf(num, sizeof num, "%d", i + 1);
            /* dark digits on a light dot, light on a dark one */
            int light = 0.299f * c.r + 0.587f * c.g + 0.114f * c.b > 140;
            Rgba tc = light ? (Rgba){0, 0, 0, 255} : (Rgba){255, 255, 255, 255};
            font_draw(r->font, b, FONT_SMALL, x - 0.5f * font_width(r->font, FONT_SMALL, num),
                      y - 0.5f * fh, num, tc);
        }
    }
}

/* --- partial frames ------------------------------------------------------------------------

 * A recording's frame differs from the last only where the racers moved (their dots, trail
 * ends and new trail pieces) and under the HUD's panels (their text changes); the rest is the
 * base layer, unchanged. So in the figure style the composite and everything after it is
 * scissored to the union of what this frame and the last drew there, and the caller reads
 * back only that (ren_changed): a software renderer pays per pixel. Off for anything that
 * covers the field (3-D, basin map, ghost, hyperparameter map) and after the base layer is
 * drawn anew. */

static void grow_box(float b[4], float x, float y, float m)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    b[0] = fminf(b[0], x - m), b[1] = fminf(b[1], y - m);
    b[2] = fmaxf(b[2], x + m), b[3] = fmaxf(b[3], y + m);
}

/* Keeps each triangle of a dry run as its box. */
static void tri_sink(void *ctx, const BatchVertex *v, int n)
{
    Renderer *r = ctx;
    if (r->ntri + n / 3 > r->tri_cap) {
        int cap = 2 * (r->ntri + n / 3);
        void *p = realloc(r->tri, sizeof *r->tri * (size_t)cap);
        if (!p) {
            r->ntri = -1; /* the frame is drawn whole */
            return;
        }
        r->tri = p;
        r->tri_cap = cap;
    }
    for (int i = 0; i + 2 < n && r->ntri >= 0; i += 3) {
        Tri *t = &r->tri[r->ntri++];
        const unsigned char *c = (const unsigned char *)&v[i];
        /* FNV-1a over 8-byte words, then mixed; never 0 (an empty slot) */
        unsigned long long key = 14695981039346656037ull;
        for (size_t k = 0; k < 3 * sizeof *v; k += 8) {
            unsigned long long w = 0;
            memcpy(&w, c + k, 3 * sizeof *v - k < 8 ? 3 * sizeof *v - k : 8);
            key = (key ^ w) * 1099511628211ull;
        }
        t->key = (key ^ key >> 29) * 0xBF58476D1CE4E5B9ull | 1;
        float *b = t->b;
        b[0] = b[2] = v[i].x, b[1] = b[3] = v[i].y;
        for (int k = 1; k < 3; k++) {
            b[0] = fminf(b[0], v[i + k].x), b[1] = fminf(b[1], v[i + k].y);
            b[2] = fmaxf(b[2], v[i + k].x), b[3] = fmaxf(b[3], v[i + k].y);
        }
    }
}

/* Where key is in the set, or the empty slot where it would go (open addressing). */
static unsigned set_slot(const unsigned long long *set, int cap, unsigned long long key)
{
    unsigned k = (unsigned)((key * 0x9E3779B97F4A7C15ull) >> 40) & (unsigned)(cap - 1);
    while (set[k] && set[k] != key)
        k = (k + 1) & (unsigned)(cap - 1);
    return k;
}

/* The keys of t[0..n) as a set in *set (grown as needed); -1 when out of memory. */
static int set_fill(unsigned long long **set, int *cap, const Tri *t, int n)
{
    int want = 64;
    while (want < 2 * n)
        want *= 2;
    if (want > *cap) {
        void *p = realloc(*set, sizeof **set * (size_t)want);
        if (!p)
            return -1;
        *set = p;
        *cap = want;
    }
    memset(*set, 0, sizeof **set * (size_t)*cap);
    for (int i = 0; i < n; i++)
        (*set)[set_slot(*set, *cap, t[i].key)] = t[i].key;
    return 0;
}

static int set_has(const unsigned long long *set, int cap, unsigned long long key)
{
    return set[set_slot(set, cap, key)] == key;
}

/* The area of the box around a and b, and a grown to it. */
static float union_area(const float a[4], const float b[4])
{
    return (fmaxf(a[2], b[2]) - fminf(a[0], b[0])) * (fmaxf(a[3], b[3]) - fminf(a[1], b[1]));
}

static void box_union(float a[4], const float b[4])
{
    a[0] = fminf(a[0], b[0]), a[1] = fminf(a[1], b[1]);
    a[2] = fmaxf(a[2], b[2]), a[3] = fmaxf(a[3], b[3]);
}

/* Adds box b (grown by 2 pixels) to the damage: into a piece it touches (the last one first:
 * a string's glyphs come one after the other), else a new one, else the one it grows least. */
static void damage(Renderer *r, const float *b)
{
    float p[4] = {b[0] - 2, b[1] - 2, b[2] + 2, b[3] + 2};
    int best = -1;
    float grow = INFINITY;
    for (int i = r->ndmg - 1; i >= 0; i--) {
        float *d = r->dmg[i];
        if (p[0] <= d[2] && p[2] >= d[0] && p[1] <= d[3] && p[3] >= d[1]) {
            best = i;
            break;
        }
        float a = union_area(d, p) - union_area(d, d);
        if (r->ndmg == PIECES && a < grow)
            best = i, grow = a;
    }
    if (best < 0) {
        memcpy(r->dmg[r->ndmg++], p, sizeof p);
        return;
    }
    box_union(r->dmg[best], p);
}

/* Down to DAMAGE pieces: the two whose union adds least area merged, again and again (a
 * column of numbers becomes one box). */
static void damage_fold(Renderer *r)
{
    while (r->ndmg > DAMAGE) {
        int bi = 0, bj = 1;
        float best = INFINITY;
        for (int i = 0; i < r->ndmg; i++)
            for (int j = i + 1; j < r->ndmg; j++) {
                const float *a = r->dmg[i], *b = r->dmg[j];
                float g = union_area(a, b) - union_area(a, a) - union_area(b, b);
                if (g < best)
                    best = g, bi = i, bj = j;
            }
        box_union(r->dmg[bi], r->dmg[bj]);
        memcpy(r->dmg[bj], r->dmg[--r->ndmg], sizeof r->dmg[0]);
    }
}

/* The frame's moving parts (dots, trail pieces since the last frame: box 0) and the HUD's
 * panels with curves (redrawn whole); how many boxes, 0 if this frame must be drawn whole.
 * The rest of the HUD (a dry run of it) is compared triangle by triangle with the last
 * frame's: where they differ is r->dmg. (A triangle is known by what it draws and where, not
 * by when: the same triangles drawn in another order would go unnoticed; the HUD draws in a
 * fixed order, each panel and then what is on it.) */
static int partial_rect(Renderer *r, const RenFrame *f, const Theme *th, float u,
                        float box[BOXES][4])
{
    const Race *race = f->race;
    const View *v = f->view;
    float *dyn = box[0];
    dyn[0] = dyn[1] = INFINITY;
    dyn[2] = dyn[3] = -INFINITY;
    float m = 12 * u + (float)font_height(r->font, FONT_SMALL);
    for (int i = 0; i < race->n; i++) {
        const Racer *rc = &race->racer[i];
        const TrailMark *mk = &r->mark[i];
        if (!rc->enabled)
            continue;
        if (!mark_ok(mk, rc))
            return 0;
        for (int j = mk->drawn > 2 ? mk->drawn - 2 : 0; j < rc->nhist; j++)
            grow_box(dyn, (float)view_sx(v, rc->hist[j].x), (float)view_sy(v, rc->hist[j].y), m);
        float x = (float)view_sx(v, rc->x[0]), y = (float)view_sy(v, rc->x[1]);
        if (!(x >= 0 && y >= 0 && x <= (float)v->w && y <= (float)v->h))
            return 0; /* an arrow at the edge points to it: drawn whole */
        grow_box(dyn, x, y, m);
    }
    Hud *h = &r->hud;
    *h = (Hud){.batch = r->batch, .font = r->font, .lines = r->plot, .th = th, .w = v->w,
               .h = v->h, .u = u, .dry = 1};
    r->ntri = 0;
    batch_sink(r->batch, tri_sink, r);
    hud_draw(h, f);
    batch_flush(r->batch);
    batch_sink(r->batch, NULL, NULL);
    batch_begin(r->batch, v->w, v->h, font_texture(r->font));
    if (r->ntri < 0 || (h->lined & 1u << 31) || set_fill(&r->set, &r->set_cap, r->tri, r->ntri) < 0)
        return 0; /* (curves outside the panels: drawn whole) */
    int n = 1;
    for (int i = 0; i < h->npanels; i++) {
        const HudBox *b = &h->panels[i];
        if (h->lined & 1u << i)
            memcpy(box[n++], (float[4]){b->x - 2, b->y - 2, b->x + b->w + 2, b->y + b->h + 2},
                   sizeof box[0]);
    }
    r->ndmg = 0;
    for (int t = 0; t < r->ntri && r->pset; t++)
        if (!set_has(r->pset, r->pset_cap, r->tri[t].key))
            damage(r, r->tri[t].b);
    for (int t = 0; t < r->nptri; t++)
        if (!set_has(r->set, r->set_cap, r->ptri[t].key))
            damage(r, r->ptri[t].b);
    damage_fold(r);
    /* this frame's triangles are the next one's last */
    Tri *tt = r->tri;
    r->tri = r->ptri, r->ptri = tt;
    int ti = r->tri_cap;
    r->tri_cap = r->ptri_cap, r->ptri_cap = ti;
    r->nptri = r->ntri;
    unsigned long long *ts = r->set;
    r->set = r->pset, r->pset = ts;
    ti = r->set_cap;
    r->set_cap = r->pset_cap, r->pset_cap = ti;
    return n;
}

/* Records what this draw changed: the clip, or everything. */
static void note_changed(Renderer *r, int w, int h)
{
    if (!r->clip_on || r->acc_full) {
        r->acc_full = 1;
        return;
    }
    if (r->acc[2] <= r->acc[0]) {
        memcpy(r->acc, r->clip, sizeof r->acc);
        return;
    }
    r->acc[0] = r->acc[0] < r->clip[0] ? r->acc[0] : r->clip[0];
    r->acc[1] = r->acc[1] < r->clip[1] ? r->acc[1] : r->clip[1];
    r->acc[2] = r->acc[2] > r->clip[2] ? r->acc[2] : r->clip[2];
    r->acc[3] = r->acc[3] > r->clip[3] ? r->acc[3] : r->clip[3];
    (void)w, (void)h;
}

int ren_changed(Renderer *r, int rect[4])
{
    int part = !r->acc_full && r->acc[2] > r->acc[0];
    if (part)
        memcpy(rect, r->acc, sizeof r->acc);
    r->acc_full = 0;
    r->acc[0] = r->acc[1] = r->acc[2] = r->acc[3] = 0;
    return part;
}

static void font_px(Renderer *r, float px)
{
    int sizes[FONT_SIZES] = {(int)(0.8f * px + 0.5f), (int)(px + 0.5f), (int)(1.4f * px + 0.5f)};
    font_set_sizes(r->font, sizes);
}

/* The text sizes for px; smaller under a help overlay that would not fit the window's height at
 * them (lecture size on a short window): every key stays on screen. The scale is kept per size,
 * window and rows, so an open overlay sets the fonts (and fills the atlas) once. */
static void set_text_px(Renderer *r, const RenFrame *f, const Theme *th, float px)
{
    if (!f->help.rows || f->fig.on) { /* the figure style draws no help */
        font_px(r, px);
        return;
    }
    float key[4] = {px, (float)f->view->w, (float)f->view->h, (float)f->help.n};
    if (memcmp(key, r->help_key, sizeof key)) {
        font_px(r, px);
        Hud h = {.font = r->font, .th = th, .w = f->view->w, .h = f->view->h};
        r->help_k = hud_help_scale(&h, f);
        memcpy(r->help_key, key, sizeof key);
    }
    font_px(r, px * r->help_k);
}

void ren_draw(Renderer *r, const RenFrame *f)
{
    const View *v = f->view;
    const Theme *th = theme_get(f->light);
    /* one UI unit: a pixel at 1080 lines, and more with bigger text (the lecture size thickens
     * trails and dots for the back row too) */
    float px = f->text_px > 0 ? f->text_px : fmaxf(12, (float)v->h / 50);
    float u = fmaxf(0.75f, (float)v->h / 1080.0f) * fminf(fmaxf(px / ((float)v->h / 50), 1), 1.6f);
    glViewport(0, 0, v->w, v->h);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_SCISSOR_TEST);
    /* blend colour; keep the framebuffer opaque so read-back pixels are what was shown */
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    /* no clear: the composite (or the field, without layers) covers every pixel */
    field_hold(r->field, f->moving);
    field_request(r->field, f->race->surface, v, f->moving ? 4 : 2);
    int fv = field_update(r->field); /* a grid the worker finished, into the texture */
    set_text_px(r, f, th, px);
    if (f->cam3d.on && r->v3d) {
        /* the 3-D view instead of the field, marks, trails and racers; the base layer is
         * drawn anew on the way back */
        View3dCam cam = ren_camera3d(f);
        view3d_draw(r->v3d, f->race, v, &cam, th, u, fv, f->show);
        glViewport(0, 0, v->w, v->h);
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
        r->base_valid = 0;
        r->prev_ok = 0;
        batch_begin(r->batch, v->w, v->h, font_texture(r->font));
    } else {
        batch_begin(r->batch, v->w, v->h, font_texture(r->font));
        float dyn[BOXES][4];
        /* partial: in the figure style (a recording reads back only the changed part), and in
         * every style on a framebuffer that keeps the last frame; not under an overlay, nor
         * with the arrows and their tags (outside the moving parts' box) */
        int every = r->kept && !f->help.rows && !f->picker.items && !f->edit.text;
        /* (not while the view is dragged: the base layer moves everywhere, each frame is
         * drawn whole, and the dry run would be wasted) */
        int part = (f->fig.on || every) && !(f->show & REN_ARROWS) && !f->basin.cls &&
                           !f->ghost.samples && !f->hpmap.loss && !f->anatomy &&
                           !r->partial_off && !f->moving
                       ? partial_rect(r, f, th, u, dyn) : 0;
        r->clip_on = 0;
        if (part && r->prev_ok && r->prev_w == v->w && r->prev_h == v->h) {
            /* this frame's boxes, the last one's and the HUD's changes, in whole pixels inside
             * the frame, merged where they overlap (each pixel is drawn once) */
            float all[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
            const float *fb[NBOX];
            int n = 0;
            for (int k = 0; k < part; k++)
                fb[n++] = dyn[k];
            for (int k = 0; k < r->nprev; k++)
                fb[n++] = r->prev_dyn[k];
            for (int k = 0; k < r->ndmg; k++)
                fb[n++] = r->dmg[k];
            r->nbox = 0;
            for (int k = 0; k < n; k++) {
                const float *b = fb[k];
                int *ib = r->boxes[r->nbox];
                ib[0] = (int)fmaxf(floorf(b[0]), 0), ib[1] = (int)fmaxf(floorf(b[1]), 0);
                ib[2] = (int)fminf(ceilf(b[2]), (float)v->w);
                ib[3] = (int)fminf(ceilf(b[3]), (float)v->h);
                if (ib[2] > ib[0] && ib[3] > ib[1])
                    r->nbox++;
            }
            for (int i = 0; i < r->nbox; i++)
                for (int j = i + 1; j < r->nbox; j++) {
                    int *a = r->boxes[i], *b = r->boxes[j];
                    if (a[0] >= b[2] || b[0] >= a[2] || a[1] >= b[3] || b[1] >= a[3])
                        continue;
                    a[0] = a[0] < b[0] ? a[0] : b[0], a[1] = a[1] < b[1] ? a[1] : b[1];
                    a[2] = a[2] > b[2] ? a[2] : b[2], a[3] = a[3] > b[3] ? a[3] : b[3];
                    memcpy(b, r->boxes[--r->nbox], sizeof r->boxes[0]);
                    i = -1; /* a grew: it may reach boxes before it too; all pairs again */
                    break;
                }
            for (int k = 0; k < r->nbox; k++) {
                const int *ib = r->boxes[k];
                all[0] = fminf(all[0], (float)ib[0]), all[1] = fminf(all[1], (float)ib[1]);
                all[2] = fmaxf(all[2], (float)ib[2]), all[3] = fmaxf(all[3], (float)ib[3]);
            }
            for (int c = 0; c < 4; c++)
                r->clip[c] = (int)all[c];
            r->clip_on = r->nbox > 0;
        }
        if (part)
            memcpy(r->prev_dyn, dyn, sizeof dyn);
        r->nprev = part;
        r->prev_ok = part > 0;
        r->prev_w = v->w;
        r->prev_h = v->h;
        int cached = base(r, f, th, u, fv) == 0;
        if (!cached)
            r->clip_on = 0;
        /* from now on only inside the boxes (the base layer is drawn; its copy is done) */
        int nclip = r->clip_on ? r->nbox : 0;
        batch_clip(r->batch, (const int(*)[4])r->boxes, nclip);
        lines_clip(r->trails, (const int(*)[4])r->boxes, nclip);
        lines_clip(r->plot, (const int(*)[4])r->boxes, nclip);
        if (!cached) {
            field_and_marks(r, f, th, u);
            basin(r, f, th);
            ghost(r, f, th, u);
        }
        if (f->show & REN_TRAILS)
            trail_ends(r, f->race, v, th, u, !cached);
        scene(r, f, th, u);
        anatdraw_plane(r->batch, r->font, f, th, u);
    }
    batch_flush(r->batch);
    Hud *h = &r->hud;
    *h = (Hud){.batch = r->batch, .font = r->font, .lines = r->plot, .th = th, .w = v->w,
               .h = v->h, .u = u};
    hud_draw(h, f);
    batch_flush(r->batch);
    batch_clip(r->batch, NULL, 0);
    lines_clip(r->trails, NULL, 0);
    lines_clip(r->plot, NULL, 0);
    glDisable(GL_SCISSOR_TEST);
    note_changed(r, v->w, v->h);
    r->clip_on = 0;
}

View3dCam ren_camera3d(const RenFrame *f)
{
    /* no camera yet (a scene that opens in 3-D): from the south-east, 37° up, the whole view */
    if (f->cam3d.dist <= 0)
        return (View3dCam){0.5f, 0.65f, 2.7f, f->cam3d.height_linear};
    return (View3dCam){f->cam3d.yaw, f->cam3d.pitch, f->cam3d.dist, f->cam3d.height_linear};
}

int ren_project3d(const Renderer *r, const RenFrame *f, double x, double y, float out[2])
{
    View3dCam cam = ren_camera3d(f);
    return view3d_project(r->v3d, &cam, x, y, out);
}

void ren_badge(Renderer *r, const View *v, const char *text, float text_px, int light)
{
    const Theme *th = theme_get(light);
    float px = text_px > 0 ? text_px : fmaxf(12, (float)v->h / 50);
    int sizes[FONT_SIZES] = {(int)(0.8f * px + 0.5f), (int)(px + 0.5f), (int)(1.4f * px + 0.5f)};
    font_set_sizes(r->font, sizes);
    float fh = (float)font_height(r->font, FONT_BODY), pad = 0.5f * fh;
    float w = font_width(r->font, FONT_BODY, text) + 3 * pad + fh * 0.7f, h = fh + pad;
    float x = 0.5f * ((float)v->w - w), y = 0.6f * pad;
    glViewport(0, 0, v->w, v->h);
    batch_begin(r->batch, v->w, v->h, font_texture(r->font));
    batch_round_rect(r->batch, x, y, w, h, 0.4f * h, th->panel);
    batch_disk(r->batch, x + pad + fh * 0.35f, y + 0.5f * h, fh * 0.3f,
               (Rgba){230, 30, 30, 255});
    font_draw(r->font, r->batch, FONT_BODY, x + 2 * pad + fh * 0.7f, y + 0.5f * pad, text, th->text);
    batch_flush(r->batch);
    /* a partial next frame draws the base layer over it too */
    if (r->nprev < BOXES) {
        memcpy(r->prev_dyn[r->nprev++], (float[4]){x - 2, y - 2, x + w + 2, y + h + 2},
               sizeof r->prev_dyn[0]);
    }
    else
        r->prev_ok = 0;
}

void ren_forget(Renderer *r)
{
    r->prev_ok = 0;
}

/* A keyword's value in a racer's spec (dflt when the optimizer has no such keyword). */
static double knob(const Racer *rc, const char *name, double dflt)
{
    const OptimKind *k = rc->spec.opt.kind;
    for (int i = 0; i < k->nparams; i++)
        if (!strcmp(k->params[i].name, name))
            return rc->spec.opt.p[k->params[i].slot];
    return dflt;
}

static void kind_name(const Racer *rc, char *buf, size_t n)
{
    const char *name = rc->spec.opt.kind->name;
    char one[64];
    if (!strcmp(name, "SGD") && knob(rc, "momentum", 0) > 0)
        snprintf(one, sizeof one, "SGD+%s", knob(rc, "nesterov", 0) ? "Nesterov" : "momentum");
    else if (knob(rc, "amsgrad", 0))
        snprintf(one, sizeof one, "%s", !strcmp(name, "Adam") ? "AMSGrad" : "AMSGrad (AdamW)");
    else
        snprintf(one, sizeof one, "%s", name);
    if (rc->spec.opt.la_k > 0)
        snprintf(buf, n, "Lookahead(%s)", one);
    else
        snprintf(buf, n, "%s", one);
}

void ren_racer_name(const Race *race, int i, char *buf, size_t n)
{
    char mine[96], other[96];
    kind_name(&race->racer[i], mine, sizeof mine);
    int same_name = 0, same_lr = 0;
    for (int j = 0; j < race->n; j++) {
        if (j == i)
            continue;
        kind_name(&race->racer[j], other, sizeof other);
        if (!strcmp(mine, other)) {
            same_name = 1;
            same_lr |= race->racer[j].spec.opt.p[0] == race->racer[i].spec.opt.p[0];
        }
    }
    if (!same_name)
        snprintf(buf, n, "%s", mine);
    else if (!same_lr)
        snprintf(buf, n, "%s lr=%.3g", mine, race->racer[i].spec.opt.p[0]);
    else
        snprintf(buf, n, "%s #%d", mine, i + 1);
}

unsigned ren_racer_rgb(const Renderer *r, int light, const Race *race, int i)
{
    (void)r;
    Rgba c = race && i >= 0 && i < race->n ? theme_racer_in(theme_get(light), race, i)
                                           : theme_racer(theme_get(light), i);
    return (unsigned)c.r << 16 | (unsigned)c.g << 8 | c.b;
}
