/* view3d.c — the 3-D view: a height-field mesh of the log-scaled loss, trails and racer dots,
 * drawn with depth into a multisampled framebuffer and copied into the bound one. */
#include "view3d.h"

#include <epoxy/gl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ren.h"
#include "shader.h"
#include "theme.h"

enum { GRID = 160, ZMAX_PER_MILLE = 550 };

typedef struct Vert {
    float p[3], n[3];
    uint8_t c[4];
} Vert;

struct View3d {
    GLuint prog, vao, vbo, ibo, lvao, lvbo;
    GLint u_mvp, u_point, u_mode, u_light, u_bias;
    GLuint fbo, rb_col, rb_dep;
    int fw, fh;
    /* what the mesh was made for */
    int valid;
    const Surface *surface;
    View view;
    int key, light, linear;
    /* the level mapping: loss → t in [0, 1] */
    int symlog;
    double base, eps, med, sc, lo, hi;
    float ax, ay, half;   /* the mesh spans [−ax, ax] × [−ay, ay]; world units per unit */
    Vert *mesh;           /* GRID × GRID */
    Vert *lines;          /* trails and dots, per frame */
    int lines_cap;
};

View3d *view3d_create(Err *err)
{
    View3d *v = calloc(1, sizeof *v);
    if (!v) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    v->prog = shader_load("view3d.vert", "view3d.frag", err);
    v->mesh = malloc(sizeof(Vert) * GRID * GRID);
    if (!v->prog || !v->mesh) {
        if (v->mesh == NULL)
            err_set(err, 0, "out of memory");
        view3d_destroy(&v);
        return NULL;
    }
    v->u_mvp = glGetUniformLocation(v->prog, "u_mvp");
    v->u_point = glGetUniformLocation(v->prog, "u_point");
    v->u_mode = glGetUniformLocation(v->prog, "u_mode");
    v->u_light = glGetUniformLocation(v->prog, "u_light");
    v->u_bias = glGetUniformLocation(v->prog, "u_bias");
    GLuint *vaos[] = {&v->vao, &v->lvao}, *vbos[] = {&v->vbo, &v->lvbo};
    for (int k = 0; k < 2; k++) {
        glGenVertexArrays(1, vaos[k]);
        glGenBuffers(1, vbos[k]);
        glBindVertexArray(*vaos[k]);
        glBindBuffer(GL_ARRAY_BUFFER, *vbos[k]);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(Vert), (void *)offsetof(Vert, p));
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(Vert), (void *)offsetof(Vert, n));
        glEnableVertexAttribArray(2);
        glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Vert),
                              (void *)offsetof(Vert, c));
        if (k == 0) {
            /* the mesh's triangles: fixed */
            glGenBuffers(1, &v->ibo);
            glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, v->ibo);
            unsigned *idx = malloc(sizeof(unsigned) * 6 * (GRID - 1) * (GRID - 1));
            if (idx) {
                int n = 0;
                for (int j = 0; j + 1 < GRID; j++)
                    for (int i = 0; i + 1 < GRID; i++) {
                        unsigned a = (unsigned)(j * GRID + i), b = a + 1, c = a + GRID, d = c + 1;
                        unsigned q[6] = {a, b, d, a, d, c};
                        memcpy(idx + n, q, sizeof q);
                        n += 6;
                    }
                glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(sizeof(unsigned) * (size_t)n),
                             idx, GL_STATIC_DRAW);
                free(idx);
            }
        }
    }
    glBindVertexArray(0);
    return v;
}

void view3d_destroy(View3d **pv)
{
    View3d *v = *pv;
    if (!v)
        return;
    if (v->prog)
        glDeleteProgram(v->prog);
    GLuint bufs[] = {v->vbo, v->ibo, v->lvbo}, vaos[] = {v->vao, v->lvao};
    glDeleteBuffers(3, bufs);
    glDeleteVertexArrays(2, vaos);
    if (v->fbo)
        glDeleteFramebuffers(1, &v->fbo);
    GLuint rbs[] = {v->rb_col, v->rb_dep};
    glDeleteRenderbuffers(2, rbs);
    free(v->mesh);
    free(v->lines);
    free(v);
    *pv = NULL;
}

