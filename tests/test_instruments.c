/* test_instruments — the teaching instruments tell no lies (issue 13), headless (SDL's
 * offscreen driver). Each test drives the App as a user would and checks a property of what is
 * drawn or loaded: the basin map's colours are nobody's racer colour and lie under the trails,
 * the hyperparameter map's axes stay in the knob's range, the 3-D dots sit at their trails'
 * ends, a fan keeps the other racers' colours, R resets the timeline, E replaces its text.
 * Returns 77 (skipped) when no GL 3.3 context can be made. */
#undef NDEBUG
#include <epoxy/gl.h>
#include <math.h>
#include <stdlib.h>

#include "app_helper.h"
#include "check.h"
#include "hud.h"
#include "swarm.h"
#include "theme.h"

static unsigned char *px; /* the last frame read back, top row first */

static App *open_scene(const char *text, int w, int h, int light)
{
    Scene sc;
    Err err = {0};
    if (scene_parse(&sc, "test", text, &err) < 0) {
        fprintf(stderr, "scene: %s\n", err.msg);
        return NULL;
    }
    return open_cfg((AppConfig){.width = w, .height = h, .light = light, .wait_field = 1,
                                .scenes = &sc, .nscenes = 1, .autoplay = 1});
}

static void snapshot(App *a)
{
    free(px);
    px = malloc((size_t)a->view.w * (size_t)a->view.h * 4);
    CHECK(draw_read(a, px) == 0);
}

static const unsigned char *at(const App *a, int x, int y)
{
    return px + ((size_t)y * (size_t)a->view.w + (size_t)x) * 4;
}

static double rgb_dist(Rgba a, Rgba b)
{
    return sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) + (a.b - b.b) * (a.b - b.b));
}

static Rgba px_rgba(const unsigned char *p)
{
    return (Rgba){p[0], p[1], p[2], 255};
}

static const char *himmelblau =
    "[scene]\nsurface = himmelblau\nstart = -0.3, -0.9\nsteps = 300\nshow = basin\n"
    "[racers]\nopt = SGD(lr=0.01)\nopt = SGD(lr=0.01, momentum=0.9)\nopt = Adam(lr=0.3)\n"
    "opt = RMSprop(lr=0.1)\nopt = Adagrad(lr=1.0)\n";

/* 1. The basin map: its own hues (far from every racer colour on both themes and from the
 * greys), drawn under the trails, and a frame where its colour is nobody's racer colour. */
