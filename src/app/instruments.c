/* instruments.c — the teaching instruments (instruments.h). */
#include "instruments.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fan.h"
#include "knob.h"
#include "swarm.h"

/* ---- ghost ---------------------------------------------------------------------------- */

/* The run with the settings as they are now (before the change), replayed from the start to
 * where the race is plus a horizon, becomes the ghost: before and after in one frame. A
 * replay rather than a copy of the trails, as a knob turned mid-race leaves the trail of a
 * run that no single setting made. */
void inst_ghost_take(Instruments *in, const Play *p)
{
    Race g;
    RaceConfig cfg = p->race.cfg;
    cfg.history = INST_GHOST;
    play_race_copy(p, &g, &cfg);
    long steps = p->race.step + play_horizon(p);
    if (steps > 100000)
        steps = 100000;
    while (g.step < steps)
        race_step(&g, (int)(steps - g.step > 10000 ? 10000 : steps - g.step));
    in->nghost = g.n;
    for (int i = 0; i < g.n; i++) {
        const Racer *rc = &g.racer[i];
        int n = rc->enabled ? rc->nhist : 0;
        if (n > INST_GHOST)
            n = INST_GHOST;
        memcpy(in->ghost[i], rc->hist, sizeof(Sample) * (size_t)n);
        in->ghost_n[i] = n;
    }
    in->ghost_version++;
    race_deinit(&g);
}

/* ---- fan ------------------------------------------------------------------------------ */

void inst_fan(Instruments *in, Play *p, Msgs *m, int beta2)
{
    if (!play_has_racer(p, m))
        return;
    const Racer *sel = &p->race.racer[p->selected];
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
            msgs_say(m, "%s has no \xce\xb2\xe2\x82\x82: no \xce\xb2\xe2\x82\x82 fan", k->name);
            return;
        }
        n = fan_sweep(&fan, &base, k->beta2, 0.9, 0.999, 3, &err);
    } else {
        double lr = base.opt.p[0];
        n = fan_sweep(&fan, &base, 0, lr / 10, lr * 10, 5, &err);
    }
    if (n < 0) {
        msgs_say(m, "no fan: %s", err.msg);
        return;
    }
    if (!beta2) /* lr to two significant digits, so the legend reads 0.016, not 0.0158113… */
        for (int i = 0; i < n; i++) {
            double v = fan.spec[i].opt.p[0], e = pow(10, floor(log10(v)) - 1);
            fan.spec[i].opt.p[0] = fan.value[i] = round(v / e) * e;
        }
    int members = 0, next_group = 1;
    for (int i = 0; i < p->race.n; i++) {
        if (group > 0 && p->race.racer[i].group == group)
            members++;
        if (p->race.racer[i].group >= next_group)
            next_group = p->race.racer[i].group + 1;
    }
    if (p->race.n - (group > 0 ? members : 1) + n > RACE_MAX) {
        msgs_say(m, "no room for a fan of %d (at most %d racers)", n, RACE_MAX);
        return;
    }
    inst_ghost_take(in, p);
    int at = p->selected; /* where the fan goes: the fanned racer's place, so its colour */
    if (group > 0) {
        for (int i = p->race.n - 1; i >= 0; i--)
            if (p->race.racer[i].group == group) {
                race_remove(&p->race, i);
                at = i;
            }
    } else {
        race_remove(&p->race, p->selected);
    }
    int first = -1, added = 0;
    for (int i = 0; i < n; i++) {
        int j = race_add(&p->race, &fan.spec[i], &err);
        if (j < 0)
            continue;
        p->race.racer[j].group = next_group;
        added++;
    }
    /* the members from the end into the fanned racer's place: the racers after it keep their
     * colours (a fan is one colour slot, theme_racer_in) */
    if (added > 0 && at < p->race.n - added) {
        Racer tmp[RACE_MAX];
        size_t sz = sizeof tmp[0];
        int tail = p->race.n - added - at;
        memcpy(tmp, &p->race.racer[p->race.n - added], sz * (size_t)added);
        memmove(&p->race.racer[at + added], &p->race.racer[at], sz * (size_t)tail);
        memcpy(&p->race.racer[at], tmp, sz * (size_t)added);
    }
    if (added > 0)
        first = at;
    play_restart(p);
    p->selected = first >= 0 ? first + n / 2 : p->race.n - 1;
    if (p->selected >= p->race.n)
        p->selected = p->race.n - 1;
    msgs_say(m, "fan of %s: %s = %g \xe2\x80\xa6 %g (%d racers, light \xe2\x86\x92 dark)", k->name,
                fan.key, fan.value[0], fan.value[n - 1], n);
}

