/* capture.c — G records the race as a GIF, Shift+G as an MP4 video, P saves a PNG screenshot.
 *
 * A recorded frame is drawn again in the figure style (the race, numbered racers, a compact
 * legend: what `optiplay record` makes), read back, and the window's own picture drawn over it,
 * so no message, help or REC mark is ever recorded; the recorder encodes on its own thread,
 * and stopping finishes the file in the background (rec_close, then rec_end once rec_done), so
 * the window never waits. Files go to the recordings directory (--record-dir, the scene's
 * record_dir, else the current one) with names that sort by time; the message on screen and
 * standard output say the path. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <epoxy/gl.h>

#include "app.h"
#include "outfile.h"
#include "record.h"
#ifdef __EMSCRIPTEN__
#include "web.h" /* web_offer: a finished file becomes a download */
#else
#define web_offer(path) ((void)0)
#endif

/* dir/optiplay-YYYYMMDD-HHMMSS.ext, or -2, -3 ... when that exists already */
void app_record_path(const App *a, const char *ext, char *buf, size_t size)
{
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    const char *scene_dir = a->scenes[a->cur].record_dir;
    const char *dir = a->record_dir[0] ? a->record_dir : scene_dir[0] ? scene_dir : ".";
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

/* Every how many frames a recorded frame is taken, and its rate: about 30 fps. */
static void frame_rate(App *a, int *every, int *fps)
{
    SDL_DisplayMode mode;
    int hz = 60;
    if (SDL_GetWindowDisplayMode(a->win, &mode) == 0 && mode.refresh_rate > 0)
        hz = mode.refresh_rate;
    *every = hz > 45 ? (hz + 15) / 30 : 1;
    *fps = (hz + *every / 2) / *every;
    if (*fps > 50)
        *fps = 50;
}

/* The colours that must stay exact in the GIF: the racers'. */
static int racer_colors(const App *a, uint32_t *out, int max)
{
    int n = 0;
    for (int i = 0; i < a->race.n && n < max; i++) {
        out[n++] = ren_racer_rgb(a->ren, a->light, &a->race, i);
    }
    return n;
}

static void finish(App *a, Recorder **rec, const char *path, long frames)
{
    Err err = {0};
    if (rec_end(rec, &err) < 0) {
        app_message(a, "recording failed: %s", err.msg);
        fprintf(stderr, "optiplay: recording failed: %s\n", err.msg);
        return;
    }
    app_message(a, "saved %s (%ld frames)", path, frames);
    printf("saved %s (%ld frames)\n", path, frames);
    fflush(stdout);
    web_offer(path);
}

void app_record_toggle(App *a, int video)
{
    if (a->rec) { /* stop: the encoder finishes in the background */
        if (a->rec_closing) /* an older one still finishing: let it finish first */
            finish(a, &a->rec_closing, a->closing_path, a->closing_frames);
        rec_close(a->rec);
        a->rec_closing = a->rec;
        a->rec = NULL;
        memcpy(a->closing_path, a->rec_path, sizeof a->closing_path);
        a->closing_frames = a->rec_frames;
        app_message(a, "finishing %s ...", a->rec_path);
        return;
    }
    int w, h, every, fps;
    SDL_GL_GetDrawableSize(a->win, &w, &h);
    frame_rate(a, &every, &fps);
    unsigned char *px = realloc(a->rec_px, (size_t)w * (size_t)h * 4);
    if (!px) {
        app_message(a, "cannot record: out of memory for %dx%d frames", w, h);
        return;
    }
    a->rec_px = px;
    uint32_t colors[REC_MAX_COLORS];
    app_record_path(a, video ? "mp4" : "gif", a->rec_path, sizeof a->rec_path);
    Err err = {0};
    a->rec = rec_begin(&(RecordDesc){.path = a->rec_path, .width = w, .height = h, .fps = fps,
                                     .colors = colors,
                                     .ncolors = racer_colors(a, colors, REC_MAX_COLORS)},
                       &err);
    if (!a->rec) {
        app_message(a, "cannot record: %s", err.msg);
        return;
    }
    a->rec_w = w;
    a->rec_h = h;
    a->rec_every = every;
    a->rec_fps = fps;
    a->rec_frames = 0;
    a->rec_tick = 0;
    app_message(a, "recording %s (%dx%d, %d fps; G stops)", a->rec_path, w, h, fps);
    printf("recording %s\n", a->rec_path);
    fflush(stdout);
}

void app_screenshot(App *a)
{
    a->shot = 1; /* taken after the next frame is drawn, without the REC mark */
}

int app_save_image(App *a, const char *path, int w, int h, Err *err)
{
    const char *dot = strrchr(path, '.');
    int bmp = dot && !strcasecmp(dot, ".bmp");
    if (!bmp && !(dot && !strcasecmp(dot, ".png")))
        return err_set(err, 0, "'%.300s': expected a .png or .bmp file name", path);
    unsigned char *px = malloc((size_t)w * (size_t)h * 4);
    if (!px) {
        err_set(err, 0, "cannot save '%.300s': out of memory for %dx%d pixels", path, w, h);
        err->errnum = ENOMEM;
        return -1;
    }
    int rc = -1;
    if (app_read_pixels(a, px, w, h) < 0) {
        err_set(err, 0, "cannot save '%.300s': the drawable is not %dx%d", path, w, h);
    } else if (!bmp) {
        Recorder *rec = rec_begin(&(RecordDesc){.path = path, .width = w, .height = h}, err);
        if (rec) {
            rec_frame(rec, px, 0); /* a failure: rec_end says why */
            rc = rec_end(&rec, err);
        }
    } else {
        OutFile o;
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(px, w, h, 32, w * 4,
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
    }
    free(px);
    return rc;
}

static void save_shot(App *a, int w, int h)
{
    char path[sizeof a->rec_path];
    Err err = {0};
    app_record_path(a, "png", path, sizeof path);
    if (app_save_image(a, path, w, h, &err) == 0) {
        app_message(a, "saved %s", path);
        printf("saved %s\n", path);
        fflush(stdout);
        web_offer(path);
    } else {
        app_message(a, "screenshot failed: %s", err.msg);
    }
}

void app_capture(App *a)
{
    int w, h;
    SDL_GL_GetDrawableSize(a->win, &w, &h);
    if (a->shot) {
        a->shot = 0;
        save_shot(a, w, h);
    }
    if (a->rec_closing && rec_done(a->rec_closing))
        finish(a, &a->rec_closing, a->closing_path, a->closing_frames);
    if (!a->rec)
        return;
    if (w != a->rec_w || h != a->rec_h) { /* a GIF has one size: a resize ends it */
        app_message(a, "the window changed size: recording stopped");
        app_record_toggle(a, 0);
        return;
    }
    if (a->rec_tick++ % a->rec_every == 0) {
        int was = a->figure, rc;
        a->figure = was ? was : 2; /* the figure style, then the window's picture again */
        app_draw(a);
        rc = app_read_pixels(a, a->rec_px, w, h);
        a->figure = was;
        app_draw(a);
        if (rc == 0 && rec_frame(a->rec, a->rec_px, 0) == 0)
            a->rec_frames++;
        else
            app_record_toggle(a, 0); /* a failed recorder: rec_end says why */
    }
    char badge[64];
    long secs = a->rec_frames / a->rec_fps;
    snprintf(badge, sizeof badge, "REC  %ld:%02ld", secs / 60, secs % 60);
    ren_badge(a->ren, &a->view, badge, 0, a->light);
}

void app_capture_end(App *a)
{
    if (a->rec)
        app_record_toggle(a, 0);
    if (a->rec_closing)
        finish(a, &a->rec_closing, a->closing_path, a->closing_frames);
    free(a->rec_px);
    a->rec_px = NULL;
}

int app_read_changed(App *a, unsigned char *buf, int w, int h)
{
    if (w != a->view.w || h != a->view.h)
        return -1;
    int rc[4] = {0, 0, w, h}; /* x0, y0, x1, y1 from the top */
    ren_changed(a->ren, rc);
    int gy = h - rc[3]; /* GL's rows go up */
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glPixelStorei(GL_PACK_ROW_LENGTH, w);
    glReadPixels(rc[0], gy, rc[2] - rc[0], rc[3] - rc[1], GL_RGBA, GL_UNSIGNED_BYTE,
                 buf + ((size_t)gy * (size_t)w + (size_t)rc[0]) * 4);
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    return 0;
}
