/* test_window — the playground window, headless (SDL's offscreen driver: EGL + Mesa's software
 * OpenGL). It renders scenes and checks facts about the pixels (each racer's colour where the
 * core says the racer is, contour lines, legend text), drives the app with the events a user
 * would make and checks the state that results. Returns 77 (skipped) when no GL 3.3 context
 * can be made. */
#undef NDEBUG
#include <dirent.h>
#include <epoxy/gl.h>
#include <math.h>
#include <stdlib.h>

#include "app_helper.h"
#include "check.h"
#include "shipped.h"
#include "shader.h"
#include "swarm.h"
#include "theme.h"

enum { W = 1280, H = 720 };

static unsigned char *px; /* the last frame read back, W × H RGBA, top row first */

/* Draws the current state with the field computed, and reads it back. */
static void snapshot(App *a)
{
    CHECK(draw_read(a, px) == 0);
}

static const unsigned char *at(const App *a, int x, int y)
{
    return px + ((size_t)y * a->view.w + x) * 4;
}

static int near_colour(const unsigned char *p, Rgba c, int tol)
{
    return abs(p[0] - c.r) + abs(p[1] - c.g) + abs(p[2] - c.b) <= tol;
}

static void wheel(App *a, int x, int y, float dy)
{
    SDL_Event e = {.type = SDL_MOUSEWHEEL};
    e.wheel.y = (Sint32)dy;
    e.wheel.preciseY = dy;
    e.wheel.mouseX = x;
    e.wheel.mouseY = y;
    app_handle_event(a, &e);
}

/* Each racer's colour appears within a few pixels of where the core says it is. */
static void test_racers_where_the_core_says(App *a)
{
    for (int f = 0; f < 40; f++)
        app_frame(a);
    snapshot(a);
    const Theme *th = theme_get(a->light);
    int checked = 0;
    for (int i = 0; i < a->play.race.n; i++) {
        const Racer *rc = &a->play.race.racer[i];
        double sx = view_sx(&a->view, rc->x[0]), sy = view_sy(&a->view, rc->x[1]);
        if (sx < 8 || sy < 8 || sx > a->view.w - 8 || sy > a->view.h - 8)
            continue;
        int hidden = ren_hit(a->ren, (float)sx, (float)sy) != REN_HIT_NONE;
        for (int j = i + 1; j < a->play.race.n; j++) /* later racers are drawn on top */
            hidden |= hypot(view_sx(&a->view, a->play.race.racer[j].x[0]) - sx,
                            view_sy(&a->view, a->play.race.racer[j].x[1]) - sy) < 18;
        if (hidden)
            continue;
        int found = 0;
        for (int dy = -3; dy <= 3 && !found; dy++)
            for (int dx = -3; dx <= 3 && !found; dx++)
                found = near_colour(at(a, (int)sx + dx, (int)sy + dy), theme_racer(th, i), 24);
        if (!found)
            fprintf(stderr, "racer %d (%s) not seen at (%.0f, %.0f)\n", i,
                    rc->opt.kind->name, sx, sy);
        CHECK(found);
        checked++;
    }
    CHECK(checked >= 2);
    /* and nowhere far from it: the selected racer's colour is absent from an empty corner */
}

/* Trails drawn piece by piece, frame after frame, cover the same pixels as trails drawn whole
 * (where trails cross, the newer piece may lie on top: colours there may differ). */
static void test_trails_by_pieces(App *a)
{
    a->show = REN_TRAILS | REN_CONTOURS;
    for (int f = 0; f < 30; f++) {
        app_frame(a);
        if (f == 0)
            ren_wait(a->ren);
    }
    a->play.paused = 1;
    size_t n = (size_t)a->view.w * a->view.h * 4;
    unsigned char *img[3];
    for (int k = 0; k < 3; k++) {
        /* 0: as drawn frame by frame; 1: drawn whole (another key redraws the base); 2: none */
        if (k == 1) {
            a->show = REN_TRAILS;
            app_draw(a);
            a->show = REN_TRAILS | REN_CONTOURS;
        }
        if (k == 2)
            a->show = REN_CONTOURS;
        snapshot(a);
        img[k] = malloc(n);
        memcpy(img[k], px, n);
    }
    int covered = 0, differ = 0;
    for (size_t i = 0; i < n; i += 4) {
        int c[2];
        for (int k = 0; k < 2; k++)
            c[k] = abs(img[k][i] - img[2][i]) + abs(img[k][i + 1] - img[2][i + 1]) +
                   abs(img[k][i + 2] - img[2][i + 2]) > 48;
        covered += c[1];
        differ += c[0] != c[1];
    }
    fprintf(stderr, "trails: %d pixels covered, %d covered by one way of drawing only\n", covered,
            differ);
    CHECK(covered > 1000);
    CHECK(differ < covered / 20); /* AA edges and sub-pixel simplification only */
    for (int k = 0; k < 3; k++)
        free(img[k]);
    a->play.paused = 0;
    a->show = REN_DEFAULT;
}

/* Total variation along a horizontal line through the field: contour lines add edges. */
static double variation(const App *a, int y)
{
    double tv = 0;
    for (int x = 1; x < a->view.w; x++)
        for (int c = 0; c < 3; c++)
            tv += abs(at(a, x, y)[c] - at(a, x - 1, y)[c]);
    return tv;
}

static void test_contours(App *a)
{
    a->show = REN_CONTOURS; /* the field alone */
    snapshot(a);
    int y = a->view.h / 2 + 37;
    double with = variation(a, y);
    a->show = 0;
    snapshot(a);
    double without = variation(a, y);
    fprintf(stderr, "variation along row %d: %.0f with contours, %.0f without\n", y, with, without);
    CHECK(with > 1.5 * without);
    CHECK(with > 500);
    a->show = REN_DEFAULT;
}