void view3d_detach(View3d *v)
{
    v->valid = 0;
    v->surface = NULL;
}

/* viridis (theme.h) in floats */
static void viridis(float t, float c[3])
{
    double d[3];
    theme_viridis(t, d);
    for (int i = 0; i < 3; i++)
        c[i] = (float)d[i];
}

/* The field's colormap at level t, as field.frag draws it. */
static void colour(float t, int light, uint8_t out[4])
{
    float c[3];
    if (light) {
        viridis(t, c);
        for (int i = 0; i < 3; i++)
            c[i] = 0.7f + 0.3f * c[i];
    } else {
        viridis(0.06f + 0.64f * t, c);
        for (int i = 0; i < 3; i++)
            c[i] *= 0.5f + 0.5f * t;
    }
    for (int i = 0; i < 3; i++)
        out[i] = (uint8_t)lrintf(255 * fminf(fmaxf(c[i], 0), 1));
    out[3] = 255;
}

static double level(const View3d *v, double f)
{
    if (!isfinite(f))
        return 1;
    double L;
    if (v->symlog) {
        L = asinh((f - v->med) / v->sc);
    } else {
        double d = f - v->base;
        L = log((d > 0 ? d : 0) + v->eps);
    }
    double t = (L - v->lo) / (v->hi - v->lo);
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Samples the surface over the view's rectangle and builds the mesh. */
static void build(View3d *v, const Surface *s, const View *view, int light, int linear)
{
    static double f[GRID * GRID], srt[GRID * GRID];
    double m = 0.5 * (view->w > view->h ? view->w : view->h);
    v->half = (float)(m * view->scale);
    v->ax = (float)(0.5 * view->w / m);
    v->ay = (float)(0.5 * view->h / m);
    int n = 0, ns = 0;
    double lo = INFINITY;
    for (int j = 0; j < GRID; j++)
        for (int i = 0; i < GRID; i++) {
            double X = v->ax * (2.0 * i / (GRID - 1) - 1), Y = v->ay * (2.0 * j / (GRID - 1) - 1);
            double val = surface_eval(s, view->cx + X * v->half, view->cy + Y * v->half, NULL);
            f[n++] = val;
            if (isfinite(val)) {
                srt[ns++] = val;
                if (val < lo)
                    lo = val;
            }
        }
    qsort(srt, (size_t)ns, sizeof(double), cmp_double);
    int edge = 0;
    if (ns) {
        /* where the lowest sample is: on the edge and no known minimum → no floor in sight */
        for (int k = 0; k < n; k++)
            if (f[k] == lo) {
                int i = k % GRID, j = k / GRID;
                edge = i == 0 || j == 0 || i == GRID - 1 || j == GRID - 1;
                break;
            }
    }
    v->symlog = !(isfinite(s->fmin) || !edge);
    if (!v->symlog) {
        v->base = isfinite(s->fmin) && s->fmin <= lo ? s->fmin : lo;
        if (!isfinite(v->base))
            v->base = 0;
        double top = ns ? srt[(int)(0.99 * (ns - 1))] - v->base : 1;
        if (!(top > 0))
            top = 1;
        v->eps = pow(10, floor(log10(top * 1e-6)));
        v->hi = log(top + v->eps);
        v->lo = log((lo - v->base > 0 ? lo - v->base : 0) + v->eps);
    } else {
        v->med = srt[ns / 2];
        double p01 = srt[(int)(0.01 * (ns - 1))], p99 = srt[(int)(0.99 * (ns - 1))];
        v->sc = fmax((p99 - p01) * 0.02, 1e-12 * fmax(1, fabs(v->med)));
        v->lo = asinh((p01 - v->med) / v->sc);
        v->hi = asinh((p99 - v->med) / v->sc);
    }
    if (!(v->hi > v->lo + 1e-3))
        v->hi = v->lo + 1e-3;
    float zmax = ZMAX_PER_MILLE / 1000.0f;
    /* linear: the loss itself from the lowest sample to the 95th percentile (higher ground is
     * a flat plateau), so a valley is a valley and not a funnel */
    double flo = ns ? srt[0] : 0, ftop = ns ? srt[(int)(0.95 * (ns - 1))] : 1;
    if (!(ftop > flo))
        ftop = flo + 1;
    for (int k = 0; k < n; k++) {
        Vert *q = &v->mesh[k];
        int i = k % GRID, j = k / GRID;
        float t = (float)level(v, f[k]);
        double hz = linear ? (isfinite(f[k]) ? (f[k] - flo) / (ftop - flo) : 1) : t;
        q->p[0] = v->ax * (2.0f * (float)i / (GRID - 1) - 1);
        q->p[1] = v->ay * (2.0f * (float)j / (GRID - 1) - 1);
        q->p[2] = zmax * (float)(hz < 0 ? 0 : hz > 1 ? 1 : hz);
        colour(t, light, q->c);
    }
    for (int k = 0; k < n; k++) {
        int i = k % GRID, j = k / GRID;
        int i0 = i > 0 ? i - 1 : i, i1 = i < GRID - 1 ? i + 1 : i;
        int j0 = j > 0 ? j - 1 : j, j1 = j < GRID - 1 ? j + 1 : j;
        const Vert *m0 = v->mesh;
        float dzx = (m0[j * GRID + i1].p[2] - m0[j * GRID + i0].p[2]) /
                    (m0[j * GRID + i1].p[0] - m0[j * GRID + i0].p[0]);
        float dzy = (m0[j1 * GRID + i].p[2] - m0[j0 * GRID + i].p[2]) /
                    (m0[j1 * GRID + i].p[1] - m0[j0 * GRID + i].p[1]);
        float l = sqrtf(dzx * dzx + dzy * dzy + 1);
        v->mesh[k].n[0] = -dzx / l;
        v->mesh[k].n[1] = -dzy / l;
        v->mesh[k].n[2] = 1 / l;
    }
    glBindBuffer(GL_ARRAY_BUFFER, v->vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(Vert) * (size_t)n), v->mesh, GL_STATIC_DRAW);
}

