/* lesson.c — pacing and beats: when the race stops, what Space and Page Down / Up do. */
#include "lesson.h"

#include <string.h>

const Scene *lesson_scene(const Lesson *l)
{
    return &l->scenes[l->cur];
}

/* The step the race pauses at next: the running beat's, else the scene's end (unless the
 * lecturer ran on, or the app plays everything at once); 0: none. */
static long stop_at(const Lesson *l, const Play *p)
{
    if (l->beat_stop > p->race.step)
        return l->beat_stop;
    if (l->autoplay || l->run_on || p->race.step > lesson_scene(l)->steps)
        return 0;
    return lesson_scene(l)->steps;
}

void lesson_open(Lesson *l, Play *p)
{
    const Scene *sc = lesson_scene(l);
    p->race.end = sc->steps; /* ranks are final there, whatever runs after */
    p->paused = !(sc->autoplay || l->autoplay);
    l->run_on = 0;
    l->beat = 0;
    l->beat_stop = 0;
    if (sc->select > 0 && sc->select <= p->race.n)
        p->selected = sc->select - 1;
}

int lesson_steps(Lesson *l, const Play *p, int k)
{
    if (p->race.step < lesson_scene(l)->steps)
        l->run_on = 0; /* went back (R, the timeline): the finish stops it again */
    long stop = stop_at(l, p);
    if (stop > 0 && p->race.step + k > stop)
        k = (int)(stop - p->race.step);
    return k < 0 ? 0 : k;
}

void lesson_after(Lesson *l, Play *p, Msgs *m)
{
    if (p->paused)
        return;
    if (l->beat_stop > 0 && p->race.step == l->beat_stop) {
        p->paused = 1;
        l->beat_stop = 0;
        msgs_say(m, "beat %d of %d: paused at step %ld (Page Down: next)", l->beat,
                 lesson_scene(l)->nbeats, p->race.step);
    } else if (!l->autoplay && !l->run_on && p->race.step == lesson_scene(l)->steps) {
        p->paused = 1;
        msgs_say(m, "finished at step %ld: the standings are final (Space runs on)",
                 p->race.step);
    }
}

void lesson_space(Lesson *l, Play *p, Msgs *m)
{
    if (p->paused && !l->autoplay && !l->run_on && p->race.step == lesson_scene(l)->steps) {
        l->run_on = 1;
        p->paused = 0;
        msgs_say(m, "running on past the finish: the standings stay as at step %d",
                 lesson_scene(l)->steps);
        return;
    }
    p->paused = !p->paused;
    msgs_say(m, p->paused ? "paused" : "running");
}

const char *lesson_state(const Lesson *l, const Play *p)
{
    long end = lesson_scene(l)->steps;
    if (l->autoplay)
        return "";
    if (l->run_on && p->race.step >= end)
        return "running on past the finish";
    if (p->race.step == end && p->paused)
        return "finished";
    if (p->race.step == 0 && p->paused)
        return "paused: Space starts";
    return "";
}

const char *lesson_caption(const Lesson *l)
{
    return l->beat > 0 ? lesson_scene(l)->beat[l->beat - 1].caption : NULL;
}

/* Beat i's settings (not its run). */
static void apply(Play *p, const SceneBeat *b, const LessonHost *h)
{
    scene_beat_apply(b, &p->race);
    if (b->select > 0 && b->select <= p->race.n)
        p->selected = b->select - 1;
    h->views(h->ctx, b->show, b->hide);
}

void lesson_next(Lesson *l, Play *p, Msgs *m, const LessonHost *h)
{
    const Scene *sc = lesson_scene(l);
    if (l->beat >= sc->nbeats) {
        if (l->cur + 1 >= l->nscenes) {
            msgs_say(m, l->nscenes == 1 ? "the end of the scene (one scene only)"
                                        : "this is the last scene");
            return;
        }
        h->open(h->ctx, l->cur + 1);
        return;
    }
    const SceneBeat *b = &sc->beat[l->beat++];
    l->beat_stop = 0;
    if (b->run && p->race.step > b->run)
        play_seek(p, m, b->run); /* ran past it: back there, exactly */
    apply(p, b, h);
    p->seen_events = p->race.nevents;
    if (b->run > p->race.step) { /* its stop says "beat k of N: paused at step S" */
        l->beat_stop = b->run;
        p->paused = 0;
    } else {
        msgs_say(m, "beat %d of %d", l->beat, sc->nbeats);
    }
}

void lesson_back(Lesson *l, Play *p, Msgs *m, const LessonHost *h)
{
    if (l->beat == 0) {
        if (l->cur == 0) {
            msgs_say(m, "this is the first scene");
            return;
        }
        h->open(h->ctx, l->cur - 1);
        return;
    }
    int to = l->beat - 1;
    h->open(h->ctx, l->cur); /* rebuilt as it opened; then the beats before, replayed */
    const Scene *sc = lesson_scene(l);
    for (int i = 0; i < to; i++) {
        apply(p, &sc->beat[i], h);
        if (sc->beat[i].run > p->race.step)
            race_seek(&p->race, sc->beat[i].run);
    }
    l->beat = to;
    p->paused = 1;
    p->seen_events = p->race.nevents;
    if (p->race.step > p->timeline_end)
        p->timeline_end = p->race.step;
    msgs_say(m, to ? "back to beat %d of %d" : "back to the start%.0d%.0d", to, sc->nbeats);
}