/* The legend's rows hold text: light pixels on the dark panel. */
static void test_legend_text(App *a)
{
    snapshot(a);
    int x0 = a->view.w, x1 = 0, y0 = a->view.h, y1 = 0;
    for (int y = 0; y < a->view.h / 2; y += 2)
        for (int x = a->view.w / 2; x < a->view.w; x += 2)
            if (ren_hit(a->ren, (float)x, (float)y) == 0) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    CHECK(x1 > x0 + 100 && y1 > y0 + 8);
    int light = 0;
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++) {
            const unsigned char *p = at(a, x, y);
            light += p[0] + p[1] + p[2] > 3 * 180;
        }
    fprintf(stderr, "legend row 1: %d×%d pixels, %d of them text\n", x1 - x0, y1 - y0, light);
    CHECK(light > 60);
    /* the HUD off: the same place shows no legend */
    a->show &= ~(unsigned)REN_HUD;
    snapshot(a);
    CHECK(ren_hit(a->ren, (float)(x0 + x1) / 2, (float)(y0 + y1) / 2) == REN_HIT_NONE);
    a->show |= REN_HUD;
}

static void test_knobs(App *a)
{
    int adam = -1;
    for (int i = 0; i < a->play.race.n; i++)
        if (!strcmp(a->play.race.racer[i].opt.kind->name, "Adam"))
            adam = i;
    CHECK(adam >= 0);
    if (adam < 0)
        return;
    CHECK(a->play.selected == adam); /* opened on the rule people come to see */
    press(a, SDLK_1 + adam, 0);
    Racer *rc = &a->play.race.racer[adam];
    double lr0 = rc->spec.opt.p[0];
    CHECK_FEQ(lr0, 0.1, 1e-12);
    double lr_now = rc->opt.lr;
    press(a, SDLK_UP, 0);
    CHECK_FEQ(rc->spec.opt.p[0], 0.2, 1e-12);
    CHECK_FEQ(rc->opt.lr, 2 * lr_now, 1e-12); /* the live lr by the same factor */
    CHECK_MSG(a->msgs.msg[0], "Adam lr 0.1 \xe2\x86\x92 0.2");
    press(a, SDLK_DOWN, 0);
    press(a, SDLK_DOWN, 0);
    CHECK_FEQ(rc->spec.opt.p[0], 0.05, 1e-12);
    CHECK_MSG(a->msgs.msg[0], "0.1 \xe2\x86\x92 0.05");
    int b1 = rc->opt.kind->beta1, b2 = rc->opt.kind->beta2;
    press(a, SDLK_RIGHTBRACKET, 0);
    CHECK_FEQ(rc->spec.opt.p[b1], 0.95, 1e-12);
    CHECK_FEQ(rc->opt.p[b1], 0.95, 1e-12);
    CHECK_MSG(a->msgs.msg[0], "\xce\xb2\xe2\x82\x81 0.9 \xe2\x86\x92 0.95");
    press(a, SDLK_DOWN, KMOD_LSHIFT); /* Shift+Down: β₁ down */
    press(a, SDLK_LEFTBRACKET, 0);
    CHECK_FEQ(rc->spec.opt.p[b1], 0.8, 1e-12);
    press(a, SDLK_QUOTE, 0);
    CHECK_FEQ(rc->spec.opt.p[b2], 0.9995, 1e-12);
    press(a, SDLK_DOWN, KMOD_LALT);
    CHECK_FEQ(rc->spec.opt.p[b2], 0.999, 1e-12);
    /* a knob an optimizer lacks says so and changes nothing */
    for (int i = 0; i < a->play.race.n; i++)
        if (a->play.race.racer[i].opt.kind->beta2 < 0) {
            press(a, SDLK_1 + i, 0);
            press(a, SDLK_QUOTE, 0);
            CHECK_MSG(a->msgs.msg[0], "has no");
            break;
        }
    /* SGD's nesterov needs momentum: it cannot be turned to 0 */
    for (int i = 0; i < a->play.race.n; i++) {
        const Racer *r = &a->play.race.racer[i];
        if (!strcmp(r->opt.kind->name, "SGD") && r->spec.opt.p[r->opt.kind->beta1] > 0) {
            press(a, SDLK_1 + i, 0);
            for (int k = 0; k < 8; k++)
                press(a, SDLK_LEFTBRACKET, 0);
            CHECK(r->spec.opt.p[r->opt.kind->beta1] > 0);
        }
    }
}

static void test_race_controls(App *a)
{
    press(a, SDLK_SPACE, 0);
    CHECK(a->play.paused);
    long s = a->play.race.step;
    for (int f = 0; f < 5; f++)
        app_frame(a);
    CHECK(a->play.race.step == s);
    press(a, SDLK_n, 0);
    CHECK(a->play.race.step == s + 1);
    CHECK(a->play.paused);
    press(a, SDLK_SPACE, 0);
    CHECK(!a->play.paused);
    double sp = a->play.speed;
    press(a, SDLK_EQUALS, 0);
    CHECK(a->play.speed > sp);
    press(a, SDLK_MINUS, 0);
    CHECK_FEQ(a->play.speed, sp, 1e-12);
    for (int k = 0; k < 6; k++)
        press(a, SDLK_MINUS, 0);
    CHECK_FEQ(a->play.speed, 0.125, 1e-12); /* a step every 8 frames */
    s = a->play.race.step;
    for (int f = 0; f < 16; f++)
        app_frame(a);
    CHECK(a->play.race.step == s + 2);
    press(a, SDLK_r, 0);
    CHECK(a->play.race.step == 0);
    for (int i = 0; i < a->play.race.n; i++) {
        CHECK(a->play.race.racer[i].x[0] == a->play.race.cfg.start[0]);
        CHECK(a->play.race.racer[i].x[1] == a->play.race.cfg.start[1]);
    }
    /* racers: select, on/off, add, remove */
    press(a, SDLK_1, 0);
    press(a, SDLK_TAB, 0);
    CHECK(a->play.selected == 1);
    press(a, SDLK_TAB, KMOD_LSHIFT);
    CHECK(a->play.selected == 0);
    press(a, SDLK_o, 0);
    CHECK(!a->play.race.racer[0].enabled);
    press(a, SDLK_o, 0);
    CHECK(a->play.race.racer[0].enabled);
    int n = a->play.race.n;
    press(a, SDLK_a, 0);
    CHECK(a->picker);
    press(a, SDLK_DOWN, 0);
    press(a, SDLK_RETURN, 0);
    CHECK(!a->picker);
    CHECK(a->play.race.n == n + 1);
    CHECK(a->play.selected == n);
    CHECK(!strcmp(a->play.race.racer[n].spec.text, app_presets[1]));
    snapshot(a); /* the new racer draws */
    press(a, SDLK_DELETE, 0);
    CHECK(a->play.race.n == n);
    press(a, SDLK_a, 0);
    press(a, SDLK_ESCAPE, 0); /* Esc closes the picker, does not quit */
    CHECK(!a->picker && !a->quit && a->play.race.n == n);
}

