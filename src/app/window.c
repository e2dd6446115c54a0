/* window.c — `optiplay [SCENE.ini ...] [OPTIONS]`: the window's command line, its event loop,
 * and two headless modes built on the same frame: --bench-frames (frame-time percentiles) and
 * --shot (one frame saved as a PNG or BMP). */
#include <assert.h>
#include <epoxy/gl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/resource.h>

#include "app.h"
#include "cli.h"
#include "lesson.h"
#include "outfile.h"
#include "scenedir.h"
#ifdef __EMSCRIPTEN__
#include "web.h"
#endif

typedef struct WinArgs {
    AppConfig cfg;
    long bench_frames;   /* > 0: the benchmark */
    long racers, trail;  /* the benchmark's race */
    int drag;            /* --bench-drag: the view dragged with the mouse every frame */
    const char *shot;    /* a PNG or BMP to write after the scene's steps */
    const char *press;   /* keys to press before the shot */
    long beat;           /* --beat N: the shot after the scene's first N beats, + 1 (0: none) */
} WinArgs;

enum { WARMUP = 60 };

static const char *const bench_extra[] = {
    "Adam(lr=0.01)", "RMSprop(lr=0.001, momentum=0.9)", "Adamax(lr=0.05)", "Lion(lr=0.005)",
    "RAdam(lr=0.05)", "AdamW(lr=0.05)", "SGD(lr=0.0005, momentum=0.95)", "Adadelta(lr=1.0)",
    "Rprop(lr=0.01)", "AdaBound(lr=0.01)",
};

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Window options: returns how many argv entries it took (0: not one of them), -1 on error. */
static int window_option(void *ctx, int argc, char **argv, int i)
{
    WinArgs *wa = ctx;
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--fullscreen")) {
        wa->cfg.fullscreen = 1;
        return 1;
    }
    if (!strcmp(a, "--light")) {
        wa->cfg.light = 1;
        return 1;
    }
    if (!strcmp(a, "--lecture")) {
        wa->cfg.lecture = 1;
        return 1;
    }
    if (!strcmp(a, "--bench-drag")) {
        wa->drag = 1;
        return 1;
    }
    static const char *const valued[] = {"--size", "--bench-frames", "--racers", "--trail",
                                         "--shot", "--press", "--record-dir", "--beat"};
    int known = 0;
    for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
        known |= !strcmp(a, valued[k]);
    if (!known)
        return 0;
    if (!v) {
        cli_bad("%s needs a value (see optiplay --help)", a);
        return -1;
    }
    if (!strcmp(a, "--size")) {
        int w, h;
        char tail;
        /* over the limit: refused, not clamped, as any out-of-range number is (the driver's
         * own, smaller limit is not known until the window opens: that one caps, said) */
        if (sscanf(v, "%dx%d%c", &w, &h, &tail) != 2 || w < 64 || h < 64 || w > APP_MAX_SIZE ||
            h > APP_MAX_SIZE) {
            cli_bad("--size: expected WIDTHxHEIGHT in pixels (64 to %d each, the largest an "
                    "OpenGL driver commonly draws), e.g. 1920x1080, got '%.40s'", APP_MAX_SIZE, v);
            return -1;
        }
        wa->cfg.width = w;
        wa->cfg.height = h;
    } else if (!strcmp(a, "--bench-frames") || !strcmp(a, "--racers") || !strcmp(a, "--trail")) {
        long *dst = !strcmp(a, "--racers") ? &wa->racers : !strcmp(a, "--trail") ? &wa->trail
                                                                                  : &wa->bench_frames;
        long hi = dst == &wa->racers ? RACE_MAX : 100000;
        if (parse_long(v, 1, hi, dst) < 0) {
            cli_bad("%s: expected a whole number in [1, %ld], got '%s'", a, hi, v);
            return -1;
        }
    } else if (!strcmp(a, "--shot")) {
        const char *dot = strrchr(v, '.');
        if (!dot || (strcasecmp(dot, ".png") && strcasecmp(dot, ".bmp"))) {
            cli_bad("--shot: expected a .png or .bmp file name, got '%.300s'", v);
            return -1;
        }
        wa->shot = v;
    } else if (!strcmp(a, "--beat")) {
        long b;
        if (parse_long(v, 0, SCENE_BEATS, &b) < 0) {
            cli_bad("--beat: expected a whole number of beats in [0, %d], got '%.40s'",
                    SCENE_BEATS, v);
            return -1;
        }
        wa->beat = b + 1;
    } else if (!strcmp(a, "--record-dir")) {
        struct stat st;
        if (stat(v, &st) != 0 || !S_ISDIR(st.st_mode)) {
            cli_bad("--record-dir: '%s' is not a directory", v);
            return -1;
        }
        wa->cfg.record_dir = v;
    } else {
        wa->press = v;
    }
    return 2;
}

