/* bench_gif — the recorder's GIF against ffmpeg's two-pass palettegen/paletteuse GIF of the
 * same frames: size, mean SSIM against the source frames, and encoding speed.
 *
 *   bench_gif [--frames DIR] [--n N] [--size WxH] [--fps F] [--pan] [--keep]
 *
 * Without --frames it draws an optiplay-like sequence (viridis log-contours of Rosenbrock,
 * four racers with trails, a HUD with a step counter, loss bars and a loss plot); with
 * --frames DIR it reads DIR/frame_00001.png... (what `--out DIR/` writes); --pan slides the
 * view 2 pixels a frame, the worst case (every pixel changes every frame). The frames are
 * written as PNGs (by the recorder) for ffmpeg; both GIFs are decoded with giflib and compared
 * with the source frames in C. Also measured: a per-frame-palette GIF (libimagequant on every
 * frame, local colour tables) to show what the global palette buys, a run paced at F fps with
 * the main thread busy 80% of each frame (as a window would be), and byte-identity of two runs.
 *
 * SSIM: mean over R, G, B and over 8x8 windows every 4 pixels (C1 = (0.01*255)^2,
 * C2 = (0.03*255)^2). "Banding" is the RMS of the error after a 9x9 box blur, in 0..255 levels:
 * dither noise averages out, bands and colour shifts do not. */
#include "gifenc.h"
#include "gifwrite.h"
#include "record.h"
#include "theme.h"

#include <errno.h>
#include <gif_lib.h>
#include <libimagequant.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* ---- a synthetic optiplay frame sequence ---- */

typedef struct P2 {
    double x, y;
} P2;

typedef struct Scene {
    int w, h, nsteps, fw, pan;
    uint8_t *field;   /* the contour background, fw*h*4 (wider than a frame when panning) */
    P2 *path;         /* 4 racers x nsteps positions */
    double *loss;
    float *mask;      /* line coverage scratch, w*h */
} Scene;

enum { NRACER = 4 };
static const double X0 = -2.0, X1 = 2.0, Y0 = -1.0, Y1 = 3.0;
static const uint8_t RCOL[NRACER][3] = {{228, 26, 28}, {255, 127, 0}, {247, 129, 191}, {255, 255, 255}};

static double rosen(double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); }

static void blend(uint8_t *p, const uint8_t c[3], double a)
{
    if (a <= 0) return;
    if (a > 1) a = 1;
    for (int i = 0; i < 3; i++) p[i] = (uint8_t)lrint(p[i] + (c[i] - p[i]) * a);
}

static P2 to_px(const Scene *s, P2 w)
{
    return (P2){(w.x - X0) / (X1 - X0) * s->w, (Y1 - w.y) / (Y1 - Y0) * s->h};
}

static void draw_field(Scene *s)
{
    static const uint8_t dark[3] = {20, 20, 30};
    const double lmax = log1p(rosen(-2, -1)), dx = (X1 - X0) / s->w;
    for (int j = 0; j < s->h; j++)
        for (int i = 0; i < s->fw; i++) {
            double x = X0 + (i + 0.5) * dx, y = Y1 - (j + 0.5) / s->h * (Y1 - Y0);
            double v = log1p(rosen(x, y)) / lmax;
            double vx = log1p(rosen(x + dx, y)) / lmax, vy = log1p(rosen(x, y + dx)) / lmax;
            double per_px = hypot(vx - v, vy - v) * 16 + 1e-9;   /* contour levels per pixel */
            double f = v * 16 + 0.5, d = fabs(f - floor(f) - 0.5) / per_px, c[3];
            uint8_t *p = s->field + ((size_t)j * s->fw + i) * 4;
            theme_viridis(v < 0 ? 0 : v > 1 ? 1 : v, c);   /* the field's colormap */
            for (int k = 0; k < 3; k++) p[k] = (uint8_t)lrint(fmin(fmax(c[k], 0), 1) * 255);
            p[3] = 255;
            blend(p, dark, (1.0 - d) * 0.45);   /* anti-aliased contour line */
        }
}