static void test_basin(int light)
{
    const Theme *th = theme_get(light);
    for (int c = 0; c < 6; c++) {
        Rgba k = hud_basin_colour(th, c);
        for (int i = 0; i < 8; i++)
            for (int l = 0; l < 2; l++)
                CHECK(rgb_dist(k, theme_racer(theme_get(l), i)) > 95);
        CHECK(rgb_dist(k, hud_basin_colour(th, SWARM_BASIN_DIVERGED)) > 100);
        CHECK(rgb_dist(k, hud_basin_colour(th, SWARM_BASIN_MOVING)) > 100);
        for (int d = 0; d < c; d++)
            CHECK(rgb_dist(k, hud_basin_colour(th, d)) > 100);
    }
    App *a = open_scene(himmelblau, 1280, 720, light);
    if (!a)
        return;
    for (int f = 0; f < 300; f++)
        app_frame(a);
    CHECK(a->inst.basin_on && a->inst.basin && a->inst.basin->complete);
    snapshot(a);
    /* the racers' trails are on top of the map: a point of each trail, away from the others,
     * shows the racer's own colour */
    int seen = 0, tried = 0;
    for (int i = 0; i < a->play.race.n; i++) {
        const Racer *rc = &a->play.race.racer[i];
        int x = -1, y = -1;
        for (int k = 1; k < rc->nhist && x < 0; k++) {
            int sx = (int)view_sx(&a->view, rc->hist[k].x), sy = (int)view_sy(&a->view, rc->hist[k].y);
            if (sx < 10 || sy < 10 || sx >= a->view.w - 10 || sy >= a->view.h - 10 ||
                ren_hit(a->ren, (float)sx, (float)sy) != REN_HIT_NONE)
                continue;
            int alone = hypot(sx - view_sx(&a->view, rc->hist[0].x),
                              sy - view_sy(&a->view, rc->hist[0].y)) > 30;
            for (int r = 0; r < a->play.race.n && alone; r++)
                for (int q = 0; r != i && q < a->play.race.racer[r].nhist && alone; q++)
                    alone = hypot(view_sx(&a->view, a->play.race.racer[r].hist[q].x) - sx,
                                  view_sy(&a->view, a->play.race.racer[r].hist[q].y) - sy) > 14;
            if (alone)
                x = sx, y = sy;
        }
        if (x < 0)
            continue;
        int ok = 0;
        for (int dy = -2; dy <= 2; dy++)
            for (int dx = -2; dx <= 2; dx++)
                ok |= rgb_dist(px_rgba(at(a, x + dx, y + dy)), theme_racer_in(th, &a->play.race, i)) < 40;
        if (!ok)
            fprintf(stderr, "racer %d trail not seen at (%d, %d): %d %d %d\n", i, x, y, at(a, x, y)[0],
                    at(a, x, y)[1], at(a, x, y)[2]);
        seen += ok;
        tried++;
    }
    /* (a sample can lie under another trail's segment: one miss is allowed) */
    CHECK(tried >= 2 && seen >= tried - 1);
    /* the map's cells, drawn: nowhere a racer's colour (sampled at cell centres far from
     * trails, labels and panels) */
    int cells = 0, clash = 0;
    for (int j = 2; j < a->inst.basin->h; j += 7)
        for (int i = 2; i < a->inst.basin->w; i += 7) {
            int x = i * a->view.w / a->inst.basin->w, y = j * a->view.h / a->inst.basin->h;
            if (a->inst.basin->cls[j * a->inst.basin->w + i] < 0 ||
                ren_hit(a->ren, (float)x, (float)y) != REN_HIT_NONE)
                continue;
            int near_trail = 0;
            for (int r = 0; r < a->play.race.n && !near_trail; r++)
                for (int k = 0; k < a->play.race.racer[r].nhist && !near_trail; k++)
                    near_trail = hypot(view_sx(&a->view, a->play.race.racer[r].hist[k].x) - x,
                                       view_sy(&a->view, a->play.race.racer[r].hist[k].y) - y) < 40;
            if (near_trail || x < 300 || x < 4 || y < 4 || x >= a->view.w - 4 ||
                y >= a->view.h - 4) /* the key and the update rule on the left */
                continue;
            /* a flat patch of the map, not the edge of a label, marker or contour on it */
            Rgba c0 = px_rgba(at(a, x, y));
            if (rgb_dist(c0, px_rgba(at(a, x + 3, y))) > 12 || rgb_dist(c0, px_rgba(at(a, x - 3, y))) > 12 ||
                rgb_dist(c0, px_rgba(at(a, x, y + 3))) > 12 || rgb_dist(c0, px_rgba(at(a, x, y - 3))) > 12)
                continue;
            cells++;
            for (int r = 0; r < 7; r++) /* 7, the grey, is the contours' and markers' too */
                if (rgb_dist(px_rgba(at(a, x, y)), theme_racer(th, r)) < 30) {
                    clash++;
                    fprintf(stderr, "cell (%d, %d) class %d drawn %d %d %d, racer %d\n", i, j,
                            a->inst.basin->cls[j * a->inst.basin->w + i], at(a, x, y)[0], at(a, x, y)[1],
                            at(a, x, y)[2], r);
                }
        }
    CHECK(cells > 100);
    CHECK(clash == 0);
    if (clash)
        fprintf(stderr, "basin (%s): %d of %d cells drawn in a racer's colour\n",
                light ? "light" : "dark", clash, cells);
    app_destroy(&a);
}

