/* instruments.c — the teaching instruments of the window: the fan, the ghost, the timeline,
 * the basin map, the fair start and the custom function typed in the window. The arithmetic
 * is the core's (fan.h, race.h, swarm.h); this file keeps the app's side of each: what to
 * remember, when to remake it, what to tell the user. */
#include "app.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fan.h"
#include "swarm.h"

/* Steps a map or a tuning runs: the scene's, else 300. */
static int horizon(const App *a)
{
    int n = a->scenes[a->cur].steps;
    return n > 0 ? n : 300;
}

/* ---- ghost ---------------------------------------------------------------------------- */

/* The run with the settings as they are now (before the change), replayed from the start to
 * where the race is plus a horizon, becomes the ghost: before and after in one frame. A
 * replay rather than a copy of the trails, as a knob turned mid-race leaves the trail of a
 * run that no single setting made. */
void app_ghost_take(App *a)
{
    Race g;
    RaceConfig cfg = a->race.cfg;
    cfg.history = APP_GHOST;
    app_race_copy(a, &g, &cfg);
    long steps = a->race.step + horizon(a);
    if (steps > 100000)
        steps = 100000;
    while (g.step < steps)
        race_step(&g, (int)(steps - g.step > 10000 ? 10000 : steps - g.step));
    a->nghost = g.n;
    for (int i = 0; i < g.n; i++) {
        const Racer *rc = &g.racer[i];
        int n = rc->enabled ? rc->nhist : 0;
        if (n > APP_GHOST)
            n = APP_GHOST;
        memcpy(a->ghost[i], rc->hist, sizeof(Sample) * (size_t)n);
        a->ghost_n[i] = n;
    }
    a->ghost_version++;
    race_deinit(&g);
}

/* After a knob change: a race that had finished (no racer still running) would show nothing
 * new, so it runs again from step 0 with the new value, the old run as the ghost. */
void app_knob_turned(App *a)
{
    for (int i = 0; i < a->race.n; i++)
        if (a->race.racer[i].enabled && a->race.racer[i].status == RACER_RUNNING)
            return;
    race_restart(&a->race);
    a->acc = 0;
    a->timeline_end = 0;
    a->seen_events = a->race.nevents;
    a->paused = 0;
}

/* ---- fan ------------------------------------------------------------------------------ */

