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
 * finished frame back with app_read_pixels — the same hook a recorder would use.
 *
 * The App is the window and its input (this header; keymap.c maps the keys); it composes the
 * parts that own the rest, each in a header of its own that knows nothing of the App: the
 * race on screen (play.h), the playlist and its pacing (lesson.h), the messages (msgs.h),
 * the view's framing (fit.h),
 * the teaching instruments (instruments.h), the text field (edit.h), G and P (capture.h),
 * Ctrl+S (savestate.h). */
#ifndef OPTIPLAY_APP_H
#define OPTIPLAY_APP_H

#include <SDL2/SDL.h>

#include "anat.h"
#include "capture.h"
#include "edit.h"
#include "fit.h"
#include "instruments.h"
#include "lesson.h"
#include "msgs.h"
#include "play.h"
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

/* The largest window side asked for (--size): what llvmpipe and most GPUs draw; a driver with a
 * smaller limit caps the drawable further (App.gl_max_px). */
enum { APP_MAX_SIZE = 16384 };

typedef struct App {
    int video;            /* SDL's video subsystem is ours to quit */
    SDL_Window *win;
    SDL_GLContext gl;
    Renderer *ren;
    Play play;            /* the race on screen */
    Lesson lesson;        /* the playlist (owned: lesson.scenes) and its pacing */
    Msgs msgs;
    Instruments inst;
    Edit edit;            /* the text field (E, X, A → type a spec) */
    Capture cap;          /* G and P */
    View view;
    Fit fit;              /* what the view frames, and where (app_fit_view) */
    int scene_surface;    /* the surface is still the scene's (its view applies) */
    Scene shown;          /* the scene as the title shows it after S or E (a new surface) */
    float mouse_scale;    /* drawable pixels per window coordinate (HiDPI) */
    int gl_max_px;        /* the largest drawable side the GL driver draws (viewport, texture,
                           * renderbuffer limits: the smallest); larger windows are capped */
    int size_capped;      /* the last frame's drawable was capped (said once per resize) */
    float min_text_px;    /* the smallest body text the display's DPI allows */
    /* UI state */
    unsigned show;        /* REN_* */
    int figure;           /* draw the figure style (recordings; see RenFrame.fig); 2: a
                           * capture's extra draw, which keeps the window's view */
    const char *fig_title; /* its title, NULL: none */
    int light, lecture, fullscreen;
    float text_zoom;      /* Ctrl+= / Ctrl+- on top of the automatic size */
    int help;             /* the help overlay is open */
    int black;            /* . or B: a black screen until any key (the race waits) */
    int black_paused;     /* whether the race was paused before it */
    int quit_ask;         /* Q pressed once in a playlist: Q again quits */
    int picker, picker_sel; /* the add-a-racer picker is open, and its highlighted item */
    int drag, dragged;    /* left button down; it moved far enough to be a pan */
    unsigned zooms;       /* zooms of the plane so far (wheel ticks, pinches) */
    unsigned zooms_seen;  /* app_tick's: zooms at its last call, */
    double zoom_ms;       /* and its clock when they last changed */
    int zooming;          /* a zoom within the last ZOOM_REST_MS: drawn as a drag is */
    int press_x, press_y; /* where it went down (drawable pixels) */
    int quit;
    char status[200];
    int wait_field;       /* AppConfig.wait_field, or frame_ms > 0 */
    RenCam3d cam3d;       /* D: the 3-D view (a drag orbits it, the wheel moves it closer or
                           * away); Shift+D: the height is the loss itself, not log(loss − f*) */
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
/* The event loop's clock, once a loop: a run of zooms (wheel ticks, pinches) is a view in
 * motion until none came for ZOOM_REST_MS, drawn as a drag is (coarse grids with their colour
 * scale held, then the full grid once it rests). Without it (tests) a zoom is drawn at rest. */
enum { ZOOM_REST_MS = 150 };
void app_tick(App *a, double ms);
/* Draws the current state again without stepping. */
void app_draw(App *a);
void app_present(App *a);

/* Reads the finished frame (before app_present) into rgba, w × h × 4 bytes, top row first.
 * Returns 0, or -1 when w × h is not the drawable size. */
int app_read_pixels(App *a, unsigned char *rgba, int w, int h);
/* For a recording that reads every frame it draws: reads only what changed since the last
 * call (all of it the first time) into rgba, as app_read_pixels places it, and says where in
 * rect (x0, y0, x1, y1 from the top left; the rest of rgba is not written). 0, or -1 when
 * w × h is not the drawable size. */
int app_read_changed(App *a, unsigned char *rgba, int w, int h, int rect[4]);

/* G (video: Shift+G) starts or stops a recording of the window (capture.h). */
void app_record_toggle(App *a, int video);
/* Saves the frame just drawn (w x h) as path: .png or .bmp (capture_save_image). 0, or -1
 * with err set (err->errnum when a write failed). */
int app_save_image(App *a, const char *path, int w, int h, Err *err);

/* Ctrl+S: the live race as a scene file in the recordings directory (savestate.h); never
 * overwrites. Returns 0 with the path in path, or -1 (the message says why). */
int app_save_state(App *a, char *path, size_t n);
/* The live race, view and views as a scene: what Ctrl+S saves, the web link. -1: too long */
int app_live_scene(const App *a, Scene *sc);

/* Frames the lesson: the race's paths over the scene's steps and the surface's minima (or the
 * scene's `view`), fitted into the part of the window the panels leave free. */
void app_fit_view(App *a);
/* Replaces the surface (taken over from s), keeping the racers and their knobs (S, E). */
void app_set_surface(App *a, Surface *s);
/* Opens scene i of the playlist (0 ≤ i < nscenes); returns 0 or -1 (with a message). */
int app_open_scene(App *a, int i);
/* What the lesson asks of the window: open a scene, show a beat's views. */
LessonHost app_lesson_host(App *a);
/* Shows a short message (printf-style), e.g. "Adam lr 0.01 → 0.02" (msgs_say). */
void app_message(App *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The add-a-racer picker's specs. */
extern const char *const app_presets[];
extern const int app_preset_count;

/* The help overlay's rows ("KEYS\tWHAT", "#Group"), also the README's key table. */
extern const char *const app_help_rows[];
extern const int app_help_count;

#endif