static void mouse_click(App *a, int x, int y)
{
    SDL_Event e = {.type = SDL_MOUSEBUTTONDOWN};
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    app_handle_event(a, &e);
    e.type = SDL_MOUSEBUTTONUP;
    app_handle_event(a, &e);
}

/* v is 1, 2 or 5 × 10^k */
static int is125(double v)
{
    double e = pow(10, floor(log10(v) + 1e-9)), m = v / e;
    return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9;
}

/* 2. The hyperparameter map: SGD's momentum axis inside [0, 1) on the 1 − β scale, lr in whole
 * decades; a click loads 1-2-5 values and the axes stay put. */
static void test_hpmap(int light)
{
    App *a = open_scene("[scene]\nsurface = rosenbrock\nsteps = 300\nshow = hpmap\n"
                        "[racers]\nopt = SGD(lr=0.001, momentum=0.9)\n", 1280, 720, light);
    if (!a)
        return;
    a->play.paused = 1;
    snapshot(a);
    const SwarmHpmap *m = a->inst.hpmap;
    CHECK(m && m->slot >= 0 && m->h > 1);
    if (!m) {
        app_destroy(&a);
        return;
    }
    for (int j = 0; j < m->h; j++)
        CHECK(m->beta[j] >= 0 && m->beta[j] < 1);
    CHECK(m->beta[0] == 0 && fabs(m->beta[m->h - 1] - 0.999) < 1e-12);
    CHECK(is125(m->lr[0]) && is125(m->lr[m->w - 1]) && m->lr[0] < 0.001 && m->lr[m->w - 1] > 0.001);
    double lr0 = m->lr[0], lr1 = m->lr[m->w - 1], b1 = m->beta[m->h - 1];
    /* click the cells a third and two thirds across the map */
    int clicked = 0;
    for (int t = 1; t <= 2; t++)
    for (int y = 0, done = 0; y < a->view.h && !done; y += 3)
        for (int x = a->view.w / 2; x < a->view.w && !done; x += 3) {
            int i, j;
            if (!ren_hpmap_hit(a->ren, (float)x, (float)y, &i, &j) || i != m->w / 3 * t ||
                j != m->h / 3 * t)
                continue;
            done = 1;
            mouse_click(a, x, y);
            snapshot(a);
            const Spec *sp = &a->play.race.racer[0].spec;
            double lr = sp->opt.p[0], b = sp->opt.p[a->play.race.racer[0].opt.kind->beta1];
            CHECK(is125(lr));
            CHECK(b == 0 || is125(1 - b));
            if (!is125(lr) || !(b == 0 || is125(1 - b)))
                fprintf(stderr, "K loaded lr %.17g, momentum %.17g\n", lr, b);
            CHECK(a->inst.hpmap && a->inst.hpmap->lr[0] == lr0 && a->inst.hpmap->lr[a->inst.hpmap->w - 1] == lr1 &&
                  a->inst.hpmap->beta[a->inst.hpmap->h - 1] == b1);
            clicked++;
        }
    CHECK(clicked == 2);
    app_destroy(&a);
}

/* 5. R resets the timeline; a knob turned after the race finished runs it again from step 0
 * with the old run as the ghost. */
