/* capture.c — the recordings and screenshots of the window (capture.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL2/SDL.h>

#include "capture.h"
#include "outfile.h"
#include "record.h"
#ifdef __EMSCRIPTEN__
#include "web.h" /* web_offer: a finished file becomes a download */
#else
#define web_offer(path) ((void)0)
#endif

void capture_path(const Capture *c, const char *scene_dir, const char *ext, char *buf,
                  size_t size)
{
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    const char *dir = c->record_dir[0] ? c->record_dir : scene_dir[0] ? scene_dir : ".";
    struct stat st;
    for (int k = 1; k < 100; k++) {
        if (k == 1)
            snprintf(buf, size, "%s/optiplay-%s.%s", dir, stamp, ext);
        else
            snprintf(buf, size, "%s/optiplay-%s-%d.%s", dir, stamp, k, ext);
        if (stat(buf, &st) != 0)
            return;
    }
}

static void finish(Msgs *m, Recorder **rec, const char *path, long frames)
{
    Err err = {0};
    if (rec_end(rec, &err) < 0) {
        msgs_say(m, "recording failed: %s", err.msg);
        fprintf(stderr, "optiplay: recording failed: %s\n", err.msg);
        return;
    }
    msgs_say(m, "saved %s (%ld frames)", path, frames);
    printf("saved %s (%ld frames)\n", path, frames);
    fflush(stdout);
    web_offer(path);
}

/* Stops: the encoder finishes in the background. */
static void stop(Capture *c, Msgs *m)
{
    if (c->closing) /* an older one still finishing: let it finish first */
        finish(m, &c->closing, c->closing_path, c->closing_frames);
    rec_close(c->rec);
    c->closing = c->rec;
    c->rec = NULL;
    memcpy(c->closing_path, c->path, sizeof c->closing_path);
    c->closing_frames = c->frames;
    msgs_say(m, "finishing %s ...", c->path);
}

void capture_toggle(Capture *c, Msgs *m, const char *scene_dir, int w, int h, int hz,
                    const uint32_t *colors, int ncolors, int video)
{
    if (c->rec) {
        stop(c, m);
        return;
    }
    /* every how many frames a recorded frame is taken, and its rate: about 30 fps */
    int every = hz > 45 ? (hz + 15) / 30 : 1;
    int fps = (hz + every / 2) / every;
    if (fps > 50)
        fps = 50;
    capture_path(c, scene_dir, video ? "mp4" : "gif", c->path, sizeof c->path);
    Err err = {0};
    c->rec = rec_begin(&(RecordDesc){.path = c->path, .width = w, .height = h, .fps = fps,
                                     .colors = colors, .ncolors = ncolors},
                       &err);
    if (!c->rec) {
        msgs_say(m, "cannot record: %s", err.msg);
        return;
    }
    c->w = w;
    c->h = h;
    c->every = every;
    c->fps = fps;
    c->frames = 0;
    c->tick = 0;
    msgs_say(m, "recording %s (%dx%d, %d fps; G stops)", c->path, w, h, fps);
    printf("recording %s\n", c->path);
    fflush(stdout);
}

int capture_image_name(const char *path, Err *err)
{
    const char *dot = strrchr(path, '.');
    if (dot && (!strcasecmp(dot, ".bmp") || !strcasecmp(dot, ".png")))
        return 0;
    return err_set(err, 0, "'%.300s': expected a .png or .bmp file name", path);
}

int capture_save_image(const char *path, const unsigned char *rgba, int w, int h, Err *err)
{
    if (capture_image_name(path, err) < 0)
        return -1;
    const char *dot = strrchr(path, '.');
    int rc = -1;
    if (strcasecmp(dot, ".bmp")) {
        Recorder *rec = rec_begin(&(RecordDesc){.path = path, .width = w, .height = h}, err);
        if (rec) {
            rec_frame(rec, rgba, 0); /* a failure: rec_end says why */
            rc = rec_end(&rec, err);
        }
        return rc;
    }
    OutFile o;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom((void *)rgba, w, h, 32, w * 4,
                                                        SDL_PIXELFORMAT_ABGR8888);
    if (s && outfile_open(&o, path, 0, err) == 0) {
        SDL_RWops *rw = SDL_RWFromFP(o.f, SDL_FALSE);
        if (!rw || SDL_SaveBMP_RW(s, rw, 1) < 0)
            o.errnum = ferror(o.f) && errno ? errno : EIO;
        rc = outfile_commit(&o, err);
    } else if (!s) {
        err_set(err, 0, "cannot save '%.300s': %s", path, SDL_GetError());
    }
    SDL_FreeSurface(s);
    return rc;
}

/* P: the frame just drawn as a PNG in the recordings directory. */
static void save_shot(Capture *c, Msgs *m, const char *scene_dir, int w, int h,
                      const CaptureHost *host)
{
    char path[sizeof c->path];
    Err err = {0};
    capture_path(c, scene_dir, "png", path, sizeof path);
    unsigned char *px = malloc((size_t)w * (size_t)h * 4);
    int rc = -1;
    if (!px) {
        err_set(&err, 0, "cannot save '%.300s': out of memory for %dx%d pixels", path, w, h);
    } else if (host->read(host->ctx, px, w, h) < 0) {
        err_set(&err, 0, "cannot save '%.300s': the drawable is not %dx%d", path, w, h);
    } else {
        rc = capture_save_image(path, px, w, h, &err);
    }
    free(px);
    if (rc == 0) {
        msgs_say(m, "saved %s", path);
        printf("saved %s\n", path);
        fflush(stdout);
        web_offer(path);
    } else {
        msgs_say(m, "screenshot failed: %s", err.msg);
    }
}

int capture_frame(Capture *c, Msgs *m, const char *scene_dir, int w, int h,
                  const CaptureHost *host, char *badge, size_t n)
{
    if (c->shot) {
        c->shot = 0;
        save_shot(c, m, scene_dir, w, h, host);
    }
    if (c->closing && rec_done(c->closing))
        finish(m, &c->closing, c->closing_path, c->closing_frames);
    if (!c->rec)
        return 0;
    if (w != c->w || h != c->h) { /* a GIF has one size: a resize ends it */
        msgs_say(m, "the window changed size: recording stopped");
        stop(c, m);
        return 0;
    }
    if (c->tick++ % c->every == 0) {
        /* read straight into the recorder's queue */
        unsigned char *px = rec_next(c->rec);
        if (px && host->read_figure(host->ctx, px, w, h) == 0 && rec_put(c->rec, NULL) == 0)
            c->frames++;
        else
            stop(c, m); /* a failed recorder: rec_end says why */
    }
    long secs = c->frames / c->fps;
    snprintf(badge, n, "REC  %ld:%02ld", secs / 60, secs % 60);
    return 1;
}

void capture_end(Capture *c, Msgs *m)
{
    if (c->rec)
        stop(c, m);
    if (c->closing)
        finish(m, &c->closing, c->closing_path, c->closing_frames);
}
