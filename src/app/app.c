/* app.c — the window's life: SDL and GL set-up, the playlist, one frame (step, then draw). The
 * input side is in keymap.c. */
#if defined(__linux__)
#define _GNU_SOURCE /* dl_iterate_phdr, for pin_gl_driver */
#include <dlfcn.h>
#include <link.h>
#endif

#include "app.h"

#include <epoxy/gl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MSG_HOLD_MS = 2200, MSG_FADE_MS = 700 };

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

static void drawable_size(App *a, int *w, int *h)
{
    SDL_GL_GetDrawableSize(a->win, w, h);
    int ww, wh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    a->mouse_scale = ww > 0 ? (float)*w / (float)ww : 1;
}

static void fit_view(App *a)
{
    const Scene *sc = &a->scenes[a->cur];
    int w, h;
    drawable_size(a, &w, &h);
    view_fit(&a->view, sc->has_view ? &sc->view : &a->surface.view, w, h, 0.04);
    a->view_touched = 0;
}

App *app_create(const AppConfig *cfg, Err *err)
{
    App *a = calloc(1, sizeof *a);
    if (!a) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    int n = cfg->scenes && cfg->nscenes > 0 ? cfg->nscenes : 1;
    a->scenes = calloc((size_t)n, sizeof *a->scenes);
    if (!a->scenes) {
        err_set(err, 0, "out of memory");
        goto fail;
    }
    if (cfg->scenes && cfg->nscenes > 0)
        memcpy(a->scenes, cfg->scenes, sizeof *a->scenes * (size_t)n);
    else
        scene_default(&a->scenes[0]);
    a->nscenes = n;
    a->cur = -1;
    a->show = REN_DEFAULT;
    a->light = cfg->light;
    a->lecture = cfg->lecture;
    a->frame_ms = cfg->frame_ms;
    if (cfg->record_dir)
        snprintf(a->record_dir, sizeof a->record_dir, "%s", cfg->record_dir);
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
    a->win = SDL_CreateWindow("optiplay", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              cfg->width > 0 ? cfg->width : 1280,
                              cfg->height > 0 ? cfg->height : 720, flags);
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
        snprintf(err->msg, sizeof err->msg, "%s", a->msg[0]);
        goto fail;
    }
    a->msg[0][0] = 0;
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
    app_capture_end(a); /* a recording still running is finished, not lost */
    if (a->ren) {
        ren_detach(a->ren);
        ren_destroy(&a->ren);
    }
    app_instruments_deinit(a);
    if (a->cur >= 0) {
        race_deinit(&a->race);
        surface_deinit(&a->surface);
    }
    if (a->gl)
        SDL_GL_DeleteContext(a->gl);
    if (a->win)
        SDL_DestroyWindow(a->win);
    if (a->video)
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(a->scenes);
    free(a);
    *pa = NULL;
}

/* Milliseconds for message fades: real time, or frames × frame_ms when recording. */
static Uint32 clock_ms(const App *a)
{
    return a->frame_ms > 0 ? (Uint32)((double)a->frames * a->frame_ms) : SDL_GetTicks();
}

void app_message(App *a, const char *fmt, ...)
{
    memmove(a->msg[1], a->msg[0], sizeof a->msg[0] * (REN_MSGS - 1));
    memmove(a->msg_t + 1, a->msg_t, sizeof a->msg_t[0] * (REN_MSGS - 1));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg[0], APP_MSG, fmt, ap);
    va_end(ap);
    a->msg_t[0] = clock_ms(a);
}

int app_open_scene(App *a, int i)
{
    const Scene *sc = &a->scenes[i];
    Surface s;
    Race r;
    Err err = {0};
    if (scene_build(sc, &s, &r, &err) < 0) {
        app_message(a, "%s: %s", sc->path[0] ? sc->path : "scene", err.msg);
        return -1;
    }
    if (a->cur >= 0) {
        app_instruments_deinit(a); /* the basin map borrows the surface */
        a->basin_key[0] = 0;
        ren_detach(a->ren);
        race_deinit(&a->race);
        surface_deinit(&a->surface);
    }
    /* the surface moves into the app; the race borrows it from there */
    a->surface = s;
    a->race = r;
    a->race.surface = &a->surface;
    a->cur = i;
    a->selected = a->race.n > 0 ? 0 : -1;
    for (int k = 0; k < a->race.n; k++)
        if (!strcmp(a->race.racer[k].opt.kind->name, "Adam")) {
            a->selected = k; /* the rule most people came to see */
            break;
        }
    a->speed = sc->speed > 0 ? sc->speed : 1;
    a->acc = 0;
    a->seen_events = 0;
    a->timeline_end = 0;
    a->nghost = 0;
    a->ghost_version++;
    /* the views the scene asks for (the SCENE_* bits below the basin are the REN_* ones) */
    _Static_assert((int)SCENE_TRAILS == (int)REN_TRAILS &&
                   (int)SCENE_CONTOURS == (int)REN_CONTOURS &&
                   (int)SCENE_ARROWS == (int)REN_ARROWS && (int)SCENE_FIELD == (int)REN_GRADFIELD &&
                   (int)SCENE_PLOT == (int)REN_PLOT && (int)SCENE_RULE == (int)REN_RULE &&
                   (int)SCENE_HUD == (int)REN_HUD, "scene views are the renderer's toggles");
    unsigned views = SCENE_BASIN - 1;
    a->show = (a->show | (sc->show & views)) & ~(sc->hide & views);
    int basin = (sc->show & SCENE_BASIN) && !(sc->hide & SCENE_BASIN);
    if (basin != (a->basin_on != 0))
        app_basin_toggle(a);
    int hpmap = (sc->show & SCENE_HPMAP) && !(sc->hide & SCENE_HPMAP);
    if (hpmap != (a->hpmap_on != 0))
        app_hpmap_toggle(a);
    a->view3d = (sc->show & SCENE_3D) && !(sc->hide & SCENE_3D);
    fit_view(a);
    char title[200];
    snprintf(title, sizeof title, "optiplay \xe2\x80\x94 %.120s", sc->title[0] ? sc->title : sc->surface);
    SDL_SetWindowTitle(a->win, title);
    if (a->nscenes > 1)
        app_message(a, "scene %d of %d: %s", i + 1, a->nscenes,
                    sc->title[0] ? sc->title : sc->path);
    return 0;
}

