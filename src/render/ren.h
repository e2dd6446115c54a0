/* ren.h — the renderer: turns a race, a view and the app's UI state into pixels. It reads the
 * core and never changes it. Needs a current OpenGL 3.3 core context (function pointers via
 * libepoxy); draws into the bound framebuffer, view->w × view->h pixels.
 *
 *     Renderer *r = ren_create(&err);
 *     ren_draw(r, &(RenFrame){.race = &race, .view = &view, .show = REN_DEFAULT,
 *                             .cam3d = {.on = 1, .yaw = 0.5f}, ...});
 *     ren_detach(r);          // before the race's surface is freed
 *     ren_destroy(&r);
 *
 * The field (computed off the main thread, see field.h), the markers and the trails are kept
 * in an offscreen layer that is redrawn only when the view, the surface or the race changes
 * under it (new trail pieces are added to it), so a steady frame costs one copy of it onto the
 * frame (glBlitFramebuffer: rows copied, the layer being in the window's format and row order)
 * plus the racers and the HUD. Where the window's framebuffer keeps its pixels between frames
 * (one buffer, as SDL's offscreen driver has), a frame copies and draws only inside the boxes
 * that changed, each box on its own: what moved, the HUD's panels with curves, and where the
 * HUD's triangles differ from the last frame's (a dry run of the HUD finds them: a number that
 * changed is a box of a few glyphs). The HUD (text, panels) is drawn last and apart, so a
 * recording can leave it out (REN_HUD off). */
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

/* The frame's parts, sokol-style: each group is zero (absent, or its default) unless set. */
typedef struct RenMsgs {       /* recent messages, newest first */
    const char *text[REN_MSGS]; /* NULL: none */
    float alpha[REN_MSGS];     /* 0..1 */
} RenMsgs;
typedef struct RenHelp {       /* the help overlay; rows NULL: none */
    const char *const *rows;   /* "KEYS\tWHAT" ("" separates, "#Title" heads a group) */
    int n;
} RenHelp;
typedef struct RenPicker {     /* the add-a-racer picker; items NULL: closed */
    const char *const *items;
    int n, sel;
} RenPicker;
typedef struct RenGhost {      /* the previous run's trails, faint, until the next knob change */
    const Sample *samples;     /* n[i] samples of line i at samples + i × cap */
    const int *n;
    int count, cap;            /* lines; samples per line's slot */
    int version;               /* changes when the ghost does (the base layer redraws) */
} RenGhost;
typedef struct RenBasin {      /* the basin map overlay, over exactly the frame's view */
    const signed char *cls;    /* w × h classes (SWARM_BASIN_*), row 0 at the top; NULL: none */
    int w, h;
    int done;                  /* cells published: changes as it fills in */
    const double (*pt)[2];     /* where class k ends: pt[k], k < nclass */
    int nclass, nknown;        /* classes; the first nknown are the surface's minima */
} RenBasin;
typedef struct RenEdit {       /* the one-line text field (custom function); text NULL: closed */
    const char *text;
    const char *prompt;        /* e.g. "f(x, y) =" */
    const char *err;           /* the error of the last Enter ("" or NULL: none) */
    int err_col;               /* 1-based column of the error in text; 0: none */
    int selected;              /* text is selected (as opened): typing replaces it */
    int caret;                 /* the caret's byte offset in text */
} RenEdit;
typedef struct RenHpmap {      /* the hyperparameter map panel; loss NULL: no panel */
    const double *loss;        /* w × h cells, cell i + w·j at column i (lr, log-spaced, left to
                                  right) and row j (the knob, beta[j], bottom to top); NAN:
                                  pending */
    const unsigned char *status; /* RacerStatus: diverged cells are grey */
    const double *lr, *beta;
    int w, h;
    double cur_lr, cur_beta;   /* the selected racer's setting, marked */
    const char *title;         /* e.g. "Adam: log loss after 300 steps" */
    const char *knob;          /* the row knob's name ("β₁"); NULL: one row */
} RenHpmap;
typedef struct RenCam3d {      /* the 3-D view (view3d.h) instead of the plane */
    int on;
    float yaw, pitch;          /* radians (0, 0: the default) */
    float dist;                /* half-widths of the view; 0: the default */
    int height_linear;         /* height ∝ loss; else log(loss − f*) */
} RenCam3d;
typedef struct RenFig {        /* the figure style (recordings): the surface, trails, numbered
                                  racers, a compact legend with each racer's result, a step
                                  counter and title; no status line, selection, update rule,
                                  loss plot, messages, help or picker */
    int on;
    const char *title;         /* NULL: none */
} RenFig;

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
    long timeline_end;         /* the timeline bar: the race's step in [0, timeline_end]; 0: none */
    /* the view is being dragged or zoomed: the field's grid at half the resolution and its
     * scale held (field_hold); a drag shifts the base layer and draws only the exposed strips */
    int moving;
    RenMsgs msgs;
    RenHelp help;
    RenPicker picker;
    RenGhost ghost;
    RenBasin basin;
    RenEdit edit;
    RenHpmap hpmap;
    RenCam3d cam3d;
    RenFig fig;
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
/* The window's pixels were drawn by something else since the last frame (a black screen):
 * the next frame is drawn whole. */
void ren_forget(Renderer *r);
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
