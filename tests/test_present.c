/* test_present — the window in front of a room, headless (SDL's offscreen driver): the keys a
 * presenter clicker sends (Page Down / Up, F5, Shift+F5, Esc, `.`, B) are safe and do what a
 * presenter expects, quitting a playlist asks once. Returns 77 (skipped) without GL 3.3. */
#undef NDEBUG
#include <epoxy/gl.h>
#include <stdlib.h>
#include <unistd.h>

#include "app_helper.h"
#include "knob.h"
#include "check.h"
#include "shipped.h"

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
    App *a = open_lesson(scenes, 2, 640, 360);
    if (!a)
        return;
    /* . and B: a black screen, the race waits; any key returns, the race runs on */
    press(a, SDLK_SPACE, 0); /* a lesson opens paused: the lecturer starts it */
    SDL_Keycode blank[] = {SDLK_PERIOD, SDLK_b};
    for (int k = 0; k < 2; k++) {
        CHECK(black_share(a) < 0.2);
        long step = a->play.race.step;
        double speed = a->play.speed;
        int lecture = a->lecture;
        press(a, blank[k], 0);
        CHECK(a->black && a->play.paused);
        CHECK(a->play.speed == speed && a->lecture == lecture); /* no longer speed or text size */
        for (int f = 0; f < 5; f++)
            app_frame(a);
        CHECK(a->play.race.step == step);
        CHECK(black_share(a) == 1.0);
        press(a, SDLK_PAGEDOWN, 0); /* any key returns, and does nothing else */
        CHECK(!a->black && !a->play.paused && a->lesson.cur == 0);
        app_frame(a);
        CHECK(a->play.race.step > step);
    }
    /* paused before the black screen: still paused after it */
    press(a, SDLK_SPACE, 0);
    press(a, SDLK_b, 0);
    press(a, SDLK_x, 0);
    CHECK(!a->black && a->play.paused);
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
    CHECK(a->lesson.cur == 1);
    press(a, SDLK_SPACE, 0);
    press(a, SDLK_F5, 0);
    CHECK(a->lesson.cur == 0 && a->fullscreen && a->play.paused && a->play.race.step == 0);
    press(a, SDLK_ESCAPE, 0);
    press(a, SDLK_PAGEDOWN, 0);
    press(a, SDLK_SPACE, 0);
    for (int f = 0; f < 5; f++)
        app_frame(a);
    CHECK(a->play.race.step > 0);
    press(a, SDLK_F5, KMOD_LSHIFT);
    CHECK(a->lesson.cur == 1 && a->fullscreen && a->play.race.step == 0);
    press(a, SDLK_ESCAPE, 0);
    /* a playlist asks once: Q, then Q again; another key between them forgets the first */
    press(a, SDLK_q, 0);
    CHECK(!a->quit);
    CHECK_MSG(a->msgs.msg[0], "Q again to quit");
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
    a = open_lesson(scenes, 1, 640, 360);
    if (!a)
        return;
    press(a, SDLK_q, 0);
    CHECK(a->quit);
    app_destroy(&a);
}

/* After S or E the title, the caption and the OS window's title name the new surface. */
static void test_title(const Scene *scene)
{
    App *a = open_lesson(scene, 1, 640, 360);
    if (!a)
        return;
    CHECK(strstr(SDL_GetWindowTitle(a->win), scene->title) != NULL);
    press(a, SDLK_s, 0);
    CHECK(!a->scene_surface);
    CHECK(!strcmp(a->shown.title, a->play.surface.name));
    CHECK(strstr(a->shown.caption, scene->title) != NULL);
    CHECK(strstr(SDL_GetWindowTitle(a->win), a->play.surface.name) != NULL);
    CHECK(scene->caption[0] && !strstr(a->shown.caption, scene->caption)); /* not the old one */
    app_draw(a);
    app_open_scene(a, 0); /* the scene again: its own title */
    CHECK(a->scene_surface);
    CHECK(strstr(SDL_GetWindowTitle(a->win), scene->title) != NULL);
    app_destroy(&a);
}

