/* record_cli.c — `optiplay record [SCENE] --out FILE [OPTIONS]`: renders the race with no
 * display (SDL's offscreen driver) and hands every frame to the recorder. The race is a
 * function of steps and the clock is the frame count, so the same arguments give the same
 * bytes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "cli.h"
#include "outfile.h"
#include "record.h"

typedef struct RecArgs {
    const char *out;
    long frames;     /* 0: enough frames for the scene's steps */
    long fps;        /* default 30 */
    int width, height;
    int hud;         /* 1: draw the HUD (default), 0: only the plot */
    double speed;    /* steps per frame, 0: the scene's */
    int light, lecture;
    int full;        /* --style full: the window's HUD; default 0, the figure style */
    const char *title; /* --title: the figure's title; default none */
    double hold;     /* --hold: seconds the last frame stays; default 2 */
    int loops;       /* --loop: a GIF plays this many times; 0 (default): forever */
} RecArgs;

static int parse_num(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

static int record_option(void *ctx, int argc, char **argv, int i)
{
    RecArgs *ra = ctx;
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    double d;
    if (!strcmp(a, "--no-hud")) {
        ra->hud = 0;
        return 1;
    }
    if (!strcmp(a, "--light")) {
        ra->light = 1;
        return 1;
    }
    if (!strcmp(a, "--lecture")) {
        ra->lecture = 1;
        return 1;
    }
    if (strcmp(a, "--out") && strcmp(a, "--frames") && strcmp(a, "--fps") &&
        strcmp(a, "--size") && strcmp(a, "--speed") && strcmp(a, "--style") &&
        strcmp(a, "--title") && strcmp(a, "--hold") && strcmp(a, "--loop"))
        return 0;
    if (!v) {
        cli_bad("record: %s needs a value (see optiplay --help)", a);
        return -1;
    }
    if (!strcmp(a, "--out")) {
        if (!*v) {
            cli_bad("record: --out: expected a file name (.gif, .mp4, .webm or .png) or a "
                    "directory/");
            return -1;
        }
        ra->out = v;
    } else if (!strcmp(a, "--style")) {
        if (strcmp(v, "figure") && strcmp(v, "full")) {
            cli_bad("record: --style: expected 'figure' (the default: the race and a compact "
                    "legend) or 'full' (the window's panels), got '%s'", v);
            return -1;
        }
        ra->full = !strcmp(v, "full");
    } else if (!strcmp(a, "--title")) {
        ra->title = v;
    } else if (!strcmp(a, "--hold")) {
        if (parse_num(v, 0, 60, &d) < 0) {
            cli_bad("record: --hold: expected seconds the last frame stays, in [0, 60], got "
                    "'%s'", v);
            return -1;
        }
        ra->hold = d;
    } else if (!strcmp(a, "--loop")) {
        if (!strcmp(v, "forever")) {
            ra->loops = 0;
        } else if (parse_num(v, 1, 65535, &d) < 0 || d != (long)d) {
            cli_bad("record: --loop: expected how many times the GIF plays, 1 to 65535, or "
                    "'forever', got '%s'", v);
            return -1;
        } else {
            ra->loops = (int)d;
        }
    } else if (!strcmp(a, "--frames")) {
        if (parse_num(v, 1, 100000, &d) < 0 || d != (long)d) {
            cli_bad("record: --frames: expected a whole number in [1, 100000], got '%s'", v);
            return -1;
        }
        ra->frames = (long)d;
    } else if (!strcmp(a, "--fps")) {
        if (parse_num(v, 1, 100, &d) < 0 || d != (long)d) {
            cli_bad("record: --fps: expected a whole number of frames per second in [1, 100] "
                    "(a GIF: [1, 50]), got '%s'", v);
            return -1;
        }
        ra->fps = (long)d;
    } else if (!strcmp(a, "--speed")) {
        if (parse_num(v, 0.001, 10000, &d) < 0) {
            cli_bad("record: --speed: expected steps per frame in [0.001, 10000], got '%s'", v);
            return -1;
        }
        ra->speed = d;
    } else {
        int w, h;
        char tail;
        if (sscanf(v, "%dx%d%c", &w, &h, &tail) != 2 || w < 64 || h < 64 || w > 8192 ||
            h > 8192) {
            cli_bad("record: --size: expected WIDTHxHEIGHT in pixels (64 to 8192), e.g. "
                    "800x600, got '%s'", v);
            return -1;
        }
        ra->width = w;
        ra->height = h;
    }
    return 2;
}

int cli_record(int argc, char **argv)
{
    RecArgs ra = {.fps = 30, .width = 800, .height = 600, .hud = 1, .hold = 2};
    RaceArgs *race = calloc(1, sizeof *race);
    App *a = NULL;
    Recorder *rec = NULL;
    Err err = {0};
    int rc = CLI_BAD;
    if (!race)
        return cli_bad("record: out of memory");
    outfile_catch_signals(); /* Ctrl-C: stop at once, remove the part, keep the old file */
    if (cli_race_args(race, "record", argc, argv, 2, record_option, &ra) != CLI_OK)
        goto done;
    if (!ra.out) {
        cli_bad("record: --out FILE is required (race.gif, race.mp4, race.webm, shot.png, or "
                "frames/ for numbered PNGs)");
        goto done;
    }
    Scene *sc = &race->scene;
    if (ra.speed > 0)
        sc->speed = 0; /* the app reads the speed below */
    double speed = ra.speed > 0 ? ra.speed : (sc->speed > 0 ? sc->speed : 1);
    long frames = ra.frames;
    if (frames == 0) { /* the scene's steps, at its speed */
        frames = (long)((double)sc->steps / speed + 0.5) + 1;
        if (frames > 100000)
            frames = 100000;
    }
    /* check the race before opening anything */
    Surface s;
    Race r;
    if (scene_build(sc, &s, &r, &err) < 0) {
        cli_bad("record: %s", err.msg);
        goto done;
    }
    race_deinit(&r);
    surface_deinit(&s);

    /* the memory a recording of this size takes (the GL drawable and its copies, the frames
     * read back, the GIF encoder's buffers: 40-odd bytes a pixel measured at
     * 8192x8192), asked for before anything is opened: Mesa crashes, not fails, when an
     * allocation of theirs is refused (a `ulimit -v`) */
    size_t need = (size_t)ra.width * (size_t)ra.height * 40;
    void *room = malloc(need);
    if (!room) {
        fprintf(stderr, "optiplay: record: out of memory: a %dx%d recording needs about %zu MiB\n",
                ra.width, ra.height, need >> 20);
        rc = CLI_FAIL;
        goto done;
    }
    free(room);

    /* the recorder checks the path, size and fps before a pixel is drawn */
    rec = rec_begin(&(RecordDesc){.path = ra.out, .width = ra.width, .height = ra.height,
                                  .fps = (int)ra.fps, .loops = ra.loops,
                                  .hold_ms = (int)(ra.hold * 1000 + 0.5)},
                    &err);
    if (!rec) {
        cli_bad("record: %s", err.msg);
        rc = err.errnum ? CLI_FAIL : CLI_BAD; /* a full disk is a failure, a bad path bad input */
        goto done;
    }
    setenv("SDL_VIDEODRIVER", "offscreen", 0); /* no display needed; a set value is kept */
    a = app_create(&(AppConfig){.width = ra.width, .height = ra.height, .hidden = 1,
                                .no_vsync = 1, .light = ra.light, .lecture = ra.lecture,
                                .scenes = sc, .nscenes = 1, .frame_ms = 1000.0 / (double)ra.fps,
                                .autoplay = 1},
                   &err);
    if (!a) {
        fprintf(stderr, "optiplay: record: %s\n", err.msg);
        rc = CLI_FAIL;
        goto done;
    }
    a->play.speed = speed;
    if (!ra.hud)
        a->show &= ~(unsigned)REN_HUD;
    a->figure = !ra.full;
    a->fig_title = ra.title;
    for (long f = 0; f < frames; f++) {
        if (f == 0)
            app_draw(a); /* the first frame is the start */
        else
            app_frame(a);
        /* read straight into the recorder's queue, only what changed */
        unsigned char *px = rec_next(rec);
        int rect[4];
        if (!px)
            break; /* rec_end says why */
        if (app_read_changed(a, px, ra.width, ra.height, rect) < 0) {
            fprintf(stderr, "optiplay: record: the drawable is not %dx%d\n", ra.width, ra.height);
            rc = CLI_FAIL;
            goto done;
        }
        if (rec_put(rec, rect) < 0)
            break;
    }
    if (rec_end(&rec, &err) < 0) {
        cli_bad("record: %s", err.msg);
        rc = CLI_FAIL;
        goto done;
    }
    struct stat st;
    if (stat(ra.out, &st) == 0 && S_ISREG(st.st_mode))
        printf("wrote %s (%ld frames, %dx%d, %ld fps, %ld steps, %.1f KiB)\n", ra.out, frames,
               ra.width, ra.height, ra.fps, a->play.race.step, (double)st.st_size / 1024.0);
    else
        printf("wrote %s (%ld frames, %dx%d, %ld steps)\n", ra.out, frames, ra.width, ra.height,
               a->play.race.step);
    rc = fflush(stdout) == 0 ? CLI_OK : CLI_FAIL;
done:
    if (rec)
        rec_abort(&rec);
    app_destroy(&a);
    free(race);
    return rc;
}
