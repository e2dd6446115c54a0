/* app.h — the playground window: an SDL2 window with an OpenGL 3.3 core context, the scene
 * playlist, the race, the view and the UI state. It maps input to actions on the race and the
 * view (keymap.c) and asks the core to step; it does no optimizer arithmetic.
 *
 *     App *a = app_create(&(AppConfig){ .width = 1280, .height = 720 }, &err);
 *     while (!a->quit) {
 *         while (SDL_PollEvent(&e)) app_handle_event(a, &e);
 *         app_frame(a);          // steps the race by the speed, draws the frame
 *         app_present(a);        // swaps (vsync paces the loop)
 *     }
 *     app_destroy(&a);
 *
 * Tests drive it headless (SDL_VIDEODRIVER=offscreen) with injected events and read the
 * finished frame back with app_read_pixels — the same hook a recorder would use. */
#ifndef OPTIPLAY_APP_H
#define OPTIPLAY_APP_H

#include <SDL2/SDL.h>

#include "anat.h"
#include "ren.h"
#include "scene.h"

typedef struct AppConfig {
    int width, height;    /* window size in screen pixels; default 1280 × 720 */
    int hidden;           /* no window on screen (tests, benchmarks, screenshots) */
    int fullscreen;
    int no_vsync;         /* draw as fast as possible (benchmarks) */
    int light;            /* start with the light theme */
    int lecture;          /* start with lecture-size text */
    double frame_ms;      /* > 0: the clock (message fades) advances this much per app_frame,
                           * so a recording is the same at any speed; default: real time.
                           * It implies wait_field. */
    int wait_field;       /* every frame shows the field of its own view (the loss grid is
                           * computed off the main thread: a frame may otherwise show the last
                           * one, or none yet); for recordings, screenshots, tests */
    const Scene *scenes;  /* the playlist, copied; NULL: the built-in default scene */
    const char *record_dir; /* where G and P write; default: the scene's record_dir, else "." */
    int autoplay;         /* every scene runs at once and on past its steps (recordings) */
    int nscenes;
} AppConfig;

enum { APP_MSG = 160, APP_GHOST = 2048 };
/* The largest window side asked for (--size): what llvmpipe and most GPUs draw; a driver with a
 * smaller limit caps the drawable further (App.gl_max_px). */
enum { APP_MAX_SIZE = 16384 };