static int inside(float x, float y, const float b[4])
{
    return x > b[0] && x < b[0] + b[2] && y > b[1] && y < b[1] + b[3];
}

/* Every shipped scene at 1280×720 and 1920×1080, plain and lecture text, dark and light,
 * after its steps: no two panels overlap, none covers the start point or a racer's path (the
 * part the view frames: diverged racers fly out of it), measured from the renderer's own
 * rectangles. */
static void test_layout(void)
{
    static Scene scenes[32];
    int ns = shipped_scenes(scenes, 32);
    CHECK(ns >= 12);
    static const int sizes[2][2] = {{1280, 720}, {1920, 1080}};
    int frames = 0, points = 0;
    for (int z = 0; z < 2; z++) {
        App *a = open_lesson(scenes, ns, sizes[z][0], sizes[z][1]);
        if (!a)
            return;
        for (int s = 0; s < ns; s++)
            for (int style = 0; style < 4; style++) {
                CHECK(app_open_scene(a, s) == 0);
                a->lecture = style & 1;
                a->light = style >> 1;
                a->msgs.msg[0][0] = 0;
                race_step(&a->play.race, scenes[s].steps);
                app_draw(a);
                app_draw(a); /* a settled frame */
                frames++;
                float box[16][4];
                int n = ren_panels(a->ren, box, 16);
                CHECK(n >= 3);
                for (int i = 0; i < n; i++)
                    for (int j = i + 1; j < n; j++) {
                        int over = box[i][0] < box[j][0] + box[j][2] && box[j][0] < box[i][0] + box[i][2] &&
                                   box[i][1] < box[j][1] + box[j][3] && box[j][1] < box[i][1] + box[i][3];
                        if (over)
                            fprintf(stderr, "%s %dx%d style %d: panels %d and %d overlap\n",
                                    scenes[s].path, sizes[z][0], sizes[z][1], style, i, j);
                        CHECK(!over);
                    }
                if (a->cam3d.on)
                    continue; /* the paths lie on a surface in 3-D: only the panels are planar */
                const Rect fb = a->fit.box;
                int hidden = 0;
                for (int r = -1; r < a->play.race.n; r++) {
                    const Racer *rc = r >= 0 ? &a->play.race.racer[r] : NULL;
                    if (rc && (!rc->enabled || rc->status == RACER_DIVERGED))
                        continue;
                    int np = rc ? rc->nhist + 1 : 1;
                    for (int j = 0; j < np; j++) {
                        double wx = !rc ? a->play.race.cfg.start[0] : j < rc->nhist ? rc->hist[j].x : rc->x[0];
                        double wy = !rc ? a->play.race.cfg.start[1] : j < rc->nhist ? rc->hist[j].y : rc->x[1];
                        if (wx < fb.x0 || wx > fb.x1 || wy < fb.y0 || wy > fb.y1)
                            continue; /* outside what the scene frames */
                        float x = (float)view_sx(&a->view, wx), y = (float)view_sy(&a->view, wy);
                        points++;
                        for (int i = 0; i < n; i++)
                            if (inside(x, y, box[i])) {
                                if (!hidden++)
                                    fprintf(stderr, "%s %dx%d style %d: racer %d at (%.0f, %.0f) under panel %d\n",
                                            scenes[s].path, sizes[z][0], sizes[z][1], style, r + 1, x, y, i);
                            }
                    }
                }
                CHECK(hidden == 0);
            }
        /* the default Beale race fills at least half the room the panels leave */
        int beale = 0;
        for (int s = 0; s < ns; s++)
            if (strstr(scenes[s].path, "01-beale-race"))
                beale = s;
        CHECK(app_open_scene(a, beale) == 0);
        a->lecture = 0;
        a->light = 0;
        race_step(&a->play.race, scenes[beale].steps);
        app_draw(a);
        app_draw(a);
        float x0 = 1e9f, x1 = -1e9f;
        for (int r = 0; r < a->play.race.n; r++)
            for (int j = 0; j < a->play.race.racer[r].nhist; j++) {
                float x = (float)view_sx(&a->view, a->play.race.racer[r].hist[j].x);
                x0 = fminf(x0, x), x1 = fmaxf(x1, x);
            }
        fprintf(stderr, "%s at %dx%d: the race spans %.0f of %.0f free pixels across (%.0f%%)\n",
                scenes[beale].path, sizes[z][0], sizes[z][1], x1 - x0, a->fit.room[2],
                100 * (x1 - x0) / a->fit.room[2]);
        CHECK(x1 - x0 >= 0.5f * a->fit.room[2]);
        app_destroy(&a);
    }
    fprintf(stderr, "layout: %d frames, %d path points checked against the panels\n", frames, points);
}

