/* instruments.h — the teaching instruments of the window: the fan, the ghost, the timeline's
 * end, the basin map, the hyperparameter map and the fair start. The arithmetic is the
 * core's (fan.h, race.h, swarm.h); this module keeps the window's side of each: what to
 * remember, when to remake it, what to tell the user. Each acts on the race on screen
 * (play.h) and says what it did in the messages (msgs.h).
 *
 *     inst_fan(&in, &play, &msgs, 0);          // W: the selected racer becomes a fan over lr
 *     inst_update(&in, &play, &view, &msgs, 0); // once a frame: the maps follow the view
 *     inst_fill(&in, &play, &frame);           // then into the frame the renderer draws
 *     inst_deinit(&in); */
#ifndef OPTIPLAY_INSTRUMENTS_H
#define OPTIPLAY_INSTRUMENTS_H

#include "msgs.h"
#include "play.h"
#include "ren.h"

enum { INST_GHOST = 2048 };

typedef struct Instruments {
    Sample ghost[RACE_MAX][INST_GHOST]; /* the previous run's trails, faint */
    int ghost_n[RACE_MAX], nghost, ghost_version;
    int basin_on;         /* the basin map overlay is shown */
    struct SwarmBasin *basin;
    char basin_key[sizeof(Spec) + 256]; /* what the map was made for: remade when it changes */
    int hpmap_on;         /* the hyperparameter map panel is shown */
    struct SwarmHpmap *hpmap;
    char hpmap_key[sizeof(Spec) + 256]; /* what the map was made for: remade when it changes */
    char hpmap_title[MSGS_LEN], hpmap_knob[32];
} Instruments;

void inst_ghost_take(Instruments *in, const Play *p); /* before a knob change: the run so far
                                                       * becomes the ghost */
void inst_fan(Instruments *in, Play *p, Msgs *m, int beta2); /* the selected racer → a fan over
                                                              * lr (or β₂) */
void inst_basin_toggle(Instruments *in, const Play *p, Msgs *m);
void inst_fair_start(Instruments *in, Play *p, Msgs *m); /* tunes every racer's lr on this
                                                          * surface and start */
void inst_hpmap_toggle(Instruments *in, const Play *p, Msgs *m); /* K: the lr × β map of the
                                                                  * selected racer */
/* A click on cell (i, j) of the map (ren_hpmap_hit): loads its setting into the selected
 * racer. */
void inst_hpmap_load(Instruments *in, Play *p, Msgs *m, int i, int j);
/* The surface or the scene changes: the maps (they borrow the surface) and the ghost go. */
void inst_reset(Instruments *in);
/* Once a drawn frame: brings the instruments up to date with the race and the view; wait: a
 * map is made whole in this frame (recordings, tests). */
void inst_update(Instruments *in, Play *p, const View *view, Msgs *m, int wait);
/* Puts them into the frame. */
void inst_fill(const Instruments *in, const Play *p, RenFrame *f);
void inst_deinit(Instruments *in);

#endif
