/* app.c — the window's life: SDL and GL set-up, the playlist, one frame (step, then draw). The
 * input side is in keymap.c. */
#if defined(__linux__)
#define _GNU_SOURCE /* dl_iterate_phdr, for pin_gl_driver */
#include <dlfcn.h>
#include <link.h>
#endif

#include "app.h"
#include "record.h"
#include "savestate.h"

#include <epoxy/gl.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
static int pin_one(struct dl_phdr_info *info, size_t size, void *ctx)
{
    (void)size;
    (void)ctx;
    const char *name = info->dlpi_name;
    if (name && *name) /* every library loaded now: Mesa's driver and what it pulled in */
        dlopen(name, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE); /* the handle is kept on purpose */
    return 0;
}
#endif

/* Keeps Mesa's GL driver (and every library loaded with it), once loaded, until the process ends. SDL unloads the GL library with
 * the last window, and Mesa's driver leaks a few bytes each time it is unloaded, which a leak
 * checker then reports against a module that is gone (so no suppression can name it); a test
 * or a recording that opens several windows also skips reloading it. RTLD_NOLOAD: nothing new
 * is loaded. */
static void pin_gl_driver(void)
{
#if defined(__linux__)
    dl_iterate_phdr(pin_one, NULL);
#endif
}

/* The largest drawable side the GL driver draws: a viewport, a texture or a renderbuffer that
 * large (the renderer's offscreen targets are the drawable's size). */
static int gl_max_px(void)
{
    GLint vp[2] = {0, 0}, tex = 0, rb = 0;
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, vp);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &tex);
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &rb);
    int m = vp[0] < vp[1] ? vp[0] : vp[1];
    m = tex < m ? tex : m;
    m = rb < m ? rb : m;
    return m >= 64 ? m : APP_MAX_SIZE; /* a driver that says nothing: the usual limit */
}

static void drawable_size(App *a, int *w, int *h)
{
    SDL_GL_GetDrawableSize(a->win, w, h);
    int ww, wh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    a->mouse_scale = ww > 0 ? (float)*w / (float)ww : 1;
    /* a window larger than the driver draws (Mesa crashed at 32767 × 32767): drawn at the
     * limit, the window brought back to it, said once */
    int lim = a->gl_max_px, capped = *w > lim || *h > lim;
    if (capped && !a->size_capped) {
        app_message(a, "window %d\xc3\x97%d is beyond the GL driver's limit of %d pixels: "
                    "drawn at %d\xc3\x97%d", *w, *h, lim, *w < lim ? *w : lim, *h < lim ? *h : lim);
        fprintf(stderr, "optiplay: %s\n", a->msgs.msg[0]);
        float s = a->mouse_scale > 0 ? a->mouse_scale : 1;
        SDL_SetWindowSize(a->win, *w > lim ? (int)((float)lim / s) : ww,
                          *h > lim ? (int)((float)lim / s) : wh);
    }
    a->size_capped = capped;
    *w = *w < lim ? *w : lim;
    *h = *h < lim ? *h : lim;
}

void app_fit_view(App *a)
{
    int w, h;
    drawable_size(a, &w, &h);
    const Scene *sc = lesson_scene(&a->lesson);
    fit_frame(&a->fit, &a->view, &a->play, sc->has_view && a->scene_surface ? &sc->view : NULL, w,
              h);
}

/* After a frame is drawn: the view fitted to the panels (fit.h). Returns whether it changed
 * (the frame is drawn again). */
static int fit_to_panels(App *a)
{
    if (a->figure == 2 || a->fit.touched || a->cam3d.on || a->help || a->picker || a->edit.what)
        return 0; /* (2: a recording's extra draw keeps the window's view) */
    float box[16][4];
    int n = ren_panels(a->ren, box, 16);
    return fit_panels(&a->fit, &a->view, box, n);
}

