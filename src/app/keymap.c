/* keymap.c — input to actions: every key and mouse gesture of the window, and the help rows
 * that list them (the same table goes into the README). Each change says what it did in a
 * short message. Knobs move in log steps on 1-2-5 sequences (lr 0.01 → 0.02 → 0.05; β 0.9 →
 * 0.95 → 0.98 → 0.99), so the numbers stay ones a lecturer can say. */
#include "app.h"
#include "knob.h"
#include "savestate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The page in a browser: the browser owns Ctrl+H, Ctrl+=/−, F11 and closing; web.c maps the
 * page's own keys, and the help says those. */
#ifdef __EMSCRIPTEN__
#define KEY_HUD "Alt+H"
#define KEY_TEXT "Alt+=  Alt+\xe2\x88\x92"
#define KEY_FULL "Alt+Enter"
#define KEY_REC "G\trecord a GIF (a download); again: stop"
#define KEY_QUIT "Q\tnothing quits the page (close its tab)"
#else
#define KEY_HUD "Ctrl+H"
#define KEY_TEXT "Ctrl+=  Ctrl+\xe2\x88\x92"
#define KEY_FULL "F11"
#define KEY_REC "G, Shift+G\trecord a GIF / an MP4 video; again: stop"
#define KEY_QUIT "Q, Ctrl+Q\tquit (a playlist asks: Q again)"
#endif

const char *const app_help_rows[] = {
    "#Racers",
    "1 \xe2\x80\x93 9, Tab\tselect a racer (Shift+Tab: back)",
    "\xe2\x86\x91 \xe2\x86\x93\tlearning rate up / down (1-2-5 steps)",
    "] [   Shift+\xe2\x86\x91 \xe2\x86\x93\t\xce\xb2\xe2\x82\x81 / momentum / \xcf\x81 up / down",
    "' ;   Alt+\xe2\x86\x91 \xe2\x86\x93\t\xce\xb2\xe2\x82\x82 / alpha up / down",
    "O\tselected racer on / off",
    "W, Shift+W\tfan: sweep the racer's lr (Shift: \xce\xb2\xe2\x82\x82)",
    "J\tfair start: tune every racer's lr here",
    "A\tadd a racer (picker: every optimizer, or type a spec)",
    "X\tselected racer's schedule: type one (Opt | A | B chains), empty removes",
    "Delete, Backspace\tremove the selected racer",
    "#Race",
    "Space\tstart / pause; at the finish: run on",
    "N\tone step (pauses)",
    "Y\tselected racer's next update in sub-steps (Y: next, Esc: leave)",
    "\xe2\x86\x90 \xe2\x86\x92\ttimeline: a step back / forward (pauses)",
    "Shift+\xe2\x86\x90 \xe2\x86\x92\ttimeline: 10% back / forward",
    "\xe2\x88\x92  =\tslower / faster (steps per frame)",
    "R\trestart",
    "click\tnew start point (restarts)",
    "S, Shift+S\tnext / previous surface",
    "E\ttype a function f(x, y) (opens selected; Ctrl+A E U K W as in a shell)",
    "Page Down, Page Up\tnext beat (then scene) / back one",
    "#Presenting (clicker keys)",
    "F5, Shift+F5\tpresent from scene 1 / this scene",
    ".  B\tblack screen (any key returns)",
    "Esc\tclose an overlay, else leave full screen",
    "#View",
    "drag, wheel\tpan, zoom about the cursor",
    "D\t3-D view (drag orbits, wheel zooms)",
    "Shift+D\t3-D height: the loss itself / log(loss \xe2\x88\x92 f*)",
    "Home, 0\treset the view",
    "T  C  V  F\ttrails, contours, arrows, gradient field",
    "L  U\tloss plot (and \xce\xb7(t) with a schedule), update rule",
    "M\tbasin map: where each start point ends",
    "K\tlr \xc3\x97 \xce\xb2 map (a click loads the setting)",
    KEY_HUD "\tall text and panels",
    KEY_REC,
    "P\tsave a PNG screenshot",
    "Ctrl+S\tsave the race as a scene file",
    "Ctrl+C\tcopy the selected racer's spec",
    "Z\tlecture size text",
    KEY_TEXT "\tlarger / smaller text",
    "I\tlight / dark theme",
    KEY_FULL "\tfull screen",
    "H, F1\tthis help",
    KEY_QUIT,
};
const int app_help_count = (int)(sizeof app_help_rows / sizeof app_help_rows[0]);