static void test_mouse(App *a)
{
    snapshot(a);
    /* a click on the field: the start point moves there and the race restarts */
    int x = a->view.w / 2 - 60, y = a->view.h / 2 + 40;
    CHECK(ren_hit(a->ren, (float)x, (float)y) == REN_HIT_NONE);
    mouse(a, SDL_MOUSEBUTTONDOWN, x, y, 0, 0);
    mouse(a, SDL_MOUSEBUTTONUP, x, y, 0, 0);
    CHECK_FEQ(a->play.race.cfg.start[0], view_wx(&a->view, x + 0.5), 1e-12);
    CHECK_FEQ(a->play.race.cfg.start[1], view_wy(&a->view, y + 0.5), 1e-12);
    CHECK(a->play.race.step == 0);
    CHECK(a->play.race.racer[0].x[0] == a->play.race.cfg.start[0]);
    /* the wheel zooms about the cursor: the world point under it stays */
    double wx = view_wx(&a->view, 300), wy = view_wy(&a->view, 200), scale = a->view.scale;
    wheel(a, 300, 200, 2);
    CHECK_FEQ(a->view.scale, scale / (1.15 * 1.15), 1e-9);
    CHECK_FEQ(view_wx(&a->view, 300), wx, 1e-9);
    CHECK_FEQ(view_wy(&a->view, 200), wy, 1e-9);
    /* under the event loop's clock, a run of wheel ticks is a view in motion (coarse grids,
     * the colour scale held) until no tick came for ZOOM_REST_MS; the 3-D view's wheel is not */
    app_tick(a, 1000);
    CHECK(a->zooming && !app_idle(a));
    wheel(a, 300, 200, -2);
    app_tick(a, 1100);
    app_tick(a, 1100 + ZOOM_REST_MS - 1);
    CHECK(a->zooming);
    app_draw(a);
    app_tick(a, 1100 + ZOOM_REST_MS);
    CHECK(!a->zooming);
    wheel(a, 300, 200, 2);
    /* a drag pans: the point grabbed follows the cursor; the start stays */
    double sx0 = a->play.race.cfg.start[0];
    wx = view_wx(&a->view, 400);
    wy = view_wy(&a->view, 300);
    mouse(a, SDL_MOUSEBUTTONDOWN, 400, 300, 0, 0);
    mouse(a, SDL_MOUSEMOTION, 410, 305, 10, 5);
    mouse(a, SDL_MOUSEMOTION, 500, 350, 90, 45);
    mouse(a, SDL_MOUSEBUTTONUP, 500, 350, 0, 0);
    CHECK_FEQ(view_wx(&a->view, 500), wx, 1e-9);
    CHECK_FEQ(view_wy(&a->view, 350), wy, 1e-9);
    CHECK(a->play.race.cfg.start[0] == sx0);
    CHECK(a->fit.touched);
    press(a, SDLK_HOME, 0);
    CHECK(!a->fit.touched);
    /* a click on a legend row selects that racer */
    snapshot(a);
    int found = 0;
    for (int yy = 0; yy < a->view.h / 2 && !found; yy += 2)
        for (int xx = a->view.w / 2; xx < a->view.w && !found; xx += 4)
            if (ren_hit(a->ren, (float)xx, (float)yy) == 2) {
                mouse(a, SDL_MOUSEBUTTONDOWN, xx, yy, 0, 0);
                mouse(a, SDL_MOUSEBUTTONUP, xx, yy, 0, 0);
                found = 1;
            }
    CHECK(found && a->play.selected == 2);
}

static void test_overlays_and_toggles(App *a)
{
    press(a, SDLK_h, 0);
    CHECK(a->help);
    snapshot(a);
    CHECK(ren_hit(a->ren, (float)a->view.w / 2, (float)a->view.h / 2) == REN_HIT_PANEL);
    press(a, SDLK_ESCAPE, 0);
    CHECK(!a->help && !a->quit);
    press(a, SDLK_F1, 0);
    CHECK(a->help);
    press(a, SDLK_F1, 0);
    CHECK(!a->help);
    const struct {
        SDL_Keycode k;
        Uint16 mod;
        unsigned bit;
    } t[] = {{SDLK_t, 0, REN_TRAILS},   {SDLK_c, 0, REN_CONTOURS}, {SDLK_v, 0, REN_ARROWS},
             {SDLK_f, 0, REN_GRADFIELD}, {SDLK_l, 0, REN_PLOT},    {SDLK_u, 0, REN_RULE},
             {SDLK_h, KMOD_LCTRL, REN_HUD}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        unsigned before = a->show & t[i].bit;
        press(a, t[i].k, t[i].mod);
        CHECK((a->show & t[i].bit) != before);
        snapshot(a);
        press(a, t[i].k, t[i].mod);
        CHECK((a->show & t[i].bit) == before);
    }
    /* everything on at once, lecture size, the light theme */
    a->show |= REN_ARROWS | REN_GRADFIELD;
    press(a, SDLK_z, 0);
    CHECK(a->lecture);
    press(a, SDLK_i, 0);
    CHECK(a->light);
    snapshot(a);
    /* the light theme is light: most of a field row is bright */
    int bright = 0, y = a->view.h / 2;
    for (int x = 0; x < a->view.w; x++)
        bright += at(a, x, y)[0] + at(a, x, y)[1] + at(a, x, y)[2] > 3 * 150;
    CHECK(bright > a->view.w / 2);
    press(a, SDLK_z, 0);
    press(a, SDLK_i, 0);
    a->show = REN_DEFAULT;
    press(a, SDLK_EQUALS, KMOD_LCTRL);
    CHECK(a->text_zoom > 1);
    press(a, SDLK_MINUS, KMOD_LCTRL);
    CHECK_FEQ(a->text_zoom, 1, 1e-6);
    /* Esc with nothing open never quits (a clicker sends it); Q does, at once with one scene */
    press(a, SDLK_ESCAPE, 0);
    CHECK(!a->quit);
    press(a, SDLK_q, 0);
    CHECK(a->quit);
}