/* Told apart without colour: unique names, knob values on the knob's steps, a legend that
 * holds its width. */
/* The help overlay lists every key on screen: at lecture size on a short window it takes
 * smaller text rather than running off the bottom. */
static void test_help_fits(const Scene *scene)
{
    static const int sizes[][2] = {{640, 360}, {1280, 720}, {1920, 1080}};
    for (int s = 0; s < 3; s++)
        for (int lecture = 0; lecture < 2; lecture++) {
            App *a = open_cfg((AppConfig){.width = sizes[s][0], .height = sizes[s][1],
                                          .scenes = scene, .nscenes = 1, .lecture = lecture});
            if (!a)
                return;
            press(a, SDLK_h, 0);
            app_draw(a);
            float box[16][4], big = 0, *help = NULL;
            int n = ren_panels(a->ren, box, 16);
            for (int i = 0; i < n; i++) /* the overlay: the largest panel */
                if (box[i][2] * box[i][3] > big)
                    big = box[i][2] * box[i][3], help = box[i];
            CHECK(help && help[1] >= 0 && help[1] + help[3] <= (float)a->view.h + 0.5f);
            CHECK(help && help[0] >= 0 && help[0] + help[2] <= (float)a->view.w + 0.5f);
            if (help && !(help[1] + help[3] <= (float)a->view.h + 0.5f))
                fprintf(stderr, "help at %dx%d lecture %d: %.0f px tall from %.0f\n",
                        sizes[s][0], sizes[s][1], lecture, help[3], help[1]);
            app_destroy(&a);
        }
}