static void test_timeline_and_knobs(void)
{
    App *a = open_scene("[scene]\nsurface = x^2 + 3*y^2\nstart = 2, 1.5\nsteps = 300\n"
                        "[racers]\nopt = SGD(lr=0.1)\n", 1280, 720, 0);
    if (!a)
        return;
    a->play.speed = 20;
    for (int f = 0; f < 60; f++)
        app_frame(a);
    CHECK(a->play.race.racer[0].status == RACER_CONVERGED);
    CHECK(a->play.timeline_end >= 1000);
    press(a, SDLK_r, 0);
    app_frame(a);
    CHECK(a->play.timeline_end <= 20); /* not "step 20 of 1200" */
    for (int f = 0; f < 60; f++)
        app_frame(a);
    long before = a->play.race.step;
    CHECK(a->play.race.racer[0].status == RACER_CONVERGED && before >= 1000);
    press(a, SDLK_DOWN, 0); /* lr 0.1 → 0.05, after the finish */
    CHECK(a->play.race.racer[0].spec.opt.p[0] == 0.05);
    CHECK(a->play.race.step == 0 && a->play.race.racer[0].status == RACER_RUNNING && !a->play.paused);
    CHECK(a->inst.nghost == 1 && a->inst.ghost_n[0] >= 2);
    app_frame(a);
    CHECK(a->play.race.step > 0 && a->play.race.step <= 20);
    /* the ghost is drawn where the old run went: its colour on a dash away from the new trail */
    snapshot(a);
    const Theme *th = theme_get(0);
    int found = 0, tried = 0;
    for (int j = 2; j < a->inst.ghost_n[0] && j < 60; j += 12) {
        int x = (int)view_sx(&a->view, a->inst.ghost[0][j].x), y = (int)view_sy(&a->view, a->inst.ghost[0][j].y);
        if (x < 5 || y < 5 || x >= a->view.w - 5 || y >= a->view.h - 5 ||
            ren_hit(a->ren, (float)x, (float)y) != REN_HIT_NONE ||
            hypot(x - view_sx(&a->view, a->play.race.racer[0].x[0]),
                  y - view_sy(&a->view, a->play.race.racer[0].x[1])) < 30)
            continue;
        tried++;
        int ok = 0;
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
                ok |= rgb_dist(px_rgba(at(a, x + dx, y + dy)), theme_racer(th, 0)) < 60;
        found += ok;
    }
    CHECK(tried >= 1 && found >= tried - 1);
    app_destroy(&a);
}

static void type(App *a, const char *t)
{
    SDL_Event e = {.type = SDL_TEXTINPUT};
    snprintf(e.text.text, sizeof e.text.text, "%s", t);
    app_handle_event(a, &e);
}

/* 6. E opens with its text selected (typing replaces it); Ctrl+A, Ctrl+U, Ctrl+W, Ctrl+E as in
 * a shell. */
static void test_edit(void)
{
    App *a = open_scene("[scene]\nsurface = beale\n[racers]\nopt = Adam(lr=0.05)\n", 640, 360, 0);
    if (!a)
        return;
    press(a, SDLK_e, 0);
    type(a, "e"); /* the E that opened it, as text */
    CHECK(a->edit.what && !strcmp(a->edit.buf, "beale") && a->edit.sel);
    type(a, "s");
    type(a, "in(x)");
    CHECK(!strcmp(a->edit.buf, "sin(x)")); /* not "bealesin(x)" */
    type(a, " + y*y");
    press(a, SDLK_w, KMOD_LCTRL);
    CHECK(!strcmp(a->edit.buf, "sin(x) + "));
    press(a, SDLK_a, KMOD_LCTRL); /* to the start */
    type(a, "2*");
    CHECK(!strcmp(a->edit.buf, "2*sin(x) + "));
    press(a, SDLK_u, KMOD_LCTRL); /* deletes before the caret */
    CHECK(!strcmp(a->edit.buf, "sin(x) + "));
    press(a, SDLK_e, KMOD_LCTRL);
    type(a, "y^2");
    CHECK(!strcmp(a->edit.buf, "sin(x) + y^2"));
    press(a, SDLK_RETURN, 0);
    CHECK(!a->edit.what && !strcmp(a->play.surface.name, "sin(x) + y^2"));
    /* reopened: Backspace deletes the selection, all of it */
    press(a, SDLK_e, 0);
    press(a, SDLK_BACKSPACE, 0);
    CHECK(a->edit.what && a->edit.buf[0] == 0);
    press(a, SDLK_ESCAPE, 0);
    CHECK(!a->edit.what);
    app_draw(a);
    app_destroy(&a);
}