/* ---- basin map ------------------------------------------------------------------------ */

void inst_basin_toggle(Instruments *in, const Play *p, Msgs *m)
{
    in->basin_on = !in->basin_on;
    if (!in->basin_on) {
        swarm_basin_destroy(&in->basin);
        in->basin_key[0] = 0;
        msgs_say(m, "basin map off");
        return;
    }
    if (!play_has_racer(p, m)) {
        in->basin_on = 0;
        return;
    }
    msgs_say(m, "basin map: where %s ends after %d steps from each point (click: start there)",
                p->race.racer[p->selected].opt.kind->name, play_horizon(p));
}

/* The map follows the view, the surface, the selected racer and its knobs. */
static void basin_update(Instruments *in, const Play *p, const View *view, Msgs *m, int wait)
{
    if (!in->basin_on || p->selected < 0 || p->selected >= p->race.n || view->w <= 0)
        return;
    const Spec *spec = &p->race.racer[p->selected].spec;
    Rect v = view_rect(view);
    int w = (view->w + 2) / 3, h = (view->h + 2) / 3; /* 3-px cells, smoothed by basin.frag */
    char key[sizeof in->basin_key];
    int len = snprintf(key, sizeof key, "%s|%.17g %.17g %.17g %.17g|%d %d|%d|", p->surface.name,
                       v.x0, v.y0, v.x1, v.y1, w, h, play_horizon(p));
    if (len > 0 && (size_t)len < sizeof key)
        spec_format(spec, key + len, sizeof key - (size_t)len);
    if (in->basin && !strcmp(key, in->basin_key)) {
        swarm_basin_poll(in->basin);
        return;
    }
    swarm_basin_destroy(&in->basin);
    Err err = {0};
    in->basin = swarm_basin_create(&p->surface, spec,
                                  &(SwarmBasinDesc){.view = v, .w = w, .h = h,
                                                    .steps = play_horizon(p), .cfg = p->race.cfg},
                                  &err);
    if (!in->basin) {
        in->basin_on = 0;
        msgs_say(m, "no basin map: %s", err.msg);
        return;
    }
    snprintf(in->basin_key, sizeof in->basin_key, "%s", key);
    if (wait)
        swarm_basin_wait(in->basin); /* recordings and tests: the whole map in this frame */
    swarm_basin_poll(in->basin);
}

/* ---- fair start ----------------------------------------------------------------------- */

void inst_fair_start(Instruments *in, Play *p, Msgs *m)
{
    if (p->race.n == 0) {
        msgs_say(m, "no racers to tune (A adds one)");
        return;
    }
    double lr[RACE_MAX];
    int ok[RACE_MAX] = {0}, any = 0;
    for (int i = 0; i < p->race.n; i++) {
        Err err = {0};
        if (!p->race.racer[i].enabled)
            continue;
        ok[i] = swarm_fair_lr(&p->surface, &p->race.racer[i].spec, &p->race.cfg, play_horizon(p), 0,
                              0, &lr[i], NULL, &err) == 0;
        if (ok[i]) /* on the knob's own steps: it reads lr=0.02, and ↑ ↓ go on from there */
            lr[i] = knob_snap(lr[i]);
        any |= ok[i];
    }
    if (!any) {
        msgs_say(m, "fair start: no racer could be tuned");
        return;
    }
    inst_ghost_take(in, p);
    char msg[MSGS_LEN];
    int len = snprintf(msg, sizeof msg, "fair lr:");
    for (int i = 0; i < p->race.n; i++) {
        if (!ok[i])
            continue;
        race_set_param(&p->race, i, 0, lr[i]);
        if (len >= 0 && (size_t)len < sizeof msg)
            len += snprintf(msg + len, sizeof msg - (size_t)len, "%s %s %.2g", len > 9 ? "," : "",
                            p->race.racer[i].opt.kind->name, lr[i]);
    }
    play_restart(p);
    msgs_say(m, "%s", msg);
}

/* ---- hyperparameter map --------------------------------------------------------------- */