static void test_names_and_knobs(void)
{
    CHECK(knob_snap(0.02088) == 0.02);
    CHECK(knob_snap(0.02) == 0.02);
    CHECK(knob_snap(0.0499) == 0.02);
    CHECK(knob_snap(0.5) == 0.5);
    CHECK(knob_snap(1.3e-3) == 1e-3);
    Scene sc;
    Err err = {0};
    CHECK(scene_parse(&sc, "names", "[scene]\nsurface = beale\nstart = 1, 1.5\n[racers]\n"
                      "opt = SGD(lr=0.001)\nopt = SGD(lr=0.001, momentum=0.9, nesterov=True)\n"
                      "opt = SGD(lr=0.001, momentum=0.9)\nopt = Adam(lr=0.1)\nopt = Adam(lr=0.01)\n"
                      "opt = Adam(amsgrad=True)\nopt = RMSprop(lr=0.01)\nopt = RMSprop(lr=0.01)\n",
                      &err) == 0);
    App *a = open_lesson(&sc, 1, 640, 360);
    if (!a)
        return;
    static const char *const want[] = {"SGD", "SGD+Nesterov", "SGD+momentum", "Adam lr=0.1",
                                       "Adam lr=0.01", "AMSGrad", "RMSprop #7", "RMSprop #8"};
    for (int i = 0; i < a->play.race.n; i++) {
        char name[128];
        ren_racer_name(&a->play.race, i, name, sizeof name);
        if (strcmp(name, want[i]))
            fprintf(stderr, "racer %d: '%s', want '%s'\n", i + 1, name, want[i]);
        CHECK(!strcmp(name, want[i]));
    }
    /* J: every lr the fair start chose is one of the knob's steps */
    press(a, SDLK_j, 0);
    CHECK_MSG(a->msgs.msg[0], "fair lr");
    for (int i = 0; i < a->play.race.n; i++)
        CHECK(knob_snap(a->play.race.racer[i].spec.opt.p[0]) == a->play.race.racer[i].spec.opt.p[0]);
    /* the legend holds its width while the steps count up */
    app_draw(a);
    float box[16][4], first[16][4];
    int n = ren_panels(a->ren, first, 16);
    for (int k = 0; k < 3; k++) { /* 1, 10, 100 steps: the step column gains digits */
        race_step(&a->play.race, k == 0 ? 1 : k == 1 ? 9 : 90);
        app_draw(a);
        int running = 1;
        for (int i = 0; i < a->play.race.n; i++)
            running &= a->play.race.racer[i].status == RACER_RUNNING;
        CHECK(ren_panels(a->ren, box, 16) == n);
        CHECK(running || k == 2);
        for (int i = 0; i < n && running; i++)
            CHECK(box[i][2] == first[i][2]);
    }
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
    App *a = open_cfg((AppConfig){.width = 640, .height = 360, .scenes = scene, .nscenes = 1,
                                  .record_dir = dir});
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
    race_set_start(&a->play.race, 0.75, -0.5);
    press(a, SDLK_l, 0); /* the loss plot off */
    enum { N = 120 };
    race_step(&a->play.race, N);
    press(a, SDLK_s, KMOD_LCTRL);
    CHECK_MSG(a->msgs.msg[0], "saved the race as");
    char path[1100];
    snprintf(path, sizeof path, "%s", strstr(a->msgs.msg[0], dir));
    press(a, SDLK_s, KMOD_LCTRL);
    char path2[1100];
    snprintf(path2, sizeof path2, "%s", strstr(a->msgs.msg[0], dir));
    CHECK(strcmp(path, path2) != 0); /* never the same file */
    /* the saved scene reads back as what the window had */
    Scene sc;
    Err err = {0};
    CHECK(scene_load(&sc, path, &err) == 0);
    CHECK(!strcmp(sc.surface, a->play.surface.name));
    CHECK(sc.cfg.start[0] == 0.75 && sc.cfg.start[1] == -0.5);
    CHECK(sc.select == 3);
    CHECK(sc.hide & SCENE_PLOT);
    CHECK(sc.nopt == a->play.race.n - 1); /* the racer switched off is a comment */
    /* trace prints the bytes the window's race had: every sample of its history */
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "%s trace %s --steps %d", optiplay, path, N);
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL);
    char line[1024];
    int rows = 0, same = 0, racer_of[RACE_MAX], k = 0;
    for (int i = 0; i < a->play.race.n; i++)
        racer_of[i] = a->play.race.racer[i].enabled ? k++ : -1;
    while (p && fgets(line, sizeof line, p)) {
        int opt;
        long step;
        char xs[64], ys[64], ls[64];
        if (sscanf(line, "%d,%ld,%63[^,],%63[^,],%63[^,],", &opt, &step, xs, ys, ls) != 5)
            continue;
        rows++;
        for (int i = 0; i < a->play.race.n; i++) {
            const Racer *rc = &a->play.race.racer[i];
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
    CHECK(rows == (a->play.race.n - 1) * (N + 1));
    CHECK(same == rows);
    /* Ctrl+C: the selected racer's spec, as the spec parser reads it */
    press(a, SDLK_c, KMOD_LCTRL);
    char want[1024];
    spec_format(&a->play.race.racer[2].spec, want, sizeof want);
    char *clip = SDL_GetClipboardText();
    if (clip && clip[0]) /* the offscreen driver may keep no clipboard */
        CHECK(!strcmp(clip, want));
    SDL_free(clip);
    CHECK_MSG(a->msgs.msg[0], want);
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
    App *a = open_lesson(scenes, 1, 320, 200);
    if (!a) {
        fprintf(stderr, "no OpenGL 3.3 context here: skipped\n");
        return 77;
    }
    app_destroy(&a);
    test_clicker_keys(scenes);
    test_layout();
    test_title(&scenes[0]);
    test_help_fits(&scenes[0]);
    test_names_and_knobs();
    test_save_state(&scenes[0]);
    return check_done();
}