static void test_surfaces_and_scenes(App *a, int nscenes)
{
    char before[sizeof a->play.surface.name];
    snprintf(before, sizeof before, "%s", a->play.surface.name);
    int n = a->play.race.n;
    press(a, SDLK_s, 0);
    CHECK(strcmp(before, a->play.surface.name) != 0);
    CHECK(a->play.race.n == n); /* the racers come along */
    CHECK(a->play.race.surface == &a->play.surface);
    snapshot(a);
    press(a, SDLK_s, KMOD_LSHIFT);
    /* the same surface, with its default parameters (a scene may have given others) */
    CHECK(!strncmp(before, a->play.surface.name, strcspn(before, "(")));
    if (nscenes > 1) {
        for (int k = 0; k <= a->lesson.scenes[0].nbeats; k++) /* its beats, then the next scene */
            press(a, SDLK_PAGEDOWN, 0);
        CHECK(a->lesson.cur == 1);
        snapshot(a);
        press(a, SDLK_PAGEUP, 0);
        CHECK(a->lesson.cur == 0);
        press(a, SDLK_PAGEUP, 0);
        CHECK(a->lesson.cur == 0);
        CHECK_MSG(a->msgs.msg[0], "first scene");
    }
}

/* The same scene plays the same, frame for frame. */
static void test_determinism(const Scene *sc)
{
    double x[2][RACE_MAX][2] = {{{0}}};
    for (int run = 0; run < 2; run++) {
        App *a = open_app(sc, 1, 640, 360);
        if (!a)
            return;
        for (int f = 0; f < 25; f++)
            app_frame(a);
        for (int i = 0; i < a->play.race.n; i++) {
            x[run][i][0] = a->play.race.racer[i].x[0];
            x[run][i][1] = a->play.race.racer[i].x[1];
        }
        app_destroy(&a);
    }
    CHECK(!memcmp(x[0], x[1], sizeof x[0]));
}

/* Every shipped scene opens and draws without a GL error. */
static int test_shipped_scenes(Scene **out)
{
    static Scene scenes[32];
    int n = shipped_scenes(scenes, 32);
    CHECK(n >= 2);
    App *a = open_app(scenes, n, 640, 360);
    if (!a)
        return 0;
    for (int i = 0; i < n; i++) {
        CHECK(app_open_scene(a, i) == 0);
        for (int f = 0; f < 10; f++)
            app_frame(a);
        snapshot(a);
    }
    app_destroy(&a);
    *out = scenes;
    return n;
}

static void test_shader_error(void)
{
    Err err = {0};
    GLuint p = shader_build("t.vert", "#version 330 core\nvoid main() { gl_Position = vec4(0); }\n",
                            "broken.frag", "#version 330 core\nvoid main() { nonsense; }\n", &err);
    CHECK(p == 0);
    CHECK_MSG(err.msg, "broken.frag");
    CHECK_MSG(err.msg, "does not compile");
}

/* ---- the teaching instruments ------------------------------------------------------------ */

static void type_text(App *a, const char *s)
{
    SDL_Event e = {.type = SDL_TEXTINPUT};
    snprintf(e.text.text, sizeof e.text.text, "%s", s);
    app_handle_event(a, &e);
}

static int members(const App *a, int group)
{
    int n = 0;
    for (int i = 0; i < a->play.race.n; i++)
        n += a->play.race.racer[i].group == group;
    return n;
}

/* W: the selected racer becomes a fan of five over lr (÷10 … ×10), graded from one hue;
 * W again on a member: a fan over β₂. */
static void test_fan_key(const Scene *def)
{
    App *a = open_app(def, 1, 640, 360);
    if (!a)
        return;
    int n0 = a->play.race.n, sel = a->play.selected;
    CHECK(sel >= 0 && a->play.race.racer[sel].opt.kind->beta2 >= 0); /* Adam */
    double lr = a->play.race.racer[sel].spec.opt.p[0];
    press(a, SDLK_w, 0);
    CHECK(a->play.race.n == n0 + 4);
    int g = a->play.race.racer[a->play.selected].group;
    CHECK(g > 0 && members(a, g) == 5);
    CHECK(a->play.race.step == 0);
    double lo = INFINITY, hi = 0;
    int k = 0, first = -1;
    const Theme *th = theme_get(0);
    Rgba prev = {0};
    for (int i = 0; i < a->play.race.n; i++) {
        if (a->play.race.racer[i].group != g)
            continue;
        double v = a->play.race.racer[i].spec.opt.p[0];
        lo = fmin(lo, v);
        hi = fmax(hi, v);
        Rgba c = theme_racer_in(th, &a->play.race, i);
        if (first >= 0) /* light → dark in member order */
            CHECK(c.r + c.g + c.b < prev.r + prev.g + prev.b);
        else
            first = i;
        prev = c;
        k++;
    }
    CHECK(k == 5);
    CHECK_FEQ(lo, lr / 10, 0.05);
    CHECK_FEQ(hi, lr * 10, 0.05);
    CHECK(strstr(a->msgs.msg[0], "fan of Adam") != NULL);
    snapshot(a);
    /* the middle member is drawn in its graded colour where the core says it is */
    for (int f = 0; f < 30; f++)
        app_frame(a);
    snapshot(a);
    press(a, SDLK_w, 0); /* again, on a member: β₂ */
    g = a->play.race.racer[a->play.selected].group;
    CHECK(g > 0 && members(a, g) == 3);
    CHECK(a->play.race.n == n0 + 2);
    int b2 = a->play.race.racer[a->play.selected].opt.kind->beta2, seen = 0;
    for (int i = 0; i < a->play.race.n; i++)
        if (a->play.race.racer[i].group == g) {
            double v = a->play.race.racer[i].spec.opt.p[b2];
            seen |= (fabs(v - 0.9) < 1e-12) << 0 | (fabs(v - 0.99) < 1e-12) << 1 |
                    (fabs(v - 0.999) < 1e-12) << 2;
        }
    CHECK(seen == 7);
    snapshot(a);
    app_destroy(&a);
}