void app_fan(App *a, int beta2)
{
    if (a->selected < 0 || a->selected >= a->race.n) {
        app_message(a, "no racer selected (1 \xe2\x80\x93 9, or A adds one)");
        return;
    }
    const Racer *sel = &a->race.racer[a->selected];
    int group = sel->group;
    /* W on a member of a fan: the next sweep, β₂, around that member */
    if (group > 0 && !beta2)
        beta2 = 1;
    Spec base = sel->spec;
    const OptimKind *k = base.opt.kind;
    Fan fan;
    Err err = {0};
    int n;
    if (beta2) {
        if (k->beta2 < 0) {
            app_message(a, "%s has no \xce\xb2\xe2\x82\x82: no \xce\xb2\xe2\x82\x82 fan", k->name);
            return;
        }
        n = fan_sweep(&fan, &base, k->beta2, 0.9, 0.999, 3, &err);
    } else {
        double lr = base.opt.p[0];
        n = fan_sweep(&fan, &base, 0, lr / 10, lr * 10, 5, &err);
    }
    if (n < 0) {
        app_message(a, "no fan: %s", err.msg);
        return;
    }
    if (!beta2) /* lr to two significant digits, so the legend reads 0.016, not 0.0158113… */
        for (int i = 0; i < n; i++) {
            double v = fan.spec[i].opt.p[0], e = pow(10, floor(log10(v)) - 1);
            fan.spec[i].opt.p[0] = fan.value[i] = round(v / e) * e;
        }
    int members = 0, next_group = 1;
    for (int i = 0; i < a->race.n; i++) {
        if (group > 0 && a->race.racer[i].group == group)
            members++;
        if (a->race.racer[i].group >= next_group)
            next_group = a->race.racer[i].group + 1;
    }
    if (a->race.n - (group > 0 ? members : 1) + n > RACE_MAX) {
        app_message(a, "no room for a fan of %d (at most %d racers)", n, RACE_MAX);
        return;
    }
    app_ghost_take(a);
    int at = a->selected; /* where the fan goes: the fanned racer's place, so its colour */
    if (group > 0) {
        for (int i = a->race.n - 1; i >= 0; i--)
            if (a->race.racer[i].group == group) {
                race_remove(&a->race, i);
                at = i;
            }
    } else {
        race_remove(&a->race, a->selected);
    }
    int first = -1, added = 0;
    for (int i = 0; i < n; i++) {
        int j = race_add(&a->race, &fan.spec[i], &err);
        if (j < 0)
            continue;
        a->race.racer[j].group = next_group;
        added++;
    }
    /* the members from the end into the fanned racer's place: the racers after it keep their
     * colours (a fan is one colour slot, theme_racer_in) */
    if (added > 0 && at < a->race.n - added) {
        Racer tmp[RACE_MAX];
        size_t sz = sizeof tmp[0];
        int tail = a->race.n - added - at;
        memcpy(tmp, &a->race.racer[a->race.n - added], sz * (size_t)added);
        memmove(&a->race.racer[at + added], &a->race.racer[at], sz * (size_t)tail);
        memcpy(&a->race.racer[at], tmp, sz * (size_t)added);
    }
    if (added > 0)
        first = at;
    race_restart(&a->race);
    a->acc = 0;
    a->seen_events = a->race.nevents;
    a->selected = first >= 0 ? first + n / 2 : a->race.n - 1;
    if (a->selected >= a->race.n)
        a->selected = a->race.n - 1;
    app_message(a, "fan of %s: %s = %g \xe2\x80\xa6 %g (%d racers, light \xe2\x86\x92 dark)", k->name,
                fan.key, fan.value[0], fan.value[n - 1], n);
}

/* ---- timeline ------------------------------------------------------------------------- */

void app_seek(App *a, long step)
{
    if (step < 0)
        step = 0;
    a->paused = 1;
    a->acc = 0;
    race_seek(&a->race, step);
    if (a->race.step > a->timeline_end)
        a->timeline_end = a->race.step;
    a->seen_events = a->race.nevents;
    app_message(a, "step %ld of %ld", a->race.step, a->timeline_end);
}

/* ---- basin map ------------------------------------------------------------------------ */

void app_basin_toggle(App *a)
{
    a->basin_on = !a->basin_on;
    if (!a->basin_on) {
        swarm_basin_destroy(&a->basin);
        a->basin_key[0] = 0;
        app_message(a, "basin map off");
        return;
    }
    if (a->selected < 0 || a->selected >= a->race.n) {
        a->basin_on = 0;
        app_message(a, "no racer selected (1 \xe2\x80\x93 9, or A adds one)");
        return;
    }
    app_message(a, "basin map: where %s ends after %d steps from each point (click: start there)",
                a->race.racer[a->selected].opt.kind->name, horizon(a));
}

/* The map follows the view, the surface, the selected racer and its knobs. */
static void basin_update(App *a)
{
    if (!a->basin_on || a->selected < 0 || a->selected >= a->race.n || a->view.w <= 0)
        return;
    const Spec *spec = &a->race.racer[a->selected].spec;
    Rect v = view_rect(&a->view);
    int w = (a->view.w + 2) / 3, h = (a->view.h + 2) / 3; /* 3-px cells, smoothed by basin.frag */
    char key[sizeof a->basin_key];
    int len = snprintf(key, sizeof key, "%s|%d|%.17g %.17g %.17g %.17g|%d %d|%d|", a->surface.name,
                       a->cur, v.x0, v.y0, v.x1, v.y1, w, h, horizon(a));
    if (len > 0 && (size_t)len < sizeof key)
        spec_format(spec, key + len, sizeof key - (size_t)len);
    if (a->basin && !strcmp(key, a->basin_key)) {
        swarm_basin_poll(a->basin);
        return;
    }
    swarm_basin_destroy(&a->basin);
    Err err = {0};
    a->basin = swarm_basin_create(&a->surface, spec,
                                  &(SwarmBasinDesc){.view = v, .w = w, .h = h,
                                                    .steps = horizon(a), .cfg = a->race.cfg},
                                  &err);
    if (!a->basin) {
        a->basin_on = 0;
        app_message(a, "no basin map: %s", err.msg);
        return;
    }
    snprintf(a->basin_key, sizeof a->basin_key, "%s", key);
    if (a->wait_field)
        swarm_basin_wait(a->basin); /* recordings and tests: the whole map in this frame */
    swarm_basin_poll(a->basin);
}

