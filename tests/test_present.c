/* test_present — the window in front of a room, headless (SDL's offscreen driver): the keys a
 * presenter clicker sends (Page Down / Up, F5, Shift+F5, Esc, `.`, B) are safe and do what a
 * presenter expects, quitting a playlist asks once. Returns 77 (skipped) without GL 3.3. */
#undef NDEBUG
#include <epoxy/gl.h>
#include <stdlib.h>

#include "app.h"
#include "check.h"

static App *open_app(const Scene *scenes, int n, int w, int h)
{
    Err err = {0};
    App *a = app_create(&(AppConfig){.width = w, .height = h, .hidden = 1, .no_vsync = 1,
                                     .scenes = scenes, .nscenes = n},
                        &err);
    if (!a)
        fprintf(stderr, "app_create: %s\n", err.msg);
    return a;
}

static void press(App *a, SDL_Keycode sym, Uint16 mod)
{
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = sym;
    e.key.keysym.mod = mod;
    app_handle_event(a, &e);
}

/* The fraction of the frame's pixels that are black. */
static double black_share(App *a)
{
    int w = a->view.w, h = a->view.h;
    unsigned char *px = malloc((size_t)w * h * 4);
    app_draw(a);
    CHECK(app_read_pixels(a, px, w, h) == 0);
    size_t black = 0;
    for (size_t i = 0; i < (size_t)w * h; i++)
        black += px[4 * i] == 0 && px[4 * i + 1] == 0 && px[4 * i + 2] == 0;
    free(px);
    return (double)black / ((double)w * h);
}

static void test_clicker_keys(const Scene *scenes)
{
    App *a = open_app(scenes, 2, 640, 360);
    if (!a)
        return;
    /* . and B: a black screen, the race waits; any key returns, the race runs on */
    SDL_Keycode blank[] = {SDLK_PERIOD, SDLK_b};
    for (int k = 0; k < 2; k++) {
        CHECK(black_share(a) < 0.2);
        long step = a->race.step;
        double speed = a->speed;
        int lecture = a->lecture;
        press(a, blank[k], 0);
        CHECK(a->black && a->paused);
        CHECK(a->speed == speed && a->lecture == lecture); /* no longer speed or text size */
        for (int f = 0; f < 5; f++)
            app_frame(a);
        CHECK(a->race.step == step);
        CHECK(black_share(a) == 1.0);
        press(a, SDLK_PAGEDOWN, 0); /* any key returns, and does nothing else */
        CHECK(!a->black && !a->paused && a->cur == 0);
        app_frame(a);
        CHECK(a->race.step > step);
    }
    /* paused before the black screen: still paused after it */
    press(a, SDLK_SPACE, 0);
    press(a, SDLK_b, 0);
    press(a, SDLK_x, 0);
    CHECK(!a->black && a->paused);
    press(a, SDLK_SPACE, 0);
    /* Z is the lecture size now */
    press(a, SDLK_z, 0);
    CHECK(a->lecture);
    press(a, SDLK_z, 0);
    CHECK(!a->lecture);
    /* Esc: closes the help, leaves full screen, never quits */
    press(a, SDLK_h, 0);
    CHECK(a->help);
    press(a, SDLK_ESCAPE, 0);
    CHECK(!a->help && !a->quit);
    press(a, SDLK_F11, 0);
    CHECK(a->fullscreen);
    press(a, SDLK_ESCAPE, 0);
    CHECK(!a->fullscreen && !a->quit);
    for (int i = 0; i < 3; i++)
        press(a, SDLK_ESCAPE, 0);
    CHECK(!a->quit);
    /* F5: the playlist from scene 1, full screen, running; Shift+F5: this scene from step 0 */
    press(a, SDLK_PAGEDOWN, 0);
    CHECK(a->cur == 1);
    press(a, SDLK_SPACE, 0);
    press(a, SDLK_F5, 0);
    CHECK(a->cur == 0 && a->fullscreen && !a->paused);
    press(a, SDLK_ESCAPE, 0);
    press(a, SDLK_PAGEDOWN, 0);
    for (int f = 0; f < 5; f++)
        app_frame(a);
    CHECK(a->race.step > 0);
    press(a, SDLK_F5, KMOD_LSHIFT);
    CHECK(a->cur == 1 && a->fullscreen && a->race.step == 0);
    press(a, SDLK_ESCAPE, 0);
    /* a playlist asks once: Q, then Q again; another key between them forgets the first */
    press(a, SDLK_q, 0);
    CHECK(!a->quit);
    CHECK_MSG(a->msg[0], "Q again to quit");
    press(a, SDLK_SPACE, 0);
    press(a, SDLK_q, 0);
    CHECK(!a->quit);
    press(a, SDLK_q, 0);
    CHECK(a->quit);
    a->quit = 0;
    a->quit_ask = 0;
    press(a, SDLK_q, KMOD_LCTRL);
    CHECK(!a->quit);
    press(a, SDLK_q, KMOD_LCTRL);
    CHECK(a->quit);
    app_destroy(&a);
    /* one scene: Q quits at once */
    a = open_app(scenes, 1, 640, 360);
    if (!a)
        return;
    press(a, SDLK_q, 0);
    CHECK(a->quit);
    app_destroy(&a);
}

int main(void)
{
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 0);
    static Scene scenes[2];
    Err err = {0};
    CHECK(scene_load(&scenes[0], "assets/scenes/01-beale-race.ini", &err) == 0);
    CHECK(scene_load(&scenes[1], "assets/scenes/03-ravine-momentum.ini", &err) == 0);
    App *a = open_app(scenes, 1, 320, 200);
    if (!a) {
        fprintf(stderr, "no OpenGL 3.3 context here: skipped\n");
        return 77;
    }
    app_destroy(&a);
    test_clicker_keys(scenes);
    return check_done();
}
