/* anatdraw.h — the anatomy of one update on screen (anatomy.h, RenFrame.anatomy): its arrows
 * on the plane from the racer's point, and its panel (the sub-steps so far, the one on screen
 * with its caption and numbers, the keys). Internal to the renderer. */
#ifndef OPTIPLAY_ANATDRAW_H
#define OPTIPLAY_ANATDRAW_H

#include "hud.h"

/* The arrows of sub-step an->shown at the racer's point (the plane; nothing in 3-D). */
void anatdraw_plane(Batch *b, Font *font, const RenFrame *f, const Theme *th, float u);
/* The panel, bottom left (where the update rule goes), at most maxw wide: its box. */
HudBox anatdraw_panel(Hud *h, const RenFrame *f, float pad, float maxw);

#endif