typedef struct App {
    int video;            /* SDL's video subsystem is ours to quit */
    SDL_Window *win;
    SDL_GLContext gl;
    Renderer *ren;
    Scene *scenes;        /* the playlist (owned) */
    int nscenes, cur;
    Surface surface;
    Race race;
    View view;
    int view_touched;     /* panned or zoomed: a resize keeps the view instead of refitting */
    Rect fit_box;         /* what the view frames: the race's path and the minima, or the
                           * scene's view (app_fit_view) */
    int fit_pending;      /* the next frame fits fit_box into the room its panels leave */
    int scene_surface;    /* the surface is still the scene's (its view applies) */
    double fit_sig;       /* the panel layout the view was last checked against */
    float fit_room[4];    /* the part of the window the box was fitted into {x, y, w, h} */
    Scene shown;          /* the scene as the title shows it after S or E (a new surface) */
    float mouse_scale;    /* drawable pixels per window coordinate (HiDPI) */
    int gl_max_px;        /* the largest drawable side the GL driver draws (viewport, texture,
                           * renderbuffer limits: the smallest); larger windows are capped */
    int size_capped;      /* the last frame's drawable was capped (said once per resize) */
    float min_text_px;    /* the smallest body text the display's DPI allows */
    /* UI state */
    unsigned show;        /* REN_* */
    int figure;           /* draw the figure style (recordings; see RenFrame.figure); 2: a
                           * capture's extra draw, which keeps the window's view */
    const char *fig_title; /* its title, NULL: none */
    int light, lecture, fullscreen;
    float text_zoom;      /* Ctrl+= / Ctrl+- on top of the automatic size */
    int selected;         /* racer, -1: none */
    int paused;
    int autoplay;         /* AppConfig.autoplay */
    int run_on;           /* Space at the finish: running on past the scene's steps */
    int beat;             /* beats of the scene played (lesson.c) */
    long beat_stop;       /* the step the playing beat runs to, 0: none */
    double speed;         /* steps per frame (1/8 … 1000) */
    double acc;           /* fractional steps carried to the next frame */
    int help;             /* the help overlay is open */
    int black;            /* . or B: a black screen until any key (the race waits) */
    int black_paused;     /* whether the race was paused before it */
    int quit_ask;         /* Q pressed once in a playlist: Q again quits */
    int picker, picker_sel; /* the add-a-racer picker is open, and its highlighted item */
    char msg[REN_MSGS][APP_MSG]; /* newest first */
    Uint32 msg_t[REN_MSGS];
    long seen_events;     /* race events already told */
    int drag, dragged;    /* left button down; it moved far enough to be a pan */
    int press_x, press_y; /* where it went down (drawable pixels) */
    int quit;
    char status[200];
    /* G and P (capture.c) */
    char record_dir[1024];  /* AppConfig.record_dir ("" : the scene's, else ".") */
    struct Recorder *rec;   /* the GIF being recorded, NULL when none */
    struct Recorder *rec_closing; /* a stopped one, finishing in the background */
    unsigned char *rec_px;
    int rec_w, rec_h, rec_every, rec_fps;
    long rec_frames, rec_tick, closing_frames;
    char rec_path[1100], closing_path[1100];
    int shot;               /* P pressed: save the next frame */
    double frame_ms;      /* AppConfig.frame_ms */
    int wait_field;       /* AppConfig.wait_field, or frame_ms > 0 */
    long frames;          /* app_frame calls, the clock when frame_ms > 0 */
    /* the teaching instruments (instruments.c) */
    long timeline_end;    /* the furthest step the race has been at (the timeline bar's end) */
    Sample ghost[RACE_MAX][APP_GHOST]; /* the previous run's trails, faint */
    int ghost_n[RACE_MAX], nghost, ghost_version;
    int basin_on;         /* the basin map overlay is shown */
    struct SwarmBasin *basin;
    char basin_key[sizeof(Spec) + 256]; /* what the map was made for: remade when it changes */
    int edit;             /* the text field is open: 1 a function, 2 a new racer, 3 a schedule */
    int edit_skip;        /* the key that opened it may still arrive as text */
    int edit_sel;         /* its text is selected (as opened): typing replaces it */
    int edit_cur;         /* the caret: a byte offset into edit_buf */
    char edit_buf[1024], edit_err[512];
    int edit_col;
    int hpmap_on;         /* the hyperparameter map panel is shown */
    struct SwarmHpmap *hpmap;
    char hpmap_key[sizeof(Spec) + 256]; /* what the map was made for: remade when it changes */
    char hpmap_title[APP_MSG], hpmap_knob[32];
    /* D: the 3-D view; a drag orbits the camera, the wheel moves it closer or away */
    int view3d;
    float yaw, pitch, dist;
    int height_linear;    /* Z: the 3-D height is the loss itself, not log(loss − f*) */
    AppAnat anat;         /* Y: the anatomy of one update (anat.c) */
} App;

App *app_create(const AppConfig *cfg, Err *err);
void app_destroy(App **a);

void app_handle_event(App *a, const SDL_Event *e);
/* Steps the race by the current speed (unless paused), then draws the frame. */
void app_frame(App *a);
/* Nothing would change on screen until the next event (paused, no message fading, the field
 * computed): the event loop may sleep instead of drawing the same frame again. */
int app_idle(App *a);
/* Draws the current state again without stepping. */
void app_draw(App *a);
void app_present(App *a);

/* Reads the finished frame (before app_present) into rgba, w × h × 4 bytes, top row first.
 * Returns 0, or -1 when w × h is not the drawable size. */
int app_read_pixels(App *a, unsigned char *rgba, int w, int h);
/* For a recording that reads every frame it draws: reads only what changed since the last
 * call (all of it the first time) into buf, a w × h × 4 frame in GL's order (bottom row
 * first) that holds the frame before. 0, or -1 when w × h is not the drawable size. */
