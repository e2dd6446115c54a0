/* app_helper.h — what the headless window tests share: a hidden window without vsync, keys
 * and the mouse as events. A test that is not about pacing opens its scenes running at once
 * (open_app: AppConfig.autoplay); one that is opens them as a lecture does, paused at step 0
 * (open_lesson), or gives its own AppConfig (open_cfg). */
#ifndef OPTIPLAY_TEST_APP_HELPER_H
#define OPTIPLAY_TEST_APP_HELPER_H

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