/* ---- fair start ----------------------------------------------------------------------- */

void app_fair_start(App *a)
{
    if (a->race.n == 0) {
        app_message(a, "no racers to tune (A adds one)");
        return;
    }
    double lr[RACE_MAX];
    int ok[RACE_MAX] = {0}, any = 0;
    for (int i = 0; i < a->race.n; i++) {
        Err err = {0};
        if (!a->race.racer[i].enabled)
            continue;
        ok[i] = swarm_fair_lr(&a->surface, &a->race.racer[i].spec, &a->race.cfg, horizon(a), 0,
                              0, &lr[i], NULL, &err) == 0;
        if (ok[i]) /* on the knob's own steps: it reads lr=0.02, and ↑ ↓ go on from there */
            lr[i] = app_knob_snap(lr[i]);
        any |= ok[i];
    }
    if (!any) {
        app_message(a, "fair start: no racer could be tuned");
        return;
    }
    app_ghost_take(a);
    char msg[APP_MSG];
    int len = snprintf(msg, sizeof msg, "fair lr:");
    for (int i = 0; i < a->race.n; i++) {
        if (!ok[i])
            continue;
        race_set_param(&a->race, i, 0, lr[i]);
        if (len >= 0 && (size_t)len < sizeof msg)
            len += snprintf(msg + len, sizeof msg - (size_t)len, "%s %s %.2g", len > 9 ? "," : "",
                            a->race.racer[i].opt.kind->name, lr[i]);
    }
    race_restart(&a->race);
    a->acc = 0;
    a->seen_events = a->race.nevents;
    app_message(a, "%s", msg);
}

/* ---- hyperparameter map --------------------------------------------------------------- */

/* The name the user knows the knob by: β₁, β₂, momentum, alpha, … */
static void knob_label(const OptimKind *k, int slot, char *buf, size_t n)
{
    int second = 0;
    const ParamDef *d = param_at_slot(k->params, k->nparams, slot, &second);
    if (!d)
        snprintf(buf, n, "p[%d]", slot);
    else if (!strcmp(d->name, "betas"))
        snprintf(buf, n, "\xce\xb2%s", second ? "\xe2\x82\x82" : "\xe2\x82\x81");
    else if (d->type == PARAM_PAIR)
        snprintf(buf, n, "%s[%d]", d->name, second);
    else
        snprintf(buf, n, "%s", d->name);
}

void app_hpmap_toggle(App *a)
{
    a->hpmap_on = !a->hpmap_on;
    if (!a->hpmap_on) {
        swarm_hpmap_destroy(&a->hpmap);
        a->hpmap_key[0] = 0;
        app_message(a, "hyperparameter map off");
        return;
    }
    if (a->selected < 0 || a->selected >= a->race.n) {
        a->hpmap_on = 0;
        app_message(a, "no racer selected (1 \xe2\x80\x93 9, or A adds one)");
        return;
    }
    const OptimKind *k = a->race.racer[a->selected].opt.kind;
    if (k->beta1 < 0)
        app_message(a, "%s has no \xce\xb2-like knob: the map is lr only (click: load an lr)",
                    k->name);
    else {
        knob_label(k, k->beta1, a->hpmap_knob, sizeof a->hpmap_knob);
        app_message(a, "hyperparameter map: %s's loss after %d steps over lr \xc3\x97 %s "
                    "(click: load a setting)", k->name, horizon(a), a->hpmap_knob);
    }
}

