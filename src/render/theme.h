/* theme.h — the two colour themes (dark for screens, light high-contrast for projectors) and
 * the racers' colour-blind-safe palette (Okabe & Ito, 2008). */
#ifndef OPTIPLAY_THEME_H
#define OPTIPLAY_THEME_H

#include "batch.h"
#include "race.h"

typedef struct Theme {
    int light;
    Rgba bg;          /* behind the field while it is computed */
    Rgba panel;       /* HUD panels, translucent */
    Rgba edge;        /* panel borders, separators, axes */
    Rgba text, dim;   /* text; secondary text */
    Rgba accent;      /* the selection, paused */
    Rgba bad, good;   /* diverged; converged */
    Rgba halo;        /* under trails, dots and labels on the field */
    Rgba marker;      /* global minima, the start point */
    Rgba arrows;      /* the gradient-field overlay */
} Theme;

const Theme *theme_get(int light);
/* The colour of racer i (cycles after 8). */
Rgba theme_racer(const Theme *t, int i);
/* The colour racer i of r is drawn in: its palette colour, or, for a fan member
 * (Racer.group > 0), one hue graded light → dark in member order. */
Rgba theme_racer_in(const Theme *t, const Race *r, int i);
/* The WCAG contrast ratio of two colours (1 … 21). */
double theme_contrast(Rgba a, Rgba b);
/* viridis at t (0 … 1, not clamped) into rgb (0 … 1, not clamped): the polynomial fit
 * shaders/field.frag draws (Matt Zucker, CC0). */
void theme_viridis(double t, double rgb[3]);

#endif