static int fbo_size(View3d *v, int w, int h)
{
    if (v->fbo && v->fw == w && v->fh == h)
        return 0;
    if (!v->fbo) {
        glGenFramebuffers(1, &v->fbo);
        glGenRenderbuffers(1, &v->rb_col);
        glGenRenderbuffers(1, &v->rb_dep);
    }
    GLint prev;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev);
    glBindRenderbuffer(GL_RENDERBUFFER, v->rb_col);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, 4, GL_RGBA8, w, h);
    glBindRenderbuffer(GL_RENDERBUFFER, v->rb_dep);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, 4, GL_DEPTH_COMPONENT24, w, h);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    glBindFramebuffer(GL_FRAMEBUFFER, v->fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, v->rb_col);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, v->rb_dep);
    int ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)prev);
    v->fw = w;
    v->fh = h;
    return ok ? 0 : -1;
}

/* column-major 4 × 4: out = a · b */
static void mat_mul(float out[16], const float a[16], const float b[16])
{
    float r[16];
    for (int c = 0; c < 4; c++)
        for (int rr = 0; rr < 4; rr++) {
            float s = 0;
            for (int k = 0; k < 4; k++)
                s += a[k * 4 + rr] * b[c * 4 + k];
            r[c * 4 + rr] = s;
        }
    memcpy(out, r, sizeof r);
}

