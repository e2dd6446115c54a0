/* record.c — the recorder: checks, files written aside, the frame queue and the worker thread.
 *
 * The caller's thread only validates, fills a ring of preallocated slots (rec_frame copies
 * into one; rec_next lends it, for a caller that reads its pixels straight in) and waits when
 * all are full; the worker converts, encodes and writes. A slot is handed over under the
 * mutex; it is filled outside it (the worker never touches a slot that is not yet counted).
 * A slot may hold only the rectangle that changed: the worker fills the rest from the frame
 * before (off the caller's thread, which is a recording's bottleneck), then swaps its
 * "previous frame" buffer with the slot, so nothing is allocated per frame on either side. */
#include "record.h"

#include "gifenc.h"
#include "outfile.h"
#include "pngenc.h"
#include "videnc.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#ifdef __EMSCRIPTEN__
#define NO_THREADS 1 /* a plain web page has none: the caller's thread encodes */
#endif
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    QUEUE_BYTES = 64 << 20,   /* frames waiting for the worker: about this much memory... */
    MIN_SLOTS = 2,            /* ...but at least this many frames */
    MAX_SLOTS = 32,           /* ...and at most this many (1 s at 30 fps). 8 made the copy into
                               * a slot a little cheaper (less cold memory) but a paced
                               * recording waited up to 87 ms in rec_frame on a busy machine */
    MAX_GIF_FPS = 50,         /* players show delays under 2 cs as 10 cs */
};

struct Recorder {
    RecordKind kind;
    int w, h;
    char *path;     /* the output file (GIF, PNG) or directory (PNG_DIR, without a final '/') */
    OutFile out;    /* the part file (GIF, PNG) or part directory (PNG_DIR) being written */
    GifEnc *gif;
    VidEnc *vid;
    uint8_t *last;  /* worker: the previous frame (GIF) or the latest one (PNG) */
    long nframes;   /* frames the worker has taken */

    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t put, get;
    uint8_t **slot;            /* ring of nslot frames; [head, head + count) are queued */
    int (*rect)[4];            /* each slot's part written (x0, y0, x1, y1); the rest is
                                * the frame before's */
    int nslot, head, count;    /* under mu, like everything below */
    int closing, aborting, failed, finished;
    Err err;                   /* the first failure */
};