/* 4. A fan keeps every other racer's colour, grades the fanned racer's own hue, and every
 * shade stands out from the background of both themes (contrast ≥ 3:1). */
static void test_fan(void)
{
    App *a = open_scene("[scene]\nsurface = quadratic(kx=1, ky=10)\nstart = -9, 2.5\nsteps = 150\n"
                        "[racers]\nopt = Adam(lr=0.5)\nopt = SGD(lr=0.1)\nopt = RMSprop(lr=0.1)\n",
                        1280, 720, 0);
    if (!a)
        return;
    Rgba before[2][3];
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < 3; i++)
            before[l][i] = theme_racer_in(theme_get(l), &a->play.race, i);
    press(a, SDLK_2, 0);
    press(a, SDLK_w, 0);
    CHECK(a->play.race.n == 7);
    CHECK(!strcmp(a->play.race.racer[0].opt.kind->name, "Adam"));
    CHECK(!strcmp(a->play.race.racer[6].opt.kind->name, "RMSprop"));
    for (int i = 1; i <= 5; i++)
        CHECK(a->play.race.racer[i].group > 0 && !strcmp(a->play.race.racer[i].opt.kind->name, "SGD"));
    for (int l = 0; l < 2; l++) {
        const Theme *th = theme_get(l);
        Rgba adam = theme_racer_in(th, &a->play.race, 0), rms = theme_racer_in(th, &a->play.race, 6);
        CHECK(rgb_dist(adam, before[l][0]) == 0 && rgb_dist(rms, before[l][2]) == 0);
        for (int i = 1; i <= 5; i++) {
            Rgba c = theme_racer_in(th, &a->play.race, i);
            CHECK(theme_contrast(c, th->bg) >= 3);
            if (theme_contrast(c, th->bg) < 3)
                fprintf(stderr, "fan shade %d on the %s theme: contrast %.2f\n", i,
                        l ? "light" : "dark", theme_contrast(c, th->bg));
            /* the fanned racer's hue (blue-ish for SGD's slot), distinct from its neighbours */
            CHECK(rgb_dist(c, adam) > 40 && rgb_dist(c, rms) > 40);
            if (i > 1)
                CHECK(rgb_dist(c, theme_racer_in(th, &a->play.race, i - 1)) > 12);
        }
    }
    /* diverged members end at the view's edge: the frame draws without GL errors */
    for (int f = 0; f < 150; f++)
        app_frame(a);
    CHECK(a->play.race.racer[5].status == RACER_DIVERGED);
    snapshot(a);
    app_destroy(&a);
}

/* Is racer i's colour within r pixels of (x, y)? */
static int colour_near(const App *a, Rgba c, float x, float y, int r, int tol)
{
    for (int dy = -r; dy <= r; dy++)
        for (int dx = -r; dx <= r; dx++) {
            int X = (int)x + dx, Y = (int)y + dy;
            if (X >= 0 && Y >= 0 && X < a->view.w && Y < a->view.h &&
                rgb_dist(px_rgba(at(a, X, Y)), c) < tol)
                return 1;
        }
    return 0;
}

/* 3. The 3-D view: a scene that opens in 3-D is seen from above the horizon; the dots sit on
 * the surface where their trails end, with the trails shown or hidden; a trail is drawn along
 * its whole length (no stipple where it meets the mesh); Shift+D switches to a linear height. */