static void camera(const View3dCam *cam, float aspect, float mvp[16], float eye[3])
{
    float cp = cosf(cam->pitch), sp = sinf(cam->pitch), cy = cosf(cam->yaw), sy = sinf(cam->yaw);
    float tgt[3] = {0, 0, 0.2f};
    eye[0] = tgt[0] + cam->dist * cp * sy;
    eye[1] = tgt[1] - cam->dist * cp * cy;
    eye[2] = tgt[2] + cam->dist * sp;
    float fz[3] = {tgt[0] - eye[0], tgt[1] - eye[1], tgt[2] - eye[2]};
    float l = sqrtf(fz[0] * fz[0] + fz[1] * fz[1] + fz[2] * fz[2]);
    for (int i = 0; i < 3; i++)
        fz[i] /= l;
    /* s = f × up (up = z), u = s × f */
    float s[3] = {fz[1], -fz[0], 0};
    l = sqrtf(s[0] * s[0] + s[1] * s[1]);
    if (l < 1e-6f) {
        s[0] = 1;
        l = 1;
    }
    s[0] /= l;
    s[1] /= l;
    float u[3] = {s[1] * fz[2] - s[2] * fz[1], s[2] * fz[0] - s[0] * fz[2],
                  s[0] * fz[1] - s[1] * fz[0]};
    float view[16] = {s[0], u[0], -fz[0], 0, s[1], u[1], -fz[1], 0, s[2], u[2], -fz[2], 0,
                      -(s[0] * eye[0] + s[1] * eye[1] + s[2] * eye[2]),
                      -(u[0] * eye[0] + u[1] * eye[1] + u[2] * eye[2]),
                      fz[0] * eye[0] + fz[1] * eye[1] + fz[2] * eye[2], 1};
    float fov = 0.7f, zn = 0.1f, zf = 50, t = 1 / tanf(fov / 2);
    float proj[16] = {t / aspect, 0, 0, 0, 0, t, 0, 0, 0, 0, (zf + zn) / (zn - zf), -1,
                      0, 0, 2 * zf * zn / (zn - zf), 0};
    mat_mul(mvp, proj, view);
}

static Vert *line_vert(View3d *v, int *n)
{
    if (*n >= v->lines_cap) {
        int cap = v->lines_cap ? 2 * v->lines_cap : 4096;
        Vert *p = realloc(v->lines, sizeof(Vert) * (size_t)cap);
        if (!p)
            return NULL;
        v->lines = p;
        v->lines_cap = cap;
    }
    Vert *q = &v->lines[(*n)++];
    memset(q, 0, sizeof *q);
    return q;
}

/* The mesh's height at mesh coordinates (X, Y), as its triangles interpolate it (quad a b / c d
 * split along a–d, as the index buffer does), clamped to the mesh's edge. */
static float mesh_z(const View3d *v, float X, float Y)
{
    float gi = (X / v->ax + 1) * 0.5f * (GRID - 1), gj = (Y / v->ay + 1) * 0.5f * (GRID - 1);
    gi = fminf(fmaxf(gi, 0), GRID - 1);
    gj = fminf(fmaxf(gj, 0), GRID - 1);
    int i = (int)gi, j = (int)gj;
    if (i > GRID - 2)
        i = GRID - 2;
    if (j > GRID - 2)
        j = GRID - 2;
    float fx = gi - (float)i, fy = gj - (float)j;
    const Vert *m = v->mesh;
    float za = m[j * GRID + i].p[2], zb = m[j * GRID + i + 1].p[2];
    float zc = m[(j + 1) * GRID + i].p[2], zd = m[(j + 1) * GRID + i + 1].p[2];
    return fx >= fy ? za + fx * (zb - za) + fy * (zd - zb) : za + fy * (zc - za) + fx * (zd - zc);
}

