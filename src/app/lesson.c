/* lesson.c — pacing and beats: when the race stops, what Space and Page Down / Up do. */
#include "lesson.h"

#include <string.h>

static const Scene *scene(const App *a)
{
    return &a->scenes[a->cur];
}

/* The step the race pauses at next: the running beat's, else the scene's end (unless the
 * lecturer ran on, or the app plays everything at once); 0: none. */
static long stop_at(const App *a)
{
    if (a->beat_stop > a->race.step)
        return a->beat_stop;
    if (a->autoplay || a->run_on || a->race.step > scene(a)->steps)
        return 0;
    return scene(a)->steps;
}

void lesson_open(App *a)
{
    const Scene *sc = scene(a);
    a->race.end = sc->steps; /* ranks are final there, whatever runs after */
    a->paused = !(sc->autoplay || a->autoplay);
    a->run_on = 0;
    a->beat = 0;
    a->beat_stop = 0;
    if (sc->select > 0 && sc->select <= a->race.n)
        a->selected = sc->select - 1;
}

int lesson_steps(App *a, int k)
{
    if (a->race.step < scene(a)->steps)
        a->run_on = 0; /* went back (R, the timeline): the finish stops it again */
    long stop = stop_at(a);
    if (stop > 0 && a->race.step + k > stop)
        k = (int)(stop - a->race.step);
    return k < 0 ? 0 : k;
}

void lesson_after(App *a)
{
    if (a->paused)
        return;
    if (a->beat_stop > 0 && a->race.step == a->beat_stop) {
        a->paused = 1;
        a->beat_stop = 0;
        app_message(a, "beat %d of %d: paused at step %ld (Page Down: next)", a->beat,
                    scene(a)->nbeats, a->race.step);
    } else if (!a->autoplay && !a->run_on && a->race.step == scene(a)->steps) {
        a->paused = 1;
        app_message(a, "finished at step %ld: the standings are final (Space runs on)",
                    a->race.step);
    }
}

void lesson_space(App *a)
{
    if (a->paused && !a->autoplay && !a->run_on && a->race.step == scene(a)->steps) {
        a->run_on = 1;
        a->paused = 0;
        app_message(a, "running on past the finish: the standings stay as at step %d",
                    scene(a)->steps);
        return;
    }
    a->paused = !a->paused;
    app_message(a, a->paused ? "paused" : "running");
}

const char *lesson_state(const App *a)
{
    long end = scene(a)->steps;
    if (a->autoplay)
        return "";
    if (a->run_on && a->race.step >= end)
        return "running on past the finish";
    if (a->race.step == end && a->paused)
        return "finished";
    if (a->race.step == 0 && a->paused)
        return "paused: Space starts";
    return "";
}

const char *lesson_caption(const App *a)
{
    return a->beat > 0 ? scene(a)->beat[a->beat - 1].caption : NULL;
}

/* The views of a beat, as app_open_scene applies a scene's. */
static void views(App *a, unsigned show, unsigned hide)
{
    unsigned low = SCENE_BASIN - 1;
    a->show = (a->show | (show & low)) & ~(hide & low);
    if ((show & SCENE_BASIN) && !a->basin_on)
        app_basin_toggle(a);
    if ((hide & SCENE_BASIN) && a->basin_on)
        app_basin_toggle(a);
    if ((show & SCENE_HPMAP) && !a->hpmap_on)
        app_hpmap_toggle(a);
    if ((hide & SCENE_HPMAP) && a->hpmap_on)
        app_hpmap_toggle(a);
    if (show & SCENE_3D)
        a->view3d = 1;
    if (hide & SCENE_3D)
        a->view3d = 0;
}

/* Beat i's settings (not its run). */
static void apply(App *a, const SceneBeat *b)
{
    scene_beat_apply(b, &a->race);
    if (b->select > 0 && b->select <= a->race.n)
        a->selected = b->select - 1;
    views(a, b->show, b->hide);
}

void lesson_next(App *a)
{
    const Scene *sc = scene(a);
    if (a->beat >= sc->nbeats) {
        if (a->cur + 1 >= a->nscenes) {
            app_message(a, a->nscenes == 1 ? "the end of the scene (one scene only)"
                                           : "this is the last scene");
            return;
        }
        app_open_scene(a, a->cur + 1);
        return;
    }
    const SceneBeat *b = &sc->beat[a->beat++];
    a->beat_stop = 0;
    if (b->run && a->race.step > b->run)
        app_seek(a, b->run); /* ran past it: back there, exactly */
    apply(a, b);
    if (b->run > a->race.step) {
        a->beat_stop = b->run;
        a->paused = 0;
    }
    a->seen_events = a->race.nevents;
    app_message(a, "beat %d of %d", a->beat, sc->nbeats);
}

void lesson_back(App *a)
{
    if (a->beat == 0) {
        if (a->cur == 0) {
            app_message(a, "this is the first scene");
            return;
        }
        app_open_scene(a, a->cur - 1);
        return;
    }
    int to = a->beat - 1;
    app_open_scene(a, a->cur); /* rebuilt as it opened; then the beats before, replayed */
    const Scene *sc = scene(a);
    for (int i = 0; i < to; i++) {
        apply(a, &sc->beat[i]);
        if (sc->beat[i].run > a->race.step)
            race_seek(&a->race, sc->beat[i].run);
    }
    a->beat = to;
    a->paused = 1;
    a->seen_events = a->race.nevents;
    if (a->race.step > a->timeline_end)
        a->timeline_end = a->race.step;
    app_message(a, to ? "back to beat %d of %d" : "back to the start%.0d%.0d", to, sc->nbeats);
}