static void test_view3d(int light)
{
    App *a = open_scene("[scene]\nsurface = himmelblau\nstart = 0.5, -0.5\nsteps = 300\nshow = 3d\n"
                        "[racers]\nopt = SGD(lr=0.01, momentum=0.9)\nopt = RMSprop(lr=0.05)\n",
                        1280, 720, light);
    if (!a)
        return;
    CHECK(a->cam3d.on && a->cam3d.dist > 0 && a->cam3d.pitch >= 0.3f); /* not edge-on */
    press(a, SDLK_d, KMOD_LSHIFT);
    CHECK(a->cam3d.height_linear && a->cam3d.on);
    /* a scene sets the camera and the height; a bad one is refused, naming the key */
    Scene sc;
    Err err = {0};
    CHECK(scene_parse(&sc, "t", "[scene]\nsurface = beale\ncamera = 30, 45, 3\nheight = linear\n"
                      "[racers]\nopt = SGD(lr=0.01)\n", &err) == 0);
    CHECK(sc.has_camera && fabs(sc.camera[1] - M_PI / 4) < 1e-6 && sc.camera[2] == 3 &&
          sc.height_linear);
    CHECK(scene_parse(&sc, "t", "[scene]\nsurface = beale\ncamera = 30, 0, 3\n", &err) < 0 &&
          strstr(err.msg, "camera") != NULL);
    CHECK(scene_parse(&sc, "t", "[scene]\nsurface = beale\nheight = cubic\n", &err) < 0 &&
          strstr(err.msg, "height") != NULL);
    for (int f = 0; f < 40; f++)
        app_frame(a);
    a->play.paused = 1;
    const Theme *th = theme_get(light);
    RenFrame fr = {.cam3d = {.dist = a->cam3d.dist, .yaw = a->cam3d.yaw, .pitch = a->cam3d.pitch,
                             .height_linear = a->cam3d.height_linear}};
    for (int pass = 0; pass < 2; pass++) { /* trails shown, then hidden (T) */
        snapshot(a);
        for (int i = 0; i < a->play.race.n; i++) {
            float p[2];
            CHECK(ren_project3d(a->ren, &fr, a->play.race.racer[i].x[0], a->play.race.racer[i].x[1], p) == 0);
            int ok = colour_near(a, theme_racer_in(th, &a->play.race, i), p[0], p[1], 2, 40);
            CHECK(ok);
            if (!ok)
                fprintf(stderr, "3-D (%s, trails %s): racer %d's dot not at (%.0f, %.0f)\n",
                        light ? "light" : "dark", pass ? "off" : "on", i, p[0], p[1]);
        }
        if (pass == 0) {
            /* the momentum racer's trail, sample by sample away from the dots: drawn */
            const Racer *rc = &a->play.race.racer[0];
            int tried = 0, seen = 0;
            for (int j = 1; j < rc->nhist; j++) {
                float p[2], d0[2], d1[2];
                ren_project3d(a->ren, &fr, rc->hist[j].x, rc->hist[j].y, p);
                ren_project3d(a->ren, &fr, a->play.race.racer[0].x[0], a->play.race.racer[0].x[1], d0);
                ren_project3d(a->ren, &fr, a->play.race.racer[1].x[0], a->play.race.racer[1].x[1], d1);
                if (hypotf(p[0] - d0[0], p[1] - d0[1]) < 15 || hypotf(p[0] - d1[0], p[1] - d1[1]) < 15 ||
                    ren_hit(a->ren, p[0], p[1]) != REN_HIT_NONE)
                    continue;
                tried++;
                seen += colour_near(a, theme_racer_in(th, &a->play.race, 0), p[0], p[1], 1, 60);
            }
            CHECK(tried >= 10 && seen >= tried * 9 / 10);
            if (seen < tried * 9 / 10)
                fprintf(stderr, "3-D trail: %d of %d samples drawn\n", seen, tried);
            press(a, SDLK_t, 0);
        }
    }
    app_destroy(&a);
}

int main(void)
{
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 0);
    App *probe = open_scene(himmelblau, 64, 64, 0);
    if (!probe) {
        fprintf(stderr, "no OpenGL 3.3 context here: skipped\n");
        return 77;
    }
    app_destroy(&probe);
    test_basin(0);
    test_basin(1);
    test_hpmap(0);
    test_fan();
    test_view3d(0);
    test_view3d(1);
    test_timeline_and_knobs();
    test_edit();
    free(px);
    return check_done();
}