/* v to the nearest of 1, 2, 5 × 10^k (in log terms): the values the knobs step through. */
static double round125(double v)
{
    if (!(v > 0) || !isfinite(v))
        return v;
    double e = pow(10, floor(log10(v))), best = e, m[] = {1, 2, 5, 10};
    for (int i = 1; i < 4; i++)
        if (fabs(log(m[i] * e / v)) < fabs(log(best / v)))
            best = m[i] * e;
    return best;
}

/* A knob on the 1 − β scale: never negative and now below 1 (momentum, β, alpha, ρ). */
static int unit_knob(const ParamDef *d, double b)
{
    return d && d->lo >= 0 && b >= 0 && b < 1;
}

/* The map follows the surface, the start, the selected racer and its other knobs; not the two
 * it maps (a click that loads a cell keeps the axes), unless the setting left the map. */
static void hpmap_update(App *a)
{
    if (!a->hpmap_on || a->selected < 0 || a->selected >= a->race.n)
        return;
    const Racer *rc = &a->race.racer[a->selected];
    const Spec *spec = &rc->spec;
    const OptimKind *k = rc->opt.kind;
    const RaceConfig *c = &a->race.cfg;
    Spec other = *spec;
    other.opt.p[0] = 0;
    if (k->beta1 >= 0)
        other.opt.p[k->beta1] = 0;
    char key[sizeof a->hpmap_key];
    int len = snprintf(key, sizeof key, "%s|%d|%d %.17g %.17g|%d|%d|", a->surface.name, a->cur,
                       c->has_start, c->start[0], c->start[1], a->selected, horizon(a));
    if (len > 0 && (size_t)len < sizeof key)
        spec_format(&other, key + len, sizeof key - (size_t)len);
    if (a->hpmap && !strcmp(key, a->hpmap_key)) {
        const SwarmHpmap *m = a->hpmap;
        double lr = spec->opt.p[0], b = m->slot >= 0 ? spec->opt.p[m->slot] : 0;
        int inside = lr >= m->lr[0] * 0.999 && lr <= m->lr[m->w - 1] * 1.001;
        if (m->slot >= 0 && m->h > 1)
            inside &= b >= fmin(m->beta[0], m->beta[m->h - 1]) - 1e-12 &&
                      b <= fmax(m->beta[0], m->beta[m->h - 1]) + 1e-12;
        if (inside) {
            swarm_hpmap_poll(a->hpmap);
            return;
        }
    }
    swarm_hpmap_destroy(&a->hpmap);
    a->hpmap_key[0] = 0;
    double lr = spec->opt.p[0];
    int second = 0;
    const ParamDef *lrd = param_at_slot(k->params, k->nparams, 0, &second);
    /* whole decades around lr, so the axis reads 0.001 … 1 */
    double lr0 = pow(10, floor(log10(lr / 30))), lr1 = pow(10, ceil(log10(lr * 30)));
    if (lrd && !param_in_range(lrd, lr1))
        lr1 = lrd->hi * ((lrd->flags & PARAM_HI_OPEN) ? 0.999 : 1);
    if (lrd && !param_in_range(lrd, lr0))
        lr0 = lrd->lo > 0 ? lrd->lo * ((lrd->flags & PARAM_LO_OPEN) ? 1.001 : 1) : lr / 30;
    SwarmHpmapDesc d = {.lr0 = lr0, .lr1 = lr1, .w = 32, .h = 32, .steps = horizon(a),
                        .cfg = *c};
    d.cfg.history = 0;
    a->hpmap_knob[0] = 0;
    if (k->beta1 >= 0) {
        const ParamDef *bd = param_at_slot(k->params, k->nparams, k->beta1, &second);
        double b = spec->opt.p[k->beta1];
        d.slot = k->beta1;
        if (unit_knob(bd, b)) {
            /* 1 − β from 1 down to 0.001 (0.0001 for a β already above 0.999), log-spaced */
            d.b0 = 0;
            d.b1 = b > 0.999 ? 0.9999 : 0.999;
            if (!param_in_range(bd, d.b0))
                d.b0 = fmin(0.5, b);
            if (!param_in_range(bd, d.b1))
                d.b1 = b;
        } else if (b > 0) {
            d.b0 = b / 30;
            d.b1 = b * 30;
        }
        knob_label(k, k->beta1, a->hpmap_knob, sizeof a->hpmap_knob);
    } else {
        d.h = 1;
    }
    Err err = {0};
    a->hpmap = swarm_hpmap_create(&a->surface, spec, &d, &err);
    if (!a->hpmap) {
        a->hpmap_on = 0;
        app_message(a, "no hyperparameter map: %s", err.msg);
        return;
    }
    snprintf(a->hpmap_key, sizeof a->hpmap_key, "%s", key);
    snprintf(a->hpmap_title, sizeof a->hpmap_title, "%s: loss after %d steps", k->name,
             horizon(a));
    if (a->wait_field)
        swarm_hpmap_wait(a->hpmap); /* recordings and tests: the whole map in this frame */
    swarm_hpmap_poll(a->hpmap);
}