static int count_diff(const unsigned char *p, const unsigned char *q, size_t n)
{
    int d = 0;
    for (size_t i = 0; i < n; i += 4)
        d += abs(p[i] - q[i]) + abs(p[i + 1] - q[i + 1]) + abs(p[i + 2] - q[i + 2]) > 24;
    return d;
}

/* After a knob change, the run before it stays as a faint ghost. */
static void test_ghost(const Scene *def)
{
    App *a = open_app(def, 1, 640, 360);
    if (!a)
        return;
    for (int f = 0; f < 80; f++)
        app_frame(a);
    CHECK(a->inst.nghost == 0);
    press(a, SDLK_UP, 0); /* lr up: a knob change */
    CHECK(a->inst.nghost == a->play.race.n);
    CHECK(a->inst.ghost_n[a->play.selected] > 10);
    press(a, SDLK_r, 0); /* the new run from the start: the ghost is the old one's */
    for (int f = 0; f < 5; f++)
        app_frame(a);
    size_t bytes = (size_t)a->view.w * a->view.h * 4;
    unsigned char *with = malloc(bytes);
    snapshot(a);
    memcpy(with, px, bytes);
    int nghost = a->inst.nghost;
    a->inst.nghost = 0;
    a->inst.ghost_version++;
    snapshot(a);
    int d = count_diff(with, px, bytes);
    CHECK(d > 200);
    /* and they lie along the old trail */
    a->inst.nghost = nghost;
    const Sample *s = &a->inst.ghost[a->play.selected][a->inst.ghost_n[a->play.selected] / 2];
    int sx = (int)view_sx(&a->view, s->x), sy = (int)view_sy(&a->view, s->y), near = 0;
    for (int y = sy - 3; y <= sy + 3; y++)
        for (int x = sx - 3; x <= sx + 3; x++)
            if (x >= 0 && y >= 0 && x < a->view.w && y < a->view.h) {
                size_t o = ((size_t)y * a->view.w + x) * 4;
                near |= count_diff(with + o, px + o, 4);
            }
    CHECK(near);
    free(with);
    app_destroy(&a);
}

/* ← → step the race back and forth exactly: the same as a fresh run to that step. */
static void test_timeline(const Scene *def)
{
    App *a = open_app(def, 1, 640, 360);
    if (!a)
        return;
    for (int f = 0; f < 60; f++)
        app_frame(a);
    long s = a->play.race.step;
    CHECK(s >= 60);
    press(a, SDLK_LEFT, 0);
    CHECK(a->play.paused && a->play.race.step == s - 1);
    press(a, SDLK_LEFT, 0);
    press(a, SDLK_LEFT, 0);
    CHECK(a->play.race.step == s - 3);
    /* a fresh race to s − 3 */
    Surface surf;
    Race fresh;
    Err err = {0};
    CHECK(scene_build(def, &surf, &fresh, &err) == 0);
    fresh.surface = &surf;
    race_step(&fresh, (int)(s - 3));
    CHECK(fresh.n == a->play.race.n);
    for (int i = 0; i < fresh.n; i++)
        CHECK(!memcmp(fresh.racer[i].x, a->play.race.racer[i].x, sizeof fresh.racer[i].x));
    press(a, SDLK_RIGHT, 0);
    press(a, SDLK_RIGHT, 0);
    press(a, SDLK_RIGHT, 0);
    CHECK(a->play.race.step == s);
    race_step(&fresh, 3);
    for (int i = 0; i < fresh.n; i++)
        CHECK(!memcmp(fresh.racer[i].x, a->play.race.racer[i].x, sizeof fresh.racer[i].x));
    press(a, SDLK_LEFT, KMOD_LSHIFT); /* at least 50 back */
    CHECK(a->play.race.step == (s > 50 ? s - 50 : 0));
    CHECK(a->play.timeline_end == s);
    snapshot(a);
    /* the bar: accent-coloured pixels along the bottom edge, up to the position */
    const Theme *th = theme_get(0);
    int bar = 0;
    for (int x = 0; x < a->view.w / 20; x++)
        bar += near_colour(at(a, x, a->view.h - 1), th->accent, 30);
    CHECK(bar > a->view.w / 40);
    CHECK(!near_colour(at(a, a->view.w - 2, a->view.h - 1), th->accent, 30));
    race_deinit(&fresh);
    surface_deinit(&surf);
    app_destroy(&a);
}

/* M: the basin map of a convex surface is one class everywhere. */
static void test_basin_map(void)
{
    Scene sc;
    Err err = {0};
    CHECK(scene_parse(&sc, "quad", "[scene]\nsurface = x^2 + 3*y^2\nsteps = 300\n[racers]\n"
                                   "opt = SGD(lr=0.1)\n", &err) == 0);
    App *a = open_app(&sc, 1, 640, 360);
    if (!a)
        return;
    press(a, SDLK_m, 0);
    CHECK(a->inst.basin_on);
    app_draw(a);
    CHECK(a->inst.basin != NULL);
    swarm_basin_wait(a->inst.basin);
    swarm_basin_poll(a->inst.basin);
    CHECK(a->inst.basin->complete);
    int n = a->inst.basin->w * a->inst.basin->h, same = 0;
    CHECK(a->inst.basin->w == (a->view.w + 2) / 3 && a->inst.basin->h == (a->view.h + 2) / 3); /* 3-px cells */
    for (int i = 0; i < n; i++)
        same += a->inst.basin->cls[i] == a->inst.basin->cls[0];
    CHECK(same == n);
    CHECK(a->inst.basin->cls[0] >= 0);
    size_t bytes = (size_t)a->view.w * a->view.h * 4;
    unsigned char *on = malloc(bytes);
    app_draw(a); /* the first frames may move the view (the layout settles): the map follows */
    if (a->inst.basin) {
        swarm_basin_wait(a->inst.basin);
        swarm_basin_poll(a->inst.basin);
    }
    snapshot(a);
    memcpy(on, px, bytes);
    /* a view change remakes it */
    const void *old = a->inst.basin;
    wheel(a, 320, 180, 1);
    app_draw(a);
    CHECK(a->inst.basin != NULL);
    (void)old;
    press(a, SDLK_m, 0);
    CHECK(!a->inst.basin_on && a->inst.basin == NULL);
    wheel(a, 320, 180, -1);
    snapshot(a);
    /* tinted all over, where no panel covers the plane */
    int open = 0, tinted = 0;
    for (int y = 0; y < a->view.h; y += 2)
        for (int x = 0; x < a->view.w; x += 2) {
            if (ren_hit(a->ren, (float)x, (float)y) != REN_HIT_NONE)
                continue;
            size_t k = ((size_t)y * a->view.w + x) * 4;
            open++;
            tinted += count_diff(on + k, px + k, 4);
        }
    CHECK(open > 1000 && tinted > open / 2);
    if (!(tinted > open / 2))
        fprintf(stderr, "basin map: %d of %d open pixels tinted\n", tinted, open);
    free(on);
    app_destroy(&a);
}

