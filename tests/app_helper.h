/* app_helper.h — what the headless window tests share: a hidden window without vsync, keys
 * and the mouse as events. A test that is not about pacing opens its scenes running at once
 * (open_app: AppConfig.autoplay); one that is opens them as a lecture does, paused at step 0
 * (open_lesson), or gives its own AppConfig (open_cfg). */
#ifndef OPTIPLAY_TEST_APP_HELPER_H
#define OPTIPLAY_TEST_APP_HELPER_H

#include <epoxy/gl.h>
#include <stdio.h>

#include "app.h"

/* A hidden window without vsync, the rest of cfg as given; NULL with the reason on stderr. */
static inline App *open_cfg(AppConfig cfg)
{
    cfg.hidden = 1;
    cfg.no_vsync = 1;
    Err err = {0};
    App *a = app_create(&cfg, &err);
    if (!a)
        fprintf(stderr, "app_create: %s\n", err.msg);
    return a;
}

/* n scenes (NULL: the default one) in a w × h window, every scene running at once. */
static inline App *open_app(const Scene *scenes, int n, int w, int h)
{
    return open_cfg((AppConfig){.width = w, .height = h, .scenes = scenes, .nscenes = n,
                                .autoplay = 1});
}

/* The same, each scene opening paused at step 0 as in a lecture. */
static inline App *open_lesson(const Scene *scenes, int n, int w, int h)
{
    return open_cfg((AppConfig){.width = w, .height = h, .scenes = scenes, .nscenes = n});
}

/* Draws the current state with the field computed (the worker's grid waited for), then reads
 * it back into px (view.w × view.h × 4 bytes, top row first): 0, or -1 (the size, or a GL
 * error). */
static inline int draw_read(App *a, unsigned char *px)
{
    app_draw(a);
    ren_wait(a->ren);
    app_draw(a);
    if (app_read_pixels(a, px, a->view.w, a->view.h) < 0)
        return -1;
    return glGetError() == GL_NO_ERROR ? 0 : -1;
}

static inline void press(App *a, SDL_Keycode sym, Uint16 mod)
{
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = sym;
    e.key.keysym.mod = mod;
    app_handle_event(a, &e);
}

/* The left button: down, up, or a motion (xrel, yrel) with it held. */
static inline void mouse(App *a, Uint32 type, int x, int y, int xrel, int yrel)
{
    SDL_Event e = {.type = type};
    if (type == SDL_MOUSEMOTION) {
        e.motion.x = x;
        e.motion.y = y;
        e.motion.xrel = xrel;
        e.motion.yrel = yrel;
        e.motion.state = SDL_BUTTON_LMASK;
    } else {
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = x;
        e.button.y = y;
    }
    app_handle_event(a, &e);
}

#endif
