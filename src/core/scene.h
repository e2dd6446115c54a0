/* scene.h — scene files: a prepared race for a lecture, in INI format (read with inih).
 *
 *     [scene]
 *     title   = Momentum in a ravine
 *     caption = SGD zig-zags across the ravine; momentum averages the zig-zag away.
 *     surface = quadratic(kx=1, ky=10)
 *     start   = -9, 1.5
 *     view    = -10, -4, 10, 4      ; x0, y0, x1, y1 (default: the surface's view)
 *     seed    = 1
 *     noise   = 0                   ; gradient noise σ
 *     noise_decay = 0.55            ; γ in σ² / (1 + t)^γ
 *     batch   = 0                   ; mini-batch size (data surfaces)
 *     speed   = 1                   ; steps per frame
 *     steps   = 300                 ; steps for trace/record when not given
 *     select  = 2                   ; the racer selected when it opens (default: the first Adam)
 *     show    = basin, arrows       ; views the scene opens with (also: trails, contours,
 *     hide    = plot                ;   field, plot, rule, hud, hpmap, 3d); hide turns them off
 *     camera  = 30, 40, 2.7         ; the 3-D view's yaw and pitch (degrees), distance
 *     height  = linear              ; the 3-D height: log (of loss − f*, default) or linear
 *
 *     [racers]
 *     opt = SGD(lr=0.1)
 *     opt = SGD(lr=0.1, momentum=0.9)
 *     batch = 1                     ; optional, after an opt: that racer's own mini-batch size
 *     opt = Adam(lr=fan(1e-3, 1, 5)) ; a fan: five racers, lr swept (see fan.h)
 *     noise = 0.5                   ; optional, after an opt: that racer's own gradient noise σ
 *     noise_decay = 0.55            ;   and its γ (the scene's noise, noise_decay otherwise)
 *
 * [scene] may also hold the lesson as claims, `expect = 2 converges before 1` (claim.h),
 * never drawn: the lessons test checks every shipped scene's; `autoplay = yes` (the scene
 * runs on opening; by default it opens paused at step 0); `select = 2` (the racer that opens
 * selected, 1-based).
 *
 *     [beat]                        ; ordered; Page Down plays the next one
 *     caption = Momentum first.     ; first: it starts the beat and replaces the caption
 *     racers  = 1, 3                ; the racers shown (the others off); default: as before
 *     select  = 3
 *     show    = rule                ; and hide =: views opened or closed
 *     set     = 3 momentum 0.5      ; a knob turned: racer, keyword, value (up to 4)
 *     run     = 60                  ; then run to step 60 and pause (default: stay)
 *
 * scene_load checks everything it reads (surface, specs, numbers); an error names
 * file:line and what was expected, and nothing is half-loaded. */
#ifndef OPTIPLAY_SCENE_H
#define OPTIPLAY_SCENE_H

#include "claim.h"
#include "err.h"
#include "race.h"
#include "surface.h"

enum { SCENE_TEXT = 512, SCENE_CLAIMS = 16, SCENE_BEATS = 16, SCENE_BEAT_KNOBS = 4 };

/* The views a scene turns on (show =) or off (hide =) when it opens; the window's toggles. */
enum {
    SCENE_TRAILS = 1 << 0, SCENE_CONTOURS = 1 << 1, SCENE_ARROWS = 1 << 2, SCENE_FIELD = 1 << 3,
    SCENE_PLOT = 1 << 4, SCENE_RULE = 1 << 5, SCENE_HUD = 1 << 6, SCENE_BASIN = 1 << 7,
    SCENE_HPMAP = 1 << 8, SCENE_3D = 1 << 9,
};

typedef struct SceneKnob {
    int racer, slot;             /* racer 0-based, the optimizer's parameter slot */
    double value;
    char name[24];               /* the keyword as written (beta1, beta2: the β knobs) */
} SceneKnob;

typedef struct SceneBeat {
    char caption[SCENE_TEXT];
    unsigned racers;             /* bit i: racer i shown; 0: as before */
    int select;                  /* 1-based; 0: as before */
    unsigned show, hide;         /* SCENE_* views */
    int nknobs;
    SceneKnob knob[SCENE_BEAT_KNOBS];
    long run;                    /* run to this step and pause; 0: stay */
    int line;
} SceneBeat;

typedef struct Scene {
    char path[1024];             /* the file it came from ("" for built-in) */
    char title[128];
    char caption[SCENE_TEXT];    /* one or two sentences for the audience */
    char surface[SCENE_TEXT];    /* surface text, as surface_init reads it */
    RaceConfig cfg;              /* start, noise, batch, seed, ... */
    int has_view;
    Rect view;                   /* the view to open with (has_view) */
    unsigned show, hide;         /* SCENE_* views turned on / off when the scene opens */
    int has_camera;
    float camera[3];             /* the 3-D camera: yaw, pitch (radians), distance (has_camera) */
    int height_linear;           /* the 3-D height is the loss, not log(loss − f*) */
    int speed;                   /* steps per frame, default 1 */
    int steps;                   /* steps for trace/record, default 300 */
    int nopt;
    Spec opt[RACE_MAX];          /* the racers, parsed once (scene_add_opt); opt[i].text as
                                  * written, a fan's members written out in full */
    int batch[RACE_MAX];         /* each racer's own mini-batch size, 0: cfg.batch */
    int group[RACE_MAX];         /* fan members share a number > 0 (see fan.h), 0: none */
    double noise[RACE_MAX];      /* each racer's own noise σ and its γ, 0: the scene's */
    double noise_decay[RACE_MAX];
    int nclaims;
    Claim claim[SCENE_CLAIMS];   /* the lesson, checked by claim_check */
    int autoplay;                /* runs on opening (else: paused at step 0) */
    int select;                  /* the racer selected on opening, 1-based; 0: the app's choice */
    int nbeats;
    SceneBeat beat[SCENE_BEATS];
    char record_dir[1024];       /* where recordings go ("" = current directory) */
} Scene;

/* Loads a scene file. Returns 0, or -1 with err set (err->line: the line, 0 for the file). */
int scene_load(Scene *sc, const char *path, Err *err);

/* Reads a scene from a string (name is used in messages). Same contract as scene_load. */
int scene_parse(Scene *sc, const char *name, const char *text, Err *err);

/* A beat's racers and knobs, on the race (the window adds its views and selection). */
void scene_beat_apply(const SceneBeat *b, Race *r);
/* Writes sc as a scene file's text (what scene_parse reads back as the same scene; numbers
 * exact, fans as their members). Returns the length, or -1 when it does not fit in size. */
int scene_format(const Scene *sc, char *buf, size_t size);

/* The built-in default scene: the Beale race with six optimizers. */
void scene_default(Scene *sc);

/* Adds the racers of one `opt` line (a spec, or a fan of them) to sc. Returns 0, or -1 with
 * err (col: into text): a bad spec, or too many racers. */
int scene_add_opt(Scene *sc, const char *text, Err *err);

/* Builds the surface and race of a scene (race_init + race_add for each racer).
 * Returns 0, or -1 with err set; on failure nothing is left allocated. */
int scene_build(const Scene *sc, Surface *s, Race *r, Err *err);

#endif