/* What the picker offers: one of each family, with a learning rate that moves on the
 * standard surfaces (the arrows tune it from there). */
const char *const app_presets[] = {
    "SGD(lr=0.01)",
    "SGD(lr=0.01, momentum=0.9)",
    "SGD(lr=0.01, momentum=0.9, nesterov=True)",
    "Adagrad(lr=0.5)",
    "RMSprop(lr=0.01)",
    "Adadelta(lr=1.0)",
    "Adam(lr=0.05)",
    "AdamW(lr=0.05, weight_decay=0.01)",
    "NAdam(lr=0.05)",
    "RAdam(lr=0.05)",
    "Adamax(lr=0.05)",
    "Lion(lr=0.01)",
    "Rprop(lr=0.01)",
    "Adam(lr=0.05, amsgrad=True)",
    "SGDM(lr=0.01, beta=0.9)",
    "AdaBound(lr=0.01, final_lr=0.1)",
    "SWATS(lr=0.05)",
    "ASGD(lr=0.01)",
    "LBFGS(lr=1)",
    "LBFGS(lr=1, line_search_fn='strong_wolfe')",
    "Lookahead(Adam(lr=0.05), k=5, alpha=0.5)",
    "type a spec\xe2\x80\xa6", /* the last: opens the text field */
};
const int app_preset_count = (int)(sizeof app_presets / sizeof app_presets[0]);

