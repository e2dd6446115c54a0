/* web.c — the window's loop on a web page (see web.h). The browser owns some of the window's
 * keys, so the page has its own: Alt+H for Ctrl+H (text and panels), Alt+= / Alt+− for
 * Ctrl+= / Ctrl+− (text size), Alt+Enter for F11 (full screen); and nothing quits (Esc and Q
 * say so: a tab is closed by the browser). A pinch zooms like the wheel. */
#include "web.h"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>

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
    if (a->view3d)
        a->dist = fminf(fmaxf(a->dist / (float)f, 0.6f), 20.0f);
    else
        view_zoom_at(&a->view, g->x * w, g->y * h, f);
    a->view_touched = 1;
}

/* The canvas fills the page: the window takes the canvas's CSS size. */
static void fit(App *a)
{
    double cw, ch;
    int w, h;
    if (emscripten_get_element_css_size("#canvas", &cw, &ch) != EMSCRIPTEN_RESULT_SUCCESS)
        return;
    SDL_GetWindowSize(a->win, &w, &h);
    if ((int)cw > 0 && (int)ch > 0 && ((int)cw != w || (int)ch != h))
        SDL_SetWindowSize(a->win, (int)cw, (int)ch);
}

static void frame(void *arg)
{
    App *a = arg;
    SDL_Event e;
    int got = 0;
    fit(a);
    while (SDL_PollEvent(&e)) {
        page_keys(&e);
        if (e.type == SDL_MULTIGESTURE)
            pinch(a, &e.mgesture);
        else
            app_handle_event(a, &e);
        got = 1;
    }
    if (a->quit) {
        a->quit = 0;
        app_message(a, "nothing to quit on a web page: the browser closes the tab");
    }
    if (got || !app_idle(a)) {
        app_frame(a);
        app_present(a);
    }
}

void web_run(App *a)
{
    /* G and P write into the page's memory; each finished file becomes a download */
    mkdir("/recordings", 0777);
    if (!a->record_dir[0])
        snprintf(a->record_dir, sizeof a->record_dir, "/recordings");
    app_message(a, "browser keys: Alt+H text and panels, Alt+= Alt+\xe2\x88\x92 text size, "
                   "Alt+Enter full screen");
    emscripten_set_main_loop_arg(frame, a, 0, 1);
}

void web_offer(const char *path)
{
    /* clang-format off */
    EM_ASM({
        var p = UTF8ToString($0), name = p.split('/').pop();
        var type = /\.gif$/.test(name) ? 'image/gif' : 'image/png';
        var url = URL.createObjectURL(new Blob([FS.readFile(p)], {type: type}));
        var link = document.createElement('a');
        link.href = url;
        link.download = name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        FS.unlink(p);
        setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
    }, path);
    /* clang-format on */
}
