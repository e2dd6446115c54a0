/* gifenc.c — GIF frames from RGBA: one palette, dithering that holds still, only what changed.
 *
 * Why it is built this way:
 * - One palette for the whole GIF, chosen by libimagequant from the first frame (plus the
 *   caller's colours). Frames of a race differ in a few thousand pixels; with one palette an
 *   unchanged pixel keeps its index, so each later frame shrinks to what moved, and colours never flicker. A palette made from a histogram is
 *   "fixed" in libimagequant: remapping later frames cannot move its colours. Each frame is
 *   written as the rectangle of the indices that changed, the unchanged ones in it
 *   transparent (gifwrite.c codes it).
 * - Floyd-Steinberg dithering so smooth colormaps do not band: libimagequant's (which spares
 *   edges) for a frame that gets a new palette, remap_fast's (a nearest-colour cache kept
 *   across frames) for the changed parts of the others. Error diffusion over a whole frame
 *   would change pixels far from what moved, so only the changed 16x16 tiles are remapped,
 *   and only pixels whose source changed take a new index; the rest keep last frame's index
 *   exactly, and are written as transparent.
 * - Colours the first frame lacks: the first palette leaves RESERVE entries free. Changed
 *   pixels are binned by colour with their signed error; dither noise averages out, but a
 *   colour outside what the palette can reach even dithered (a HUD turning white, a trail's
 *   blend, a darker region scrolling in) leaves a mean error, and the worst such colours
 *   fill free entries. The GIF's global table is written at the start and rewritten with
 *   the added colours at the end: frames never pay for a local table.
 * - When much of a frame is off (an overlay, a new view), or no entry is free, a new palette
 *   is chosen from that frame and carried, as a local table, by every frame from then on.
 * - A frame that changed almost everywhere (the view moving) is remapped by remap_fast, a
 *   plain Floyd-Steinberg with a nearest-colour cache, 10x faster than libimagequant's.
 * - libimagequant runs OpenMP loops: limiting this thread to one OpenMP thread keeps the
 *   main thread's core free and makes the palette independent of the core count. */
#include "gifenc.h"

#include <assert.h>
#include "gifwrite.h"

#include <libimagequant.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

enum {
    TILE = 16,           /* changed-area granularity, pixels */
    MAX_PAL = 255,       /* one index is left for transparency: */
    TRANS = 255,         /* unchanged pixels of a frame */
    RESERVE = 16,        /* entries a new palette leaves for colours that come later */
    GROW_MAX = 4,        /* colours added after one frame at most */
    GROW_MIN = 8,        /* pixels of one colour cell needed to add its colour */
    BIAS2 = 25,          /* a cell is off when its mean error is 5 levels or more (squared) */
    LIQ_SPEED = 3,       /* palette search effort (1 best .. 10 fastest); a one-off cost */
    CELLS = 4096,        /* colour cells of 4 bits per channel, to find colours that are off */
    LUT_BITS = 6,        /* remap_fast's cache: bits per channel. 7 (2 MB) missed the cache
                          * on most pixels: remapping took 1/3 longer; the race's SSIM is the
                          * same (0.9920), the panning case's 0.9900 (7 bits: 0.9925) */
    LUT_SHIFT = 8 - LUT_BITS,
    LUT_SIZE = 1 << 3 * LUT_BITS,
    LUT_EMPTY = 0xff,    /* never an index: MAX_PAL is 255 */
    MAX_DIFFUSE = 48,    /* remap_fast diffuses at most this error per channel (no streaks) */
    FAST_DITHER = 14,    /* and 14/16 of it: 16/16 measured much noisier (SSIM 0.957 vs 0.992) */
    PAN_DITHER = 6,      /* a whole frame that moved (panning): 6/16, as it moves anyway: 98.9 %
                          * of ffmpeg's bytes at SSIM 0.992 (14/16: 105 %, 0.991) */
};

/* The changed pixels of a frame whose colours fall in one 16x16x16 cell: their count, sum
 * of colours and sum of signed errors (source - shown). Dither noise averages out of the
 * error; a colour the palette cannot reach, even dithered, leaves a mean error (a bias). */
typedef struct Cell {
    long long n, r, g, b, er, eg, eb;
} Cell;