/* gradient descent, momentum, Adam and RMSprop from one start */
static void run_race(Scene *s)
{
    const double lr[NRACER] = {0.0008, 0.0008, 0.04, 0.01};
    for (int r = 0; r < NRACER; r++) {
        double p[2] = {-1.6, 2.4}, v[2] = {0, 0}, m[2] = {0, 0}, q[2] = {0, 0};
        for (int k = 0; k < s->nsteps; k++) {
            s->path[r * s->nsteps + k] = (P2){p[0], p[1]};
            s->loss[r * s->nsteps + k] = rosen(p[0], p[1]);
            double g[2] = {-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]),
                           200 * (p[1] - p[0] * p[0])};
            for (int i = 0; i < 2; i++) {
                if (r == 0) p[i] -= lr[0] * g[i];
                if (r == 1) v[i] = 0.9 * v[i] + g[i], p[i] -= lr[1] * v[i];
                if (r == 2) {
                    m[i] = 0.9 * m[i] + 0.1 * g[i];
                    q[i] = 0.999 * q[i] + 0.001 * g[i] * g[i];
                    p[i] -= lr[2] * (m[i] / (1 - pow(0.9, k + 1))) /
                            (sqrt(q[i] / (1 - pow(0.999, k + 1))) + 1e-8);
                }
                if (r == 3) q[i] = 0.99 * q[i] + 0.01 * g[i] * g[i], p[i] -= lr[3] * g[i] / (sqrt(q[i]) + 1e-8);
            }
            p[0] = fmin(fmax(p[0], X0), X1);
            p[1] = fmin(fmax(p[1], Y0), Y1);
        }
    }
}

/* anti-aliased polyline, width wd, clipped to [cx0,cx1)x[cy0,cy1); coverage is the max over
 * segments so joints are not drawn twice */
static void polyline(Scene *s, uint8_t *img, const P2 *pts, int n, double wd, const uint8_t c[3],
                     double alpha, int cx0, int cy0, int cx1, int cy1)
{
    if (n < 2) return;
    double bx0 = 1e9, by0 = 1e9, bx1 = -1e9, by1 = -1e9;
    for (int i = 0; i < n; i++) {
        bx0 = fmin(bx0, pts[i].x), bx1 = fmax(bx1, pts[i].x);
        by0 = fmin(by0, pts[i].y), by1 = fmax(by1, pts[i].y);
    }
    int x0 = (int)fmax(floor(bx0 - wd - 1), cx0), x1 = (int)fmin(ceil(bx1 + wd + 1), cx1);
    int y0 = (int)fmax(floor(by0 - wd - 1), cy0), y1 = (int)fmin(ceil(by1 + wd + 1), cy1);
    if (x0 >= x1 || y0 >= y1) return;
    int bw = x1 - x0;
    memset(s->mask, 0, sizeof(float) * (size_t)bw * (y1 - y0));
    for (int k = 0; k + 1 < n; k++) {
        P2 a = pts[k], b = pts[k + 1];
        int sx0 = (int)fmax(floor(fmin(a.x, b.x) - wd - 1), x0), sx1 = (int)fmin(ceil(fmax(a.x, b.x) + wd + 1), x1);
        int sy0 = (int)fmax(floor(fmin(a.y, b.y) - wd - 1), y0), sy1 = (int)fmin(ceil(fmax(a.y, b.y) + wd + 1), y1);
        double ux = b.x - a.x, uy = b.y - a.y, l2 = ux * ux + uy * uy;
        for (int y = sy0; y < sy1; y++)
            for (int x = sx0; x < sx1; x++) {
                double px = x + 0.5 - a.x, py = y + 0.5 - a.y;
                double t = l2 > 0 ? fmin(fmax((px * ux + py * uy) / l2, 0), 1) : 0;
                double cov = fmin(wd / 2 + 0.5 - hypot(px - t * ux, py - t * uy), 1);
                float *m = s->mask + (size_t)(y - y0) * bw + (x - x0);
                if (cov > *m) *m = (float)cov;
            }
    }
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            blend(img + ((size_t)y * s->w + x) * 4, c, s->mask[(size_t)(y - y0) * bw + (x - x0)] * alpha);
}