/* J: every racer's lr tuned on this surface and start; the race restarts. */
static void test_fair_start(const Scene *def)
{
    App *a = open_app(def, 1, 640, 360);
    if (!a)
        return;
    for (int f = 0; f < 20; f++)
        app_frame(a);
    double lr[RACE_MAX];
    for (int i = 0; i < a->play.race.n; i++)
        lr[i] = a->play.race.racer[i].spec.opt.p[0];
    press(a, SDLK_j, 0);
    CHECK(a->play.race.step == 0);
    int changed = 0;
    for (int i = 0; i < a->play.race.n; i++)
        changed += a->play.race.racer[i].spec.opt.p[0] != lr[i];
    CHECK(changed >= 1);
    CHECK(!strncmp(a->msgs.msg[0], "fair lr: ", 9));
    CHECK(strstr(a->msgs.msg[0], a->play.race.racer[0].opt.kind->name) != NULL);
    snapshot(a);
    app_destroy(&a);
}

/* E: a function typed in the window; an error keeps the field open with its column. */
static void test_custom_function(const Scene *def)
{
    App *a = open_app(def, 1, 640, 360);
    if (!a)
        return;
    char before[1024];
    snprintf(before, sizeof before, "%s", a->play.surface.name);
    press(a, SDLK_e, 0);
    CHECK(a->edit.what);
    type_text(a, "e"); /* the E that opened it */
    CHECK(!strcmp(a->edit.buf, before));
    press(a, SDLK_u, KMOD_LCTRL);
    CHECK(a->edit.buf[0] == 0);
    type_text(a, "x^2 + * y");
    press(a, SDLK_q, 0); /* keys go to the field, not to the app */
    CHECK(!a->quit);
    press(a, SDLK_RETURN, 0);
    CHECK(a->edit.what && a->edit.err[0] && a->edit.col >= 5 && a->edit.col <= 7);
    CHECK(!strcmp(a->play.surface.name, before));
    snapshot(a);
    press(a, SDLK_ESCAPE, 0);
    CHECK(!a->edit.what && !a->quit);
    press(a, SDLK_e, 0);
    press(a, SDLK_u, KMOD_LCTRL);
    type_text(a, "x^2 + 3*y^2");
    press(a, SDLK_BACKSPACE, 0);
    type_text(a, "2");
    press(a, SDLK_RETURN, 0);
    CHECK(!a->edit.what);
    CHECK(strcmp(a->play.surface.name, before) != 0);
    double g[2];
    CHECK_FEQ(surface_eval(&a->play.surface, 1, 1, g), 4.0, 1e-12);
    CHECK(a->play.race.step == 0 && a->play.race.n > 0);
    for (int f = 0; f < 10; f++)
        app_frame(a);
    CHECK(a->play.race.step > 0);
    snapshot(a);
    app_destroy(&a);
}

/* The E field full (issue 9): more input is refused and said, not dropped unsaid, and the
 * text is drawn inside its panel, scrolled to the caret (it ran past the panel and the
 * window). */
static void test_full_field(const Scene *def)
{
    App *a = open_app(def, 1, W, H);
    if (!a)
        return;
    a->play.paused = 1;
    press(a, SDLK_e, 0);
    type_text(a, "e");
    press(a, SDLK_u, KMOD_LCTRL);
    type_text(a, "x^2");
    snapshot(a);
    enum { STRIP = 60 }; /* the window's right edge, right of the panel */
    unsigned char *before = malloc((size_t)STRIP * H * 4);
    for (int y = 0; y < H; y++)
        memcpy(before + (size_t)y * STRIP * 4, at(a, W - STRIP, y), STRIP * 4);
    for (int i = 0; i < 600; i++)
        type_text(a, " + y");
    CHECK(strlen(a->edit.buf) == sizeof a->edit.buf - 1 - (sizeof a->edit.buf - 1 - 3) % 4);
    CHECK_MSG(a->edit.err, "the field is full (at most 1023 bytes)");
    snapshot(a);
    int spilled = 0;
    for (int y = 0; y < H; y++)
        spilled += count_diff(before + (size_t)y * STRIP * 4, at(a, W - STRIP, y), STRIP * 4) > 0;
    CHECK(spilled == 0);
    /* the caret at the start: the start is shown, the caret still inside the panel */
    press(a, SDLK_HOME, 0);
    snapshot(a);
    spilled = 0;
    for (int y = 0; y < H; y++)
        spilled += count_diff(before + (size_t)y * STRIP * 4, at(a, W - STRIP, y), STRIP * 4) > 0;
    CHECK(spilled == 0);
    press(a, SDLK_BACKSPACE, KMOD_NONE); /* room again: typing is taken */
    press(a, SDLK_END, 0);
    press(a, SDLK_BACKSPACE, 0);
    type_text(a, "1");
    CHECK(a->edit.err[0] == 0 && a->edit.buf[strlen(a->edit.buf) - 1] == '1');
    free(before);
    app_destroy(&a);
}

/* A, then the picker's last row: a typed spec, errors at their column; X: the selected
 * racer's schedule typed, replaced, removed. */