struct GifEnc {
    GifEncDesc d;           /* d.colors points at colors: the caller's array may be gone */
    uint32_t colors[64];
    liq_attr *attr;
    liq_result *res;        /* the current palette, as libimagequant knows it */
    uint8_t perm[256];      /* libimagequant's index -> ours */
    uint8_t pal[MAX_PAL * 3]; /* ours: nreal colours, then zeros */
    int nreal;
    int local;              /* 1 after a refresh: frames carry pal as a local table */
    int global_grown;       /* the global table gained colours after it was written */
    uint8_t gct[MAX_PAL * 3]; /* the global table's real colours, for the rewrite */
    int npalettes, nadded;
    GifLzw *lzw;
    int started;            /* the file's head is written */
    uint8_t *idx;           /* the current frame's indices, w*h, kept between frames */
    uint8_t *tmp;           /* remap output of one rectangle, w*h */
    const uint8_t *frame;   /* the frame new_palette reads (alpha not looked at) */
    unsigned char **orows;  /* row pointers into tmp, h */
    uint8_t *tiles;         /* changed flags of the 16x16 tiles, row by row */
    Cell *cells;            /* the current frame's changed pixels, by colour cell */
    uint8_t *lut;           /* remap_fast's nearest colour by 7-bit cell; LUT_EMPTY unknown */
    int lut_stale;          /* the palette changed since lut was filled */
    int *ferr;              /* remap_fast's error rows: 2 x (w + 2) x 3 */
    long nbad;              /* changed pixels in off cells */
    uint8_t *last_idx;      /* the indices of the frame before, w*h */
    uint8_t *rect;          /* a frame's changed indices, w*h, TRANS where they did not change */
    int rx0, ry0, rx1, ry1; /* the rectangle around them */
    /* a frame is written one frame late, so the hold can lengthen the last one's delay */
    uint8_t *data;          /* its image data, LZW-coded: gif_lzw_bound(w*h) */
    size_t ndata;
    int pend_delay, pend_trans, pend_local, pend_x, pend_y, pend_w, pend_h;
    uint8_t pend_pal[GIF_TABLE_BYTES];
    int has_pend;
    long n;                 /* frames given */
};

int gifenc_delay(long i, int fps)
{
    assert(i >= 0 && fps > 0);
    long long a = ((long long)i * 100 + fps / 2) / fps;
    long long b = ((long long)(i + 1) * 100 + fps / 2) / fps;
    return (int)(b - a);
}

int gifenc_palettes(const GifEnc *g) { return g->npalettes; }
int gifenc_added(const GifEnc *g) { return g->nadded; }

GifEnc *gifenc_create(const GifEncDesc *d)
{
    assert(d->width > 0 && d->width <= 65535 && d->height > 0 && d->height <= 65535);
    assert(d->fps > 0 && d->quality >= 1 && d->quality <= 100 && d->write && d->patch);
    assert(d->ncolors >= 0 && d->ncolors <= 64 && (d->colors || !d->ncolors));
    GifEnc *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->d = *d;
    if (d->ncolors) memcpy(g->colors, d->colors, sizeof *d->colors * (size_t)d->ncolors);
    g->d.colors = g->colors;
    size_t npx = (size_t)d->width * d->height;
    size_t ntiles = (size_t)((d->width + TILE - 1) / TILE) * ((d->height + TILE - 1) / TILE);
    g->idx = malloc(npx);
    g->rect = malloc(npx);
    g->last_idx = malloc(npx);
    g->data = malloc(gif_lzw_bound(npx));
    g->lzw = gif_lzw_create();
    g->tmp = malloc(npx);
    g->orows = malloc(sizeof *g->orows * d->height);
    g->tiles = malloc(ntiles);
    g->cells = calloc(CELLS, sizeof *g->cells);
    g->lut = malloc(LUT_SIZE);
    g->ferr = malloc(sizeof *g->ferr * 2 * 3 * ((size_t)d->width + 2));
    g->lut_stale = 1;
    if (g->rect) memset(g->rect, TRANS, npx);
    if (!g->idx || !g->rect || !g->last_idx || !g->data || !g->lzw || !g->tmp || !g->orows ||
        !g->tiles || !g->cells || !g->lut || !g->ferr)
        gifenc_destroy(&g);
    return g;
}