static void disc(Scene *s, uint8_t *img, P2 c, double r, const uint8_t col[3])
{
    for (int y = (int)(c.y - r - 2); y <= (int)(c.y + r + 2); y++)
        for (int x = (int)(c.x - r - 2); x <= (int)(c.x + r + 2); x++)
            if (x >= 0 && y >= 0 && x < s->w && y < s->h)
                blend(img + ((size_t)y * s->w + x) * 4, col, fmin(r + 0.5 - hypot(x + 0.5 - c.x, y + 0.5 - c.y), 1));
}

static void rect(Scene *s, uint8_t *img, int x0, int y0, int x1, int y1, const uint8_t c[3], double a)
{
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < s->h; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x1 && x < s->w; x++) blend(img + ((size_t)y * s->w + x) * 4, c, a);
}

static void digit(Scene *s, uint8_t *img, int x, int y, int d, const uint8_t c[3])
{
    static const uint8_t seg[10] = {0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f};
    static const int box[7][4] = {{1, 0, 9, 2}, {8, 1, 10, 9}, {8, 9, 10, 17}, {1, 16, 9, 18},
                                  {0, 9, 2, 17}, {0, 1, 2, 9}, {1, 8, 9, 10}};
    for (int k = 0; k < 7; k++)
        if (seg[d] >> k & 1) rect(s, img, x + box[k][0], y + box[k][1], x + box[k][2], y + box[k][3], c, 1);
}

/* frame k: the race after k * 3 steps */
static void draw_frame(Scene *s, uint8_t *img, int k, P2 *pts)
{
    static const uint8_t black[3] = {0, 0, 0}, white[3] = {255, 255, 255}, panel[3] = {16, 16, 24};
    int n = k * 3 + 1 < s->nsteps ? k * 3 + 1 : s->nsteps;
    for (int y = 0; y < s->h; y++)   /* --pan: the view slides 2 pixels a frame */
        memcpy(img + (size_t)y * s->w * 4, s->field + ((size_t)y * s->fw + (size_t)k * 2 * s->pan) * 4, (size_t)s->w * 4);
    for (int r = 0; r < NRACER; r++) {
        for (int i = 0; i < n; i++) pts[i] = to_px(s, s->path[r * s->nsteps + i]);
        polyline(s, img, pts, n, 2.0, RCOL[r], 0.9, 0, 0, s->w, s->h);
    }
    for (int r = 0; r < NRACER; r++) {
        P2 c = to_px(s, s->path[r * s->nsteps + n - 1]);
        disc(s, img, c, 7.5, black);
        disc(s, img, c, 6, RCOL[r]);
    }
    rect(s, img, 10, 10, 230, 44 + 22 * NRACER, panel, 0.7);   /* HUD: step and loss bars */
    for (int i = 0, step = n - 1; i < 5; i++, step /= 10) digit(s, img, 76 - i * 14, 18, step % 10, white);
    for (int r = 0; r < NRACER; r++) {
        int y = 46 + 22 * r;
        double l = log10(s->loss[r * s->nsteps + n - 1] + 1e-6) + 6;
        rect(s, img, 20, y, 34, y + 14, RCOL[r], 1);
        rect(s, img, 44, y + 3, 44 + (int)fmin(fmax(l / 10 * 170, 1), 170), y + 11, white, 0.85);
    }
    int px0 = s->w - 230, py0 = s->h - 150, px1 = s->w - 10, py1 = s->h - 10;   /* loss plot */
    rect(s, img, px0, py0, px1, py1, panel, 0.7);
    for (int r = 0; r < NRACER; r++) {
        for (int i = 0; i < n; i++) {
            double l = log10(s->loss[r * s->nsteps + i] + 1e-6) + 6;
            pts[i] = (P2){px0 + 5 + (double)i / s->nsteps * (px1 - px0 - 10), py1 - 5 - l / 10 * (py1 - py0 - 10)};
        }
        polyline(s, img, pts, n, 1.5, RCOL[r], 1, px0, py0, px1, py1);
    }
}