/* type_text in pieces that fit SDL's text event (32 bytes) */
static void type_long(App *a, const char *s)
{
    char piece[16];
    for (size_t i = 0; i < strlen(s); i += sizeof piece - 1) {
        snprintf(piece, sizeof piece, "%s", s + i);
        type_text(a, piece);
    }
}

static void test_typed_specs(const Scene *def)
{
    App *a = open_app(def, 1, 640, 360);
    if (!a)
        return;
    int n = a->play.race.n;
    press(a, SDLK_a, 0);
    for (int i = 0; i < app_preset_count - 1; i++)
        press(a, SDLK_DOWN, 0);
    press(a, SDLK_RETURN, 0);
    CHECK(!a->picker && a->edit.what == 2);
    press(a, SDLK_u, KMOD_LCTRL);
    type_long(a, "LBFGS(lr=1, line_search_fn='wolfe')");
    press(a, SDLK_RETURN, 0);
    CHECK(a->edit.what == 2 && a->edit.col == 28 && a->play.race.n == n);
    CHECK_MSG(a->edit.err, "line_search_fn must be one of");
    press(a, SDLK_u, KMOD_LCTRL);
    type_long(a, "LBFGS(lr=1, line_search_fn='strong_wolfe')");
    press(a, SDLK_RETURN, 0);
    CHECK(!a->edit.what && a->play.race.n == n + 1 && a->play.selected == n);
    CHECK(!strcmp(a->play.race.racer[n].spec.opt.kind->name, "LBFGS"));
    /* X: attach a chain, a typo named at its column in the field, then remove it */
    press(a, SDLK_x, 0);
    CHECK(a->edit.what == 3);
    type_text(a, "x");
    CHECK(a->edit.buf[0] == 0); /* LBFGS had no schedule; the opening X is not typed */
    type_long(a, "StepLR(step_size=3) | ExponentialLR(gama=0.9)");
    press(a, SDLK_RETURN, 0);
    CHECK(a->edit.what == 3 && a->edit.col == 37);
    CHECK_MSG(a->edit.err, "no keyword 'gama'");
    press(a, SDLK_u, KMOD_LCTRL);
    type_long(a, "StepLR(step_size=3) | ExponentialLR(gamma=0.9)");
    press(a, SDLK_RETURN, 0);
    CHECK(!a->edit.what && a->play.race.racer[n].spec.sched.kind &&
          !strcmp(a->play.race.racer[n].spec.sched.kind->name, "ChainedScheduler"));
    press(a, SDLK_x, 0);
    type_text(a, "x");
    CHECK_MSG(a->edit.buf, "ChainedScheduler(schedulers=[StepLR(");
    press(a, SDLK_u, KMOD_LCTRL);
    press(a, SDLK_RETURN, 0);
    CHECK(!a->edit.what && !a->play.race.racer[n].spec.sched.kind);
    for (int f = 0; f < 5; f++)
        app_frame(a);
    CHECK(a->play.race.racer[n].opt.st.evals > a->play.race.racer[n].steps);
    snapshot(a);
    app_destroy(&a);
}

/* K: the lr × β map of the selected racer in a side panel; a click on a cell loads its
 * setting into the racer. */
static void test_hpmap(const Scene *def)
{
    App *a = open_app(def, 1, 640, 360);
    if (!a)
        return;
    a->wait_field = 1; /* the whole map in one frame */
    snapshot(a);
    size_t bytes = (size_t)a->view.w * a->view.h * 4;
    unsigned char *off = malloc(bytes);
    memcpy(off, px, bytes);
    press(a, SDLK_k, 0);
    CHECK(a->inst.hpmap_on);
    snapshot(a);
    CHECK(a->inst.hpmap != NULL && a->inst.hpmap->complete);
    CHECK(glGetError() == GL_NO_ERROR);
    int i0, j0;
    /* the panel: find its cells by probing the right half */
    int found = 0, fx = 0, fy = 0;
    for (int y = 0; y < a->view.h && !found; y += 2)
        for (int x = a->view.w / 2; x < a->view.w && !found; x += 2)
            if (ren_hpmap_hit(a->ren, (float)x, (float)y, &i0, &j0)) {
                found = 1;
                fx = x;
                fy = y;
            }
    CHECK(found);
    if (found) {
        /* the cells' pixels vary, and differ from the frame without the panel */
        int lo = 255 * 3, hi = 0, diff = 0;
        for (int y = fy + 2; y < fy + 60 && y < a->view.h; y += 3)
            for (int x = fx + 2; x < fx + 60 && x < a->view.w; x += 3) {
                const unsigned char *p = at(a, x, y);
                int v = p[0] + p[1] + p[2];
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
                const unsigned char *q = off + ((size_t)y * a->view.w + x) * 4;
                diff += abs(p[0] - q[0]) + abs(p[1] - q[1]) + abs(p[2] - q[2]) > 30;
            }
        CHECK(hi - lo > 40);
        CHECK(diff > 20);
        /* a click on a cell: the racer gets that cell's lr and β, and the race restarts */
        int cx = fx + 25, cy = fy + 25, i, j;
        CHECK(ren_hpmap_hit(a->ren, (float)cx, (float)cy, &i, &j));
        Spec want;
        swarm_hpmap_spec(a->inst.hpmap, i, j, &want);
        int slot = a->inst.hpmap->slot, sel = a->play.selected;
        CHECK(slot >= 0);
        for (int f = 0; f < 5; f++)
            app_frame(a);
        mouse(a, SDL_MOUSEBUTTONDOWN, cx, cy, 0, 0);
        mouse(a, SDL_MOUSEBUTTONUP, cx, cy, 0, 0);
        CHECK(a->play.selected == sel);
        /* the cell's values rounded to the knobs' steps (tests/test_instruments.c checks them) */
        CHECK(fabs(log(a->play.race.racer[sel].spec.opt.p[0] / want.opt.p[0])) < log(2.6));
        CHECK(fabs(a->play.race.racer[sel].spec.opt.p[slot] - want.opt.p[slot]) <=
              0.6 * (1 - fmin(a->play.race.racer[sel].spec.opt.p[slot], want.opt.p[slot])) + 1e-12);
        CHECK(a->play.race.step == 0);
        CHECK(strstr(a->msgs.msg[0], " lr ") != NULL && strstr(a->msgs.msg[0], "\xe2\x86\x92") != NULL);
        /* the knobs changed within the map: its axes stay put */
        double lr0 = a->inst.hpmap->lr[0];
        snapshot(a);
        CHECK(a->inst.hpmap != NULL && a->inst.hpmap->lr[0] == lr0);
    }
    press(a, SDLK_k, 0);
    CHECK(!a->inst.hpmap_on && a->inst.hpmap == NULL);
    free(off);
    app_destroy(&a);
}