int app_read_changed(App *a, unsigned char *buf, int w, int h);

/* G: starts recording a GIF (video: an MP4) of the race in the figure style, or stops (the
 * file is finished in the background); P: saves the next frame as a PNG. app_capture, called
 * by app_frame after the frame is drawn, hands the frame over and draws the REC mark;
 * app_capture_end finishes. */
void app_record_toggle(App *a, int video);
void app_screenshot(App *a);
void app_capture(App *a);
void app_capture_end(App *a);
/* A new file name in the recordings directory: dir/optiplay-YYYYMMDD-HHMMSS.ext (-2, -3 ... when
 * that exists). */
void app_record_path(const App *a, const char *ext, char *buf, size_t size);
/* Saves the frame just drawn (w x h) as path: .png (through the recorder) or .bmp, written
 * aside and renamed. 0, or -1 with err set (err->errnum when a write failed). */
int app_save_image(App *a, const char *path, int w, int h, Err *err);

/* Ctrl+S (savestate.c): the live race as a scene file in the recordings directory (surface,
 * start, view, seed, noise, every racer's spec as turned, selection, views); never overwrites.
 * Returns 0 with the path in path, or -1 (the message says why). Ctrl+C: the selected racer's
 * spec to the clipboard. */
int app_save_state(App *a, char *path, size_t n);
/* The live race, view and views as a scene (savestate.c): what Ctrl+S saves, the web link. */
int app_live_scene(const App *a, Scene *sc); /* -1: too long */
void app_copy_spec(App *a);

/* A scratch race (race_deinit it) from step 0 with the racers of a's as they are now (specs as
 * turned, on/off, mini-batch, fan group), on a's surface with cfg. */
void app_race_copy(const App *a, Race *dst, const RaceConfig *cfg);
/* Frames the lesson: the race's paths over the scene's steps and the surface's minima (or the
 * scene's `view`), fitted into the part of the window the panels leave free. */
void app_fit_view(App *a);
/* The title, the caption and the OS window's title after the surface changed (S, E). */
void app_retitle(App *a);
/* Opens scene i of the playlist (0 ≤ i < nscenes); returns 0 or -1 (with a message). */
int app_open_scene(App *a, int i);
/* Shows a short message (printf-style), e.g. "Adam lr 0.01 → 0.02". */
void app_message(App *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The teaching instruments (instruments.c), called by the keymap and the frame. */
void app_ghost_take(App *a);          /* before a knob change: the run so far becomes the ghost */
void app_knob_turned(App *a);         /* after one: a finished race runs again from step 0 */
void app_fan(App *a, int beta2);      /* the selected racer → a fan over lr (or β₂) */
void app_seek(App *a, long step);     /* the timeline: to step exactly, paused */
void app_basin_toggle(App *a);
void app_fair_start(App *a);          /* tunes every racer's lr on this surface and start */
void app_hpmap_toggle(App *a);        /* K: the lr × β map of the selected racer */
/* A click at drawable pixel (x, y): on a cell of the map, loads its setting into the selected
 * racer and returns 1; else 0. */
int app_hpmap_click(App *a, int x, int y);
void app_edit_open(App *a);           /* the custom-function text field */
void app_edit_spec(App *a, int what); /* the field for a typed racer (2) or schedule (3) */
void app_edit_event(App *a, const SDL_Event *e); /* while open: its keys and text */
/* Replaces the surface (taken over from s), keeping the racers and their knobs. */
void app_set_surface(App *a, Surface *s);
/* Once a drawn frame: brings the instruments up to date, then puts them into f. */
void app_instruments_fill(App *a, RenFrame *f);
void app_instruments_deinit(App *a);

/* The largest of the lr knob's 1-2-5 steps not above x (0.02088 → 0.02): below, not nearest,
 * as a tuned lr rounded up may diverge. */
double app_knob_snap(double x);

/* The add-a-racer picker's specs. */
extern const char *const app_presets[];
extern const int app_preset_count;

/* The help overlay's rows ("KEYS\tWHAT", "#Group"), also the README's key table. */
extern const char *const app_help_rows[];
extern const int app_help_count;

#endif
