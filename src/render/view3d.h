/* view3d.h — the 3-D view (key D): the loss surface as a lit height field of the log-scaled
 * loss (the field's colormap), the racers' trails and dots on it, seen by a perspective camera
 * that orbits the view's centre. Trails follow the mesh (its own interpolation, segments cut
 * finely) and the dots sit at their trails' ends, both depth-tested. The surface is sampled on a coarse grid on the main thread,
 * only when the surface, the view or the theme changes. Drawn into its own multisampled
 * framebuffer with a depth buffer, then copied into the bound one; the HUD goes on top. */
#ifndef OPTIPLAY_VIEW3D_H
#define OPTIPLAY_VIEW3D_H

#include "err.h"
#include "race.h"
#include "theme.h"
#include "view.h"

typedef struct View3d View3d;

typedef struct View3dCam {
    float yaw, pitch;   /* radians: around the vertical axis; above the horizon */
    float dist;         /* eye distance from the centre, in half-widths of the view */
    int linear;         /* height ∝ loss (the ball-rolling picture); else log(loss − f*) */
} View3dCam;

View3d *view3d_create(Err *err);
void view3d_destroy(View3d **v);
/* Draws the race over view v's rectangle; key changes when the surface's values may have
 * (e.g. the field's version), so the mesh is sampled again. u: one UI unit in pixels. */
void view3d_draw(View3d *v3, const Race *race, const View *v, const View3dCam *cam,
                 const Theme *th, float u, int key, unsigned show);
/* Where world point (x, y), on the surface as drawn at the last view3d_draw, lands on the
 * screen (pixels, y down) with camera cam; returns 0, or -1 when there is no mesh or the point
 * is behind the eye. */
int view3d_project(const View3d *v3, const View3dCam *cam, double x, double y, float out[2]);
/* Forgets the mesh (the surface is about to change or be freed). */
void view3d_detach(View3d *v3);

#endif