void inst_hpmap_toggle(Instruments *in, const Play *p, Msgs *m)
{
    in->hpmap_on = !in->hpmap_on;
    if (!in->hpmap_on) {
        swarm_hpmap_destroy(&in->hpmap);
        in->hpmap_key[0] = 0;
        msgs_say(m, "hyperparameter map off");
        return;
    }
    if (!play_has_racer(p, m)) {
        in->hpmap_on = 0;
        return;
    }
    const OptimKind *k = p->race.racer[p->selected].opt.kind;
    if (k->beta1 < 0)
        msgs_say(m, "%s has no \xce\xb2-like knob: the map is lr only (click: load an lr)",
                    k->name);
    else {
        knob_name(k, k->beta1, in->hpmap_knob, sizeof in->hpmap_knob);
        msgs_say(m, "hyperparameter map: %s's loss after %d steps over lr \xc3\x97 %s "
                    "(click: load a setting)", k->name, play_horizon(p), in->hpmap_knob);
    }
}

/* A knob on the 1 − β scale: never negative and now below 1 (momentum, β, alpha, ρ). */
static int unit_knob(const ParamDef *d, double b)
{
    return d && d->lo >= 0 && b >= 0 && b < 1;
}

/* The map follows the surface, the start, the selected racer and its other knobs; not the two
 * it maps (a click that loads a cell keeps the axes), unless the setting left the map. */
static void hpmap_update(Instruments *in, const Play *p, Msgs *m, int wait)
{
    if (!in->hpmap_on || p->selected < 0 || p->selected >= p->race.n)
        return;
    const Racer *rc = &p->race.racer[p->selected];
    const Spec *spec = &rc->spec;
    const OptimKind *k = rc->opt.kind;
    const RaceConfig *c = &p->race.cfg;
    Spec other = *spec;
    other.opt.p[0] = 0;
    if (k->beta1 >= 0)
        other.opt.p[k->beta1] = 0;
    char key[sizeof in->hpmap_key];
    int len = snprintf(key, sizeof key, "%s|%d %.17g %.17g|%d|%d|", p->surface.name,
                       c->has_start, c->start[0], c->start[1], p->selected, play_horizon(p));
    if (len > 0 && (size_t)len < sizeof key)
        spec_format(&other, key + len, sizeof key - (size_t)len);
    if (in->hpmap && !strcmp(key, in->hpmap_key)) {
        const SwarmHpmap *hm = in->hpmap;
        double lr = spec->opt.p[0], b = hm->slot >= 0 ? spec->opt.p[hm->slot] : 0;
        int inside = lr >= hm->lr[0] * 0.999 && lr <= hm->lr[hm->w - 1] * 1.001;
        if (hm->slot >= 0 && hm->h > 1)
            inside &= b >= fmin(hm->beta[0], hm->beta[hm->h - 1]) - 1e-12 &&
                      b <= fmax(hm->beta[0], hm->beta[hm->h - 1]) + 1e-12;
        if (inside) {
            swarm_hpmap_poll(in->hpmap);
            return;
        }
    }
    swarm_hpmap_destroy(&in->hpmap);
    in->hpmap_key[0] = 0;
    double lr = spec->opt.p[0];
    int second = 0;
    const ParamDef *lrd = param_at_slot(k->params, k->nparams, 0, &second);
    /* whole decades around lr, so the axis reads 0.001 … 1 */
    double lr0 = pow(10, floor(log10(lr / 30))), lr1 = pow(10, ceil(log10(lr * 30)));
    if (lrd && !param_in_range(lrd, lr1))
        lr1 = lrd->hi * ((lrd->flags & PARAM_HI_OPEN) ? 0.999 : 1);
    if (lrd && !param_in_range(lrd, lr0))
        lr0 = lrd->lo > 0 ? lrd->lo * ((lrd->flags & PARAM_LO_OPEN) ? 1.001 : 1) : lr / 30;
    SwarmHpmapDesc d = {.lr0 = lr0, .lr1 = lr1, .w = 32, .h = 32, .steps = play_horizon(p),
                        .cfg = *c};
    d.cfg.history = 0;
    in->hpmap_knob[0] = 0;
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
        knob_name(k, k->beta1, in->hpmap_knob, sizeof in->hpmap_knob);
    } else {
        d.h = 1;
    }
    Err err = {0};
    in->hpmap = swarm_hpmap_create(&p->surface, spec, &d, &err);
    if (!in->hpmap) {
        in->hpmap_on = 0;
        msgs_say(m, "no hyperparameter map: %s", err.msg);
        return;
    }
    snprintf(in->hpmap_key, sizeof in->hpmap_key, "%s", key);
    snprintf(in->hpmap_title, sizeof in->hpmap_title, "%s: loss after %d steps", k->name,
             play_horizon(p));
    if (wait)
        swarm_hpmap_wait(in->hpmap); /* recordings and tests: the whole map in this frame */
    swarm_hpmap_poll(in->hpmap);
}