static uint8_t *make_frames(int w, int h, int n, int pan)
{
    Scene s = {.w = w, .h = h, .nsteps = n * 3 + 1, .fw = w + 2 * n * pan, .pan = pan};
    uint8_t *frames = malloc((size_t)w * h * 4 * n);
    s.field = malloc((size_t)s.fw * h * 4);
    s.path = malloc(sizeof(P2) * NRACER * s.nsteps);
    s.loss = malloc(sizeof(double) * NRACER * s.nsteps);
    s.mask = malloc(sizeof(float) * (size_t)w * h);
    P2 *pts = malloc(sizeof(P2) * s.nsteps);
    if (!frames || !s.field || !s.path || !s.loss || !s.mask || !pts) return NULL;
    draw_field(&s);
    run_race(&s);
    for (int k = 0; k < n; k++) draw_frame(&s, frames + (size_t)w * h * 4 * k, k, pts);
    free(s.field), free(s.path), free(s.loss), free(s.mask), free(pts);
    return frames;
}

/* DIR/frame_00001.png ... as RGBA; all the same size */
static uint8_t *load_frames(const char *dir, int *w, int *h, int *n)
{
    uint8_t *frames = NULL;
    int k;
    for (k = 0;; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/frame_%05d.png", dir, k + 1);
        png_image im = {.version = PNG_IMAGE_VERSION};
        if (!png_image_begin_read_from_file(&im, path)) break;
        im.format = PNG_FORMAT_RGBA;
        if (k == 0) *w = (int)im.width, *h = (int)im.height;
        size_t fs = (size_t)*w * *h * 4;
        uint8_t *more = realloc(frames, fs * (k + 1));
        if ((int)im.width != *w || (int)im.height != *h || !more ||
            !png_image_finish_read(&im, NULL, more + fs * k, 0, NULL)) {
            fprintf(stderr, "bench_gif: cannot read %s\n", path);
            exit(1);
        }
        frames = more;
    }
    *n = k;
    return frames;
}

/* ---- measuring ---- */

/* Decodes every frame of a GIF, composited, into RGBA; returns the frame count or -1. */
static int gif_decode(const char *path, int w, int h, uint8_t **out, int *total_cs)
{
    int e;
    GifFileType *gf = DGifOpenFileName(path, &e);
    if (!gf) return -1;
    if (DGifSlurp(gf) != GIF_OK || gf->SWidth != w || gf->SHeight != h) {
        DGifCloseFile(gf, &e);
        return -1;
    }
    int n = gf->ImageCount;
    size_t fs = (size_t)w * h * 4;
    uint8_t *canvas = calloc(1, fs), *saved = malloc(fs);
    *out = malloc(fs * n);
    *total_cs = 0;
    for (int i = 0; i < n; i++) {
        SavedImage *si = &gf->SavedImages[i];
        GifImageDesc *d = &si->ImageDesc;
        GraphicsControlBlock gcb = {.TransparentColor = NO_TRANSPARENT_COLOR};
        DGifSavedExtensionToGCB(gf, i, &gcb);
        *total_cs += gcb.DelayTime;
        ColorMapObject *cm = d->ColorMap ? d->ColorMap : gf->SColorMap;
        if (gcb.DisposalMode == DISPOSE_PREVIOUS) memcpy(saved, canvas, fs);
        for (int y = 0; y < d->Height; y++)
            for (int x = 0; x < d->Width; x++) {
                int c = si->RasterBits[y * d->Width + x], X = d->Left + x, Y = d->Top + y;
                if (c == gcb.TransparentColor || X >= w || Y >= h || c >= cm->ColorCount) continue;
                uint8_t *p = canvas + ((size_t)Y * w + X) * 4;
                p[0] = cm->Colors[c].Red, p[1] = cm->Colors[c].Green, p[2] = cm->Colors[c].Blue, p[3] = 255;
            }
        memcpy(*out + fs * i, canvas, fs);
        if (gcb.DisposalMode == DISPOSE_BACKGROUND)
            for (int y = d->Top; y < d->Top + d->Height && y < h; y++)
                memset(canvas + ((size_t)y * w + d->Left) * 4, 0, (size_t)d->Width * 4);
        else if (gcb.DisposalMode == DISPOSE_PREVIOUS)
            memcpy(canvas, saved, fs);
    }
    free(canvas);
    free(saved);
    DGifCloseFile(gf, &e);
    return n;
}