static char *dup_str(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* The message for an encoder failure: the write's errno if a write failed, else the
 * encoder's own words. */
static int encode_fail(Err *err, const char *shown, const OutFile *o, const Err *enc)
{
    if (o->errnum) return outfile_fail(err, shown, o->errnum);
    return err_set(err, 0, "cannot write '%s': %s", shown, enc->msg);
}

/* ---- the worker ---- */

/* PNG_DIR: frame_NNNNN.png into the part directory */
static int write_numbered(Recorder *r, const uint8_t *px, Err *err)
{
    char name[32], shown[PATH_MAX];
    snprintf(name, sizeof name, "frame_%05ld.png", r->nframes + 1);
    snprintf(shown, sizeof shown, "%s/%s", r->path, name);
    Err enc = {0};
    OutFile o = {.f = outfile_put(&r->out, name, err), .slot = -1};
    if (!o.f) return -1;
    int rc = pngenc_write(outfile_write, &o, px, r->w, r->h, 1, &enc);
    errno = 0;
    if (rc < 0) encode_fail(err, shown, &o, &enc);
    if (fclose(o.f) != 0 && rc == 0) rc = outfile_fail(err, shown, errno ? errno : EIO);
    return rc;
}

/* Copies the pixels of `out` (x0, y0, x1, y1) that are not in `in` (inside it) from src to
 * dst, both whole frames. */
static void copy_between(const Recorder *r, uint8_t *dst, const uint8_t *src, const int in[4],
                         const int out[4])
{
    const size_t row = (size_t)r->w * 4;
    for (int y = out[1]; y < out[3]; y++) {
        const size_t o = y * row + (size_t)out[0] * 4;
        if (y < in[1] || y >= in[3]) {
            memcpy(dst + o, src + o, (size_t)(out[2] - out[0]) * 4);
            continue;
        }
        memcpy(dst + o, src + o, (size_t)(in[0] - out[0]) * 4);
        memcpy(dst + y * row + in[2] * 4, src + y * row + in[2] * 4, (size_t)(out[2] - in[2]) * 4);
    }
}

static int encode(Recorder *r, uint8_t **buf, const int rc[4], Err *err)
{
    uint8_t *px = *buf, *t;
    size_t npx = (size_t)r->w * r->h;
    Err enc = {0};
    const int all[4] = {0, 0, r->w, r->h};
    int tiles[4] = {rc[0], rc[1], rc[2], rc[3]};
    /* a GIF frame that changed in a few tiles: the encoder reads only those (filled from the
     * frame before around rc), and rc is copied into that frame, which stays the one kept */
    if (r->kind == REC_GIF && r->nframes && gifenc_tiles(r->gif, tiles)) {
        copy_between(r, px, r->last, rc, tiles);
        int k = gifenc_frame(r->gif, px, r->last, tiles, &enc);
        if (k < 0) return encode_fail(err, r->path, &r->out, &enc);
        if (k == 0) {
            copy_between(r, r->last, px, (const int[4]){0, 0, 0, 0}, rc);
            r->nframes++;
            return 0;
        }
    }
    copy_between(r, px, r->last, rc, all);   /* the rest of the frame, as it was */
    if (r->kind != REC_GIF)   /* frames are opaque (the GIF encoder never reads alpha) */
        for (size_t i = 0; i < npx; i++) px[i * 4 + 3] = 255;
    switch (r->kind) {
    case REC_GIF:
        if (gifenc_frame(r->gif, px, r->nframes ? r->last : NULL, NULL, &enc) < 0)
            return encode_fail(err, r->path, &r->out, &enc);
        break;
    case REC_PNG:
        break;
    case REC_PNG_DIR:
        if (write_numbered(r, px, err) < 0) return -1;
        break;
    case REC_MP4:
    case REC_WEBM:
        if (videnc_frame(r->vid, px, &enc) < 0) return encode_fail(err, r->path, &r->out, &enc);
        break;
    case REC_AUTO:
        assert(0);
        break;
    }
    t = r->last;   /* keep this frame; the slot gets the old one */
    r->last = px;
    *buf = t;
    r->nframes++;
    return 0;
}

static int finish(Recorder *r, Err *err)
{
    Err enc = {0};
    if (!r->nframes) return err_set(err, 0, "nothing written to '%s': no frames were recorded", r->path);
    switch (r->kind) {
    case REC_GIF:
        if (gifenc_finish(r->gif, &enc) < 0) return encode_fail(err, r->path, &r->out, &enc);
        return outfile_commit(&r->out, err);
    case REC_PNG:
        if (pngenc_write(outfile_write, &r->out, r->last, r->w, r->h, 0, &enc) < 0)
            return encode_fail(err, r->path, &r->out, &enc);
        return outfile_commit(&r->out, err);
    case REC_MP4:
    case REC_WEBM:
        if (videnc_finish(r->vid, &enc) < 0) return encode_fail(err, r->path, &r->out, &enc);
        return outfile_commit(&r->out, err);
    default:
        return outfile_commit(&r->out, err);
    }
}

static void fail(Recorder *r, const Err *e)
{
    pthread_mutex_lock(&r->mu);
    if (!r->failed) {
        r->failed = 1;
        r->err = *e;
    }
    pthread_cond_broadcast(&r->put);
    pthread_mutex_unlock(&r->mu);
}

/* After the last frame: the file finished (or discarded). */
static void wrap_up(Recorder *r, int ok, int aborted)
{
    Err e = {0};
    if (ok && !aborted && finish(r, &e) < 0) fail(r, &e);
    gifenc_destroy(&r->gif);   /* before the file goes: a failed GIF may still flush into it */
    videnc_destroy(&r->vid);
    outfile_discard(&r->out);  /* after a commit there is nothing left to discard */
    pthread_mutex_lock(&r->mu);
    r->finished = 1;
    pthread_mutex_unlock(&r->mu);
}

static void *worker(void *arg)
{
    Recorder *r = arg;
    Err e = {0};
    int ok = 1, aborted;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (!r->count && !r->closing) pthread_cond_wait(&r->get, &r->mu);
        aborted = r->aborting;
        if (!r->count) {
            pthread_mutex_unlock(&r->mu);
            break;
        }
        uint8_t *buf = r->slot[r->head];
        const int *rc = r->rect[r->head];
        pthread_mutex_unlock(&r->mu);

        if (ok && !aborted && encode(r, &buf, rc, &e) < 0) {
            ok = 0;
            fail(r, &e);
        }

        pthread_mutex_lock(&r->mu);
        r->slot[r->head] = buf;
        r->head = (r->head + 1) % r->nslot;
        r->count--;
        pthread_cond_signal(&r->put);
        pthread_mutex_unlock(&r->mu);
    }
    wrap_up(r, ok, aborted);
    return NULL;
}

/* ---- the caller's side ---- */