App *app_create(const AppConfig *cfg, Err *err)
{
    App *a = calloc(1, sizeof *a);
    if (!a) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    int n = cfg->scenes && cfg->nscenes > 0 ? cfg->nscenes : 1;
    a->lesson.scenes = calloc((size_t)n, sizeof *a->lesson.scenes);
    if (!a->lesson.scenes) {
        err_set(err, 0, "out of memory");
        goto fail;
    }
    if (cfg->scenes && cfg->nscenes > 0)
        memcpy(a->lesson.scenes, cfg->scenes, sizeof *a->lesson.scenes * (size_t)n);
    else
        scene_default(&a->lesson.scenes[0]);
    a->lesson.nscenes = n;
    a->lesson.cur = -1;
    a->show = REN_DEFAULT;
    a->light = cfg->light;
    a->lecture = cfg->lecture;
    a->msgs.frame_ms = cfg->frame_ms;
    a->lesson.autoplay = cfg->autoplay;
    if (cfg->record_dir)
        snprintf(a->cap.record_dir, sizeof a->cap.record_dir, "%s", cfg->record_dir);
    a->wait_field = cfg->wait_field || cfg->frame_ms > 0;
    a->text_zoom = 1;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
        err_set(err, 0, "no video: %s", SDL_GetError());
        goto fail;
    }
    a->video = 1;
#ifdef __EMSCRIPTEN__ /* WebGL 2; without an alpha channel the 3-D view is black */
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_ALPHA_SIZE, 8);
#else
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
#endif
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (cfg->hidden)
        flags |= SDL_WINDOW_HIDDEN;
    if (cfg->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    a->fullscreen = cfg->fullscreen;
    int cw = cfg->width > 0 ? cfg->width : 1280, ch = cfg->height > 0 ? cfg->height : 720;
    a->win = SDL_CreateWindow("optiplay", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              cw < APP_MAX_SIZE ? cw : APP_MAX_SIZE,
                              ch < APP_MAX_SIZE ? ch : APP_MAX_SIZE, flags);
    if (!a->win) {
        err_set(err, 0, "cannot open a window: %s", SDL_GetError());
        goto fail;
    }
    a->gl = SDL_GL_CreateContext(a->win);
    if (!a->gl) {
        err_set(err, 0, "no OpenGL 3.3 core context: %s", SDL_GetError());
        goto fail;
    }
    SDL_GL_MakeCurrent(a->win, a->gl);
    pin_gl_driver();
    SDL_GL_SetSwapInterval(cfg->no_vsync ? 0 : 1);
#ifndef __EMSCRIPTEN__
    if (epoxy_gl_version() < 33) {
        err_set(err, 0, "OpenGL 3.3 is needed, this system has %d.%d", epoxy_gl_version() / 10,
                epoxy_gl_version() % 10);
        goto fail;
    }
#endif
    a->gl_max_px = gl_max_px();
    SDL_SetWindowMaximumSize(a->win, a->gl_max_px, a->gl_max_px); /* what a window manager offers */
    /* body text no smaller than 12 px at 96 DPI: more pixels on a denser display (the DPI is
     * the physical one, so this holds with and without HiDPI scaling of the drawable) */
    float ddpi = 0;
    a->min_text_px = 12;
    if (SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(a->win), &ddpi, NULL, NULL) == 0 &&
        ddpi > 96 && ddpi < 600)
        a->min_text_px = 12 * ddpi / 96;
    a->ren = ren_create(err);
    if (!a->ren)
        goto fail;
    if (app_open_scene(a, 0) < 0) {
        snprintf(err->msg, sizeof err->msg, "%s", a->msgs.msg[0]);
        goto fail;
    }
    a->msgs.msg[0][0] = 0;
    return a;
fail:
    app_destroy(&a);
    return NULL;
}

void app_destroy(App **pa)
{
    App *a = *pa;
    if (!a)
        return;
    capture_end(&a->cap, &a->msgs); /* a recording still running is finished, not lost */
    if (a->ren) {
        ren_detach(a->ren);
        ren_destroy(&a->ren);
    }
    inst_deinit(&a->inst);
    if (a->lesson.cur >= 0) {
        race_deinit(&a->play.race);
        surface_deinit(&a->play.surface);
    }
    if (a->gl)
        SDL_GL_DeleteContext(a->gl);
    if (a->win)
        SDL_DestroyWindow(a->win);
    if (a->video)
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(a->lesson.scenes);
    free(a);
    *pa = NULL;
}

void app_message(App *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    msgs_vsay(&a->msgs, fmt, ap);
    va_end(ap);
}

