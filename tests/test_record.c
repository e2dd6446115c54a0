#undef NDEBUG
/* test_record — the recorder: GIFs decoded with giflib (frame count, size, delays, pixels
 * within the quality target), byte-identical runs, PNG and numbered PNGs decoded with libpng,
 * and the failures: bad desc, unwritable paths, a write that fails midway (RLIMIT_FSIZE), no
 * frames, abort — none of which may leave a file or clobber an existing one. And gifwrite's
 * LZW coder alone, on rectangles that fill its table many times over. */
#include "gifwrite.h"
#include "record.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <gif_lib.h>
#include <math.h>
#include <png.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;

#define CHECK(c)                                                                    \
    do {                                                                            \
        if (!(c)) {                                                                 \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c);   \
            fails++;                                                                \
        }                                                                           \
    } while (0)
#define CHECK_INT(a, b)                                                             \
    do {                                                                            \
        long a_ = (long)(a), b_ = (long)(b);                                        \
        if (a_ != b_) {                                                             \
            fprintf(stderr, "%s:%d: %s == %ld, expected %s == %ld\n", __FILE__,     \
                    __LINE__, #a, a_, #b, b_);                                      \
            fails++;                                                                \
        }                                                                           \
    } while (0)
#define CHECK_LE(a, b)                                                              \
    do {                                                                            \
        double a_ = (a), b_ = (b);                                                  \
        if (!(a_ <= b_)) {                                                          \
            fprintf(stderr, "%s:%d: %s == %g, expected <= %g\n", __FILE__, __LINE__, \
                    #a, a_, b_);                                                    \
            fails++;                                                                \
        }                                                                           \
    } while (0)
#define CHECK_HAS(s, sub)                                                           \
    do {                                                                            \
        if (!strstr((s), (sub))) {                                                  \
            fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", __FILE__,    \
                    __LINE__, (s), (sub));                                          \
            fails++;                                                                \
        }                                                                           \
    } while (0)

enum { W = 160, H = 120, N = 24 };
static char dir[64];

static char *at(const char *name)
{
    static char buf[8][512];
    static int i;
    char *p = buf[i++ % 8];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* temp files ("*.part") left in a directory */
static int leftovers(const char *d)
{
    DIR *dd = opendir(d);
    struct dirent *e;
    int n = 0;
    if (!dd) return 0;
    while ((e = readdir(dd)))
        if (strstr(e->d_name, ".part")) n++;
    closedir(dd);
    return n;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert(f);
    fputs(text, f);
    fclose(f);
}

static int has_text(const char *path, const char *text)
{
    char buf[256] = {0};
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    return n == strlen(text) && !memcmp(buf, text, n);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int file_has(const char *path, const char *needle)
{
    static char buf[1 << 20];
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf, f), k = strlen(needle);
    fclose(f);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(buf + i, needle, k)) return 1;
    return 0;
}

/* ---- frames: a smooth colormap field, a dot with an anti-aliased edge that moves, a bar
 * counter that changes every frame; alpha 0, which the recorder must ignore ---- */

static void ramp(double t, uint8_t c[3])
{
    static const double k[4][3] = {{68, 1, 84}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    int i = t >= 1 ? 2 : (int)(t * 3);
    double f = t * 3 - i;
    for (int j = 0; j < 3; j++) c[j] = (uint8_t)lrint(k[i][j] + (k[i + 1][j] - k[i][j]) * f);
}

static void make_frame(uint8_t *px, int k, int overlay, int pan)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t *p = px + ((size_t)y * W + x) * 4;
            double u = x + pan * 3 * k;   /* panning: the field slides 3 pixels a frame */
            double t = 0.5 + 0.45 * sin(u * 0.021 + y * 0.013) * cos(y * 0.019 - u * 0.004);
            ramp(t, p);
            p[3] = 0;
            double dx = x + 0.5 - (20 + 4.5 * k), dy = y + 0.5 - (30 + 2.5 * k);
            double cov = 5.5 - sqrt(dx * dx + dy * dy);
            if (cov > 0) {
                static const uint8_t dot[3] = {228, 26, 28};
                cov = cov > 1 ? 1 : cov;
                for (int c = 0; c < 3; c++) p[c] = (uint8_t)lrint(p[c] + (dot[c] - p[c]) * cov);
            }
            if (y >= 4 && y < 10 && x >= 4 && x < 4 + 6 * (k % 10) && x % 6 < 4)
                p[0] = p[1] = p[2] = 255;
            if (overlay && x >= 40 && x < 150 && y >= 50 && y < 115) {   /* new colours */
                p[0] = (uint8_t)(200 + (x * 7 + y) % 50);
                p[1] = (uint8_t)(40 + y);
                p[2] = (uint8_t)(255 - x);
            }
        }
}

static uint8_t *frames_panning(int n, int overlay_from, int pan)
{
    uint8_t *f = malloc((size_t)W * H * 4 * n);
    assert(f);
    for (int k = 0; k < n; k++)
        make_frame(f + (size_t)W * H * 4 * k, k, overlay_from >= 0 && k >= overlay_from, pan);
    return f;
}

static uint8_t *frames(int n, int overlay_from) { return frames_panning(n, overlay_from, 0); }

static int record(const RecordDesc *d, const uint8_t *f, int n, Err *err)
{
    Recorder *r = rec_begin(d, err);
    if (!r) return -1;
    for (int k = 0; k < n; k++) rec_frame(r, f + (size_t)W * H * 4 * k, 0);
    return rec_end(&r, err);
}

/* ---- an independent decoder: giflib, composited per the disposal methods ---- */

typedef struct Gif {
    int n, w, h;
    int delay[256];
    uint8_t *rgb;   /* n frames of w*h*3 */
} Gif;

static int gif_read(const char *path, Gif *g)
{
    int e;
    GifFileType *gf = DGifOpenFileName(path, &e);
    if (!gf) return -1;
    if (DGifSlurp(gf) != GIF_OK || gf->ImageCount > 256) {
        DGifCloseFile(gf, &e);
        return -1;
    }
    g->n = gf->ImageCount, g->w = gf->SWidth, g->h = gf->SHeight;
    size_t fs = (size_t)g->w * g->h * 3;
    uint8_t *canvas = calloc(1, fs), *saved = malloc(fs);
    g->rgb = malloc(fs * (g->n ? g->n : 1));
    for (int i = 0; i < g->n; i++) {
        SavedImage *si = &gf->SavedImages[i];
        GifImageDesc *d = &si->ImageDesc;
        GraphicsControlBlock gcb = {.TransparentColor = NO_TRANSPARENT_COLOR};
        DGifSavedExtensionToGCB(gf, i, &gcb);
        g->delay[i] = gcb.DelayTime;
        ColorMapObject *cm = d->ColorMap ? d->ColorMap : gf->SColorMap;
        if (gcb.DisposalMode == DISPOSE_PREVIOUS) memcpy(saved, canvas, fs);
        for (int y = 0; y < d->Height; y++)
            for (int x = 0; x < d->Width; x++) {
                int c = si->RasterBits[y * d->Width + x], X = d->Left + x, Y = d->Top + y;
                if (c == gcb.TransparentColor || X >= g->w || Y >= g->h || !cm || c >= cm->ColorCount)
                    continue;
                uint8_t *p = canvas + ((size_t)Y * g->w + X) * 3;
                p[0] = cm->Colors[c].Red, p[1] = cm->Colors[c].Green, p[2] = cm->Colors[c].Blue;
            }
        memcpy(g->rgb + fs * i, canvas, fs);
        if (gcb.DisposalMode == DISPOSE_BACKGROUND)
            for (int y = d->Top; y < d->Top + d->Height && y < g->h; y++)
                memset(canvas + ((size_t)y * g->w + d->Left) * 3, 0, (size_t)d->Width * 3);
        else if (gcb.DisposalMode == DISPOSE_PREVIOUS)
            memcpy(canvas, saved, fs);
    }
    free(canvas);
    free(saved);
    DGifCloseFile(gf, &e);
    return 0;
}

/* mean absolute error per channel, and RMS error after a 9x9 box blur (bands show, dither
 * noise does not), of decoded frame k against source frame k */
static void frame_error(const uint8_t *src, const uint8_t *rgb, double *mae, double *lowpass)
{
    double s = 0, l = 0;
    long nl = 0;
    for (size_t i = 0; i < (size_t)W * H; i++)
        for (int c = 0; c < 3; c++) s += fabs((double)rgb[i * 3 + c] - src[i * 4 + c]);
    *mae = s / ((double)W * H * 3);
    for (int c = 0; c < 3; c++)
        for (int y = 4; y < H - 4; y += 2)
            for (int x = 4; x < W - 4; x += 2) {
                double e = 0;
                for (int j = -4; j <= 4; j++)
                    for (int i = -4; i <= 4; i++) {
                        size_t o = (size_t)(y + j) * W + x + i;
                        e += (double)rgb[o * 3 + c] - src[o * 4 + c];
                    }
                e /= 81;
                l += e * e, nl++;
            }
    *lowpass = sqrt(l / nl);
}

static int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb, ca = 0, cb = 0;
    while (same && (ca = getc(fa)) == (cb = getc(fb)) && ca != EOF) {}
    same = same && ca == cb;
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

/* ---- tests ---- */

static void test_gif_round_trip(void)
{
    uint8_t *f = frames(N, -1);
    Err err = {0};
    CHECK_INT(record(&(RecordDesc){.path = at("race.gif"), .width = W, .height = H, .fps = 30}, f, N, &err), 0);
    Gif g = {0};
    CHECK_INT(gif_read(at("race.gif"), &g), 0);
    CHECK_INT(g.n, N);
    CHECK_INT(g.w, W);
    CHECK_INT(g.h, H);
    int total = 0;
    for (int i = 0; i < g.n; i++) {
        CHECK(g.delay[i] == 3 || g.delay[i] == 4);
        total += g.delay[i];
    }
    CHECK_INT(total, N * 100 / 30);   /* 24 frames at 30 fps: 0.80 s */
    double worst_mae = 0, worst_lp = 0;
    for (int k = 0; k < g.n && k < N; k++) {
        double mae, lp;
        frame_error(f + (size_t)W * H * 4 * k, g.rgb + (size_t)W * H * 3 * k, &mae, &lp);
        worst_mae = fmax(worst_mae, mae);
        worst_lp = fmax(worst_lp, lp);
    }
    printf("GIF round trip: %d frames, %d cs, worst frame: mean abs error %.3f, low-pass error %.3f\n",
           g.n, total, worst_mae, worst_lp);
    CHECK_LE(worst_mae, 1.0);
    CHECK_LE(worst_lp, 0.5);
    CHECK_INT(leftovers(dir), 0);
    free(g.rgb);
    /* loops forever unless it plays once; lower quality, smaller file */
    CHECK(file_has(at("race.gif"), "NETSCAPE2.0"));
    CHECK_INT(record(&(RecordDesc){.path = at("once.gif"), .width = W, .height = H, .loops = 1}, f, N, &err), 0);
    CHECK(!file_has(at("once.gif"), "NETSCAPE2.0"));
    CHECK_INT(record(&(RecordDesc){.path = at("q40.gif"), .width = W, .height = H, .quality = 40}, f, N, &err), 0);
    g = (Gif){0};
    CHECK_INT(gif_read(at("q40.gif"), &g), 0);
    CHECK_INT(g.n, N);
    CHECK(file_size(at("q40.gif")) < file_size(at("race.gif")));
    printf("quality 40: %ld bytes, quality 100: %ld bytes\n", file_size(at("q40.gif")), file_size(at("race.gif")));
    free(g.rgb);
    free(f);
}

/* fps that do not divide 100: delays alternate so that n frames last round(n * 100 / fps) */
static void test_gif_timing(void)
{
    static const int fps[] = {1, 7, 24, 30, 50};
    uint8_t *f = frames(10, -1);
    for (size_t i = 0; i < sizeof fps / sizeof fps[0]; i++) {
        Err err = {0};
        CHECK_INT(record(&(RecordDesc){.path = at("t.gif"), .width = W, .height = H, .fps = fps[i]}, f, 10, &err), 0);
        Gif g = {0};
        CHECK_INT(gif_read(at("t.gif"), &g), 0);
        CHECK_INT(g.n, 10);
        int total = 0, lo = 100 / fps[i], hi = (100 + fps[i] - 1) / fps[i];
        for (int k = 0; k < g.n; k++) {
            CHECK(g.delay[k] >= lo && g.delay[k] <= hi);
            total += g.delay[k];
        }
        CHECK_INT(total, (1000 + fps[i] / 2) / fps[i]);
        free(g.rgb);
    }
    free(f);
}

static void test_gif_deterministic(void)
{
    uint8_t *f = frames(N, 12);
    Err err = {0};
    RecordDesc d = {.path = at("a.gif"), .width = W, .height = H};
    CHECK_INT(record(&d, f, N, &err), 0);
    /* the second run feeds frames slowly, so the worker waits on every one: same bytes */
    d.path = at("b.gif");
    Recorder *r = rec_begin(&d, &err);
    CHECK(r != NULL);
    for (int k = 0; r && k < N; k++) {
        rec_frame(r, f + (size_t)W * H * 4 * k, 0);
        usleep(2000);
    }
    CHECK_INT(r ? rec_end(&r, &err) : -1, 0);
    CHECK(same_file(at("a.gif"), at("b.gif")));
    /* bottom-up rows with a negative stride: the same picture, so the same file */
    uint8_t *flip = malloc((size_t)W * H * 4 * N);
    for (int k = 0; k < N; k++)
        for (int y = 0; y < H; y++)
            memcpy(flip + (size_t)W * H * 4 * k + (size_t)(H - 1 - y) * W * 4,
                   f + (size_t)W * H * 4 * k + (size_t)y * W * 4, (size_t)W * 4);
    d.path = at("c.gif");
    r = rec_begin(&d, &err);
    for (int k = 0; r && k < N; k++)
        rec_frame(r, flip + (size_t)W * H * 4 * k + (size_t)(H - 1) * W * 4, -W * 4);
    CHECK_INT(r ? rec_end(&r, &err) : -1, 0);
    CHECK(same_file(at("a.gif"), at("c.gif")));
    free(flip);
    free(f);
}

/* Records f with rec_next/rec_put, writing only the rectangle around what changed since the
 * frame before (an empty one when nothing did; all of the first) into a buffer that holds
 * junk elsewhere. */
static int record_changed(const RecordDesc *d, const uint8_t *f, int n, Err *err)
{
    Recorder *r = rec_begin(d, err);
    if (!r) return -1;
    const size_t fb = (size_t)W * H * 4;
    for (int k = 0; k < n; k++) {
        const uint8_t *cur = f + fb * k, *prev = k ? cur - fb : NULL;
        int rc[4] = {W, H, 0, 0};
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                if (!prev || memcmp(cur + ((size_t)y * W + x) * 4, prev + ((size_t)y * W + x) * 4, 4)) {
                    rc[0] = x < rc[0] ? x : rc[0], rc[1] = y < rc[1] ? y : rc[1];
                    rc[2] = x + 1 > rc[2] ? x + 1 : rc[2], rc[3] = y + 1 > rc[3] ? y + 1 : rc[3];
                }
        if (rc[2] == 0) rc[0] = rc[1] = rc[2] = rc[3] = 0;
        uint8_t *px = rec_next(r);
        if (!px) break;
        memset(px, 0x5a + k, fb);
        for (int y = rc[1]; y < rc[3]; y++)
            memcpy(px + ((size_t)y * W + rc[0]) * 4, cur + ((size_t)y * W + rc[0]) * 4,
                   (size_t)(rc[2] - rc[0]) * 4);
        if (rec_put(r, k ? rc : NULL) < 0) break;
    }
    return rec_end(&r, err);
}

/* rec_next/rec_put with only the changed rectangle written give the same files as whole
 * frames given to rec_frame: a GIF (with a frame that changes nothing and a new palette
 * midway), one PNG and numbered PNGs */
static void test_changed_rects(void)
{
    uint8_t *f = frames(N, -1);
    const size_t fb = (size_t)W * H * 4;
    memcpy(f + fb * 5, f + fb * 4, fb);   /* a frame the same as the one before */
    /* from frame 12, a block of new colours in a few tiles: a new palette (chosen from the
     * whole frame) although little of it changed */
    for (int k = 12; k < N; k++)
        for (int y = 40; y < 80; y++)
            for (int x = 64; x < 112; x++) {
                uint8_t *p = f + fb * k + ((size_t)y * W + x) * 4;
                p[0] = (uint8_t)(200 + (x * 7 + y) % 50), p[1] = (uint8_t)(40 + y),
                p[2] = (uint8_t)(255 - x);
            }
    Err err = {0};
    static const char *const names[][2] = {{"r1.gif", "r2.gif"}, {"r1.png", "r2.png"},
                                           {"r1/", "r2/"}};
    for (int i = 0; i < 3; i++) {
        RecordDesc d = {.path = at(names[i][0]), .width = W, .height = H};
        CHECK_INT(record(&d, f, N, &err), 0);
        d.path = at(names[i][1]);
        CHECK_INT(record_changed(&d, f, N, &err), 0);
    }
    CHECK(same_file(at("r1.gif"), at("r2.gif")));
    CHECK(same_file(at("r1.png"), at("r2.png")));
    for (int k = 1; k <= N; k++) {
        char a[64], b[64];
        snprintf(a, sizeof a, "r1/frame_%05d.png", k);
        snprintf(b, sizeof b, "r2/frame_%05d.png", k);
        CHECK(same_file(at(a), at(b)));
    }
    free(f);
}

/* colours given in the desc stay exact although the first frame lacks them; an overlay of
 * new colours over half the frame gets a new palette instead of a poor match */
static void test_gif_colours(void)
{
    uint8_t *f = frames(N, -1);
    for (int k = 0; k < N; k++) {   /* a pure orange square appears at frame 6 */
        uint8_t *px = f + (size_t)W * H * 4 * k;
        for (int y = 90; k >= 6 && y < 100; y++)
            for (int x = 130; x < 140; x++)
                memcpy(px + ((size_t)y * W + x) * 4, (uint8_t[4]){255, 127, 0, 255}, 4);
    }
    Err err = {0};
    const uint32_t orange = 0xFF7F00;
    CHECK_INT(record(&(RecordDesc){.path = at("hint.gif"), .width = W, .height = H, .colors = &orange,
                                   .ncolors = 1}, f, N, &err), 0);
    Gif g = {0};
    CHECK_INT(gif_read(at("hint.gif"), &g), 0);
    int exact = 0;
    for (int y = 90; g.n == N && y < 100; y++)
        for (int x = 130; x < 140; x++) {
            const uint8_t *p = g.rgb + (size_t)W * H * 3 * (N - 1) + ((size_t)y * W + x) * 3;
            exact += p[0] == 255 && p[1] == 127 && p[2] == 0;
        }
    CHECK_INT(exact, 100);
    free(g.rgb);
    free(f);

    f = frames(N, 8);
    CHECK_INT(record(&(RecordDesc){.path = at("overlay.gif"), .width = W, .height = H}, f, N, &err), 0);
    g = (Gif){0};
    CHECK_INT(gif_read(at("overlay.gif"), &g), 0);
    CHECK_INT(g.n, N);
    double worst = 0;
    for (int k = 0; k < g.n && k < N; k++) {
        double mae, lp;
        frame_error(f + (size_t)W * H * 4 * k, g.rgb + (size_t)W * H * 3 * k, &mae, &lp);
        worst = fmax(worst, mae);
    }
    printf("overlay of new colours: worst frame mean abs error %.3f\n", worst);
    CHECK_LE(worst, 3.0);
    free(g.rgb);
    free(f);
}

/* the desc's colours are the caller's only during rec_begin (the window passes a local array):
 * here they are overwritten and freed at once, and a 2x2 speck of that colour, too small to get
 * a palette of its own, must still come out exact */
static void test_gif_colours_copied(void)
{
    uint8_t *f = frames(N, -1);
    for (int k = 6; k < N; k++)
        for (int y = 90; y < 92; y++)
            for (int x = 130; x < 132; x++)
                memcpy(f + (size_t)W * H * 4 * k + ((size_t)y * W + x) * 4, (uint8_t[4]){0, 255, 255, 255}, 4);
    Err err = {0};
    uint32_t *cyan = malloc(sizeof *cyan);
    *cyan = 0x00FFFF;
    Recorder *r = rec_begin(&(RecordDesc){.path = at("copied.gif"), .width = W, .height = H,
                                          .colors = cyan, .ncolors = 1}, &err);
    *cyan = 0x808080;
    free(cyan);
    CHECK(r != NULL);
    for (int k = 0; r && k < N; k++) rec_frame(r, f + (size_t)W * H * 4 * k, 0);
    CHECK_INT(r ? rec_end(&r, &err) : -1, 0);
    Gif g = {0};
    CHECK_INT(gif_read(at("copied.gif"), &g), 0);
    int exact = 0;
    for (int y = 90; g.n == N && y < 92; y++)
        for (int x = 130; x < 132; x++) {
            const uint8_t *p = g.rgb + (size_t)W * H * 3 * (N - 1) + ((size_t)y * W + x) * 3;
            exact += p[0] == 0 && p[1] == 255 && p[2] == 255;
        }
    CHECK_INT(exact, 4);
    free(g.rgb);
    free(f);
}

/* every pixel changes every frame (the view moving): the fast whole-frame remap */
static void test_gif_panning(void)
{
    uint8_t *f = frames_panning(N, -1, 1);
    Err err = {0};
    CHECK_INT(record(&(RecordDesc){.path = at("pan.gif"), .width = W, .height = H}, f, N, &err), 0);
    CHECK_INT(record(&(RecordDesc){.path = at("pan2.gif"), .width = W, .height = H}, f, N, &err), 0);
    CHECK(same_file(at("pan.gif"), at("pan2.gif")));
    Gif g = {0};
    CHECK_INT(gif_read(at("pan.gif"), &g), 0);
    CHECK_INT(g.n, N);
    double worst_mae = 0, worst_lp = 0;
    for (int k = 0; k < g.n && k < N; k++) {
        double mae, lp;
        frame_error(f + (size_t)W * H * 4 * k, g.rgb + (size_t)W * H * 3 * k, &mae, &lp);
        worst_mae = fmax(worst_mae, mae);
        worst_lp = fmax(worst_lp, lp);
    }
    printf("panning: worst frame: mean abs error %.3f, low-pass error %.3f\n", worst_mae, worst_lp);
    CHECK_LE(worst_mae, 1.5);
    CHECK_LE(worst_lp, 1.0);
    free(g.rgb);
    free(f);
}

static int png_read(const char *path, uint8_t *rgb, int *w, int *h)
{
    png_image im = {.version = PNG_IMAGE_VERSION};
    if (!png_image_begin_read_from_file(&im, path)) return -1;
    *w = (int)im.width, *h = (int)im.height;
    im.format = PNG_FORMAT_RGB;
    if (*w != W || *h != H) {
        png_image_free(&im);
        return -1;
    }
    return png_image_finish_read(&im, NULL, rgb, 0, NULL) ? 0 : -1;
}

static int same_pixels(const uint8_t *rgba, const uint8_t *rgb)
{
    for (size_t i = 0; i < (size_t)W * H; i++)
        if (memcmp(rgba + i * 4, rgb + i * 3, 3)) return 0;
    return 1;
}

static void test_png(void)
{
    uint8_t *f = frames(3, -1), *rgb = malloc((size_t)W * H * 3);
    Err err = {0};
    int w = 0, h = 0;
    /* one PNG: the last frame, opaque although the frames' alpha is 0 */
    CHECK_INT(record(&(RecordDesc){.path = at("shot.png"), .width = W, .height = H}, f, 3, &err), 0);
    CHECK_INT(png_read(at("shot.png"), rgb, &w, &h), 0);
    CHECK(same_pixels(f + (size_t)W * H * 4 * 2, rgb));
    /* numbered frames into a directory that does not exist yet */
    CHECK_INT(record(&(RecordDesc){.path = at("frames/"), .width = W, .height = H}, f, 3, &err), 0);
    for (int k = 0; k < 3; k++) {
        char name[64];
        snprintf(name, sizeof name, "frames/frame_%05d.png", k + 1);
        CHECK_INT(png_read(at(name), rgb, &w, &h), 0);
        CHECK(same_pixels(f + (size_t)W * H * 4 * k, rgb));
    }
    CHECK(!exists(at("frames/frame_00004.png")));
    CHECK_INT(leftovers(at("frames")), 0);
    /* the same frames again: the same bytes */
    CHECK_INT(record(&(RecordDesc){.path = at("shot2.png"), .width = W, .height = H}, f, 3, &err), 0);
    CHECK(same_file(at("shot.png"), at("shot2.png")));
    free(rgb);
    free(f);
}

static void expect_rejected(const RecordDesc *d, const char *what)
{
    Err err = {0};
    Recorder *r = rec_begin(d, &err);
    CHECK(r == NULL);
    if (r) rec_abort(&r);
    CHECK_HAS(err.msg, what);
}

static void test_bad_desc(void)
{
    const char *p = at("bad.gif");
    expect_rejected(&(RecordDesc){.path = p, .width = 0, .height = 600}, "0x600");
    expect_rejected(&(RecordDesc){.path = p, .width = 9000, .height = 10}, "9000x10");
    expect_rejected(&(RecordDesc){.path = p, .width = W, .height = H, .fps = -3}, "fps -3");
    expect_rejected(&(RecordDesc){.path = p, .width = W, .height = H, .fps = 101}, "fps 101");
    expect_rejected(&(RecordDesc){.path = p, .width = W, .height = H, .fps = 60}, "too fast for a GIF");
    expect_rejected(&(RecordDesc){.path = p, .width = W, .height = H, .quality = 101}, "quality 101");
    expect_rejected(&(RecordDesc){.path = at("race.avi"), .width = W, .height = H}, "race.avi");
    /* a video has no loop count */
    expect_rejected(&(RecordDesc){.path = at("race.mp4"), .width = W, .height = H, .loops = 2},
                    "loop count");
    expect_rejected(&(RecordDesc){.path = "", .width = W, .height = H}, "no output path");
    CHECK(!exists(p));
    CHECK_INT(leftovers(dir), 0);
}

static void test_unwritable(void)
{
    /* a directory that does not exist */
    expect_rejected(&(RecordDesc){.path = at("nodir/x.gif"), .width = W, .height = H}, at("nodir/x.gif"));
    CHECK(!exists(at("nodir")));
    /* a parent that is a file */
    write_text(at("plain"), "x");
    expect_rejected(&(RecordDesc){.path = at("plain/x.png"), .width = W, .height = H}, "plain/x.png");
    expect_rejected(&(RecordDesc){.path = at("plain/frames/"), .width = W, .height = H}, "plain/frames");
    /* a GIF path that is a directory: refused, not taken for a directory of frames */
    mkdir(at("dir.gif"), 0777);
    expect_rejected(&(RecordDesc){.path = at("dir.gif"), .width = W, .height = H}, "is a directory");
    CHECK_INT(leftovers(at("dir.gif")), 0);
    expect_rejected(&(RecordDesc){.path = at("frames"), .width = W, .height = H, .kind = REC_GIF}, "is a directory");
    /* a directory nobody may write, root included */
    if (exists("/sys/kernel"))
        expect_rejected(&(RecordDesc){.path = "/sys/kernel/optiplay.gif", .width = W, .height = H},
                        "/sys/kernel/optiplay.gif");
    /* permissions, where they apply (not to root) */
    if (geteuid() != 0) {
        mkdir(at("ro"), 0500);
        expect_rejected(&(RecordDesc){.path = at("ro/x.gif"), .width = W, .height = H}, "Permission denied");
        chmod(at("ro"), 0700);
    }
}

/* A write that fails midway (a file size limit, like a full disk): rec_end fails naming the
 * path and the reason, the existing file is untouched, no temporary file remains. */
static void test_write_failure(void)
{
    uint8_t *f = frames(N, -1);
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, SIG_IGN);
    static const char *const outs[] = {"keep.gif", "keep.png", "newdir/"};
    mkdir(at("keepdir"), 0777);
    write_text(at("keep.gif"), "old gif");
    write_text(at("keep.png"), "old png");
    write_text(at("keepdir/frame_00001.png"), "old frame");
    /* a directory of old frames is refused: old and new would mix */
    expect_rejected(&(RecordDesc){.path = at("keepdir/"), .width = W, .height = H}, "not empty");
    expect_rejected(&(RecordDesc){.path = at("keepdir"), .width = W, .height = H}, "not empty");
    for (int i = 0; i < 3; i++) {
        Err err = {0};
        lim = old;
        lim.rlim_cur = 2048;
        CHECK_INT(setrlimit(RLIMIT_FSIZE, &lim), 0);
        Recorder *r = rec_begin(&(RecordDesc){.path = at(outs[i]), .width = W, .height = H}, &err);
        CHECK(r != NULL);
        int refused = 0;
        for (int k = 0; r && k < N; k++) {
            refused += rec_frame(r, f + (size_t)W * H * 4 * k, 0) < 0;
            if (i == 2 && !refused) usleep(3000);   /* let the first frame fail before the last */
        }
        int rc = r ? rec_end(&r, &err) : 0;
        setrlimit(RLIMIT_FSIZE, &old);
        CHECK_INT(rc, -1);
        printf("write failure (%s): %s\n", outs[i], err.msg);
        CHECK_HAS(err.msg, i < 2 ? at(outs[i]) : at("newdir/frame_00001.png"));
        CHECK_HAS(err.msg, strerror(EFBIG));
        if (i == 2) CHECK(refused > 0);   /* the error is sticky: later frames are refused */
    }
    CHECK(has_text(at("keep.gif"), "old gif"));
    CHECK(has_text(at("keep.png"), "old png"));
    CHECK(has_text(at("keepdir/frame_00001.png"), "old frame"));
    CHECK_INT(leftovers(dir), 0);
    CHECK(!exists(at("newdir")));   /* a failed set of frames leaves no directory */
    signal(SIGXFSZ, SIG_DFL);
    free(f);
}

static void test_no_frames_and_abort(void)
{
    Err err = {0};
    write_text(at("keep.gif"), "old gif");
    Recorder *r = rec_begin(&(RecordDesc){.path = at("keep.gif"), .width = W, .height = H}, &err);
    CHECK(r != NULL);
    CHECK_INT(r ? rec_end(&r, &err) : 0, -1);
    CHECK_HAS(err.msg, "no frames");
    CHECK(has_text(at("keep.gif"), "old gif"));
    r = rec_begin(&(RecordDesc){.path = at("empty/"), .width = W, .height = H}, &err);
    CHECK(r && !exists(at("empty")));   /* frames go to a part directory, renamed at the end */
    CHECK_INT(r ? rec_end(&r, &err) : 0, -1);
    CHECK(!exists(at("empty")));
    CHECK_INT(leftovers(dir), 0);

    uint8_t *f = frames(4, -1);
    r = rec_begin(&(RecordDesc){.path = at("keep.gif"), .width = W, .height = H}, &err);
    for (int k = 0; r && k < 4; k++) rec_frame(r, f + (size_t)W * H * 4 * k, 0);
    if (r) rec_abort(&r);
    CHECK(r == NULL);
    CHECK(has_text(at("keep.gif"), "old gif"));
    r = rec_begin(&(RecordDesc){.path = at("never.gif"), .width = W, .height = H}, &err);
    for (int k = 0; r && k < 4; k++) rec_frame(r, f + (size_t)W * H * 4 * k, 0);
    if (r) rec_abort(&r);
    CHECK(!exists(at("never.gif")));
    CHECK_INT(leftovers(dir), 0);
    /* closing without waiting, as a window does: rec_done, then rec_end */
    r = rec_begin(&(RecordDesc){.path = at("bg.gif"), .width = W, .height = H}, &err);
    for (int k = 0; r && k < 4; k++) rec_frame(r, f + (size_t)W * H * 4 * k, 0);
    if (r) rec_close(r);
    int polls = 0;
    while (r && !rec_done(r) && polls < 10000) usleep(1000), polls++;
    CHECK(r && rec_done(r));
    CHECK_INT(r ? rec_end(&r, &err) : -1, 0);
    CHECK(exists(at("bg.gif")));
    /* a successful recording does replace the old file */
    CHECK_INT(record(&(RecordDesc){.path = at("keep.gif"), .width = W, .height = H}, f, 4, &err), 0);
    Gif g = {0};
    CHECK_INT(gif_read(at("keep.gif"), &g), 0);
    CHECK_INT(g.n, 4);
    free(g.rgb);
    free(f);
}

/* parts left by a process that is gone (SIGKILL) are removed by the next recording into
 * the same directory; a live process's part is left alone. Names up to NAME_MAX work although
 * the part's name is longer. Frames replace an empty directory. */
static void test_stale_parts_and_names(void)
{
    fflush(stdout); /* the child must not print the buffered lines again */
    pid_t dead = fork();
    if (dead == 0) _exit(0);
    waitpid(dead, NULL, 0);
    char name[300];
    mkdir(at("stale"), 0777);
    snprintf(name, sizeof name, "stale/.race.gif.%ld-0.part", (long)dead);
    write_text(at(name), "half a gif");
    snprintf(name, sizeof name, "stale/.frames.%ld-3.part", (long)dead);
    mkdir(at(name), 0777);
    snprintf(name, sizeof name, "stale/.frames.%ld-3.part/frame_00001.png", (long)dead);
    write_text(at(name), "half a frame");
    snprintf(name, sizeof name, "stale/.other.gif.%ld-0.part", (long)getppid());
    write_text(at(name), "still being written");
    CHECK_INT(leftovers(at("stale")), 3);
    uint8_t *f = frames(2, -1);
    Err err = {0};
    CHECK_INT(record(&(RecordDesc){.path = at("stale/new.gif"), .width = W, .height = H}, f, 2, &err), 0);
    CHECK_INT(leftovers(at("stale")), 1);
    CHECK(exists(at(name)));
    /* 255 bytes, the longest name a Linux file system takes */
    memset(name, 'n', sizeof name);
    memcpy(name, "stale/", 6);
    memcpy(name + 6 + 251, ".gif", 5);
    CHECK_INT(record(&(RecordDesc){.path = at(name), .width = W, .height = H}, f, 2, &err), 0);
    if (err.msg[0]) printf("long name: %s\n", err.msg);
    CHECK(exists(at(name)));
    /* an empty directory is replaced by the frames */
    mkdir(at("emptydir"), 0777);
    CHECK_INT(record(&(RecordDesc){.path = at("emptydir/"), .width = W, .height = H}, f, 2, &err), 0);
    CHECK(exists(at("emptydir/frame_00002.png")));
    CHECK_INT(leftovers(dir), 0);
    free(f);
}

/* gifwrite's coder against giflib's decoder: noise (a clear code every 3838 codes, 12-bit
 * codes), long transparent runs with specks (the run path, its codes used again), ramps, one
 * pixel; sizes at random so the end code falls at every code width. */
static const uint8_t *lzw_src;
static size_t lzw_n, lzw_at;

static int lzw_read(GifFileType *gf, GifByteType *b, int n)
{
    (void)gf;
    n = lzw_at + (size_t)n > lzw_n ? (int)(lzw_n - lzw_at) : n;
    memcpy(b, lzw_src + lzw_at, (size_t)n);
    lzw_at += (size_t)n;
    return n;
}

/* A strict reading of coded image data (giflib stops at the last pixel, so it never sees the
 * end code): the sub-blocks end with the terminator, codes are read at the widths a decoder
 * uses, the pixels are px, and the end code follows the last pixel with nothing after it. */
static int lzw_strict(const uint8_t *d, size_t n, const uint8_t *px, size_t npx)
{
    static uint8_t joined[1 << 20], suffix[4096], stack[4096];
    static uint16_t prefix[4096];
    size_t m = 0, i = 1, bit = 0, out = 0;
    if (d[0] != 8) return 0;
    while (i < n && d[i] && m + d[i] <= sizeof joined) {
        memcpy(joined + m, d + i + 1, d[i]);
        m += d[i];
        i += d[i] + 1u;
    }
    if (i != n - 1 || d[i]) return 0;
    int bits = 9, next = 258, prev = -1;
    for (;;) {
        if (bit + (size_t)bits > m * 8) return 0;
        int code = 0;
        for (int b = 0; b < bits; b++, bit++) code |= (joined[bit / 8] >> (bit % 8) & 1) << b;
        if (code == 256) {
            bits = 9, next = 258, prev = -1;
            continue;
        }
        if (code == 257) break;
        if (code > next || (code == next && prev < 0)) return 0;
        if (prev >= 0 && next < 4096) {   /* prev's string and the first pixel of this one */
            int c = code == next ? prev : code;
            while (c >= 258) c = prefix[c];
            prefix[next] = (uint16_t)prev;
            suffix[next++] = (uint8_t)c;
        }
        int len = 0, c = code;
        for (; c >= 258; c = prefix[c]) stack[len++] = suffix[c];
        stack[len++] = (uint8_t)c;
        while (len)
            if (out >= npx || px[out++] != stack[--len]) return 0;
        if (next >= 1 << bits && bits < 12) bits++;
        prev = code;
    }
    return out == npx && m * 8 - bit < 8;
}

static void test_lzw(void)
{
    GifLzw *z = gif_lzw_create();
    uint8_t *px = malloc(320 * 200 > 2400 ? 320 * 200 : 2400), *file = malloc(GIF_SCREEN_BYTES + GIF_TABLE_BYTES + GIF_FRAME_BYTES +
                                                    gif_lzw_bound(320 * 200) + 1);
    assert(z && px && file);
    unsigned seed = 12345;
    int bad = 0;
    for (int t = 0; t < 600; t++) {
        seed = seed * 1103515245u + 12345u;
        int w = t % 7 == 6 ? 1 : 1 + (int)(seed >> 8) % 320, h = t % 7 == 6 ? 1 : 1 + (int)(seed >> 20) % 200;
        int kind = t % 6, run = kind == 0 ? -1 : 255;
        for (int i = 0; i < w * h; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            px[i] = (uint8_t)(kind == 0 ? r : kind == 1 ? (r % 10 ? 255 : r % 7) : kind == 2 ? (unsigned)i / 37 :
                              kind == 3 ? 255 : kind == 4 ? (r % 3 ? 255 : r % 200) : (r % 500 ? 255 : 0));
        }
        size_t n = gif_screen(file, w, h);
        memset(file + n, 0, GIF_TABLE_BYTES);
        n += GIF_TABLE_BYTES;
        n += gif_frame_head(file + n, 3, run, 0, 0, w, h, 0);
        n += gif_lzw_encode(z, px, w, h, (size_t)w, run, file + n);
        file[n++] = ';';
        lzw_src = file, lzw_n = n, lzw_at = 0;
        int e;
        GifFileType *gf = DGifOpen(NULL, lzw_read, &e);
        const size_t head = GIF_SCREEN_BYTES + GIF_TABLE_BYTES + GIF_FRAME_BYTES;
        int ok = gf && DGifSlurp(gf) == GIF_OK && gf->ImageCount == 1 &&
                 !memcmp(gf->SavedImages[0].RasterBits, px, (size_t)w * h) &&
                 lzw_strict(file + head, n - 1 - head, px, (size_t)w * h);
        if (!ok && bad++ < 3) fprintf(stderr, "LZW: %dx%d of kind %d does not decode to itself\n", w, h, kind);
        if (gf) DGifCloseFile(gf, &e);
    }
    CHECK_INT(bad, 0);
    /* one row of noise, every length to 2400 pixels: the last code falls on each width change
     * (the end code is one bit wider after the 255th, 767th and 1791st code) */
    bad = 0;
    for (int w = 0; w < 2400; w++) {
        for (int i = 0; i < w % 2400 + 1; i++) {
            seed = seed * 1103515245u + 12345u;
            px[i] = (uint8_t)(seed >> 16);
        }
        size_t n = gif_lzw_encode(z, px, w % 2400 + 1, 1, 2400, -1, file);
        if (!lzw_strict(file, n, px, (size_t)(w % 2400 + 1)) && bad++ < 3)
            fprintf(stderr, "LZW: a row of %d does not read strictly\n", w % 2400 + 1);
    }
    CHECK_INT(bad, 0);
    /* the run path gives what a lookup a pixel gives: the same bytes as run = -1 */
    for (int i = 0; i < 320 * 200; i++) px[i] = (uint8_t)(i % 97 == 0 ? i % 5 : 255);
    uint8_t *other = malloc(gif_lzw_bound(320 * 200));
    assert(other);
    size_t a = gif_lzw_encode(z, px, 320, 200, 320, 255, file), b = gif_lzw_encode(z, px, 320, 200, 320, -1, other);
    CHECK(a == b && !memcmp(file, other, a));
    free(other);
    free(file);
    free(px);
    gif_lzw_destroy(&z);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/test_record.XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (!mkdtemp(dir)) return perror("mkdtemp"), 1;
    test_lzw();
    test_gif_round_trip();
    test_gif_timing();
    test_gif_deterministic();
    test_changed_rects();
    test_gif_colours();
    test_gif_colours_copied();
    test_gif_panning();
    test_png();
    test_bad_desc();
    test_unwritable();
    test_write_failure();
    test_no_frames_and_abort();
    test_stale_parts_and_names();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (!fails && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    if (fails) fprintf(stderr, "%d checks failed; files kept in %s\n", fails, dir);
    else printf("all checks passed\n");
    return fails ? 1 : 0;
}