static RecordKind kind_of(const char *path)
{
    size_t n = strlen(path);
    struct stat st;
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (path[n - 1] != '/' && dot && (!slash || dot > slash + 1)) {
        if (!strcasecmp(dot, ".gif")) return REC_GIF;   /* even naming a directory: refused */
        if (!strcasecmp(dot, ".png")) return REC_PNG;
        if (!strcasecmp(dot, ".mp4")) return REC_MP4;
        if (!strcasecmp(dot, ".webm")) return REC_WEBM;
    }
    if (path[n - 1] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) return REC_PNG_DIR;
    return REC_AUTO;
}

static void destroy(Recorder *r)
{
    if (r->started) {
        pthread_mutex_destroy(&r->mu);
        pthread_cond_destroy(&r->put);
        pthread_cond_destroy(&r->get);
    }
    gifenc_destroy(&r->gif);
    videnc_destroy(&r->vid);
    outfile_discard(&r->out);
    for (int i = 0; r->slot && i < r->nslot; i++) free(r->slot[i]);
    free(r->slot);
    free(r->rect);
    free(r->last);
    free(r->path);
    free(r);
}

Recorder *rec_begin(const RecordDesc *d, Err *err)
{
    assert(d);
    const char *path = d->path;
    int fps = d->fps ? d->fps : 30, quality = d->quality ? d->quality : 100;
    if (!path || !*path) {
        err_set(err, 0, "no output path given");
        return NULL;
    }
    if (d->width < 1 || d->width > REC_MAX_SIDE || d->height < 1 || d->height > REC_MAX_SIDE) {
        err_set(err, 0, "frame size %dx%d is out of range: expected 1..%d by 1..%d", d->width,
                d->height, REC_MAX_SIDE, REC_MAX_SIDE);
        return NULL;
    }
    if (fps < 1 || fps > 100) {
        err_set(err, 0, "fps %d is out of range: expected 1..100", fps);
        return NULL;
    }
    if (quality < 1 || quality > 100) {
        err_set(err, 0, "quality %d is out of range: expected 1..100", quality);
        return NULL;
    }
    if (d->loops < 0 || d->loops > 65535 || d->hold_ms < 0 || d->hold_ms > 60000) {
        err_set(err, 0, "loops %d or hold %d ms is out of range: expected 0..65535 and "
                "0..60000", d->loops, d->hold_ms);
        return NULL;
    }
    if (d->ncolors < 0 || d->ncolors > REC_MAX_COLORS || (d->ncolors && !d->colors)) {
        err_set(err, 0, "%d fixed colours is out of range: expected 0..%d", d->ncolors,
                REC_MAX_COLORS);
        return NULL;
    }
    RecordKind kind = d->kind ? d->kind : kind_of(path);
    if (kind == REC_AUTO) {
        err_set(err, 0, "cannot tell what to write to '%s': expected a .gif, .mp4, .webm or .png "
                "file, or a directory ending in '/'", path);
        return NULL;
    }
    if (kind == REC_GIF && fps > MAX_GIF_FPS) {
        err_set(err, 0, "fps %d is too fast for a GIF: players show frame delays under 2/100 s as "
                "1/10 s; expected 1..%d", fps, MAX_GIF_FPS);
        return NULL;
    }

    int video = kind == REC_MP4 || kind == REC_WEBM;
    if (video && d->loops) {
        err_set(err, 0, "a video has no loop count (players loop it when told to): '%s'", path);
        return NULL;
    }

    Recorder *r = calloc(1, sizeof *r);
    if (!r) {
        err_set(err, 0, "cannot write '%s': out of memory", path);
        return NULL;
    }
    r->kind = kind;
    r->w = d->width;
    r->h = d->height;
    size_t n = strlen(path);
    while (kind == REC_PNG_DIR && n > 1 && path[n - 1] == '/') n--;
    r->path = dup_str(path, n);
    const size_t frame = (size_t)r->w * r->h * 4;
    r->nslot = (int)(QUEUE_BYTES / frame);
    r->nslot = r->nslot < MIN_SLOTS ? MIN_SLOTS : r->nslot > MAX_SLOTS ? MAX_SLOTS : r->nslot;
    r->slot = calloc((size_t)r->nslot, sizeof *r->slot);
    r->rect = calloc((size_t)r->nslot, sizeof *r->rect);
    if (!r->path || !r->slot || !r->rect) goto oom;
    for (int i = 0; i < r->nslot; i++)
        if (!(r->slot[i] = malloc(frame))) goto oom;
    if (!(r->last = calloc(1, frame))) goto oom;   /* black before the first frame */
    if (kind == REC_GIF) {
        r->gif = gifenc_create(&(GifEncDesc){
            .width = r->w, .height = r->h, .fps = fps, .quality = quality, .loops = d->loops,
            .hold_cs = (d->hold_ms + 5) / 10,
            .colors = d->colors, .ncolors = d->ncolors, .write = outfile_write, .patch = outfile_patch,
            .ctx = &r->out});
        if (!r->gif) goto oom;
    }
    if (outfile_open(&r->out, path, kind == REC_PNG_DIR, err) < 0) goto fail;
    if (video) {
        Err enc = {0};
        r->vid = videnc_create(&(VidEncDesc){.path = r->out.tmp, .webm = kind == REC_WEBM,
                                             .width = r->w, .height = r->h, .fps = fps,
                                             .hold = (int)(((long)d->hold_ms * fps + 500) / 1000)},
                               &enc);
        if (!r->vid) {
            err_set(err, 0, "cannot write '%s': %s", path, enc.msg);
            goto fail;
        }
    }

    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->put, NULL);
    pthread_cond_init(&r->get, NULL);
    r->started = 1;