int app_hpmap_click(App *a, int x, int y)
{
    int i, j;
    if (!a->hpmap_on || !a->hpmap || !ren_hpmap_hit(a->ren, (float)x, (float)y, &i, &j))
        return 0;
    if (a->selected < 0 || a->selected >= a->race.n)
        return 1;
    const SwarmHpmap *m = a->hpmap;
    Spec sp;
    swarm_hpmap_spec(m, i, j, &sp);
    const Racer *rc = &a->race.racer[a->selected];
    const OptimKind *k = rc->opt.kind;
    /* the values the knobs step through (lr 0.02, not 0.0187; β 0.99, not 0.993925) */
    double lr_old = rc->spec.opt.p[0], lr = round125(sp.opt.p[0]);
    app_ghost_take(a);
    race_set_param(&a->race, a->selected, 0, lr);
    if (m->slot >= 0) {
        char name[32];
        knob_label(k, m->slot, name, sizeof name);
        double b_old = rc->spec.opt.p[m->slot], b = sp.opt.p[m->slot];
        int second = 0;
        if (unit_knob(param_at_slot(k->params, k->nparams, m->slot, &second), b))
            b = 1 - round125(1 - b) >= 0 ? 1 - round125(1 - b) : 0;
        else
            b = round125(b);
        race_set_param(&a->race, a->selected, m->slot, b);
        app_message(a, "%s lr %g \xe2\x86\x92 %g, %s %g \xe2\x86\x92 %g", k->name, lr_old,
                    lr, name, b_old, b);
    } else {
        app_message(a, "%s lr %g \xe2\x86\x92 %g", k->name, lr_old, lr);
    }
    race_restart(&a->race);
    a->acc = 0;
    a->seen_events = a->race.nevents;
    return 1;
}

/* ---- custom function ------------------------------------------------------------------ */

void app_set_surface(App *a, Surface *s)
{
    RaceConfig cfg = a->race.cfg;
    cfg.has_start = 0; /* the new surface's own start */
    cfg.tol = 0;       /* and its own tolerance */
    int n = a->race.n;
    Spec specs[RACE_MAX];
    int enabled[RACE_MAX], batch[RACE_MAX], group[RACE_MAX];
    for (int i = 0; i < n; i++) {
        specs[i] = a->race.racer[i].spec;
        enabled[i] = a->race.racer[i].enabled;
        batch[i] = a->race.racer[i].batch;
        group[i] = a->race.racer[i].group;
    }
    swarm_basin_destroy(&a->basin); /* it borrows the surface */
    a->basin_key[0] = 0;
    swarm_hpmap_destroy(&a->hpmap);
    a->hpmap_key[0] = 0;
    a->nghost = 0;                  /* the old trails belong to the old surface */
    a->ghost_version++;
    ren_detach(a->ren);
    race_deinit(&a->race);
    surface_deinit(&a->surface);
    a->surface = *s;
    race_init(&a->race, &a->surface, &cfg);
    for (int i = 0; i < n; i++) {
        Err err = {0};
        int k = race_add(&a->race, &specs[i], &err);
        if (k >= 0) {
            a->race.racer[k].enabled = enabled[i];
            a->race.racer[k].batch = batch[i];
            a->race.racer[k].group = group[i];
        }
    }
    race_restart(&a->race);
    a->seen_events = 0;
    a->timeline_end = 0;
    if (a->selected >= a->race.n)
        a->selected = a->race.n - 1;
    a->scene_surface = 0;
    app_retitle(a);
    app_fit_view(a);
}