static void to_mesh(const View3d *v, double x, double y, float *X, float *Y)
{
    double mx = (x - v->view.cx) / v->half, my = (y - v->view.cy) / v->half;
    /* far-off points (a diverged racer) onto the mesh's edge */
    *X = (float)(isfinite(mx) ? fmin(fmax(mx, -v->ax), v->ax) : 0);
    *Y = (float)(isfinite(my) ? fmin(fmax(my, -v->ay), v->ay) : 0);
}

static void put_at(View3d *v, int *n, float X, float Y, Rgba c)
{
    Vert *q = line_vert(v, n);
    if (!q)
        return;
    q->p[0] = X;
    q->p[1] = Y;
    q->p[2] = mesh_z(v, X, Y);
    q->n[2] = 1;
    q->c[0] = c.r;
    q->c[1] = c.g;
    q->c[2] = c.b;
    q->c[3] = c.a;
}

/* A point of a trail or a dot, on the surface as drawn. */
static void put(View3d *v, int *n, double x, double y, Rgba c)
{
    float X, Y;
    to_mesh(v, x, y, &X, &Y);
    put_at(v, n, X, Y, c);
}

/* A trail's segment to (x, y) from the last point put, cut into pieces of at most half a mesh
 * cell so it follows the surface instead of cutting through hills. */
static void put_to(View3d *v, int *n, double x, double y, Rgba c)
{
    float X, Y;
    to_mesh(v, x, y, &X, &Y);
    const Vert *last = &v->lines[*n - 1];
    float X0 = last->p[0], Y0 = last->p[1];
    float cell = 2 * fminf(v->ax, v->ay) / (GRID - 1);
    int k = (int)ceilf(hypotf(X - X0, Y - Y0) / (0.5f * cell));
    if (k < 1)
        k = 1;
    if (k > 256)
        k = 256;
    for (int i = 1; i <= k; i++) {
        float t = (float)i / (float)k;
        put_at(v, n, X0 + t * (X - X0), Y0 + t * (Y - Y0), c);
    }
}

int view3d_project(const View3d *v, const View3dCam *cam, double x, double y, float out[2])
{
    if (!v->valid || v->fw <= 0 || v->fh <= 0)
        return -1;
    float mvp[16], eye[3], X, Y;
    camera(cam, (float)v->fw / (float)v->fh, mvp, eye);
    to_mesh(v, x, y, &X, &Y);
    float p[4] = {X, Y, mesh_z(v, X, Y), 1}, q[4];
    for (int r = 0; r < 4; r++)
        q[r] = mvp[r] * p[0] + mvp[4 + r] * p[1] + mvp[8 + r] * p[2] + mvp[12 + r] * p[3];
    if (q[3] <= 0)
        return -1;
    out[0] = (q[0] / q[3] * 0.5f + 0.5f) * (float)v->fw;
    out[1] = (0.5f - q[1] / q[3] * 0.5f) * (float)v->fh;
    return 0;
}