static double ssim(const uint8_t *a, const uint8_t *b, int w, int h)
{
    const double C1 = 6.5025, C2 = 58.5225;
    double sum = 0;
    long cnt = 0;
    for (int c = 0; c < 3; c++)
        for (int y = 0; y + 8 <= h; y += 4)
            for (int x = 0; x + 8 <= w; x += 4) {
                double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                for (int j = 0; j < 8; j++)
                    for (int i = 0; i < 8; i++) {
                        size_t o = ((size_t)(y + j) * w + x + i) * 4 + c;
                        double va = a[o], vb = b[o];
                        sa += va, sb += vb, saa += va * va, sbb += vb * vb, sab += va * vb;
                    }
                double ma = sa / 64, mb = sb / 64;
                double va = saa / 64 - ma * ma, vb = sbb / 64 - mb * mb, cv = sab / 64 - ma * mb;
                sum += (2 * ma * mb + C1) * (2 * cv + C2) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
                cnt++;
            }
    return sum / cnt;
}

static double banding(const uint8_t *a, const uint8_t *b, int w, int h)
{
    const int R = 4;
    double s = 0;
    long n = 0;
    for (int c = 0; c < 3; c++)
        for (int y = R; y < h - R; y += 3)
            for (int x = R; x < w - R; x += 3) {
                double e = 0;
                for (int j = -R; j <= R; j++)
                    for (int i = -R; i <= R; i++) {
                        size_t o = ((size_t)(y + j) * w + x + i) * 4 + c;
                        e += (double)b[o] - a[o];
                    }
                e /= (2 * R + 1) * (2 * R + 1);
                s += e * e, n++;
            }
    return sqrt(s / n);
}

typedef struct Result {
    const char *name;
    long bytes;
    int frames, total_cs;
    double seconds, ssim, banding;
} Result;

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static void measure(Result *r, const char *path, const uint8_t *frames, int w, int h, int n)
{
    uint8_t *dec = NULL;
    size_t fs = (size_t)w * h * 4;
    r->bytes = file_size(path);
    r->frames = gif_decode(path, w, h, &dec, &r->total_cs);
    r->ssim = r->banding = 0;
    if (r->frames != n) {
        fprintf(stderr, "bench_gif: %s decodes to %d frames, expected %d\n", path, r->frames, n);
        free(dec);
        return;
    }
    for (int k = 0; k < n; k++) {
        r->ssim += ssim(frames + fs * k, dec + fs * k, w, h) / n;
        if (k % 10 == 0) r->banding += banding(frames + fs * k, dec + fs * k, w, h) / ((n + 9) / 10);
    }
    free(dec);
}

