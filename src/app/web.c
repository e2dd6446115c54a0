/* web.c — the window's loop on a web page (see web.h). The browser owns some of the window's
 * keys, so the page has its own: Alt+H for Ctrl+H (text and panels), Alt+= / Alt+− for
 * Ctrl+= / Ctrl+− (text size), Alt+Enter for F11 (full screen); and nothing quits (Esc and Q
 * say so: a tab is closed by the browser). A pinch zooms like the wheel. */
#include "web.h"

#include "app.h"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* tools/web/library.js */
void web_js_offer(const char *path);
void web_js_link(const char *text);
void web_js_first_frame(void);

/* The browser's keys, moved: returns the event the window understands. */
static void page_keys(SDL_Event *e)
{
    if (e->type != SDL_KEYDOWN || !(e->key.keysym.mod & KMOD_ALT))
        return;
    SDL_Keysym *k = &e->key.keysym;
    switch (k->sym) {
    case SDLK_h:
    case SDLK_EQUALS:
    case SDLK_PLUS:
    case SDLK_MINUS: k->mod = KMOD_LCTRL; break;
    case SDLK_RETURN: k->sym = SDLK_F11; k->mod = 0; break;
    default: break;
    }
}

static void pinch(App *a, const SDL_MultiGestureEvent *g)
{
    if (g->numFingers != 2 || g->dDist == 0)
        return;
    int w, h;
    SDL_GL_GetDrawableSize(a->win, &w, &h);
    double f = exp(4.0 * g->dDist); /* dDist: the change of the fingers' distance, in screens */
    if (a->cam3d.on)
        a->cam3d.dist = fminf(fmaxf(a->cam3d.dist / (float)f, 0.6f), 20.0f);
    else
        view_zoom_at(&a->view, g->x * w, g->y * h, f);
    a->zooms += !a->cam3d.on;
    a->fit.touched = 1;
}

/* The address bar holds a link to what is shown: the fragment is the live scene's text
 * (index.html opens such a link). Checked twice a second. */
static void link_state(App *a)
{
    static Scene sc;
    static char text[16384], shown[16384];
    static double next;
    double now = emscripten_get_now();
    if (now < next)
        return;
    next = now + 500;
    if (app_live_scene(a, &sc) < 0 || scene_format(&sc, text, sizeof text) < 0 ||
        !strcmp(text, shown))
        return;
    memcpy(shown, text, sizeof shown);
    web_js_link(text);
}

static void frame(void *arg)
{
    App *a = arg;
    SDL_Event e;
    int got = 0;
    while (SDL_PollEvent(&e)) {
        page_keys(&e);
        if (e.type == SDL_MULTIGESTURE)
            pinch(a, &e.mgesture);
        else
            app_handle_event(a, &e);
        got = 1;
    }
    app_tick(a, emscripten_get_now());
    if (a->quit) {
        a->quit = 0;
        app_message(a, "nothing to quit on a web page: the browser closes the tab");
    }
    if (got || !app_idle(a) || !a->msgs.frames) {
        app_frame(a);
        app_present(a);
        if (a->msgs.frames == 1) /* for the README's figure and the browser test */
            web_js_first_frame();
    }
    link_state(a);
}

static App *page_app; /* the page's one window, for web_racer */

/* For the browser test: where the core says racer i is, in the canvas's CSS pixels (what = 0:
 * x, 1: y), its colour (2: 0xRRGGBB), whether a panel covers it (3: 1 or 0); NaN when there
 * is no such racer. */
EMSCRIPTEN_KEEPALIVE double web_racer(int i, int what)
{
    App *a = page_app;
    if (!a || i < 0 || i >= a->play.race.n)
        return NAN;
    const Racer *r = &a->play.race.racer[i];
    float s = a->mouse_scale > 0 ? a->mouse_scale : 1;
    double sx = view_sx(&a->view, r->x[0]), sy = view_sy(&a->view, r->x[1]);
    switch (what) {
    case 0: return sx / s;
    case 1: return sy / s;
    case 2: return (double)ren_racer_rgb(a->ren, a->light, &a->play.race, i);
    default: return ren_hit(a->ren, (float)sx, (float)sy) != REN_HIT_NONE;
    }
}

void web_run(App *a)
{
    page_app = a;
    /* G and P write into the page's memory; each finished file becomes a download */
    mkdir("/recordings", 0777);
    if (!a->cap.record_dir[0])
        snprintf(a->cap.record_dir, sizeof a->cap.record_dir, "/recordings");
    app_message(a, "browser keys: Alt+H text and panels, Alt+= Alt+\xe2\x88\x92 text size, "
                   "Alt+Enter full screen");
    emscripten_set_main_loop_arg(frame, a, 0, 1);
}

void web_offer(const char *path)
{
    web_js_offer(path);
}
