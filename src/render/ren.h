/* ren.h — the renderer: turns a race, a view and the app's UI state into pixels. It reads the
 * core and never changes it. Needs a current OpenGL 3.3 core context (function pointers via
 * libepoxy); draws into the bound framebuffer, view->w × view->h pixels.
 *
 *     Renderer *r = ren_create(&err);
 *     ren_draw(r, &(RenFrame){ .race = &race, .view = &view, .show = REN_DEFAULT, ... });
 *     ren_detach(r);          // before the race's surface is freed
 *     ren_destroy(&r);
 *
 * The field (computed off the main thread, see field.h), the markers and the trails are kept
 * in an offscreen layer that is redrawn only when the view, the surface or the race changes
 * under it (new trail pieces are added to it), so a steady frame costs one copy of it onto the
 * frame (glBlitFramebuffer) plus the racers and the HUD. The HUD (text, panels) is drawn last and apart, so a recording
 * can leave it out (REN_HUD off). */
#ifndef OPTIPLAY_REN_H
#define OPTIPLAY_REN_H

#include "race.h"
#include "scene.h"
#include "view.h"
#include "view3d.h"

enum {
    REN_TRAILS = 1 << 0,     /* trails behind the racers */
    REN_CONTOURS = 1 << 1,   /* contour lines on the field */
    REN_ARROWS = 1 << 2,     /* each racer's −η∇f and step arrows */
    REN_GRADFIELD = 1 << 3,  /* the gradient-field overlay */
    REN_PLOT = 1 << 4,       /* the loss plot */
    REN_RULE = 1 << 5,       /* the selected racer's update rule */
    REN_HUD = 1 << 6,        /* all text and panels */
    REN_DEFAULT = REN_TRAILS | REN_CONTOURS | REN_PLOT | REN_RULE | REN_HUD,
};

enum { REN_MSGS = 3, REN_HIT_NONE = -1, REN_HIT_PANEL = -2 };

typedef struct RenFrame {
    const Race *race;          /* the race; its surface is drawn */
    const Scene *scene;        /* title and caption (may be NULL) */
    const char *caption;       /* the beat's caption instead of the scene's (NULL: none) */
    const View *view;
    unsigned show;             /* REN_* */
    int light;                 /* the light, high-contrast theme */
    float text_px;             /* body text size in pixels (0: from the window height) */
    int selected;              /* the racer whose rule is shown; -1: none */
    const char *status;        /* one line: step, speed, paused, ... */
    const char *msg[REN_MSGS]; /* recent messages, newest first (NULL: none) */
    float msg_alpha[REN_MSGS];
    const char *const *help;   /* help overlay rows "KEYS\tWHAT" ("" separates, "#Title"
                                  heads a group); NULL: no overlay */
    int nhelp;
    const char *const *picker; /* the add-a-racer picker's items; NULL: closed */
    int npicker, picker_sel;
    /* the ghost: the previous run's trails, faint, until the next knob change */
    const Sample *ghost;       /* ghost_n[i] samples of line i at ghost + i × ghost_cap */
    const int *ghost_n;
    int nghost, ghost_cap;
    int ghost_version;         /* changes when the ghost does (the base layer redraws) */
    /* the basin map overlay: basin_w × basin_h classes (SWARM_BASIN_*), row 0 at the top,
     * over exactly the frame's view; NULL: none */
    const signed char *basin;
    int basin_w, basin_h;
    int basin_done;            /* cells published: changes as it fills in */
    const double (*basin_pt)[2]; /* where class k ends: basin_pt[k], k < basin_nclass */
    int basin_nclass, basin_nknown; /* classes; the first nknown are the surface's minima */
    /* the timeline bar: the race's step in [0, timeline_end]; timeline_end 0: no bar */
    long timeline_end;
    /* the one-line text field (custom function); NULL: closed */
    const char *edit;
    const char *edit_prompt;   /* e.g. "f(x, y) =" */
    const char *edit_err;      /* the error of the last Enter ("" or NULL: none) */
    int edit_err_col;          /* 1-based column of the error in edit; 0: none */
    int edit_selected;         /* edit is selected (as opened): typing replaces it */
    int edit_caret;            /* the caret's byte offset in edit */
    /* the hyperparameter map panel: hpmap_w × hpmap_h cells, cell i + w·j at column i (lr,
     * log-spaced, left to right) and row j (the knob, hpmap_beta[j], bottom to top); loss NAN:
     * pending; NULL: no panel */
    const double *hpmap_loss;
    const unsigned char *hpmap_status; /* RacerStatus: diverged cells are grey */
    const double *hpmap_lr, *hpmap_beta;
    int hpmap_w, hpmap_h;
    double hpmap_cur_lr, hpmap_cur_beta; /* the selected racer's setting, marked */
    const char *hpmap_title;   /* e.g. "Adam: log loss after 300 steps" */
    const char *hpmap_knob;    /* the row knob's name ("β₁"); NULL: one row */
    /* the 3-D view (view3d.h) instead of the plane: the camera's yaw and pitch (radians) and
     * distance (half-widths of the view; 0: the default) */
    int view3d;
    float yaw, pitch, dist;
    int height_linear;         /* 3-D height ∝ loss; else log(loss − f*) */
    /* the figure style (recordings): the surface, trails, numbered racers, a compact legend
     * with each racer's result, a step counter and fig_title (NULL: none); no status line,
     * selection, update rule, loss plot, messages, help or picker */
    int figure;
    const char *fig_title;
    /* the view is being dragged: the field's grid at half the resolution and its scale held
     * (field_hold), the base layer shifted and only the exposed strips drawn */
    int moving;
    /* the anatomy of one update (anatomy.h; anatdraw.c draws it): its sub-step an->shown
     * on the plane and in a panel where the update rule goes; NULL: none */
    const struct Anatomy *anatomy;
} RenFrame;