static int record(const char *path, const uint8_t *frames, int w, int h, int n, int fps,
                  double *rec_frame_max)
{
    Err err = {0};
    size_t fs = (size_t)w * h * 4;
    Recorder *rec = rec_begin(&(RecordDesc){.path = path, .width = w, .height = h, .fps = fps}, &err);
    if (!rec) {
        fprintf(stderr, "bench_gif: %s\n", err.msg);
        return -1;
    }
    double worst = 0;
    for (int k = 0; k < n; k++) {
        double t = now();
        rec_frame(rec, frames + fs * k, 0);
        worst = fmax(worst, now() - t);
    }
    if (rec_end(&rec, &err) < 0) {
        fprintf(stderr, "bench_gif: %s\n", err.msg);
        return -1;
    }
    if (rec_frame_max) *rec_frame_max = worst;
    return 0;
}

/* Per-frame palettes: libimagequant on every frame, local colour tables, the unchanged
 * colours transparent inside the changed rectangle: what the recorder would be without its
 * global palette. */
static int per_frame_palettes(const char *path, const uint8_t *frames, int w, int h, int n, int fps)
{
    const size_t fs = (size_t)w * h * 4, npx = (size_t)w * h;
    uint8_t *idx = malloc(npx), *shown = calloc(npx, 3), *data = malloc(gif_lzw_bound(npx));
    uint8_t pal[GIF_TABLE_BYTES] = {0}, b[GIF_SCREEN_BYTES + GIF_TABLE_BYTES + GIF_LOOP_BYTES] = {0};
    liq_attr *attr = liq_attr_create();
    GifLzw *z = gif_lzw_create();
    FILE *f = fopen(path, "wb");
    int ok = idx && shown && data && attr && z && f;
#ifdef _OPENMP
    omp_set_num_threads(1);
#endif
    ok = ok && liq_set_max_colors(attr, 255) == LIQ_OK && liq_set_speed(attr, 3) == LIQ_OK;
    size_t nb = gif_screen(b, w, h) + GIF_TABLE_BYTES;
    nb += gif_loop(b + nb, 0);
    ok = ok && fwrite(b, 1, nb, f) == nb;
    for (int k = 0; ok && k < n; k++) {
        liq_image *im = liq_image_create_rgba(attr, frames + fs * k, w, h, 0);
        liq_result *res = NULL;
        ok = im && liq_image_quantize(im, attr, &res) == LIQ_OK &&
             liq_set_dithering_level(res, 1.0f) == LIQ_OK &&
             liq_write_remapped_image(res, im, idx, npx) == LIQ_OK;
        const liq_palette *lp = ok ? liq_get_palette(res) : NULL;
        for (unsigned i = 0; ok && i < lp->count; i++)
            pal[i * 3] = lp->entries[i].r, pal[i * 3 + 1] = lp->entries[i].g, pal[i * 3 + 2] = lp->entries[i].b;
        /* the changed rectangle (the whole first frame); colours shown already: transparent */
        int x0 = k ? w : 0, y0 = k ? h : 0, x1 = k ? 0 : w, y1 = k ? 0 : h;
        for (size_t i = 0; ok && i < npx; i++) {
            uint8_t *c = shown + i * 3;
            if (k && !memcmp(c, pal + idx[i] * 3, 3)) {
                idx[i] = 255;
                continue;
            }
            memcpy(c, pal + idx[i] * 3, 3);
            int x = (int)(i % (size_t)w), y = (int)(i / (size_t)w);
            x0 = x < x0 ? x : x0, x1 = x + 1 > x1 ? x + 1 : x1;
            y0 = y < y0 ? y : y0, y1 = y + 1;
        }
        if (x1 <= x0) x0 = y0 = 0, x1 = y1 = 1;
        nb = gif_frame_head(b, gifenc_delay(k, fps), k ? 255 : -1, x0, y0, x1 - x0, y1 - y0, 1);
        size_t nd = ok ? gif_lzw_encode(z, idx + (size_t)y0 * w + x0, x1 - x0, y1 - y0, (size_t)w, k ? 255 : -1, data) : 0;
        ok = ok && fwrite(b, 1, nb, f) == nb && fwrite(pal, 1, sizeof pal, f) == sizeof pal &&
             fwrite(data, 1, nd, f) == nd;
        if (res) liq_result_destroy(res);
        if (im) liq_image_destroy(im);
    }
    ok = ok && putc(';', f) != EOF;
    if (f && fclose(f) != 0) ok = 0;
    gif_lzw_destroy(&z);
    if (attr) liq_attr_destroy(attr);
    free(idx);
    free(shown);
    free(data);
    return ok ? 0 : -1;
}

