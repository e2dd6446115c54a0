/* play.h — the race on screen: the surface, the race over it, the racer the keys turn and
 * how it runs (paused, speed, the timeline). The window owns one Play; the keys, the lesson,
 * the instruments and Ctrl+S act on it through a Play *, so none of them needs the window. */
#ifndef OPTIPLAY_PLAY_H
#define OPTIPLAY_PLAY_H

#include "msgs.h"
#include "race.h"
#include "surface.h"

typedef struct Play {
    Surface surface;
    Race race;            /* over surface (race.surface points at it) */
    int selected;         /* racer, -1: none */
    int paused;
    double speed;         /* steps per frame (1/8 … 1000) */
    double acc;           /* fractional steps carried to the next frame */
    long seen_events;     /* race events already told */
    long timeline_end;    /* the furthest step the race has been at (the timeline bar's end) */
    int steps;            /* the scene's steps: where a lesson finishes; maps and tunings run
                           * this far (0: 300, play_horizon) */
} Play;

/* Steps a map or a tuning runs: the scene's, else 300. */
int play_horizon(const Play *p);
/* 1 when a racer is selected; else says so and returns 0. */
int play_has_racer(const Play *p, Msgs *m);
/* A scratch race (race_deinit it) from step 0 with p's racers as they are now (specs as
 * turned, on/off, mini-batch, fan group), on p's surface with cfg. */
void play_race_copy(const Play *p, Race *dst, const RaceConfig *cfg);
/* The timeline: to step exactly, paused. */
void play_seek(Play *p, Msgs *m, long step);
/* After a knob change: a race that had finished (no racer running) runs again from step 0. */
void play_knob_turned(Play *p);
/* From step 0 with the racers as they are (a fan, a tuning, a map's setting). */
void play_restart(Play *p);
/* Replaces the surface (taken over from s), keeping the racers and their knobs; the race
 * starts again from the new surface's own start. */
void play_set_surface(Play *p, Surface *s);

#endif
