/* hud.h — the text and panels over the picture: title and caption, legend, loss plot, update
 * rule, labels where racers stopped, messages, the help overlay and the add-a-racer picker.
 * Internal to the renderer: ren_draw fills a Hud and calls hud_draw. */
#ifndef OPTIPLAY_HUD_H
#define OPTIPLAY_HUD_H

#include "batch.h"
#include "font.h"
#include "lines.h"
#include "ren.h"
#include "theme.h"

typedef struct HudBox {
    float x, y, w, h;
} HudBox;

enum { HUD_PANELS = 8 };

typedef struct Hud {
    Batch *batch;          /* borrowed */
    Font *font;
    Lines *lines;          /* for the loss curves */
    const Theme *th;
    int w, h;              /* pixels */
    float u;               /* one UI unit: about a pixel at 1080 lines, more on bigger screens */
    int dry;               /* a dry run (the batch has a sink): the curves are not drawn */
    unsigned lined;        /* filled by hud_draw: panel i holds lines (bit i; bit 31: lines
                              outside any panel) */
    /* filled by hud_draw, for ren_hit */
    HudBox rows[RACE_MAX]; /* legend rows by racer index (w = 0: not shown) */
    HudBox panels[HUD_PANELS];
    int npanels;
    HudBox hpmap;          /* the hyperparameter map's cells (w = 0: not shown) */
    int hpmap_w, hpmap_h;
} Hud;

void hud_draw(Hud *h, const RenFrame *f);
/* How much smaller than the fonts set now the text must be for f's help overlay to fit the
 * window's height (1: it fits). */
float hud_help_scale(Hud *h, const RenFrame *f);
/* The basin map's colour of class c (SWARM_BASIN_* below 0): its own hues, far from every
 * racer's colour, from the field's colormap and from the grey of "diverged"; the key names
 * them. Alpha: how much of the field shows through. */
Rgba hud_basin_colour(const Theme *th, int c);

#endif