/* The title, the caption and the OS window's title after the surface changed (S, E). */
static void retitle(App *a)
{
    const Scene *sc = lesson_scene(&a->lesson);
    char title[300];
    if (a->scene_surface) {
        snprintf(title, sizeof title, "optiplay \xe2\x80\x94 %.120s", sc->title[0] ? sc->title : sc->surface);
    } else {
        /* the scene's title would name the old surface: the new one, and where it came from */
        a->shown = *sc;
        snprintf(a->shown.title, sizeof a->shown.title, "%.120s", a->play.surface.name);
        snprintf(a->shown.caption, sizeof a->shown.caption,
                 "The racers of \xe2\x80\x9c%.120s\xe2\x80\x9d on a new surface (S, E); F5 "
                 "starts the scenes again.", sc->title[0] ? sc->title : sc->surface);
        snprintf(title, sizeof title, "optiplay \xe2\x80\x94 %.120s (in %.120s)", a->play.surface.name,
                 sc->title[0] ? sc->title : sc->surface);
    }
    SDL_SetWindowTitle(a->win, title);
}

int app_open_scene(App *a, int i)
{
    const Scene *sc = &a->lesson.scenes[i];
    Surface s;
    Race r;
    Err err = {0};
    if (scene_build(sc, &s, &r, &err) < 0) {
        app_message(a, "%s: %s", sc->path[0] ? sc->path : "scene", err.msg);
        return -1;
    }
    inst_reset(&a->inst); /* the maps borrow the surface; the ghost was of another race */
    if (a->lesson.cur >= 0) {
        ren_detach(a->ren);
        race_deinit(&a->play.race);
        surface_deinit(&a->play.surface);
    }
    /* the surface moves into the app; the race borrows it from there */
    a->play.surface = s;
    a->play.race = r;
    a->play.race.surface = &a->play.surface;
    a->lesson.cur = i;
    a->play.selected = a->play.race.n > 0 ? 0 : -1;
    for (int k = 0; k < a->play.race.n; k++)
        if (!strcmp(a->play.race.racer[k].opt.kind->name, "Adam")) {
            a->play.selected = k; /* the rule most people came to see */
            break;
        }
    if (sc->select > 0 && sc->select <= a->play.race.n)
        a->play.selected = sc->select - 1;
    a->play.speed = sc->speed > 0 ? sc->speed : 1;
    a->play.acc = 0;
    a->play.seen_events = 0;
    a->play.timeline_end = 0;
    a->play.steps = sc->steps;
    /* the views the scene asks for (the SCENE_* bits below the basin are the REN_* ones) */
    _Static_assert((int)SCENE_TRAILS == (int)REN_TRAILS &&
                   (int)SCENE_CONTOURS == (int)REN_CONTOURS &&
                   (int)SCENE_ARROWS == (int)REN_ARROWS && (int)SCENE_FIELD == (int)REN_GRADFIELD &&
                   (int)SCENE_PLOT == (int)REN_PLOT && (int)SCENE_RULE == (int)REN_RULE &&
                   (int)SCENE_HUD == (int)REN_HUD, "scene views are the renderer's toggles");
    unsigned views = SCENE_BASIN - 1;
    a->show = (a->show | (sc->show & views)) & ~(sc->hide & views);
    int basin = (sc->show & SCENE_BASIN) && !(sc->hide & SCENE_BASIN);
    if (basin != (a->inst.basin_on != 0))
        inst_basin_toggle(&a->inst, &a->play, &a->msgs);
    int hpmap = (sc->show & SCENE_HPMAP) && !(sc->hide & SCENE_HPMAP);
    if (hpmap != (a->inst.hpmap_on != 0))
        inst_hpmap_toggle(&a->inst, &a->play, &a->msgs);
    a->cam3d.on = (sc->show & SCENE_3D) && !(sc->hide & SCENE_3D);
    if (sc->has_camera) {
        a->cam3d.yaw = sc->camera[0], a->cam3d.pitch = sc->camera[1], a->cam3d.dist = sc->camera[2];
    } else if (a->cam3d.on && a->cam3d.dist <= 0) { /* the renderer's default, so a drag orbits it */
        View3dCam cam = ren_camera3d(&(RenFrame){0});
        a->cam3d.yaw = cam.yaw, a->cam3d.pitch = cam.pitch, a->cam3d.dist = cam.dist;
    }
    a->cam3d.height_linear = sc->height_linear;
    a->scene_surface = 1;
    app_fit_view(a);
    retitle(a);
    if (a->lesson.nscenes > 1)
        app_message(a, "scene %d of %d: %s", i + 1, a->lesson.nscenes,
                    sc->title[0] ? sc->title : sc->path);
    lesson_open(&a->lesson, &a->play);
    return 0;
}

