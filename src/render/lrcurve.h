/* lrcurve.h — the learning-rate panel: every shown racer's η(t) over the race, now marked. */
#ifndef OPTIPLAY_LRCURVE_H
#define OPTIPLAY_LRCURVE_H

#include "hud.h"

/* Draws the panel above `below` (the loss plot; w = 0: the bottom right corner) when some
 * shown racer has a schedule; returns its box (w = 0: not drawn). */
HudBox lrcurve_draw(Hud *h, const RenFrame *f, float pad, HudBox below);

#endif