static void test_instruments(const Scene *def)
{
    test_fan_key(def);
    test_ghost(def);
    test_timeline(def);
    test_basin_map();
    test_fair_start(def);
    test_custom_function(def);
    test_typed_specs(def);
    test_hpmap(def);
}

/* D: the 3-D view — a different picture, a drag orbits it (and moves no start point), the
 * wheel zooms it; D again gives the 2-D frame back exactly. */
static void test_view3d(const Scene *def)
{
    App *a = open_app(def, 1, 640, 360);
    if (!a)
        return;
    for (int f = 0; f < 40; f++)
        app_frame(a);
    a->play.paused = 1;
    /* trails off and on: the base layer is drawn whole, as it is after the 3-D view (drawn
     * piece by piece it differs by a few edge pixels, see test_trails_by_pieces) */
    press(a, SDLK_t, 0);
    app_draw(a);
    press(a, SDLK_t, 0);
    for (int i = 0; i < REN_MSGS; i++)
        a->msgs.msg[i][0] = 0;
    size_t bytes = (size_t)a->view.w * a->view.h * 4;
    unsigned char *flat = malloc(bytes), *relief = malloc(bytes);
    snapshot(a);
    memcpy(flat, px, bytes);
    press(a, SDLK_d, 0);
    CHECK(a->cam3d.on == 1);
    for (int i = 0; i < REN_MSGS; i++)
        a->msgs.msg[i][0] = 0;
    snapshot(a);
    CHECK(glGetError() == GL_NO_ERROR);
    CHECK(count_diff(flat, px, bytes) > 2000);
    memcpy(relief, px, bytes);
    /* a drag in the middle of the picture orbits the camera */
    double sx = a->play.race.cfg.start[0], sy = a->play.race.cfg.start[1];
    float yaw = a->cam3d.yaw, pitch = a->cam3d.pitch;
    mouse(a, SDL_MOUSEBUTTONDOWN, 320, 200, 0, 0);
    mouse(a, SDL_MOUSEMOTION, 340, 210, 20, 10);
    mouse(a, SDL_MOUSEMOTION, 380, 215, 40, 5);
    mouse(a, SDL_MOUSEBUTTONUP, 380, 215, 0, 0);
    CHECK(a->cam3d.yaw != yaw && a->cam3d.pitch != pitch);
    snapshot(a);
    CHECK(count_diff(relief, px, bytes) > 2000);
    /* a click does not move the start point */
    mouse(a, SDL_MOUSEBUTTONDOWN, 300, 250, 0, 0);
    mouse(a, SDL_MOUSEBUTTONUP, 300, 250, 0, 0);
    CHECK(a->play.race.cfg.start[0] == sx && a->play.race.cfg.start[1] == sy);
    /* the wheel moves the camera, not the plane's view */
    View before = a->view;
    float dist = a->cam3d.dist;
    wheel(a, 320, 180, 2);
    CHECK(a->cam3d.dist < dist);
    CHECK(memcmp(&before, &a->view, sizeof before) == 0);
    memcpy(relief, px, bytes);
    snapshot(a);
    CHECK(count_diff(relief, px, bytes) > 500);
    /* back to the plane: the same frame as before */
    press(a, SDLK_d, 0);
    CHECK(a->cam3d.on == 0);
    for (int i = 0; i < REN_MSGS; i++)
        a->msgs.msg[i][0] = 0;
    snapshot(a);
    int back = count_diff(flat, px, bytes);
    if (back)
        fprintf(stderr, "2-D frame after D D: %d pixels differ\n", back);
    CHECK(back == 0);
    free(flat);
    free(relief);
    app_destroy(&a);
}

/* A caption of three short lines and a word longer than a HUD line, with more after it: the
 * fourth line ends with "…" inside its 256 bytes (it once had " …" appended past them, and
 * fit copied a buffer onto itself). Set directly: inih's line limit must not be the guard. */
static void test_long_caption(const Scene *def)
{
    Scene sc = *def;
    char *c = sc.caption;
    size_t n = (size_t)snprintf(c, sizeof sc.caption, "one\ntwo\nthree\n");
    memset(c + n, 'W', 300);
    snprintf(c + n + 300, sizeof sc.caption - n - 300, " and more words after it");
    memset(sc.title, 'T', sizeof sc.title - 1);
    sc.title[sizeof sc.title - 1] = 0;
    App *a = open_app(&sc, 1, W, H);
    CHECK(a != NULL);
    if (!a)
        return;
    snapshot(a); /* the overflow it guards against: the sanitizer build reports it */
    CHECK(a->view.w == W);
    app_destroy(&a);
}

int main(void)
{
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 0);
    px = malloc((size_t)W * H * 4);
    Scene def;
    scene_default(&def);
    App *a = open_app(&def, 1, W, H);
    if (!a) {
        fprintf(stderr, "no OpenGL 3.3 context here: skipped\n");
        free(px);
        return 77;
    }
    CHECK(a->view.w == W && a->view.h == H);
    test_racers_where_the_core_says(a);
    test_trails_by_pieces(a);
    test_contours(a);
    test_legend_text(a);
    test_knobs(a);
    test_race_controls(a);
    test_mouse(a);
    test_shader_error();
    test_overlays_and_toggles(a);
    app_destroy(&a);
    test_determinism(&def);
    test_instruments(&def);
    test_view3d(&def);
    test_long_caption(&def);
    test_full_field(&def);
    Scene *scenes = NULL;
    int n = test_shipped_scenes(&scenes);
    if (n >= 2) {
        a = open_app(scenes, 2, W, H);
        if (a) {
            test_surfaces_and_scenes(a, 2);
            app_destroy(&a);
        }
    }
    free(px);
    return check_done();
}
