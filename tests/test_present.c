/* test_present — the window in front of a room, headless (SDL's offscreen driver): the keys a
 * presenter clicker sends (Page Down / Up, F5, Shift+F5, Esc, `.`, B) are safe and do what a
 * presenter expects, quitting a playlist asks once. Returns 77 (skipped) without GL 3.3. */
#undef NDEBUG
#include <epoxy/gl.h>
#include <stdlib.h>
#include <unistd.h>

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

/* After S or E the title, the caption and the OS window's title name the new surface. */
static void test_title(const Scene *scene)
{
    App *a = open_app(scene, 1, 640, 360);
    if (!a)
        return;
    CHECK(strstr(SDL_GetWindowTitle(a->win), scene->title) != NULL);
    press(a, SDLK_s, 0);
    CHECK(!a->scene_surface);
    CHECK(!strcmp(a->shown.title, a->surface.name));
    CHECK(strstr(a->shown.caption, scene->title) != NULL);
    CHECK(strstr(SDL_GetWindowTitle(a->win), a->surface.name) != NULL);
    CHECK(scene->caption[0] && !strstr(a->shown.caption, scene->caption)); /* not the old one */
    app_draw(a);
    app_open_scene(a, 0); /* the scene again: its own title */
    CHECK(a->scene_surface);
    CHECK(strstr(SDL_GetWindowTitle(a->win), scene->title) != NULL);
    app_destroy(&a);
}

static const char *optiplay = "build/src/app/optiplay";

/* Ctrl+S: a scene file of the live race; `optiplay trace` of it prints the window's race,
 * digit for digit; a second save never overwrites the first. Ctrl+C: the spec on the
 * clipboard. */
static void test_save_state(const Scene *scene)
{
    char dir[] = "/tmp/optiplay-save-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    Err err = {0};
    App *a = app_create(&(AppConfig){.width = 640, .height = 360, .hidden = 1, .no_vsync = 1,
                                     .scenes = scene, .nscenes = 1, .record_dir = dir},
                        &err);
    if (!a)
        return;
    /* knobs turned, a surface changed, a new start, a racer selected and one switched off */
    press(a, SDLK_s, 0);
    press(a, SDLK_2, 0);
    press(a, SDLK_UP, 0);
    press(a, SDLK_UP, KMOD_LSHIFT);
    press(a, SDLK_4, 0);
    press(a, SDLK_o, 0);
    press(a, SDLK_3, 0);
    press(a, SDLK_DOWN, 0);
    race_set_start(&a->race, 0.75, -0.5);
    press(a, SDLK_l, 0); /* the loss plot off */
    enum { N = 120 };
    race_step(&a->race, N);
    press(a, SDLK_s, KMOD_LCTRL);
    CHECK_MSG(a->msg[0], "saved the race as");
    char path[1100];
    snprintf(path, sizeof path, "%s", strstr(a->msg[0], dir));
    press(a, SDLK_s, KMOD_LCTRL);
    char path2[1100];
    snprintf(path2, sizeof path2, "%s", strstr(a->msg[0], dir));
    CHECK(strcmp(path, path2) != 0); /* never the same file */
    /* the saved scene reads back as what the window had */
    Scene sc;
    CHECK(scene_load(&sc, path, &err) == 0);
    CHECK(!strcmp(sc.surface, a->surface.name));
    CHECK(sc.cfg.start[0] == 0.75 && sc.cfg.start[1] == -0.5);
    CHECK(sc.select == 3);
    CHECK(sc.hide & SCENE_PLOT);
    CHECK(sc.nopt == a->race.n - 1); /* the racer switched off is a comment */
    /* trace prints the bytes the window's race had: every sample of its history */
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "%s trace %s --steps %d", optiplay, path, N);
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL);
    char line[1024];
    int rows = 0, same = 0, racer_of[RACE_MAX], k = 0;
    for (int i = 0; i < a->race.n; i++)
        racer_of[i] = a->race.racer[i].enabled ? k++ : -1;
    while (p && fgets(line, sizeof line, p)) {
        int opt;
        long step;
        char xs[64], ys[64], ls[64];
        if (sscanf(line, "%d,%ld,%63[^,],%63[^,],%63[^,],", &opt, &step, xs, ys, ls) != 5)
            continue;
        rows++;
        for (int i = 0; i < a->race.n; i++) {
            const Racer *rc = &a->race.racer[i];
            if (racer_of[i] != opt)
                continue; /* past its last step (converged, diverged) it holds its point */
            CHECK(rc->stride == 1);
            char x[64], y[64], l[64];
            const Sample *sm = step < rc->nhist ? &rc->hist[step] : NULL;
            snprintf(x, sizeof x, "%.17g", sm ? sm->x : rc->x[0]);
            snprintf(y, sizeof y, "%.17g", sm ? sm->y : rc->x[1]);
            snprintf(l, sizeof l, "%.17g", sm ? sm->loss : rc->loss);
            int ok = !strcmp(x, xs) && !strcmp(y, ys) && !strcmp(l, ls);
            if (!ok && same == rows - 1) /* the first difference */
                fprintf(stderr, "racer %d step %ld: window %s,%s,%s trace %s,%s,%s\n", i, step,
                        x, y, l, xs, ys, ls);
            same += ok;
        }
    }
    CHECK(p && pclose(p) == 0);
    fprintf(stderr, "trace of the saved scene: %d rows, %d the window's bytes\n", rows, same);
    CHECK(rows == (a->race.n - 1) * (N + 1));
    CHECK(same == rows);
    /* Ctrl+C: the selected racer's spec, as the spec parser reads it */
    press(a, SDLK_c, KMOD_LCTRL);
    char want[1024];
    spec_format(&a->race.racer[2].spec, want, sizeof want);
    char *clip = SDL_GetClipboardText();
    if (clip && clip[0]) /* the offscreen driver may keep no clipboard */
        CHECK(!strcmp(clip, want));
    SDL_free(clip);
    CHECK_MSG(a->msg[0], want);
    app_destroy(&a);
    remove(path);
    remove(path2);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        optiplay = argv[1];
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
    test_title(&scenes[0]);
    test_save_state(&scenes[0]);
    return check_done();
}
