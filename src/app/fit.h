/* fit.h — what the view frames, and where: the paths a lesson's racers take over its steps
 * and the minima near them (or the scene's own view), fitted into the part of the window
 * the panels leave free; fitted again when a panel comes to cover it, never once the user
 * panned or zoomed (touched). */
#ifndef OPTIPLAY_FIT_H
#define OPTIPLAY_FIT_H

#include "play.h"
#include "view.h"

typedef struct Fit {
    int touched;          /* panned or zoomed: a resize keeps the view instead of refitting */
    Rect box;             /* what the view frames (fit_frame) */
    int pending;          /* the next frame fits box into the room its panels leave */
    double sig;           /* the panel layout the view was last checked against */
    float room[4];        /* the part of the window the box was fitted into {x, y, w, h} */
} Fit;

/* Frames the race on screen (a scratch copy run over its horizon; diverged racers left out),
 * or scene_view when not NULL, in the whole w × h window until a frame shows the panels. */
void fit_frame(Fit *f, View *v, const Play *p, const Rect *scene_view, int w, int h);
/* After a frame is drawn, with the boxes of its n panels {x, y, w, h}: fits the box into the
 * room they leave when asked to, or when they moved over it. Returns whether v changed. */
int fit_panels(Fit *f, View *v, float (*box)[4], int n);

#endif
