/* savestate.h — Ctrl+S: the live race as a scene file, so a setting tuned in front of a room
 * is not lost on quit (`optiplay SAVED.ini` opens it, `optiplay trace SAVED.ini` prints the
 * same race); Ctrl+C: the selected racer's spec to the clipboard, for a training script. */
#ifndef OPTIPLAY_SAVESTATE_H
#define OPTIPLAY_SAVESTATE_H

#include <stddef.h>

#include "msgs.h"
#include "play.h"
#include "scene.h"

/* sc, the scene as the window shows it, becomes the live one: the race's surface, start,
 * seed and noise, racers and their knobs, view, views (SCENE_* bits), speed, selection.
 * Racers switched off are left out (the selection counts the others); fans come back as
 * their members. -1: the surface's text is too long for a scene. */
int savestate_scene(Scene *sc, const Play *p, Rect view, unsigned views);
/* Writes live (NULL: it did not fit a scene) to path, a new file (never overwritten; nothing
 * half-written is left), with the switched-off racers as comments; `from` names where the
 * race came from. 0, or -1; the message says which. */
int savestate_save(const char *path, const Scene *live, const Play *p, const char *from,
                   Msgs *m);
/* Ctrl+C */
void savestate_copy_spec(const Play *p, Msgs *m);

#endif