#ifdef NO_THREADS
    return r; /* rec_frame encodes each frame, rec_close finishes the file */
#endif
    int e = pthread_create(&r->thread, NULL, worker, r);
    if (e) {
        err_set(err, 0, "cannot start recording to '%s': %s", path, strerror(e));
        goto fail;
    }
    return r;
oom:
    err_set(err, 0, "cannot write '%s': out of memory", path);
fail:
    destroy(r);
    return NULL;
}

uint8_t *rec_next(Recorder *r)
{
    assert(r && !r->closing);
    pthread_mutex_lock(&r->mu);
    while (r->count == r->nslot && !r->failed) pthread_cond_wait(&r->put, &r->mu);
    uint8_t *dst = r->failed ? NULL : r->slot[(r->head + r->count) % r->nslot];
    pthread_mutex_unlock(&r->mu);
    return dst;
}

int rec_put(Recorder *r, const int rect[4])
{
    assert(r && !r->closing);
    assert(!rect || (rect[0] >= 0 && rect[1] >= 0 && rect[0] <= rect[2] && rect[1] <= rect[3] &&
                     rect[2] <= r->w && rect[3] <= r->h));
    const int all[4] = {0, 0, r->w, r->h};
    pthread_mutex_lock(&r->mu);
    int i = (r->head + r->count) % r->nslot; /* the slot rec_next lent */
    memcpy(r->rect[i], rect ? rect : all, sizeof r->rect[i]);
#ifdef NO_THREADS
    pthread_mutex_unlock(&r->mu);
    Err e = {0};
    if (!r->failed && encode(r, &r->slot[i], r->rect[i], &e) < 0) fail(r, &e);
    return r->failed ? -1 : 0;
#endif
    int failed = r->failed;
    r->count++;
    pthread_cond_signal(&r->get);
    pthread_mutex_unlock(&r->mu);
    return failed ? -1 : 0;
}

int rec_frame(Recorder *r, const uint8_t *rgba, int stride)
{
    assert(r && rgba && !r->closing);
    const size_t row = (size_t)r->w * 4;
    if (!stride) stride = (int)row;
    assert((size_t)(stride < 0 ? -(ptrdiff_t)stride : stride) >= row);
    uint8_t *dst = rec_next(r);
    if (!dst) return -1;
    for (int y = 0; y < r->h; y++) memcpy(dst + y * row, rgba + (ptrdiff_t)y * stride, row);
    return rec_put(r, NULL);
}

static void close_input(Recorder *r, int abort_it)
{
    pthread_mutex_lock(&r->mu);
    r->closing = 1;
    r->aborting |= abort_it;
    pthread_cond_signal(&r->get);
    pthread_mutex_unlock(&r->mu);
}

void rec_close(Recorder *r)
{
    assert(r);
    close_input(r, 0);
#ifdef NO_THREADS
    wrap_up(r, !r->failed, 0);
#endif
}

int rec_done(Recorder *r)
{
    assert(r);
    pthread_mutex_lock(&r->mu);
    int done = r->finished;
    pthread_mutex_unlock(&r->mu);
    return done;
}

static int stop(Recorder **pr, int abort_it, Err *err)
{
    Recorder *r = *pr;
    assert(r);
    int closed = r->closing;
    close_input(r, abort_it);
#ifdef NO_THREADS
    if (!closed) wrap_up(r, !r->failed, abort_it);
#else
    (void)closed;
    pthread_join(r->thread, NULL);
#endif
    int rc = r->failed ? -1 : 0;
    if (rc && err) *err = r->err;
    destroy(r);
    *pr = NULL;
    return rc;
}

int rec_end(Recorder **r, Err *err) { return stop(r, 0, err); }

void rec_abort(Recorder **r)
{
    assert(*r && !(*r)->closing);
    stop(r, 1, NULL);
}