static int same_bytes(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb, ca, cb;
    while (same && (ca = getc(fa)) == (cb = getc(fb)) && ca != EOF) {}
    same = same && ca == cb;
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

static void print_result(const Result *r, const Result *ref)
{
    printf("  %-24s %9ld bytes (%5.1f%% of ffmpeg)  SSIM %.5f  banding %.3f  %d frames, %d.%02d s\n",
           r->name, r->bytes, ref && ref->bytes > 0 ? 100.0 * r->bytes / ref->bytes : 100.0, r->ssim,
           r->banding, r->frames, r->total_cs / 100, r->total_cs % 100);
}

int main(int argc, char **argv)
{
    int w = 800, h = 600, n = 90, fps = 30, keep = 0, pan = 0;
    const char *src = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--frames") && i + 1 < argc) src = argv[++i];
        else if (!strcmp(argv[i], "--n") && i + 1 < argc) n = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--fps") && i + 1 < argc) fps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--size") && i + 1 < argc && sscanf(argv[++i], "%dx%d", &w, &h) == 2) {}
        else if (!strcmp(argv[i], "--keep")) keep = 1;
        else if (!strcmp(argv[i], "--pan")) pan = 1;
        else {
            fprintf(stderr, "usage: bench_gif [--frames DIR] [--n N] [--size WxH] [--fps F] [--pan] [--keep]\n");
            return 2;
        }
    }
    char dir[] = "/tmp/bench_gif.XXXXXX", path[4096], cmd[16384];
    if (!mkdtemp(dir)) return perror("mkdtemp"), 1;
    uint8_t *frames = src ? load_frames(src, &w, &h, &n) : make_frames(w, h, n, pan);
    if (!frames || n < 1) return fprintf(stderr, "bench_gif: no frames\n"), 1;
    const size_t fs = (size_t)w * h * 4;
    printf("== GIF recording: %d frames %dx%d at %d fps (%s), work dir %s\n", n, w, h, fps,
           src ? src : pan ? "synthetic optiplay race, view panning" : "synthetic optiplay race", dir);

    /* 1. the recorder, frames given as fast as it takes them */
    snprintf(path, sizeof path, "%s/optiplay.gif", dir);
    double worst, t0 = now(), c0 = cpu_now();
    if (record(path, frames, w, h, n, fps, &worst) < 0) return 1;
    double t_ours = now() - t0, c_ours = cpu_now() - c0;
    printf("  encode: %.3f s wall, %.3f s CPU = %.1f frames/s = %.2fx real time (%d fps)\n", t_ours,
           c_ours, n / t_ours, (double)n / fps / t_ours, fps);

    /* 2. paced like a window: the main thread busy 80% of every frame, then rec_frame */
    snprintf(path, sizeof path, "%s/paced.gif", dir);
    Err err = {0};
    Recorder *rec = rec_begin(&(RecordDesc){.path = path, .width = w, .height = h, .fps = fps}, &err);
    double period = 1.0 / fps, start = now(), max_call = 0, late = 0;
    for (int k = 0; rec && k < n; k++) {
        while (now() < start + k * period + 0.8 * period) {}   /* "rendering" */
        double t = now();
        rec_frame(rec, frames + fs * k, 0);
        max_call = fmax(max_call, now() - t);
        late = fmax(late, now() - (start + (k + 1) * period));
        while (now() < start + (k + 1) * period) {}
    }
    double t_end = now();
    if (!rec || rec_end(&rec, &err) < 0) return fprintf(stderr, "bench_gif: %s\n", err.msg), 1;
    printf("  paced at %d fps, main thread busy 80%%: rec_frame took at most %.2f ms, worst frame "
           "%.2f ms late, rec_end waited %.3f s\n", fps, max_call * 1e3, fmax(late, 0) * 1e3, now() - t_end);

    /* 3. determinism */
    char again[4096];
    snprintf(again, sizeof again, "%s/again.gif", dir);
    snprintf(path, sizeof path, "%s/optiplay.gif", dir);
    if (record(again, frames, w, h, n, fps, NULL) < 0) return 1;
    printf("  two runs byte-identical: %s\n", same_bytes(path, again) ? "yes" : "NO");

    /* 4. the frames as PNGs for ffmpeg, through the recorder's numbered-PNG output */
    if (!src) {
        snprintf(path, sizeof path, "%s/frames/", dir);
        t0 = now();
        if (record(path, frames, w, h, n, fps, NULL) < 0) return 1;
        printf("  numbered PNG frames: %.3f s = %.1f frames/s\n", now() - t0, n / (now() - t0));
    }
    const char *pngdir = src ? src : path;

    /* 5. ffmpeg two-pass */
    Result ref = {.name = "ffmpeg palettegen/use", .bytes = -1};
    snprintf(cmd, sizeof cmd,
             "ffmpeg -v error -y -framerate %d -i '%s/frame_%%05d.png' -vf palettegen '%s/pal.png' && "
             "ffmpeg -v error -y -framerate %d -i '%s/frame_%%05d.png' -i '%s/pal.png' -lavfi paletteuse "
             "'%s/ffmpeg.gif'", fps, pngdir, dir, fps, pngdir, dir, dir);
    t0 = now();
    int ff = system(cmd);
    ref.seconds = now() - t0;
    snprintf(path, sizeof path, "%s/ffmpeg.gif", dir);
    if (ff == 0) measure(&ref, path, frames, w, h, n);
    else printf("  (ffmpeg failed or is missing: no comparison)\n");

    /* 6. per-frame palettes */
    Result per = {.name = "per-frame palettes"};
    snprintf(path, sizeof path, "%s/perframe.gif", dir);
    t0 = now();
    if (per_frame_palettes(path, frames, w, h, n, fps) == 0) {
        per.seconds = now() - t0;
        measure(&per, path, frames, w, h, n);
    }

    Result ours = {.name = "optiplay (global pal.)", .seconds = t_ours};
    snprintf(path, sizeof path, "%s/optiplay.gif", dir);
    measure(&ours, path, frames, w, h, n);

    printf("  %-24s %9s                         %-12s %-15s %s\n", "", "size", "mean SSIM", "banding", "time");
    print_result(&ours, ff == 0 ? &ref : NULL);
    if (ff == 0) print_result(&ref, &ref);
    print_result(&per, ff == 0 ? &ref : NULL);
    printf("  encode time: optiplay %.3f s (1 worker thread), ffmpeg %.3f s (2 passes), per-frame "
           "palettes %.3f s\n", ours.seconds, ref.seconds, per.seconds);
    if (ff == 0)
        printf("  verdict: size %s ffmpeg's, SSIM %s ffmpeg's, speed %s real time\n",
               ours.bytes <= ref.bytes ? "<=" : "> (FAIL)", ours.ssim >= ref.ssim ? ">=" : "< (FAIL)",
               (double)n / fps / t_ours >= 1 ? "faster than" : "SLOWER than (FAIL)");

    if (!keep) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) fprintf(stderr, "bench_gif: could not remove %s\n", dir);
    } else {
        printf("  files kept in %s\n", dir);
    }
    free(frames);
    return 0;
}