void view3d_draw(View3d *v, const Race *race, const View *view, const View3dCam *cam,
                 const Theme *th, float u, int key, unsigned show)
{
    const Surface *s = race->surface;
    if (!v->valid || v->surface != s || v->key != key || v->light != th->light ||
        v->linear != cam->linear || memcmp(&v->view, view, sizeof *view) != 0) {
        v->valid = s != NULL;
        v->surface = s;
        v->key = key;
        v->light = th->light;
        v->linear = cam->linear;
        v->view = *view;
        if (s)
            build(v, s, view, th->light, cam->linear);
    }
    GLint prev;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &prev);
    int w = view->w, h = view->h;
    int own = fbo_size(v, w, h) == 0;
    if (own)
        glBindFramebuffer(GL_FRAMEBUFFER, v->fbo);
    glViewport(0, 0, w, h);
    glClearColor(th->bg.r / 255.0f, th->bg.g / 255.0f, th->bg.b / 255.0f, 1);
    glClearDepth(1);
    glDepthMask(GL_TRUE);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    if (!v->valid)
        goto done;
    float mvp[16], eye[3];
    camera(cam, (float)w / (float)(h > 0 ? h : 1), mvp, eye);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);
    glDisable(GL_BLEND);
    glUseProgram(v->prog);
    glUniformMatrix4fv(v->u_mvp, 1, GL_FALSE, mvp);
    float lx = 0.35f, ly = -0.45f, lz = 0.82f, ll = sqrtf(lx * lx + ly * ly + lz * lz);
    glUniform3f(v->u_light, lx / ll, ly / ll, lz / ll);
    glUniform1f(v->u_point, 1);
    glUniform1f(v->u_bias, 0);
    glUniform1i(v->u_mode, 0);
    glEnable(GL_POLYGON_OFFSET_FILL);
    glPolygonOffset(1, 1);
    glBindVertexArray(v->vao);
    glDrawElements(GL_TRIANGLES, 6 * (GRID - 1) * (GRID - 1), GL_UNSIGNED_INT, NULL);
    glDisable(GL_POLYGON_OFFSET_FILL);
    /* trails: a line strip each, on the mesh, plus points at their vertices to thicken them;
     * then the dots at the trails' ends, depth-tested like everything else (a dot behind a hill
     * is hidden, as its trail is), with or without the trails */
    int n = 0, first[RACE_MAX], count[RACE_MAX], dots = 0;
    for (int i = 0; i < race->n; i++) {
        const Racer *rc = &race->racer[i];
        first[i] = n;
        count[i] = 0;
        if (!rc->enabled || !(show & REN_TRAILS) || rc->nhist == 0)
            continue;
        Rgba c = theme_racer_in(th, race, i);
        put(v, &n, rc->hist[0].x, rc->hist[0].y, c);
        for (int j = 1; j < rc->nhist && n > first[i]; j++)
            put_to(v, &n, rc->hist[j].x, rc->hist[j].y, c);
        if (n > first[i])
            put_to(v, &n, rc->x[0], rc->x[1], c);
        count[i] = n - first[i];
    }
    dots = n;
    for (int i = 0; i < race->n; i++)
        if (race->racer[i].enabled)
            put(v, &n, race->racer[i].x[0], race->racer[i].x[1], th->halo);
    int ndots = n - dots;
    for (int i = 0; i < race->n; i++)
        if (race->racer[i].enabled)
            put(v, &n, race->racer[i].x[0], race->racer[i].x[1], theme_racer_in(th, race, i));
    if (n > 0) {
        glBindVertexArray(v->lvao);
        glBindBuffer(GL_ARRAY_BUFFER, v->lvbo);
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(Vert) * (size_t)n), v->lines,
                     GL_STREAM_DRAW);
        glUniform1i(v->u_mode, 1);
        glUniform1f(v->u_bias, 2e-4f); /* on the surface, a hair nearer: no stipple */
        glEnable(GL_PROGRAM_POINT_SIZE);
        glUniform1f(v->u_point, fmaxf(2.5f * u, 1));
        for (int i = 0; i < race->n; i++)
            if (count[i] > 0) {
                glDrawArrays(GL_LINE_STRIP, first[i], count[i]);
                glDrawArrays(GL_POINTS, first[i], count[i]);
            }
        /* the dots: halo, then colour, nearer by about their radius so the ground under them
         * does not cut them in half */
        glUniform1i(v->u_mode, 2);
        glUniform1f(v->u_bias, 1.5e-3f);
        glUniform1f(v->u_point, 14 * u);
        glDrawArrays(GL_POINTS, dots, ndots);
        glUniform1f(v->u_bias, 1.6e-3f);
        glUniform1f(v->u_point, 10 * u);
        glDrawArrays(GL_POINTS, dots + ndots, ndots);
        glDisable(GL_PROGRAM_POINT_SIZE);
    }
    glBindVertexArray(0);
    glUseProgram(0);
done:
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_BLEND);
    if (own) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, v->fbo);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, (GLuint)prev);
        glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)prev);
    }
}