/* The race's events (converged, diverged, left the minimum) as messages. */
static void tell_events(App *a)
{
    const Race *r = &a->race;
    if (r->nevents - a->seen_events > RACE_EVENTS)
        a->seen_events = r->nevents - RACE_EVENTS;
    for (; a->seen_events < r->nevents; a->seen_events++) {
        const RaceEvent *e = race_event(r, a->seen_events);
        if (!e || e->racer >= r->n)
            continue;
        const Racer *rc = &r->racer[e->racer];
        const char *name = rc->opt.kind->name;
        if (e->status == RACER_DIVERGED)
            app_message(a, "%s diverged at step %ld", name, e->step);
        else if (e->status == RACER_CONVERGED)
            app_message(a, "%s converged at step %ld", name, e->step);
        else
            app_message(a, "%s left the minimum at step %ld", name, e->step);
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
        if (a->view_touched) {
            a->view.w = w;
            a->view.h = h;
        } else {
            fit_view(a);
        }
    }
    char sp[64];
    speed_text(a->speed, sp, sizeof sp);
    snprintf(a->status, sizeof a->status, "step %ld  \xc2\xb7  %s  \xc2\xb7  %s  \xc2\xb7  H help",
             a->race.step, sp, a->paused ? "paused" : "running");
    RenFrame f = {
        .race = &a->race,
        .scene = &a->scenes[a->cur],
        .view = &a->view,
        .show = a->show,
        .light = a->light,
        .selected = a->selected,
        .status = a->status,
    };
    float base = fmaxf(a->min_text_px, (float)h / 50.0f);
    f.text_px = base * (a->lecture ? 1.6f : 1.0f) * a->text_zoom;
    if (a->help) /* every key must fit: the help keeps the plain size (it is for the presenter) */
        f.text_px = fminf(f.text_px, base);
    Uint32 now = clock_ms(a);
    for (int i = 0; i < REN_MSGS; i++) {
        Uint32 age = now - a->msg_t[i];
        if (!a->msg[i][0] || age > MSG_HOLD_MS + MSG_FADE_MS)
            continue;
        f.msg[i] = a->msg[i];
        f.msg_alpha[i] = age < MSG_HOLD_MS ? 1.0f : 1.0f - (float)(age - MSG_HOLD_MS) / MSG_FADE_MS;
    }
    if (a->help) {
        f.help = app_help_rows;
        f.nhelp = app_help_count;
    }
    if (a->picker) {
        f.picker = app_presets;
        f.npicker = app_preset_count;
        f.picker_sel = a->picker_sel;
    }
    app_instruments_fill(a, &f);
    f.view3d = a->view3d;
    f.yaw = a->yaw;
    f.pitch = a->pitch;
    f.dist = a->dist;
    ren_draw(a->ren, &f);
    if (a->wait_field && ren_pending(a->ren)) {
        ren_wait(a->ren);
        ren_draw(a->ren, &f);
    }
}

int app_idle(App *a)
{
    if (!a->paused || a->drag || ren_pending(a->ren))
        return 0;
    Uint32 now = clock_ms(a);
    for (int i = 0; i < REN_MSGS; i++)
        if (a->msg[i][0] && now - a->msg_t[i] <= MSG_HOLD_MS + MSG_FADE_MS)
            return 0;
    return 1;
}

void app_frame(App *a)
{
    a->frames++;
    if (!a->paused) {
        a->acc += a->speed;
        int k = (int)a->acc;
        a->acc -= k;
        if (k > 0)
            race_step(&a->race, k);
    }
    tell_events(a);
    app_draw(a);
    app_capture(a);
}

void app_present(App *a)
{
    SDL_GL_SwapWindow(a->win);
}

int app_read_pixels(App *a, unsigned char *rgba, int w, int h)
{
    if (w != a->view.w || h != a->view.h)
        return -1;
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    /* GL's rows go up; images go down */
    size_t stride = (size_t)w * 4;
    for (int y = 0; y < h / 2; y++) {
        unsigned char *p = rgba + (size_t)y * stride, *q = rgba + (size_t)(h - 1 - y) * stride;
        for (size_t i = 0; i < stride; i++) {
            unsigned char t = p[i];
            p[i] = q[i];
            q[i] = t;
        }
    }
    return 0;
}