void app_edit_open(App *a)
{
    a->edit = 1;
    a->edit_skip = 1;
    snprintf(a->edit_buf, sizeof a->edit_buf, "%s", a->surface.name);
    a->edit_err[0] = 0;
    a->edit_col = 0;
    a->edit_sel = 1;
    a->edit_cur = (int)strlen(a->edit_buf);
    SDL_StartTextInput();
}

/* A typed optimizer spec for a new racer (what 2), or the selected racer's schedule (what 3:
 * the text after its "|", empty removes it); the field opens with what is there now. */
void app_edit_spec(App *a, int what)
{
    char buf[sizeof a->edit_buf];
    buf[0] = 0;
    if (what == 3) {
        if (a->selected < 0 || a->selected >= a->race.n) {
            app_message(a, "no racer selected (1 \xe2\x80\x93 9, or A adds one)");
            return;
        }
        spec_format(&a->race.racer[a->selected].spec, buf, sizeof buf);
        const char *bar = strstr(buf, " | ");
        memmove(buf, bar ? bar + 3 : "", strlen(bar ? bar + 3 : "") + 1);
    } else {
        snprintf(buf, sizeof buf, "Adam(lr=0.05)");
    }
    a->edit = what;
    a->edit_skip = what == 3; /* X opened it */
    memcpy(a->edit_buf, buf, sizeof buf);
    a->edit_err[0] = 0;
    a->edit_col = 0;
    a->edit_sel = 1; /* as E: typing replaces what is there */
    a->edit_cur = (int)strlen(a->edit_buf);
    SDL_StartTextInput();
}

/* Parses the field as a racer's spec; a schedule is parsed after the racer's optimizer, its
 * error column then counted in the field. */
static int edit_spec(App *a, Spec *spec)
{
    Err err = {0};
    char text[sizeof a->edit_buf + 600] = "";
    int prefix = 0;
    if (a->edit == 3) {
        spec_format(&a->race.racer[a->selected].spec, text, sizeof text);
        char *bar = strstr(text, " | ");
        if (bar)
            *bar = 0;
        prefix = (int)strlen(text) + 3;
        if (!a->edit_buf[strspn(a->edit_buf, " ")]) /* empty: no schedule */
            prefix = 0;
        else
            strcat(text, " | ");
    }
    strcat(text, a->edit_buf);
    if (spec_parse(spec, text, &err) == 0)
        return 0;
    const char *msg = err.msg;
    if (!strncmp(msg, "column ", 7) && strchr(msg, ':'))
        msg = strchr(msg, ':') + 2;
    a->edit_col = err.col > prefix ? err.col - prefix : 0;
    if (a->edit_col > 0)
        snprintf(a->edit_err, sizeof a->edit_err, "column %d: %.480s", a->edit_col, msg);
    else
        snprintf(a->edit_err, sizeof a->edit_err, "%s", err.msg);
    return -1;
}

static void edit_close(App *a)
{
    a->edit = 0;
    a->edit_err[0] = 0;
    a->edit_col = 0;
}