typedef struct Renderer Renderer;

Renderer *ren_create(Err *err);
void ren_destroy(Renderer **r);

void ren_draw(Renderer *r, const RenFrame *f);

/* Racer i's name for labels and messages, unique in the race: "SGD+Nesterov", "AMSGrad",
 * "Lookahead(RAdam)", then the lr where names repeat ("Adam lr=0.01"), then the number. */
void ren_racer_name(const Race *race, int i, char *buf, size_t n);
/* Racer i's colour as 0xRRGGBB, as the renderer draws it. */
unsigned ren_racer_rgb(const Renderer *r, int light, const Race *race, int i);
/* Draws a small badge over the finished frame, top centre: a red dot and `text` (the REC mark,
 * drawn after a recording read the frame, so it is never recorded). */
void ren_badge(Renderer *r, const View *v, const char *text, float text_px, int light);
/* The part of the frame the draws since the last call changed, as x0, y0, x1, y1 pixels from
 * the top left: 1 and rect set when that is known to be less than all of it (a figure-style
 * frame of a moving race), else 0 (read it all). Resets what it tracks. */
int ren_changed(Renderer *r, int rect[4]);
/* Forgets the surface (waits for the field's worker): call before freeing it. */
void ren_detach(Renderer *r);
/* Waits until the field of the last drawn view is computed; the next draw shows it. */
void ren_wait(Renderer *r);
/* Whether the last draw showed an older field than its view asked for (it was computing). */
int ren_pending(Renderer *r);
/* Milliseconds the last field grid took (on the worker thread). */
double ren_field_ms(const Renderer *r);

/* What pixel (x, y) of the last frame shows: a legend row (the racer's index), REN_HIT_PANEL
 * (another HUD panel) or REN_HIT_NONE (the field). */
int ren_hit(const Renderer *r, float x, float y);
/* The HUD's panels of the last frame (title, legend, loss plot, update rule, maps, overlays),
 * up to max of them, as pixel boxes {x, y, width, height}; returns how many. */
int ren_panels(const Renderer *r, float (*box)[4], int max);
/* The hyperparameter map cell under pixel (x, y) of the last frame: returns 1 with its column
 * *i and row *j, 0 when (x, y) is not on a cell. */
/* The 3-D view's camera for frame f (its default when f has none), and where world point
 * (x, y) on the surface lands on screen in the last 3-D frame drawn: 0, or -1. */
View3dCam ren_camera3d(const RenFrame *f);
int ren_project3d(const Renderer *r, const RenFrame *f, double x, double y, float out[2]);
int ren_hpmap_hit(const Renderer *r, float x, float y, int *i, int *j);

#endif