void gifenc_destroy(GifEnc **pg)
{
    GifEnc *g = *pg;
    if (!g) return;
    if (g->res) liq_result_destroy(g->res);
    if (g->attr) liq_attr_destroy(g->attr);
    free(g->idx);
    free(g->rect);
    free(g->last_idx);
    free(g->data);
    gif_lzw_destroy(&g->lzw);
    free(g->tmp);
    free(g->orows);
    free(g->tiles);
    free(g->cells);
    free(g->lut);
    free(g->ferr);
    free(g);
    *pg = NULL;
}

static uint32_t load32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Squared mean error of a cell, per channel, or 0 if it has too few pixels to say. */
static double bias2(const Cell *c)
{
    if (c->n < GROW_MIN) return 0;
    double n = (double)c->n, er = (double)c->er, eg = (double)c->eg, eb = (double)c->eb;
    return (er * er + eg * eg + eb * eb) / (3 * n * n);
}

/* Takes libimagequant's palette of res as g->res; perm maps its indices to ours, which hold
 * the same colours (fixed colours come back exact, or within a rounding step of its gamma
 * conversion: the GIF gets ours). -1 if a colour is missing. */
static int adopt(GifEnc *g, liq_result *res)
{
    const liq_palette *lp = liq_get_palette(res);
    for (unsigned i = 0; i < lp->count; i++) {
        const uint8_t c[3] = {lp->entries[i].r, lp->entries[i].g, lp->entries[i].b};
        int best = -1, bd = 3 * 2 * 2 + 1;
        for (int j = 0; j < g->nreal && bd; j++) {
            int d = 0;
            for (int k = 0; k < 3; k++) d += (g->pal[j * 3 + k] - c[k]) * (g->pal[j * 3 + k] - c[k]);
            if (d < bd) bd = d, best = j;
        }
        if (best < 0) return -1;
        g->perm[i] = (uint8_t)best;
    }
    if (g->res) liq_result_destroy(g->res);
    g->res = res;
    return 0;
}

/* Frames come with any alpha (GL's blending leaves it below 255 in places): compares look at
 * red, green and blue only, and libimagequant reads rows made opaque. */
static uint32_t rgb_bits(uint32_t v)
{
    static const uint8_t mask[4] = {255, 255, 255, 0};
    return v & load32(mask);
}

/* 1 if the n pixels at a and b have the same colours */
static int same_rgb(const uint8_t *a, const uint8_t *b, int n)
{
    if (!memcmp(a, b, (size_t)n * 4)) return 1;   /* the usual case, and memcmp is fast */
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        uint32_t d = 0;
        for (int j = 0; j < 16; j++) d |= load32(a + (i + j) * 4) ^ load32(b + (i + j) * 4);
        if (rgb_bits(d)) return 0;
    }
    uint32_t d = 0;
    for (; i < n; i++) d |= load32(a + i * 4) ^ load32(b + i * 4);
    return !rgb_bits(d);
}

static void opaque_row(liq_color out[], int row, int width, void *ctx)
{
    const GifEnc *g = ctx;
    const uint8_t *p = g->frame + (size_t)row * g->d.width * 4;
    for (int i = 0; i < width; i++) out[i] = (liq_color){p[i * 4], p[i * 4 + 1], p[i * 4 + 2], 255};
}

static liq_image *image(GifEnc *g, const uint8_t *rgba)
{
    g->frame = rgba;
    return liq_image_create_custom(g->attr, opaque_row, g, g->d.width, g->d.height, 0);
}

