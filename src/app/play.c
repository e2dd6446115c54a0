/* play.c — what every part of the window does to the race on screen. */
#include "play.h"

int play_horizon(const Play *p)
{
    return p->steps > 0 ? p->steps : 300;
}

int play_has_racer(const Play *p, Msgs *m)
{
    if (p->selected >= 0 && p->selected < p->race.n)
        return 1;
    msgs_say(m, "no racer selected (1 \xe2\x80\x93 9, or A adds one)");
    return 0;
}

/* A new race on s with src's racers as they are now. */
static void copy_racers(const Race *src, Race *dst, const Surface *s, const RaceConfig *cfg)
{
    race_init(dst, s, cfg);
    for (int i = 0; i < src->n; i++) {
        Err err = {0};
        int k = race_add(dst, &src->racer[i].spec, &err);
        if (k >= 0) {
            dst->racer[k].enabled = src->racer[i].enabled;
            dst->racer[k].batch = src->racer[i].batch;
            dst->racer[k].group = src->racer[i].group;
        }
    }
}

void play_race_copy(const Play *p, Race *dst, const RaceConfig *cfg)
{
    copy_racers(&p->race, dst, p->race.surface, cfg);
}

void play_seek(Play *p, Msgs *m, long step)
{
    if (step < 0)
        step = 0;
    p->paused = 1;
    p->acc = 0;
    race_seek(&p->race, step);
    if (p->race.step > p->timeline_end)
        p->timeline_end = p->race.step;
    p->seen_events = p->race.nevents;
    msgs_say(m, "step %ld of %ld", p->race.step, p->timeline_end);
}

/* A race that had finished would show nothing new, so it runs again from step 0 with the new
 * value (the old run is the ghost). */
void play_knob_turned(Play *p)
{
    for (int i = 0; i < p->race.n; i++)
        if (p->race.racer[i].enabled && p->race.racer[i].status == RACER_RUNNING)
            return;
    race_restart(&p->race);
    p->acc = 0;
    p->timeline_end = 0;
    p->seen_events = p->race.nevents;
    p->paused = 0;
}

void play_restart(Play *p)
{
    race_restart(&p->race);
    p->acc = 0;
    p->seen_events = p->race.nevents;
}

void play_set_surface(Play *p, Surface *s)
{
    RaceConfig cfg = p->race.cfg;
    cfg.has_start = 0; /* the new surface's own start */
    cfg.tol = 0;       /* and its own tolerance */
    Race next;
    copy_racers(&p->race, &next, s, &cfg);
    race_deinit(&p->race);
    surface_deinit(&p->surface);
    p->surface = *s; /* moved in; the race borrows it from here */
    p->race = next;
    p->race.surface = &p->surface;
    race_restart(&p->race);
    p->seen_events = 0;
    p->timeline_end = 0;
    if (p->selected >= p->race.n)
        p->selected = p->race.n - 1;
}