/* The App of wa's config, or NULL after saying why. */
static App *open_app(WinArgs *wa)
{
    Err err = {0};
    App *a = app_create(&wa->cfg, &err);
    if (!a)
        fprintf(stderr, "optiplay: %s\n", err.msg);
    return a;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* CPU time of the whole process (every thread, Mesa's included), milliseconds. */
static double cpu_ms(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-3;
}

static double now_ms(void)
{
    return (double)SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

/* The scripted drag of --bench-drag: the left button held from the middle of the view, then
 * each frame a motion of about 12 pixels along a slow circle (the view pans around and back),
 * as SDL reports a mouse. */
static void drag_event(App *a, long f, int *x, int *y)
{
    SDL_Event e = {0};
    if (f < 0) {
        e.type = SDL_MOUSEBUTTONDOWN;
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = *x = a->view.w / 2;
        e.button.y = *y = a->view.h / 2;
    } else {
        double t = 6.283185307179586 * (double)f / 90;
        int dx = (int)lround(12 * cos(t)), dy = (int)lround(12 * sin(t));
        e.type = SDL_MOUSEMOTION;
        e.motion.state = SDL_BUTTON_LMASK;
        e.motion.x = *x += dx;
        e.motion.y = *y += dy;
        e.motion.xrel = dx;
        e.motion.yrel = dy;
    }
    app_handle_event(a, &e);
}

/* Renders frames as fast as it can (no vsync), one race step each, with long trails; with
 * wa->drag, the view is dragged each frame too. */
static int bench(WinArgs *wa, Scene *sc)
{
    long trail = wa->trail > 0 ? wa->trail : 10000, frames = wa->bench_frames;
    long racers = wa->racers > 0 ? wa->racers : 8;
    for (int i = 0; sc->nopt < racers && i < (int)(sizeof bench_extra / sizeof *bench_extra); i++) {
        Err e = {0};
        int rc = scene_add_opt(sc, bench_extra[i], &e);
        assert(rc == 0); /* the table's specs parse */
        (void)rc;
    }
    if (sc->nopt > racers)
        sc->nopt = (int)racers;
    if (trail <= WARMUP)
        trail = WARMUP + 1;
    sc->cfg.history = (int)(trail + frames + 16); /* no decimation while timing */
    sc->speed = 1;
    wa->cfg.hidden = 1;
    wa->cfg.no_vsync = 1;
    wa->cfg.autoplay = 1;
    wa->cfg.scenes = sc;
    wa->cfg.nscenes = 1;
    App *a = open_app(wa);
    if (!a)
        return CLI_FAIL;
    race_step(&a->play.race, (int)trail - 1 - WARMUP); /* histories of `trail` samples when timed */
    a->play.paused = 0;
    app_draw(a);
    ren_wait(a->ren); /* the field once, off the clock (it is recomputed only on a view change) */
    int mx = 0, my = 0;
    if (wa->drag)
        drag_event(a, -1, &mx, &my);
    /* a second of frames off the clock too: Mesa compiles a shader variant the first time it
     * meets each state, once per run */
    for (int f = 0; f < WARMUP; f++) {
        if (wa->drag)
            drag_event(a, f, &mx, &my);
        app_frame(a);
        app_present(a);
    }
    double *t = malloc(sizeof *t * (size_t)frames);
    if (!t) {
        app_destroy(&a);
        return CLI_FAIL;
    }
    double c0 = cpu_ms();
    for (long f = 0; f < frames; f++) {
        double t0 = now_ms();
        if (wa->drag)
            drag_event(a, WARMUP + f, &mx, &my);
        app_frame(a);
        app_present(a);
        glFinish();
        t[f] = now_ms() - t0;
    }
    double cpu = (cpu_ms() - c0) / (double)frames;
    int longest = 0;
    for (int i = 0; i < a->play.race.n; i++)
        if (a->play.race.racer[i].nhist > longest)
            longest = a->play.race.racer[i].nhist;
    qsort(t, (size_t)frames, sizeof *t, cmp_double);
    double sum = 0;
    for (long f = 0; f < frames; f++)
        sum += t[f];
    printf("optiplay bench: %dx%d, %d racers, trails of %d points, %ld frames%s, %s\n",
           a->view.w, a->view.h, a->play.race.n, longest, frames,
           wa->drag ? ", the view dragged every frame" : "", (const char *)glGetString(GL_RENDERER));
    printf("frame ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  mean %.2f\n", t[frames / 2],
           t[(long)(0.9 * (frames - 1))], t[(long)(0.99 * (frames - 1))], t[frames - 1],
           sum / frames);
    printf("cpu ms per frame, all threads: %.2f (a busy machine stretches the frame times)\n", cpu);
    printf("field grid (worker thread, on a view change): %.1f ms\n", ren_field_ms(a->ren));
    free(t);
    if (wa->shot) { /* the last frame timed, drawn again (mid-drag with --bench-drag) */
        Err err = {0};
        app_draw(a);
        if (app_save_image(a, wa->shot, a->view.w, a->view.h, &err) < 0) {
            fprintf(stderr, "optiplay: --shot: %s\n", err.msg);
            app_destroy(&a);
            return CLI_FAIL;
        }
    }
    app_destroy(&a);
    return CLI_OK;
}

static SDL_Keycode key_of(char c)
{
    switch (c) {
    case '^': return SDLK_UP;
    case '_': return SDLK_DOWN;
    case '>': return SDLK_PAGEDOWN;
    case '<': return SDLK_PAGEUP;
    case '~': return SDLK_ESCAPE;
    case '\t': return SDLK_TAB;
    case '\n': return SDLK_RETURN;
    default: return (SDL_Keycode)c;
    }
}

/* Runs a started race to where the lesson pauses it (a beat's step, the scene's finish), as
 * the window's frames would; nothing when it is paused or would run on without a stop. */
static void run_to_stop(App *a)
{
    enum { FAR = 1 << 24 };
    int k;
    while (!a->play.paused && (k = lesson_steps(&a->lesson, &a->play, FAR)) > 0 && k < FAR) {
        race_step(&a->play.race, k);
        lesson_after(&a->lesson, &a->play, &a->msgs);
    }
}

/* The scene after its `steps` steps, as a PNG or BMP: for screenshots and the README. */
static int shot(WinArgs *wa, Scene *scenes, int n)
{
    if (wa->beat - 1 > scenes[0].nbeats)
        return cli_bad("--beat %ld: the scene '%s' has %d beat%s", wa->beat - 1,
                       scenes[0].title, scenes[0].nbeats, scenes[0].nbeats == 1 ? "" : "s");
    wa->cfg.hidden = 1;
    wa->cfg.wait_field = 1;
    wa->cfg.scenes = scenes;
    wa->cfg.nscenes = n;
    App *a = open_app(wa);
    if (!a)
        return CLI_FAIL;
    int rc = CLI_OK;
    outfile_catch_signals(); /* Ctrl-C: no part file left, the old file kept */
    if (wa->beat > 0) { /* --beat N: Page Down N times, each beat run to its stop */
        LessonHost h = app_lesson_host(a);
        a->play.paused = 1;
        for (long b = 0; b < wa->beat - 1; b++) {
            lesson_next(&a->lesson, &a->play, &a->msgs, &h);
            run_to_stop(a);
            a->play.paused = 1;
        }
    }
    /* keys: letters as typed (uppercase: with Shift), ' ' Space; ^ _ the arrows up and down,
     * > < Page Down / Up, ~ Esc */
    for (const char *p = wa->press ? wa->press : ""; *p; p++) {
        SDL_Event e = {.type = SDL_KEYDOWN};
        char c = *p;
        if (c >= 'A' && c <= 'Z') {
            e.key.keysym.mod = KMOD_LSHIFT;
            c = (char)(c - 'A' + 'a');
        }
        e.key.keysym.sym = key_of(c);
        app_handle_event(a, &e);
    }
    if (wa->beat == 0)
        race_step(&a->play.race, scenes[a->lesson.cur].steps);
    else /* the race where the beats left it; keys that started it (Space): to its stop */
        run_to_stop(a);
    app_draw(a);
    Err err = {0};
    if (app_save_image(a, wa->shot, a->view.w, a->view.h, &err) < 0) {
        fprintf(stderr, "optiplay: --shot: %s\n", err.msg);
        rc = err.errnum ? CLI_FAIL : CLI_BAD; /* a full disk is a failure, a bad path bad input */
    }
    app_destroy(&a);
    return rc;
}

static int loop(WinArgs *wa, Scene *scenes, int n)
{
    /* the user's character set, so that X11 takes a UTF-8 window title ("optiplay — β…"):
     * Xlib converts it through the locale, and the C locale has no "—" (numbers keep
     * LC_NUMERIC's C format) */
    setlocale(LC_CTYPE, "");
    wa->cfg.scenes = scenes;
    wa->cfg.nscenes = n;
    App *a = open_app(wa);
    if (!a)
        return CLI_FAIL;
#ifdef __EMSCRIPTEN__
    web_run(a); /* the browser calls the frame from now on */
#endif
    /* no display: SDL falls back to a driver that shows nothing, and the playground would run
     * unseen; say so instead (asked for by name, as the tests do, it is fine) */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")) &&
        !getenv("SDL_VIDEODRIVER")) {
        fprintf(stderr, "optiplay: no display to open the window on (SDL chose its '%s' video "
                "driver);\n  run it on a desktop (or set DISPLAY), or use the headless commands: "
                "optiplay record --out race.gif, optiplay trace\n", driver);
        app_destroy(&a);
        return CLI_FAIL;
    }
    double last = now_ms();
    while (!a->quit) {
        /* paused and still: sleep until something happens instead of drawing the same frame
         * sixty times a second (on a software renderer that is a busy CPU) */
        SDL_Event e;
        int got = 0, idle = app_idle(a);
        if (idle && SDL_WaitEventTimeout(&e, 250)) {
            app_handle_event(a, &e);
            got = 1;
        }
        while (SDL_PollEvent(&e)) {
            app_handle_event(a, &e);
            got = 1;
        }
        app_tick(a, now_ms());
        if (!idle || got) {
            app_frame(a);
            app_present(a);
            /* vsync paces the loop; where there is none (a virtual display, a driver that
             * ignores the swap interval) no faster than the display's rate, so a race plays at
             * the same speed everywhere */
            SDL_DisplayMode mode;
            int hz = SDL_GetWindowDisplayMode(a->win, &mode) == 0 && mode.refresh_rate > 0
                         ? mode.refresh_rate : 60;
            double frame = 1000.0 / hz, spent = now_ms() - last;
            if (spent < frame - 1)
                SDL_Delay((Uint32)(frame - spent));
            last = now_ms();
        }
    }
    app_destroy(&a);
    return CLI_OK;
}

int app_main(int argc, char **argv)
{
    WinArgs wa = {0};
    int nscene = 0, race_opts = 0;
    /* a first pass: which arguments are scenes, which are race options */
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || !argv[i][1]) {
            nscene++;
            continue;
        }
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cli_usage(stdout);
            return CLI_OK;
        }
        int took = window_option(&wa, argc, argv, i);
        if (took < 0)
            return CLI_BAD;
        if (took > 0) {
            i += took - 1;
            continue;
        }
        race_opts++;
        i++; /* a race option and its value: cli_race_args reads them */
    }
    if (wa.bench_frames > 0 && nscene > 1)
        return cli_bad("--bench-frames: one scene at most");
    Scene *scenes = calloc(nscene > 1 ? (size_t)nscene : 1, sizeof *scenes);
    RaceArgs *ra = calloc(1, sizeof *ra);
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int rc = CLI_OK;
    if (!scenes || !ra || !rest) {
        rc = cli_bad("out of memory");
        goto done;
    }
    if (nscene > 1) {
        if (race_opts) {
            rc = cli_bad("race options (--opt, --surface, ...) apply to one scene; give one "
                         "scene file, or none");
            goto done;
        }
        int k = 0;
        for (int i = 1; i < argc; i++) {
            if (argv[i][0] == '-' && argv[i][1]) {
                i += window_option(&wa, argc, argv, i) - 1;
                continue;
            }
            Err err = {0};
            char file[4096];
            const char *path = scenedir_find(argv[i], file, sizeof file, &err);
            if (!path || scene_load(&scenes[k], path, &err) < 0) {
                rc = !path     ? cli_bad("%s", err.msg)
                     : err.line ? cli_bad("%s:%d: %s", path, err.line, err.msg)
                                : cli_bad("%s: %s", path, err.msg);
                goto done;
            }
            k++;
        }
    } else {
        /* the race options and the scene, without the window's (some take no value) */
        int nrest = 0;
        for (int i = 0; i < argc; i++) {
            int took = i > 0 && argv[i][0] == '-' ? window_option(&wa, argc, argv, i) : 0;
            if (took > 0)
                i += took - 1;
            else
                rest[nrest++] = argv[i];
        }
        rc = cli_race_args(ra, "window", nrest, rest, 1, NULL, NULL);
        if (rc != CLI_OK)
            goto done;
        scenes[0] = ra->scene; /* cli_race_args retitled a default scene --surface changed */
        nscene = 1;
    }
    if (wa.bench_frames > 0)
        rc = bench(&wa, &scenes[0]);
    else if (wa.shot)
        rc = shot(&wa, scenes, nscene);
    else
        rc = loop(&wa, scenes, nscene);
done:
    free(rest);
    free(ra);
    free(scenes);
    return rc;
}