static const double speeds[] = {0.125, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
enum { NSPEEDS = sizeof speeds / sizeof speeds[0] };

static const char *racer_name(const App *a, int i)
{
    return a->play.race.racer[i].opt.kind->name;
}

/* Sets a knob of the selected racer after checking it as the spec parser would. */
static void set_knob(App *a, int slot, double v, const char *what, double old)
{
    Racer *rc = &a->play.race.racer[a->play.selected];
    const OptimKind *k = rc->opt.kind;
    if (k->check) {
        double p[OPTIM_MAXP];
        memcpy(p, rc->spec.opt.p, sizeof p);
        p[slot] = v;
        Err err = {0};
        if (k->check(p, &err) < 0) {
            app_message(a, "%s: %s", k->name, err.msg);
            return;
        }
    }
    inst_ghost_take(&a->inst, &a->play); /* the run before the change stays as a faint ghost */
    race_set_param(&a->play.race, a->play.selected, slot, v);
    play_knob_turned(&a->play);
    app_message(a, "%s %s %g \xe2\x86\x92 %g", k->name, what, old, v);
}

static void lr_step(App *a, int dir)
{
    if (!play_has_racer(&a->play, &a->msgs))
        return;
    const Racer *rc = &a->play.race.racer[a->play.selected];
    double old = rc->spec.opt.p[0], v = knob_step(old, dir);
    int second;
    const OptimKind *k = rc->opt.kind;
    const ParamDef *d = param_at_slot(k->params, k->nparams, 0, &second);
    if (!(v > 0) || !isfinite(v) || v > 1e4 || v < 1e-8 || (d && !param_in_range(d, v))) {
        app_message(a, "%s lr stays %g", racer_name(a, a->play.selected), old);
        return;
    }
    set_knob(a, 0, v, "lr", old);
}

/* β-like knobs: steps in log(1 − β) when the range is within [0, 1], else in log(value). */
static void beta_step(App *a, int which, int dir)
{
    if (!play_has_racer(&a->play, &a->msgs))
        return;
    const Racer *rc = &a->play.race.racer[a->play.selected];
    const OptimKind *k = rc->opt.kind;
    int slot = which == 1 ? k->beta1 : k->beta2;
    if (slot < 0) {
        app_message(a, "%s has no %s knob", k->name, which == 1 ? "first \xce\xb2-like" : "second \xce\xb2-like");
        return;
    }
    int second = 0;
    const ParamDef *d = param_at_slot(k->params, k->nparams, slot, &second);
    char name[32];
    knob_name(k, slot, name, sizeof name);
    double old = rc->spec.opt.p[slot], v;
    int unit = d && d->lo >= 0 && d->hi <= 1 && d->hi > d->lo;
    if (unit) {
        double q = 1 - old; /* 1 − β on the 1-2-5 sequence, capped at 1 (β = 0) */
        double nq = q <= 0 ? (dir > 0 ? 0 : 1e-4) : knob_step(q, -dir);
        if (nq > 1)
            nq = 1;
        v = nq >= 1 ? 0 : 1 - nq;
        if (dir < 0 && old <= 0)
            v = -1; /* nothing below 0 */
        if (dir > 0 && nq < 1e-4)
            v = -1;
    } else {
        v = old > 0 ? knob_step(old, dir) : -1;
    }
    if (v < 0 || !isfinite(v) || (d && !param_in_range(d, v))) {
        app_message(a, "%s %s stays %g", k->name, name, old);
        return;
    }
    set_knob(a, slot, v, name, old);
}

static void select_racer(App *a, int i)
{
    if (i < 0 || i >= a->play.race.n) {
        app_message(a, "there is no racer %d", i + 1);
        return;
    }
    a->play.selected = i;
    char label[300];
    spec_label(&a->play.race.racer[i].spec, label, sizeof label);
    app_message(a, "racer %d: %s", i + 1, label);
}

static void add_racer(App *a, int preset)
{
    Spec spec;
    Err err = {0};
    if (spec_parse(&spec, app_presets[preset], &err) < 0) {
        app_message(a, "%s: %s", app_presets[preset], err.msg);
        return;
    }
    int i = race_add(&a->play.race, &spec, &err);
    if (i < 0) {
        app_message(a, "cannot add a racer: %s", err.msg);
        return;
    }
    a->play.selected = i;
    app_message(a, "added %s (it starts from the start point now)", app_presets[preset]);
}

static void remove_racer(App *a)
{
    if (!play_has_racer(&a->play, &a->msgs))
        return;
    char label[300];
    spec_label(&a->play.race.racer[a->play.selected].spec, label, sizeof label);
    race_remove(&a->play.race, a->play.selected);
    app_message(a, "removed %s", label);
    if (a->play.selected >= a->play.race.n)
        a->play.selected = a->play.race.n - 1;
}

/* Another surface from the table, keeping the racers and their knobs. */
static void next_surface(App *a, int dir)
{
    int cur = -1;
    for (int i = 0; i < surface_count; i++)
        if (a->play.surface.kind == surface_kinds[i])
            cur = i;
    int next = cur < 0 ? (dir > 0 ? 0 : surface_count - 1)
                       : (cur + dir + surface_count) % surface_count;
    Surface s;
    Err err = {0};
    if (surface_init(&s, surface_kinds[next]->name, &err) < 0) {
        app_message(a, "%s: %s", surface_kinds[next]->name, err.msg);
        return;
    }
    app_set_surface(a, &s);
    app_message(a, "surface: %s", a->play.surface.name);
}

static void toggle(App *a, unsigned bit, const char *what)
{
    a->show ^= bit;
    app_message(a, "%s %s", what, (a->show & bit) ? "on" : "off");
}

static void reset_view(App *a)
{
    app_fit_view(a);
    app_message(a, "view reset");
}

static void speed_step(App *a, int dir)
{
    double s = a->play.speed;
    for (int i = 0; i < NSPEEDS; i++) {
        int k = dir > 0 ? i : NSPEEDS - 1 - i;
        if ((dir > 0 && speeds[k] > s) || (dir < 0 && speeds[k] < s)) {
            a->play.speed = speeds[k];
            break;
        }
    }
    if (a->play.speed >= 1)
        app_message(a, "speed %g step%s per frame", a->play.speed, a->play.speed == 1 ? "" : "s");
    else
        app_message(a, "speed: 1 step every %g frames", 1 / a->play.speed);
}

static void picker_key(App *a, SDL_Keycode k)
{
    switch (k) {
    case SDLK_ESCAPE: a->picker = 0; break;
    case SDLK_UP: a->picker_sel = (a->picker_sel + app_preset_count - 1) % app_preset_count; break;
    case SDLK_DOWN:
    case SDLK_a:
    case SDLK_TAB: a->picker_sel = (a->picker_sel + 1) % app_preset_count; break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        a->picker = 0;
        if (a->picker_sel == app_preset_count - 1)
            edit_open(&a->edit, &a->play, &a->msgs, EDIT_RACER);
        else
            add_racer(a, a->picker_sel);
        break;
    default: break;
    }
}

static void view3d_toggle(App *a)
{
    a->cam3d.on = !a->cam3d.on;
    if (a->cam3d.dist <= 0) {
        a->cam3d.yaw = 0.5f;
        a->cam3d.pitch = 0.65f;
        a->cam3d.dist = 2.7f;
    }
    app_message(a, "%s", a->cam3d.on ? "3-D view: drag to orbit, wheel to zoom, D: back to the plane"
                                   : "2-D view");
}

static void set_fullscreen(App *a, int on)
{
    a->fullscreen = on;
    SDL_SetWindowFullscreen(a->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
}

/* . or B (a clicker's blank-screen button): black until any key; the race waits. */
static void black_screen(App *a, int on)
{
    if (on) {
        a->black_paused = a->play.paused;
        a->play.paused = 1;
    } else {
        a->play.paused = a->black_paused;
    }
    a->black = on;
}

/* Q or Ctrl+Q: in a playlist, a second press quits (a stray key must not end a lecture). */
static void quit_key(App *a)
{
    if (a->lesson.nscenes > 1 && !a->quit_ask) {
        a->quit_ask = 1;
        app_message(a, "Q again to quit");
        return;
    }
    a->quit = 1;
}

static void key(App *a, const SDL_KeyboardEvent *e)
{
    SDL_Keycode k = e->keysym.sym;
    Uint16 mod = e->keysym.mod;
    int shift = !!(mod & KMOD_SHIFT), ctrl = !!(mod & KMOD_CTRL), alt = !!(mod & KMOD_ALT);
    if (a->black) {
        if (!e->repeat)
            black_screen(a, 0);
        return;
    }
    if (k != SDLK_q && k != SDLK_LSHIFT && k != SDLK_RSHIFT && k != SDLK_LCTRL && k != SDLK_RCTRL)
        a->quit_ask = 0;
    if (a->picker) {
        picker_key(a, k);
        return;
    }
    if (a->help && (k == SDLK_ESCAPE || k == SDLK_h || k == SDLK_F1)) {
        a->help = 0;
        return;
    }
    if (anat_other_key(&a->anat, &a->play, &a->msgs, (int)k, ctrl)) /* Y's anatomy: Esc leaves; a key moving the race too */
        return;
    if (e->repeat && (k == SDLK_SPACE || k == SDLK_h || k == SDLK_F1 || k == SDLK_F11 ||
                      (k >= SDLK_a && k <= SDLK_z && k != SDLK_n && k != SDLK_s)))
        return; /* holding a toggle does not flicker it */
    if (k >= SDLK_1 && k <= SDLK_9 && !ctrl) {
        select_racer(a, (int)(k - SDLK_1));
        return;
    }
    switch (k) {
    case SDLK_ESCAPE: /* a clicker's start/stop button: never quits */
        if (a->fullscreen)
            set_fullscreen(a, 0);
        else
            app_message(a, "Q quits");
        break;
    case SDLK_q: quit_key(a); break;
    case SDLK_F5: /* a clicker's start button: the playlist full screen, from scene 1 (Shift:
                   * this one, from step 0); each opens as a lesson does, paused at step 0 */
        app_open_scene(a, shift ? a->lesson.cur : 0);
        set_fullscreen(a, 1);
        break;
    case SDLK_h:
        if (ctrl)
            toggle(a, REN_HUD, "text and panels");
        else
            a->help = 1;
        break;
    case SDLK_F1: a->help = 1; break;
    case SDLK_TAB:
        if (a->play.race.n > 0)
            select_racer(a, ((a->play.selected < 0 ? 0 : a->play.selected) + (shift ? a->play.race.n - 1 : 1)) % a->play.race.n);
        break;
    case SDLK_UP:
    case SDLK_DOWN: {
        int dir = k == SDLK_UP ? 1 : -1;
        if (shift)
            beta_step(a, 1, dir);
        else if (alt)
            beta_step(a, 2, dir);
        else
            lr_step(a, dir);
        break;
    }
    case SDLK_LEFT:
    case SDLK_RIGHT: {
        long d = 1;
        if (shift) {
            d = a->play.timeline_end / 10;
            if (d < 50)
                d = 50;
        }
        play_seek(&a->play, &a->msgs, a->play.race.step + (k == SDLK_LEFT ? -d : d));
        break;
    }
    case SDLK_w: inst_fan(&a->inst, &a->play, &a->msgs, shift); break;
    case SDLK_j: inst_fair_start(&a->inst, &a->play, &a->msgs); break;
    case SDLK_m: inst_basin_toggle(&a->inst, &a->play, &a->msgs); break;
    case SDLK_k: inst_hpmap_toggle(&a->inst, &a->play, &a->msgs); break;
    case SDLK_e: edit_open(&a->edit, &a->play, &a->msgs, EDIT_SURFACE); break;
    case SDLK_x: edit_open(&a->edit, &a->play, &a->msgs, EDIT_SCHEDULE); break;
    case SDLK_d:
        if (!shift) {
            view3d_toggle(a);
            break;
        }
        a->cam3d.height_linear = !a->cam3d.height_linear;
        app_message(a, "3-D height: %s", a->cam3d.height_linear ? "the loss (a ball rolling downhill)"
                                                         : "log(loss \xe2\x88\x92 f*) (every minimum a funnel)");
        break;
    case SDLK_RIGHTBRACKET: beta_step(a, 1, 1); break;
    case SDLK_LEFTBRACKET: beta_step(a, 1, -1); break;
    case SDLK_QUOTE: beta_step(a, 2, 1); break;
    case SDLK_SEMICOLON: beta_step(a, 2, -1); break;
    case SDLK_o:
        if (play_has_racer(&a->play, &a->msgs)) {
            Racer *rc = &a->play.race.racer[a->play.selected];
            rc->enabled = !rc->enabled;
            app_message(a, "%s %s", racer_name(a, a->play.selected), rc->enabled ? "on" : "off");
        }
        break;
    case SDLK_a:
        a->picker = 1;
        break;
    case SDLK_DELETE:
    case SDLK_BACKSPACE: remove_racer(a); break;
    case SDLK_SPACE: lesson_space(&a->lesson, &a->play, &a->msgs); break;
    case SDLK_n:
        a->play.paused = 1;
        race_step(&a->play.race, 1);
        app_message(a, "step %ld", a->play.race.step);
        break;
    case SDLK_r:
        race_restart(&a->play.race);
        a->play.acc = 0;
        a->play.timeline_end = 0; /* the timeline is the new run's */
        app_message(a, "restart");
        break;
    case SDLK_KP_MINUS: speed_step(a, -1); break;
    case SDLK_KP_PLUS: speed_step(a, 1); break;
    case SDLK_PERIOD: black_screen(a, 1); break;
    case SDLK_MINUS:
        if (ctrl) {
            a->text_zoom = fmaxf(0.5f, a->text_zoom / 1.15f);
            app_message(a, "text %d%%", (int)(a->text_zoom * 100 + 0.5f));
        } else {
            speed_step(a, -1);
        }
        break;
    case SDLK_EQUALS:
    case SDLK_PLUS:
        if (ctrl) {
            a->text_zoom = fminf(3.0f, a->text_zoom * 1.15f);
            app_message(a, "text %d%%", (int)(a->text_zoom * 100 + 0.5f));
        } else {
            speed_step(a, 1);
        }
        break;
    case SDLK_s:
        if (ctrl) {
            char path[1100];
            app_save_state(a, path, sizeof path);
        } else {
            next_surface(a, shift ? -1 : 1);
        }
        break;
    case SDLK_PAGEDOWN: {
        LessonHost h = app_lesson_host(a);
        lesson_next(&a->lesson, &a->play, &a->msgs, &h);
        break;
    }
    case SDLK_PAGEUP: {
        LessonHost h = app_lesson_host(a);
        lesson_back(&a->lesson, &a->play, &a->msgs, &h);
        break;
    }
    case SDLK_HOME:
    case SDLK_0:
    case SDLK_KP_0: reset_view(a); break;
    case SDLK_g: app_record_toggle(a, shift); break; /* Shift+G: an MP4 video */
    case SDLK_p: a->cap.shot = 1; /* taken after the next frame is drawn, without the REC mark */ break;
    case SDLK_t: toggle(a, REN_TRAILS, "trails"); break;
    case SDLK_c:
        if (ctrl)
            savestate_copy_spec(&a->play, &a->msgs);
        else
            toggle(a, REN_CONTOURS, "contour lines");
        break;
    case SDLK_v: toggle(a, REN_ARROWS, "arrows: \xe2\x88\x92\xce\xb7\xe2\x88\x87" "f (thin) and the step taken (thick)"); break;
    case SDLK_f: toggle(a, REN_GRADFIELD, "gradient field"); break;
    case SDLK_l: toggle(a, REN_PLOT, "loss plot"); break;
    case SDLK_u: toggle(a, REN_RULE, "update rule"); break;
    case SDLK_b: black_screen(a, 1); break;
    case SDLK_y: anat_key(&a->anat, &a->play, &a->msgs); break;
    case SDLK_z:
        a->lecture = !a->lecture;
        app_message(a, "lecture size %s", a->lecture ? "on" : "off");
        break;
    case SDLK_i:
        a->light = !a->light;
        app_message(a, "%s theme", a->light ? "light" : "dark");
        break;
    case SDLK_F11: set_fullscreen(a, !a->fullscreen); break;
    default: break;
    }
}

static void click(App *a, int x, int y)
{
    int i, j;
    if (a->inst.hpmap_on && a->inst.hpmap && ren_hpmap_hit(a->ren, (float)x, (float)y, &i, &j)) {
        inst_hpmap_load(&a->inst, &a->play, &a->msgs, i, j); /* the setting of a map's cell */
        return;
    }
    int hit = ren_hit(a->ren, (float)x, (float)y);
    if (hit >= 0) {
        select_racer(a, hit);
        return;
    }
    if (hit == REN_HIT_PANEL)
        return;
    double wx = view_wx(&a->view, x + 0.5), wy = view_wy(&a->view, y + 0.5);
    race_set_start(&a->play.race, wx, wy);
    a->play.acc = 0;
    a->play.timeline_end = 0;
    app_message(a, "start (%.3g, %.3g)", wx, wy);
}

/* The text field's keys; Enter on a function sets the surface. */
static void edit_key(App *a, const SDL_Event *e)
{
    Surface s;
    if (edit_event(&a->edit, &a->play, &a->msgs, e, &s)) {
        app_set_surface(a, &s);
        app_message(a, "surface: %s", a->play.surface.name);
    }
}

void app_handle_event(App *a, const SDL_Event *e)
{
    float s = a->mouse_scale > 0 ? a->mouse_scale : 1;
    switch (e->type) {
    case SDL_QUIT: a->quit = 1; break;
    case SDL_KEYDOWN:
        if (a->edit.what)
            edit_key(a, e);
        else
            key(a, &e->key);
        break;
    case SDL_TEXTINPUT:
        if (a->edit.what)
            edit_key(a, e);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (a->black) {
            black_screen(a, 0);
            break;
        }
        if (e->button.button == SDL_BUTTON_LEFT) {
            a->drag = 1;
            a->dragged = 0;
            a->press_x = (int)(e->button.x * s);
            a->press_y = (int)(e->button.y * s);
        }
        break;
    case SDL_MOUSEMOTION:
        if (a->drag) {
            int x = (int)(e->motion.x * s), y = (int)(e->motion.y * s);
            if (a->cam3d.on) {
                /* orbit: the scene turns with the mouse */
                if (!a->dragged && abs(x - a->press_x) + abs(y - a->press_y) > 4)
                    a->dragged = 1;
                if (a->dragged) {
                    a->cam3d.yaw -= 0.01f * e->motion.xrel * s;
                    a->cam3d.pitch += 0.01f * e->motion.yrel * s;
                    a->cam3d.pitch = fminf(fmaxf(a->cam3d.pitch, 0.05f), 1.55f);
                }
            } else if (!a->dragged && abs(x - a->press_x) + abs(y - a->press_y) > 4) {
                a->dragged = 1;
                view_pan(&a->view, x - a->press_x, y - a->press_y);
                a->fit.touched = 1;
            } else if (a->dragged) {
                view_pan(&a->view, e->motion.xrel * s, e->motion.yrel * s);
            }
        }
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT && a->drag) {
            a->drag = 0;
            int x = (int)(e->button.x * s), y = (int)(e->button.y * s);
            /* in 3-D a click only reaches the HUD (legend, panels), never the start point */
            if (!a->dragged && !a->help && !a->picker &&
                (!a->cam3d.on || ren_hit(a->ren, (float)x, (float)y) != REN_HIT_NONE))
                click(a, x, y);
        }
        break;
    case SDL_MOUSEWHEEL: {
        int mx, my;
#if SDL_VERSION_ATLEAST(2, 26, 0)
        mx = e->wheel.mouseX;
        my = e->wheel.mouseY;
#else
        SDL_GetMouseState(&mx, &my);
#endif
        float dy = e->wheel.preciseY != 0 ? e->wheel.preciseY : (float)e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            dy = -dy;
        if (a->cam3d.on) {
            a->cam3d.dist = fminf(fmaxf(a->cam3d.dist * powf(1.15f, -dy), 0.6f), 20.0f);
            break;
        }
        view_zoom_at(&a->view, mx * s, my * s, pow(1.15, dy));
        a->zooms++;
        a->fit.touched = 1;
        break;
    }
    default: break;
    }
}