/* remap_fast's colour distance, from the centre of a cache cell (coordinates doubled) */
static int distance(const int c2[3], const uint8_t *p)
{
    int dr = c2[0] - 2 * p[0], dg = c2[1] - 2 * p[1], db = c2[2] - 2 * p[2];
    return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

static void cell_centre(int key, int c2[3])
{
    const int m = (1 << LUT_BITS) - 1, step = 2 << LUT_SHIFT, mid = (1 << LUT_SHIFT) - 1;
    c2[0] = (key >> 2 * LUT_BITS) * step + mid;
    c2[1] = (key >> LUT_BITS & m) * step + mid;
    c2[2] = (key & m) * step + mid;
}

static uint8_t nearest(const GifEnc *g, int key)
{
    int c2[3], best = 0, bd = 1 << 30;
    cell_centre(key, c2);
    for (int i = 0; i < g->nreal; i++) {
        int d = distance(c2, g->pal + i * 3);
        if (d < bd) bd = d, best = i;
    }
    return (uint8_t)best;
}

/* Remaps the rectangle (x0, y0, W, H) of the frame into tmp (W*H, tight, our indices) with
 * Floyd-Steinberg (serpentine) and a nearest-colour cache kept across frames: libimagequant's
 * remap takes ~55 ms for a whole 800x600 frame on one core, this ~5, and for the small
 * changed rectangles of a race it saves libimagequant's sort and set-up on every call (they
 * were 60 % of the encoder's time). Quality is a little below libimagequant's (no edge-aware
 * dither map): measured in bench_gif. */
static void remap_fast(GifEnc *g, const uint8_t *rgba, int x0, int y0, int W, int H)
{
    const size_t stride = (size_t)g->d.width;
    int *cur = g->ferr, *next = g->ferr + 3 * (W + 2);
    if (g->lut_stale) {
        memset(g->lut, LUT_EMPTY, LUT_SIZE);
        g->lut_stale = 0;
    }
    memset(cur, 0, sizeof *cur * 3 * ((size_t)W + 2));
    for (int y = 0; y < H; y++) {
        const int dir = y & 1 ? -1 : 1;
        memset(next, 0, sizeof *next * 3 * ((size_t)W + 2));
        for (int i = 0; i < W; i++) {
            const int x = dir > 0 ? i : W - 1 - i;
            const uint8_t *px = rgba + ((size_t)(y0 + y) * stride + (size_t)(x0 + x)) * 4;
            int v[3];
            for (int c = 0; c < 3; c++) {
                int e = cur[(x + 1) * 3 + c];
                v[c] = px[c] + (e >= 0 ? e + 8 : e - 8) / 16;
                v[c] = v[c] < 0 ? 0 : v[c] > 255 ? 255 : v[c];
            }
            const int key = (v[0] >> LUT_SHIFT) << 2 * LUT_BITS | (v[1] >> LUT_SHIFT) << LUT_BITS |
                            v[2] >> LUT_SHIFT;
            if (g->lut[key] == LUT_EMPTY) g->lut[key] = nearest(g, key);
            const uint8_t k = g->lut[key], *p = g->pal + k * 3;
            g->tmp[(size_t)y * W + x] = k;
            for (int c = 0; c < 3; c++) {
                int e = v[c] - p[c];
                e = e > MAX_DIFFUSE ? MAX_DIFFUSE : e < -MAX_DIFFUSE ? -MAX_DIFFUSE : e;
                e = e * (W == g->d.width && H == g->d.height ? PAN_DITHER : FAST_DITHER) / 16;
                cur[(x + 1 + dir) * 3 + c] += e * 7;
                next[(x + 1 - dir) * 3 + c] += e * 3;
                next[(x + 1) * 3 + c] += e * 5;
                next[(x + 1 + dir) * 3 + c] += e;
            }
        }
        int *t = cur;
        cur = next;
        next = t;
    }
}

/* Chooses a palette for this frame (with the caller's colours and RESERVE entries free) and
 * remaps all of it into idx. */
static int new_palette(GifEnc *g, const uint8_t *rgba, Err *err)
{
    const int w = g->d.width, h = g->d.height;
    liq_histogram *hist = liq_histogram_create(g->attr);
    liq_image *im = image(g, rgba);
    liq_result *res = NULL;
    if (!hist || !im) goto fail;
    for (int i = 0; i < g->d.ncolors; i++) {
        uint32_t c = g->d.colors[i];
        liq_color lc = {(unsigned char)(c >> 16), (unsigned char)(c >> 8), (unsigned char)c, 255};
        if (liq_histogram_add_fixed_color(hist, lc, 0) != LIQ_OK) goto fail;
    }
    if (liq_set_max_colors(g->attr, MAX_PAL - RESERVE) != LIQ_OK ||
        liq_histogram_add_image(hist, g->attr, im) != LIQ_OK ||
        liq_histogram_quantize(hist, g->attr, &res) != LIQ_OK ||
        liq_set_dithering_level(res, 1.0f) != LIQ_OK)
        goto fail;
    const liq_palette *lp = liq_get_palette(res);
    assert(lp->count >= 1 && lp->count <= MAX_PAL - RESERVE);
    g->nreal = (int)lp->count;
    for (int i = 0; i < g->nreal; i++) {
        g->pal[i * 3 + 0] = lp->entries[i].r;
        g->pal[i * 3 + 1] = lp->entries[i].g;
        g->pal[i * 3 + 2] = lp->entries[i].b;
    }
    memset(g->pal + g->nreal * 3, 0, (size_t)(MAX_PAL - g->nreal) * 3);
    g->lut_stale = 1;
    if (adopt(g, res) < 0) goto fail;
    res = NULL;
    for (int j = 0; j < h; j++) g->orows[j] = g->idx + (size_t)j * w;
    if (liq_write_remapped_image_rows(g->res, im, g->orows) != LIQ_OK) goto fail;
    for (size_t i = 0; i < (size_t)w * h; i++) g->idx[i] = g->perm[g->idx[i]];
    g->npalettes++;
    liq_image_destroy(im);
    liq_histogram_destroy(hist);
    return 0;
fail:
    if (res) liq_result_destroy(res);
    if (im) liq_image_destroy(im);
    if (hist) liq_histogram_destroy(hist);
    return err_set(err, 0, "cannot choose a palette (libimagequant failed)");
}

/* The cache after colours first..nreal-1 were added: a cell takes a new colour only if it is
 * strictly nearer, as a fresh search would (it keeps the lowest index on a tie). */
static void update_lut(GifEnc *g, int first)
{
    for (int key = 0; key < LUT_SIZE; key++) {
        if (g->lut[key] == LUT_EMPTY) continue;
        int c[3];
        cell_centre(key, c);
        int best = g->lut[key], bd = distance(c, g->pal + best * 3);
        for (int i = first; i < g->nreal; i++) {
            int d = distance(c, g->pal + i * 3);
            if (d < bd) bd = d, best = i;
        }
        g->lut[key] = (uint8_t)best;
    }
}

/* Adds the colours of the most off cells (count x bias) to free entries and makes them the
 * palette. Returns how many were added, or -1. */
static int grow(GifEnc *g)
{
    int add = 0;
    uint8_t c[GROW_MAX][3];
    while (add < GROW_MAX && g->nreal + add < MAX_PAL) {
        Cell *best = NULL;
        double bw = 0;
        for (int i = 0; i < CELLS; i++) {
            double b = bias2(&g->cells[i]) * (double)g->cells[i].n;
            if (bias2(&g->cells[i]) >= BIAS2 && b > bw) bw = b, best = &g->cells[i];
        }
        if (!best) break;
        c[add][0] = (uint8_t)((best->r + best->n / 2) / best->n);
        c[add][1] = (uint8_t)((best->g + best->n / 2) / best->n);
        c[add][2] = (uint8_t)((best->b + best->n / 2) / best->n);
        best->n = 0;
        int dup = 0;
        for (int j = 0; j < g->nreal + add && !dup; j++)
            dup = !memcmp(j < g->nreal ? g->pal + j * 3 : c[j - g->nreal], c[add], 3);
        add += !dup;
    }
    if (!add) return 0;
    for (int i = 0; i < add; i++) memcpy(g->pal + (g->nreal + i) * 3, c[i], 3);
    g->nreal += add;

    /* a histogram of nothing but fixed colours gives exactly those colours */
    liq_histogram *hist = liq_histogram_create(g->attr);
    liq_histogram_entry e = {.color = {g->pal[0], g->pal[1], g->pal[2], 255}, .count = 1};
    liq_result *res = NULL;
    int ok = hist && liq_set_max_colors(g->attr, MAX_PAL) == LIQ_OK &&
             liq_histogram_add_colors(hist, g->attr, &e, 1, 0) == LIQ_OK;
    for (int i = 0; ok && i < g->nreal; i++) {
        liq_color lc = {g->pal[i * 3], g->pal[i * 3 + 1], g->pal[i * 3 + 2], 255};
        ok = liq_histogram_add_fixed_color(hist, lc, 0) == LIQ_OK;
    }
    ok = ok && liq_histogram_quantize(hist, g->attr, &res) == LIQ_OK &&
         liq_set_dithering_level(res, 1.0f) == LIQ_OK && liq_get_palette(res)->count == (unsigned)g->nreal &&
         adopt(g, res) == 0;
    if (hist) liq_histogram_destroy(hist);
    if (!ok) {
        if (res) liq_result_destroy(res);
        return -1;
    }
    if (!g->local) {
        memcpy(g->gct, g->pal, sizeof g->gct);
        g->global_grown = 1;
    }
    if (!g->lut_stale) update_lut(g, g->nreal - add);
    g->nadded += add;
    return add;
}

/* Gives the pixels of rectangle (x, y, w, h) whose source changed their new index from tmp,
 * and adds them to their colour cells. */
static void take_changed(GifEnc *g, const uint8_t *rgba, const uint8_t *prev, int x, int y, int w, int h)
{
    const size_t W = (size_t)g->d.width;
    for (int j = 0; j < h; j++) {
        const uint8_t *a = rgba + ((y + j) * W + x) * 4, *b = prev + ((y + j) * W + x) * 4;
        uint8_t *out = g->idx + (y + j) * W + x;
        const uint8_t *t = g->tmp + (size_t)j * w;
        for (int i = 0; i < w; i++) {
            const uint8_t *p = a + i * 4;
            if (!rgb_bits(load32(p) ^ load32(b + i * 4))) continue;
            out[i] = t[i];
            const uint8_t *q = g->pal + t[i] * 3;
            Cell *c = &g->cells[(p[0] >> 4) << 8 | (p[1] >> 4) << 4 | p[2] >> 4];
            c->n++, c->r += p[0], c->g += p[1], c->b += p[2];
            c->er += p[0] - q[0], c->eg += p[1] - q[1], c->eb += p[2] - q[2];
        }
    }
}

int gifenc_tiles(const GifEnc *g, int rect[4])
{
    const int W = g->d.width, H = g->d.height;
    const int across = (W + TILE - 1) / TILE, down = (H + TILE - 1) / TILE;
    rect[0] = rect[0] / TILE * TILE, rect[1] = rect[1] / TILE * TILE;
    rect[2] = (rect[2] + TILE - 1) / TILE * TILE, rect[3] = (rect[3] + TILE - 1) / TILE * TILE;
    rect[2] = rect[2] < W ? rect[2] : W, rect[3] = rect[3] < H ? rect[3] : H;
    long n = (long)((rect[2] - rect[0] + TILE - 1) / TILE) * ((rect[3] - rect[1] + TILE - 1) / TILE);
    return n * 2 <= (long)across * down;
}

/* Updates idx where the frame differs from prev (only in the whole tiles of rc: x0, y0, x1,
 * y1): the changed 16x16 tiles of each band are remapped in horizontal runs, or the whole
 * frame by remap_fast when most of it changed. */
static int remap_changes(GifEnc *g, const uint8_t *rgba, const uint8_t *prev, const int rc[4])
{
    const int W = g->d.width, H = g->d.height;
    const int across = (W + TILE - 1) / TILE, down = (H + TILE - 1) / TILE;
    const size_t stride = (size_t)W * 4;
    long changed = 0;
    memset(g->cells, 0, CELLS * sizeof *g->cells);
    memset(g->tiles, 0, (size_t)across * down);
    for (int y = rc[1]; y < rc[3]; y++) {
        const uint8_t *a = rgba + y * stride, *b = prev + y * stride;
        if (same_rgb(a + rc[0] * 4, b + rc[0] * 4, rc[2] - rc[0])) continue;
        uint8_t *band = g->tiles + (size_t)(y / TILE) * across;
        for (int t = rc[0] / TILE; t < (rc[2] + TILE - 1) / TILE; t++) {
            int x = t * TILE, tw = W - x < TILE ? W - x : TILE;
            if (!band[t] && !same_rgb(a + x * 4, b + x * 4, tw)) {
                band[t] = 1;
                changed++;
            }
        }
    }
    if (changed * 2 > (long)across * down) {   /* (never with a rect: gifenc_tiles) */
        remap_fast(g, rgba, 0, 0, W, H);
        take_changed(g, rgba, prev, 0, 0, W, H);
        return 0;
    }
    for (int ty = 0; ty < down; ty++) {
        const uint8_t *band = g->tiles + (size_t)ty * across;
        int y = ty * TILE, h = H - y < TILE ? H - y : TILE;
        for (int t = 0; t < across;) {
            if (!band[t]) {
                t++;
                continue;
            }
            int t0 = t;
            while (t < across && band[t]) t++;
            int x = t0 * TILE, w = (t * TILE < W ? t * TILE : W) - x;
            remap_fast(g, rgba, x, y, w, h);
            take_changed(g, rgba, prev, x, y, w, h);
        }
    }
    return 0;
}

/* The file's head: the screen, the global table (its added colours come at the end), the
 * loop count. */
static int write_start(GifEnc *g)
{
    uint8_t b[GIF_SCREEN_BYTES + GIF_TABLE_BYTES + GIF_LOOP_BYTES] = {0};
    size_t n = gif_screen(b, g->d.width, g->d.height);
    memcpy(b + n, g->pal, sizeof g->pal);
    n += GIF_TABLE_BYTES;
    n += gif_loop(b + n, g->d.loops);
    memcpy(g->gct, g->pal, sizeof g->gct);
    g->started = 1;
    return g->d.write(g->d.ctx, b, n);
}

/* Writes the pending frame. */
static int write_pending(GifEnc *g)
{
    if (!g->has_pend) return 0;
    g->has_pend = 0;
    uint8_t b[GIF_FRAME_BYTES];
    size_t n = gif_frame_head(b, g->pend_delay, g->pend_trans, g->pend_x, g->pend_y, g->pend_w,
                              g->pend_h, g->pend_local);
    if (g->d.write(g->d.ctx, b, n) < 0) return -1;
    if (g->pend_local && g->d.write(g->d.ctx, g->pend_pal, GIF_TABLE_BYTES) < 0) return -1;
    return g->d.write(g->d.ctx, g->data, g->ndata);
}

/* Calls f(g, x, y, w, h) for each changed tile. */
static void each_tile(GifEnc *g, void (*f)(GifEnc *, int, int, int, int))
{
    const int W = g->d.width, H = g->d.height;
    const int across = (W + TILE - 1) / TILE, down = (H + TILE - 1) / TILE;
    for (int ty = 0; ty < down; ty++)
        for (int tx = 0; tx < across; tx++)
            if (g->tiles[ty * across + tx])
                f(g, tx * TILE, ty * TILE, W - tx * TILE < TILE ? W - tx * TILE : TILE,
                  H - ty * TILE < TILE ? H - ty * TILE : TILE);
}

/* The indices of a tile that changed since the last frame, into rect (TRANS elsewhere), and
 * the rectangle around them grown to take them in (rx1 == 0: none yet). No index changes
 * outside the changed tiles. */
static void take_tile(GifEnc *g, int x0, int y0, int w, int h)
{
    const size_t W = (size_t)g->d.width;
    for (int y = y0; y < y0 + h; y++) {
        const uint8_t *a = g->idx + y * W, *b = g->last_idx + y * W;
        uint8_t *o = g->rect + y * W;
        for (int x = x0; x < x0 + w; x++) {
            if (a[x] == b[x]) continue;
            o[x] = a[x];
            if (!g->rx1) g->rx0 = g->rx1 = x, g->ry0 = y;
            g->rx0 = x < g->rx0 ? x : g->rx0, g->rx1 = x + 1 > g->rx1 ? x + 1 : g->rx1;
            g->ry0 = y < g->ry0 ? y : g->ry0, g->ry1 = y + 1 > g->ry1 ? y + 1 : g->ry1;
        }
    }
}

/* After a frame is coded: the tile is the last frame's, and rect is TRANS again there. */
static void settle_tile(GifEnc *g, int x0, int y0, int w, int h)
{
    const size_t W = (size_t)g->d.width;
    for (int y = y0; y < y0 + h; y++) {
        memcpy(g->last_idx + y * W + x0, g->idx + y * W + x0, (size_t)w);
        memset(g->rect + y * W + x0, TRANS, (size_t)w);
    }
}

int gifenc_frame(GifEnc *g, const uint8_t *rgba, const uint8_t *prev, const int rect[4], Err *err)
{
    assert(!prev == !g->n && (!rect || prev));
    const int all[4] = {0, 0, g->d.width, g->d.height};
    const int *rc = rect ? rect : all;
    int refresh = 0;
    if (!g->attr) {
#ifdef _OPENMP
        omp_set_num_threads(1);   /* this thread only; before the attr reads the team size */
#endif
        g->attr = liq_attr_create();
        if (!g->attr) return err_set(err, 0, "out of memory");
        if (liq_set_speed(g->attr, LIQ_SPEED) != LIQ_OK ||
            liq_set_quality(g->attr, 0, g->d.quality) != LIQ_OK)
            return err_set(err, 0, "cannot set up libimagequant");
    }
    if (!prev) {
        if (new_palette(g, rgba, err) < 0) return -1;
    } else {
        const long npx = (long)g->d.width * g->d.height;
        if (remap_changes(g, rgba, prev, rc) < 0)
            return err_set(err, 0, "cannot remap a frame (libimagequant failed)");
        g->nbad = 0;
        for (int i = 0; i < CELLS; i++) g->nbad += bias2(&g->cells[i]) >= BIAS2 ? g->cells[i].n : 0;
        /* a few off colours: add them; many (an overlay, a new view), or no room: repick */
        if (g->nbad > npx / 16 || (g->nbad > npx / 64 && g->nreal == MAX_PAL)) {
            /* the palette is chosen from all of the frame; what was done so far, done again,
             * gives the same indices */
            if (rect) return 1;
            if (new_palette(g, rgba, err) < 0) return -1;
            g->local = 1;
            refresh = 1;
        } else if (g->nbad > 0) {
            int added = grow(g);
            if (added < 0) return err_set(err, 0, "cannot extend the palette (libimagequant failed)");
            if (added > 0 && remap_changes(g, rgba, prev, rc) < 0)
                return err_set(err, 0, "cannot remap a frame (libimagequant failed)");
        }
    }
    if (!g->started && write_start(g) < 0) return err_set(err, 0, "write failed");
    if (write_pending(g) < 0) return err_set(err, 0, "write failed");
    const int W = g->d.width;
    int x0 = 0, y0 = 0, x1 = W, y1 = g->d.height, trans = -1;
    const uint8_t *src = g->idx;
    if (refresh || !prev) {
        /* a new palette: the whole frame, and it is what the next frame is compared with */
        memcpy(g->last_idx, g->idx, (size_t)W * g->d.height);
    } else {
        g->rx0 = g->ry0 = g->rx1 = g->ry1 = 0;
        each_tile(g, take_tile);
        if (g->rx1)   /* else nothing changed: one transparent pixel */
            x0 = g->rx0, y0 = g->ry0, x1 = g->rx1, y1 = g->ry1;
        else
            x1 = y1 = 1;
        src = g->rect;
        trans = TRANS;
    }
    g->ndata = gif_lzw_encode(g->lzw, src + (size_t)y0 * W + x0, x1 - x0, y1 - y0, (size_t)W, trans,
                              g->data);
    if (trans >= 0) each_tile(g, settle_tile);
    g->pend_delay = gifenc_delay(g->n, g->d.fps);
    g->pend_trans = trans;
    g->pend_x = x0, g->pend_y = y0, g->pend_w = x1 - x0, g->pend_h = y1 - y0;
    g->pend_local = g->local;
    memcpy(g->pend_pal, g->pal, sizeof g->pal);
    g->has_pend = 1;
    g->n++;
    return 0;
}

int gifenc_finish(GifEnc *g, Err *err)
{
    assert(g->started && g->has_pend);
    /* the last frame, held: its delay is at most 65535 cs, the hold at most 6000 */
    g->pend_delay += g->d.hold_cs;
    if (write_pending(g) < 0 || g->d.write(g->d.ctx, (const uint8_t *)";", 1) < 0)
        return err_set(err, 0, "write failed");
    if (g->global_grown && g->d.patch(g->d.ctx, GIF_SCREEN_BYTES, g->gct, sizeof g->gct) < 0)
        return err_set(err, 0, "write failed");
    return 0;
}