/* The race's events (finished: converged or stalled; diverged) as messages. */
static void tell_events(App *a)
{
    const Race *r = &a->play.race;
    if (r->nevents - a->play.seen_events > RACE_EVENTS)
        a->play.seen_events = r->nevents - RACE_EVENTS;
    for (; a->play.seen_events < r->nevents; a->play.seen_events++) {
        const RaceEvent *e = race_event(r, a->play.seen_events);
        if (!e || e->racer >= r->n)
            continue;
        const Racer *rc = &r->racer[e->racer];
        char name[128];
        ren_racer_name(r, e->racer, name, sizeof name);
        if (e->status == RACER_DIVERGED)
            app_message(a, "%s diverged at step %ld", name, e->step);
        else if (e->status == RACER_CONVERGED && rc->rank == 0)
            app_message(a, "%s stalled at step %ld", name, e->step);
        else if (e->status == RACER_CONVERGED)
            app_message(a, "%s converged at step %ld", name, e->step);
    }
}

static void speed_text(double s, char *buf, size_t n)
{
    if (s >= 1)
        snprintf(buf, n, "%g step%s/frame", s, s == 1 ? "" : "s");
    else
        snprintf(buf, n, "1 step every %g frames", 1 / s);
}

void app_draw(App *a)
{
    int w, h;
    drawable_size(a, &w, &h);
    if (w != a->view.w || h != a->view.h) {
        a->view.w = w;
        a->view.h = h;
        if (!a->fit.touched)
            a->fit.pending = 1;
    }
    if (a->black) { /* . or B: nothing but black until a key */
        glViewport(0, 0, w, h);
        glClearColor(0, 0, 0, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        ren_forget(a->ren);
        return;
    }
    char sp[64];
    speed_text(a->play.speed, sp, sizeof sp);
    snprintf(a->status, sizeof a->status, "step %ld  \xc2\xb7  %s  \xc2\xb7  %s  \xc2\xb7  H help",
             a->play.race.step, sp,
             lesson_state(&a->lesson, &a->play)[0] ? lesson_state(&a->lesson, &a->play) : a->play.paused ? "paused" : "running");
    RenFrame f = {
        .race = &a->play.race,
        .scene = a->scene_surface ? lesson_scene(&a->lesson) : &a->shown,
        .view = &a->view,
        .show = a->show,
        .light = a->light,
        .selected = a->play.selected,
        .status = a->status,
        .fig = {.on = a->figure != 0, .title = a->fig_title},
        .moving = (a->zooming || (a->drag && a->dragged)) && !a->cam3d.on,
        .caption = lesson_caption(&a->lesson),
    };
    float base = fmaxf(a->min_text_px, (float)h / 50.0f);
    f.text_px = base * (a->lecture ? 1.6f : 1.0f) * a->text_zoom;
    /* the help keeps the lecture size (the room reads it too) where every key fits; else the
     * renderer takes its small text, then smaller still */
    for (int i = 0; i < REN_MSGS; i++) {
        float alpha = msgs_alpha(&a->msgs, i);
        if (alpha < 0)
            continue;
        f.msgs.text[i] = a->msgs.msg[i];
        f.msgs.alpha[i] = alpha;
    }
    if (a->help) {
        f.help.rows = app_help_rows;
        f.help.n = app_help_count;
    }
    if (a->picker) {
        f.picker.items = app_presets;
        f.picker.n = app_preset_count;
        f.picker.sel = a->picker_sel;
    }
    inst_update(&a->inst, &a->play, &a->view, &a->msgs, a->wait_field);
    inst_fill(&a->inst, &a->play, &f);
    edit_fill(&a->edit, &f);
    anat_fill(&a->anat, &a->play, &f, a->figure);
    f.cam3d = a->cam3d;
    ren_draw(a->ren, &f);
    if (fit_to_panels(a)) { /* the view moved: the instruments follow it, then the frame */
        inst_update(&a->inst, &a->play, &a->view, &a->msgs, a->wait_field);
        inst_fill(&a->inst, &a->play, &f);
        ren_draw(a->ren, &f);
    }
    if (a->wait_field && ren_pending(a->ren)) {
        ren_wait(a->ren);
        ren_draw(a->ren, &f);
    }
}

int app_idle(App *a)
{
    if (!a->play.paused || a->drag || a->zooming || ren_pending(a->ren))
        return 0;
    for (int i = 0; i < REN_MSGS; i++)
        if (msgs_alpha(&a->msgs, i) >= 0)
            return 0;
    return 1;
}

void app_tick(App *a, double ms)
{
    if (a->zooms != a->zooms_seen) {
        a->zooms_seen = a->zooms;
        a->zoom_ms = ms;
    }
    a->zooming = a->zooms && ms - a->zoom_ms < ZOOM_REST_MS;
}

static void capture(App *a);

void app_frame(App *a)
{
    a->msgs.frames++;
    if (!a->play.paused) {
        a->play.acc += a->play.speed;
        int k = (int)a->play.acc;
        a->play.acc -= k;
        k = lesson_steps(&a->lesson, &a->play, k);
        if (k > 0)
            race_step(&a->play.race, k);
        lesson_after(&a->lesson, &a->play, &a->msgs);
    }
    tell_events(a);
    app_draw(a);
    capture(a);
}

void app_present(App *a)
{
    SDL_GL_SwapWindow(a->win);
}

/* Reads columns x0..x1 of rows y0..y1 (from the top; rc) of the frame into rgba, a w × h × 4
 * frame top row first, at their places. GL's rows go up: Mesa turns them as it copies
 * (GL_MESA_pack_invert), else they are swapped after, through a buffer (a byte loop here
 * cost 6 % of a recording). */
static void read_rect(unsigned char *rgba, int w, int h, const int rc[4])
{
    const int rw = rc[2] - rc[0], rh = rc[3] - rc[1];
    if (rw <= 0 || rh <= 0)
        return;
    const size_t stride = (size_t)w * 4, n = (size_t)rw * 4;
    unsigned char *top = rgba + (size_t)rc[1] * stride + (size_t)rc[0] * 4;
    static int invert = -1; /* the same driver for every window of the process */
#ifdef __EMSCRIPTEN__
    invert = 0;
#else
    if (invert < 0)
        invert = epoxy_has_gl_extension("GL_MESA_pack_invert");
    if (invert)
        glPixelStorei(GL_PACK_INVERT_MESA, GL_TRUE);
#endif
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glPixelStorei(GL_PACK_ROW_LENGTH, w);
    glReadPixels(rc[0], h - rc[3], rw, rh, GL_RGBA, GL_UNSIGNED_BYTE, top);
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    if (invert) {
#ifndef __EMSCRIPTEN__
        glPixelStorei(GL_PACK_INVERT_MESA, GL_FALSE);
#endif
        return;
    }
    unsigned char t[4096];
    for (int y = 0; y < rh / 2; y++) {
        unsigned char *p = top + (size_t)y * stride, *q = top + (size_t)(rh - 1 - y) * stride;
        for (size_t i = 0; i < n; i += sizeof t) {
            size_t k = n - i < sizeof t ? n - i : sizeof t;
            memcpy(t, p + i, k);
            memcpy(p + i, q + i, k);
            memcpy(q + i, t, k);
        }
    }
}

int app_read_pixels(App *a, unsigned char *rgba, int w, int h)
{
    if (w != a->view.w || h != a->view.h)
        return -1;
    read_rect(rgba, w, h, (const int[4]){0, 0, w, h});
    return 0;
}

int app_read_changed(App *a, unsigned char *rgba, int w, int h, int rect[4])
{
    if (w != a->view.w || h != a->view.h)
        return -1;
    rect[0] = rect[1] = 0, rect[2] = w, rect[3] = h;
    ren_changed(a->ren, rect);
    read_rect(rgba, w, h, rect);
    return 0;
}

/* ---- the parts' hosts: what only the window does for them ----------------------------- */

static int read_frame(void *ctx, unsigned char *rgba, int w, int h)
{
    return app_read_pixels(ctx, rgba, w, h);
}

/* A recorded frame: the figure style, read back, then the window's picture again. */
static int read_figure(void *ctx, unsigned char *rgba, int w, int h)
{
    App *a = ctx;
    int was = a->figure;
    a->figure = was ? was : 2; /* (2: the extra draw keeps the window's view) */
    app_draw(a);
    int rc = app_read_pixels(a, rgba, w, h);
    a->figure = was;
    app_draw(a);
    return rc;
}

/* After a frame is drawn: P's screenshot, G's frame, and the REC mark over the window. */
static void capture(App *a)
{
    int w, h;
    char badge[64];
    SDL_GL_GetDrawableSize(a->win, &w, &h);
    if (capture_frame(&a->cap, &a->msgs, lesson_scene(&a->lesson)->record_dir, w, h,
                      &(CaptureHost){a, read_frame, read_figure}, badge, sizeof badge))
        ren_badge(a->ren, &a->view, badge, 0, a->light);
}

void app_record_toggle(App *a, int video)
{
    int w, h, hz = 60;
    SDL_DisplayMode mode;
    SDL_GL_GetDrawableSize(a->win, &w, &h);
    if (SDL_GetWindowDisplayMode(a->win, &mode) == 0 && mode.refresh_rate > 0)
        hz = mode.refresh_rate;
    uint32_t colors[REC_MAX_COLORS]; /* the colours that must stay exact: the racers' */
    int n = 0;
    for (int i = 0; i < a->play.race.n && n < REC_MAX_COLORS; i++)
        colors[n++] = ren_racer_rgb(a->ren, a->light, &a->play.race, i);
    capture_toggle(&a->cap, &a->msgs, lesson_scene(&a->lesson)->record_dir, w, h, hz, colors, n,
                   video);
}

int app_save_image(App *a, const char *path, int w, int h, Err *err)
{
    if (capture_image_name(path, err) < 0)
        return -1;
    unsigned char *px = malloc((size_t)w * (size_t)h * 4);
    if (!px) {
        err_set(err, 0, "cannot save '%.300s': out of memory for %dx%d pixels", path, w, h);
        err->errnum = ENOMEM;
        return -1;
    }
    int rc = -1;
    if (app_read_pixels(a, px, w, h) < 0)
        err_set(err, 0, "cannot save '%.300s': the drawable is not %dx%d", path, w, h);
    else
        rc = capture_save_image(path, px, w, h, err);
    free(px);
    return rc;
}

void app_set_surface(App *a, Surface *s)
{
    inst_reset(&a->inst); /* the maps borrow the surface; the ghost was on the old one */
    ren_detach(a->ren);
    play_set_surface(&a->play, s);
    a->scene_surface = 0;
    retitle(a);
    app_fit_view(a);
}

int app_live_scene(const App *a, Scene *sc)
{
    *sc = *lesson_scene(&a->lesson);
    if (!a->scene_surface) {
        snprintf(sc->title, sizeof sc->title, "%s", a->shown.title);
        snprintf(sc->caption, sizeof sc->caption, "%s", a->shown.caption);
    }
    unsigned on = (a->show & (SCENE_BASIN - 1)) | (a->inst.basin_on ? SCENE_BASIN : 0) |
                  (a->inst.hpmap_on ? SCENE_HPMAP : 0) | (a->cam3d.on ? SCENE_3D : 0);
    return savestate_scene(sc, &a->play, view_rect(&a->view), on);
}

int app_save_state(App *a, char *path, size_t n)
{
    static Scene sc;
    const Scene *cur = lesson_scene(&a->lesson);
    capture_path(&a->cap, cur->record_dir, "ini", path, n);
    return savestate_save(path, app_live_scene(a, &sc) < 0 ? NULL : &sc, &a->play,
                          cur->path[0] ? cur->path : "the default scene", &a->msgs);
}

static int host_open(void *ctx, int i)
{
    return app_open_scene(ctx, i);
}

/* A beat's views, as app_open_scene applies a scene's. */
static void host_views(void *ctx, unsigned show, unsigned hide)
{
    App *a = ctx;
    unsigned low = SCENE_BASIN - 1;
    a->show = (a->show | (show & low)) & ~(hide & low);
    if ((show & SCENE_BASIN) && !a->inst.basin_on)
        inst_basin_toggle(&a->inst, &a->play, &a->msgs);
    if ((hide & SCENE_BASIN) && a->inst.basin_on)
        inst_basin_toggle(&a->inst, &a->play, &a->msgs);
    if ((show & SCENE_HPMAP) && !a->inst.hpmap_on)
        inst_hpmap_toggle(&a->inst, &a->play, &a->msgs);
    if ((hide & SCENE_HPMAP) && a->inst.hpmap_on)
        inst_hpmap_toggle(&a->inst, &a->play, &a->msgs);
    if (show & SCENE_3D)
        a->cam3d.on = 1;
    if (hide & SCENE_3D)
        a->cam3d.on = 0;
}

LessonHost app_lesson_host(App *a)
{
    return (LessonHost){.ctx = a, .open = host_open, .views = host_views};
}