static void edit_apply(App *a)
{
    if (a->edit >= 2) {
        Spec spec;
        if (edit_spec(a, &spec) < 0)
            return; /* the field stays open for the fix */
        char label[300];
        spec_label(&spec, label, sizeof label);
        if (a->edit == 2) {
            Err err = {0};
            int i = race_add(&a->race, &spec, &err);
            if (i < 0) {
                snprintf(a->edit_err, sizeof a->edit_err, "cannot add a racer: %.480s", err.msg);
                return;
            }
            a->selected = i;
            app_message(a, "added %s (it starts from the start point now)", label);
        } else {
            Racer *rc = &a->race.racer[a->selected];
            rc->spec = spec;
            race_restart(&a->race);
            app_message(a, "racer %d: %s%s (the race restarts)", a->selected + 1, label,
                         spec.sched.kind ? "" : ", no schedule");
        }
        edit_close(a);
        return;
    }
    Surface s;
    Err err = {0};
    if (surface_init(&s, a->edit_buf, &err) < 0) {
        snprintf(a->edit_err, sizeof a->edit_err, "%s", err.msg);
        a->edit_col = err.col;
        return; /* the field stays open for the fix */
    }
    app_set_surface(a, &s);
    edit_close(a);
    app_message(a, "surface: %s", a->surface.name);
}

/* Removes bytes [from, to) of the field's text; the caret goes to `from`. */
static void edit_cut(App *a, size_t from, size_t to)
{
    size_t n = strlen(a->edit_buf);
    memmove(a->edit_buf + from, a->edit_buf + to, n - to + 1);
    a->edit_cur = (int)from;
}

/* The start of the UTF-8 character before byte i. */
static size_t prev_char(const char *s, size_t i)
{
    if (i > 0)
        i--;
    while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
        i--;
    return i;
}

/* The field keys as readline has them: Ctrl+A / Home to the start, Ctrl+E / End to the end,
 * Ctrl+U deletes before the caret, Ctrl+K after it, Ctrl+W the word before it; ← → move. The
 * text starts selected (as opened): typing or deleting replaces all of it. */
void app_edit_event(App *a, const SDL_Event *e)
{
    size_t n = strlen(a->edit_buf), cur = (size_t)a->edit_cur;
    if (cur > n)
        cur = n;
    if (e->type == SDL_TEXTINPUT) {
        const char *t = e->text.text;
        const char *opener = a->edit == 3 ? "x" : "e";
        if (a->edit_skip && !strcasecmp(t, opener)) {
            a->edit_skip = 0; /* the E (or X) that opened the field */
            return;
        }
        a->edit_skip = 0;
        if (a->edit_sel) { /* the text as opened is selected: typing replaces it */
            a->edit_buf[0] = 0;
            n = cur = 0;
        }
        a->edit_sel = 0;
        size_t m = strlen(t);
        if (n + m >= sizeof a->edit_buf) { /* full: refused, said (it was dropped unsaid) */
            snprintf(a->edit_err, sizeof a->edit_err, "the field is full (at most %zu bytes): "
                     "'%.20s' not taken", sizeof a->edit_buf - 1, t);
            a->edit_col = (int)cur + 1;
            return;
        }
        memmove(a->edit_buf + cur + m, a->edit_buf + cur, n - cur + 1);
        memcpy(a->edit_buf + cur, t, m);
        a->edit_cur = (int)(cur + m);
        a->edit_err[0] = 0;
        a->edit_col = 0;
        return;
    }
    if (e->type != SDL_KEYDOWN)
        return;
    a->edit_skip = 0;
    SDL_Keycode k = e->key.keysym.sym;
    int ctrl = (e->key.keysym.mod & KMOD_CTRL) != 0, sel = a->edit_sel;
    a->edit_sel = 0;
    if (k == SDLK_ESCAPE) {
        app_message(a, a->edit == 1 ? "surface unchanged" : a->edit == 2 ? "no racer added"
                                                                   : "schedule unchanged");
        edit_close(a);
        return;
    }
    if (k == SDLK_RETURN || k == SDLK_KP_ENTER) {
        edit_apply(a);
        return;
    }
    if (sel && (k == SDLK_BACKSPACE || k == SDLK_DELETE || (ctrl && (k == SDLK_u || k == SDLK_w ||
                                                                      k == SDLK_k))))
        edit_cut(a, 0, n); /* the selection goes */
    else if (k == SDLK_BACKSPACE || (ctrl && k == SDLK_h))
        edit_cut(a, prev_char(a->edit_buf, cur), cur);
    else if (k == SDLK_DELETE || (ctrl && k == SDLK_d)) {
        size_t j = cur < n ? cur + 1 : n;
        while (j < n && ((unsigned char)a->edit_buf[j] & 0xc0) == 0x80)
            j++;
        edit_cut(a, cur, j);
    } else if (ctrl && k == SDLK_u)
        edit_cut(a, 0, cur);
    else if (ctrl && k == SDLK_k)
        edit_cut(a, cur, n);
    else if (ctrl && k == SDLK_w) {
        size_t i = cur;
        while (i > 0 && a->edit_buf[i - 1] == ' ')
            i--;
        while (i > 0 && a->edit_buf[i - 1] != ' ')
            i--;
        edit_cut(a, i, cur);
    } else if ((ctrl && k == SDLK_a) || k == SDLK_HOME)
        a->edit_cur = 0;
    else if ((ctrl && k == SDLK_e) || k == SDLK_END)
        a->edit_cur = (int)n;
    else if (k == SDLK_LEFT)
        a->edit_cur = (int)prev_char(a->edit_buf, cur);
    else if (k == SDLK_RIGHT) {
        size_t i = cur < n ? cur + 1 : n;
        while (i < n && ((unsigned char)a->edit_buf[i] & 0xc0) == 0x80)
            i++;
        a->edit_cur = (int)i;
    } else {
        a->edit_sel = sel; /* keys the field does not use keep the selection */
        return;
    }
    a->edit_err[0] = 0;
    a->edit_col = 0;
}