void inst_hpmap_load(Instruments *in, Play *p, Msgs *m, int i, int j)
{
    if (!in->hpmap || p->selected < 0 || p->selected >= p->race.n)
        return;
    const SwarmHpmap *hm = in->hpmap;
    Spec sp;
    swarm_hpmap_spec(hm, i, j, &sp);
    const Racer *rc = &p->race.racer[p->selected];
    const OptimKind *k = rc->opt.kind;
    /* the values the knobs step through (lr 0.02, not 0.0187; β 0.99, not 0.993925) */
    double lr_old = rc->spec.opt.p[0], lr = knob_round(sp.opt.p[0]);
    inst_ghost_take(in, p);
    race_set_param(&p->race, p->selected, 0, lr);
    if (hm->slot >= 0) {
        char name[32];
        knob_name(k, hm->slot, name, sizeof name);
        double b_old = rc->spec.opt.p[hm->slot], b = sp.opt.p[hm->slot];
        int second = 0;
        if (unit_knob(param_at_slot(k->params, k->nparams, hm->slot, &second), b))
            b = 1 - knob_round(1 - b) >= 0 ? 1 - knob_round(1 - b) : 0;
        else
            b = knob_round(b);
        race_set_param(&p->race, p->selected, hm->slot, b);
        msgs_say(m, "%s lr %g \xe2\x86\x92 %g, %s %g \xe2\x86\x92 %g", k->name, lr_old,
                    lr, name, b_old, b);
    } else {
        msgs_say(m, "%s lr %g \xe2\x86\x92 %g", k->name, lr_old, lr);
    }
    play_restart(p);
}

/* ---- per frame ------------------------------------------------------------------------ */

void inst_reset(Instruments *in)
{
    swarm_basin_destroy(&in->basin);
    in->basin_key[0] = 0;
    swarm_hpmap_destroy(&in->hpmap);
    in->hpmap_key[0] = 0;
    in->nghost = 0; /* the old trails belong to the old surface */
    in->ghost_version++;
}

void inst_update(Instruments *in, Play *p, const View *view, Msgs *m, int wait)
{
    if (p->race.step > p->timeline_end)
        p->timeline_end = p->race.step;
    basin_update(in, p, view, m, wait);
    hpmap_update(in, p, m, wait);
}

void inst_fill(const Instruments *in, const Play *p, RenFrame *f)
{
    if (in->nghost > 0) {
        f->ghost.samples = &in->ghost[0][0];
        f->ghost.n = in->ghost_n;
        f->ghost.count = in->nghost;
        f->ghost.cap = INST_GHOST;
        f->ghost.version = in->ghost_version;
    }
    if (in->basin_on && in->basin) {
        f->basin.cls = in->basin->cls;
        f->basin.w = in->basin->w;
        f->basin.h = in->basin->h;
        f->basin.done = in->basin->done;
        f->basin.pt = (const double(*)[2])in->basin->class_pt;
        f->basin.nclass = in->basin->nclass;
        f->basin.nknown = in->basin->nknown;
    }
    f->timeline_end = p->timeline_end;
    if (in->hpmap_on && in->hpmap && p->selected >= 0 && p->selected < p->race.n) {
        const SwarmHpmap *hm = in->hpmap;
        const Spec *sp = &p->race.racer[p->selected].spec;
        f->hpmap.loss = hm->loss;
        f->hpmap.status = hm->status;
        f->hpmap.lr = hm->lr;
        f->hpmap.beta = hm->beta;
        f->hpmap.w = hm->w;
        f->hpmap.h = hm->h;
        f->hpmap.cur_lr = sp->opt.p[0];
        f->hpmap.cur_beta = hm->slot >= 0 ? sp->opt.p[hm->slot] : NAN;
        f->hpmap.title = in->hpmap_title;
        f->hpmap.knob = hm->slot >= 0 ? in->hpmap_knob : NULL;
    }
}

void inst_deinit(Instruments *in)
{
    swarm_basin_destroy(&in->basin);
    swarm_hpmap_destroy(&in->hpmap);
}