/* ---- per frame ------------------------------------------------------------------------ */

void app_instruments_fill(App *a, RenFrame *f)
{
    if (a->race.step > a->timeline_end)
        a->timeline_end = a->race.step;
    basin_update(a);
    hpmap_update(a);
    if (a->nghost > 0) {
        f->ghost.samples = &a->ghost[0][0];
        f->ghost.n = a->ghost_n;
        f->ghost.count = a->nghost;
        f->ghost.cap = APP_GHOST;
        f->ghost.version = a->ghost_version;
    }
    if (a->basin_on && a->basin) {
        f->basin.cls = a->basin->cls;
        f->basin.w = a->basin->w;
        f->basin.h = a->basin->h;
        f->basin.done = a->basin->done;
        f->basin.pt = (const double(*)[2])a->basin->class_pt;
        f->basin.nclass = a->basin->nclass;
        f->basin.nknown = a->basin->nknown;
    }
    f->timeline_end = a->timeline_end;
    if (a->hpmap_on && a->hpmap && a->selected >= 0 && a->selected < a->race.n) {
        const SwarmHpmap *m = a->hpmap;
        const Spec *sp = &a->race.racer[a->selected].spec;
        f->hpmap.loss = m->loss;
        f->hpmap.status = m->status;
        f->hpmap.lr = m->lr;
        f->hpmap.beta = m->beta;
        f->hpmap.w = m->w;
        f->hpmap.h = m->h;
        f->hpmap.cur_lr = sp->opt.p[0];
        f->hpmap.cur_beta = m->slot >= 0 ? sp->opt.p[m->slot] : NAN;
        f->hpmap.title = a->hpmap_title;
        f->hpmap.knob = m->slot >= 0 ? a->hpmap_knob : NULL;
    }
    if (a->edit) {
        f->edit.text = a->edit_buf;
        f->edit.prompt = a->edit == 1 ? "f(x, y) ="
                         : a->edit == 2 ? "optimizer:"
                                        : "schedule (empty: none):";
        f->edit.err = a->edit_err;
        f->edit.err_col = a->edit_col;
        f->edit.selected = a->edit_sel;
        f->edit.caret = a->edit_cur;
    }
}

void app_instruments_deinit(App *a)
{
    swarm_basin_destroy(&a->basin);
    swarm_hpmap_destroy(&a->hpmap);
}
