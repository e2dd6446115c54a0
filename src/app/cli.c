#include "cli.h"
#include "fmt.h"
#include "scenedir.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_bad(const char *fmt, ...)
{
    char msg[1024]; /* an argument of 130 KB is not echoed back whole */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "optiplay: %s%s\n", msg, n >= (int)sizeof msg ? "..." : "");
    return CLI_BAD;
}

void cli_usage(FILE *out)
{
    fputs("usage:\n"
          "  optiplay [SCENE.ini ...]           open the playground (several scenes: a playlist)\n"
          "  optiplay trace [SCENE] [OPTIONS]   print the race as CSV on stdout\n"
          "  optiplay record [SCENE] --out FILE [OPTIONS]\n"
          "                                     render the race headless to a GIF, a video or PNGs:\n"
          "      --out race.gif | race.mp4 | race.webm | shot.png | frames/\n"
          "                          a GIF, H.264 or VP9 video, the last frame, numbered PNGs\n"
          "      --frames N (default: the scene's steps)  --fps F (30)  --size WxH (800x600)\n"
          "      --style figure|full the race, numbered racers, a legend with results (the\n"
          "                          default) or the window's panels; --title TEXT\n"
          "      --hold S (2: seconds on the last frame)  --loop N|forever (GIF plays)\n"
          "      --speed K (steps per frame)  --no-hud (only the plot)  --light  --lecture\n"
          "  optiplay list                      list surfaces, optimizers and schedules\n"
          "  optiplay --help | --version\n"
          "\n"
          "race options (override the scene's):\n"
          "  --surface SURF      beale, rosenbrock(b=10), ... or an expression: 'x^2 + 3*y^2'\n"
          "  --start X,Y         start point\n"
          "  --opt SPEC          a racer, e.g. 'Adam(lr=0.01)' or 'SGD(lr=0.1) | StepLR(step_size=30)'\n"
          "                      (repeat for more racers; replaces the scene's racers)\n"
          "  --steps N           steps to run (trace, record)\n"
          "  --seed S            seed of all randomness (noise, mini-batches)\n"
          "  --noise SIGMA       Gaussian gradient noise\n"
          "  --noise-decay G     anneal the noise: sigma^2 / (1 + t)^G\n"
          "  --batch B           mini-batch size on data surfaces (linreg)\n"
          "\n"
          "window options (optiplay [SCENE.ini ...]; press H in the window for the keys):\n"
          "  --size WxH          window size in pixels (default 1280x720)\n"
          "  --fullscreen        start full screen (F11 toggles)\n"
          "  --light             the light, high-contrast theme (for projectors; I toggles)\n"
          "  --lecture           lecture-size text (Z toggles)\n"
          "  --record-dir DIR    where G (GIF) and P (PNG) write; default: the scene's\n"
          "                      record_dir, else the current directory\n"
          "  --bench-frames N    benchmark: render N frames as fast as possible, hidden, and\n"
          "                      print frame-time percentiles; with --racers R (default 8)\n"
          "                      and --trail T (points per trail, default 10000); with\n"
          "                      --bench-drag the view is dragged with the mouse each frame\n"
          "  --shot FILE.png     render the scene after its steps, hidden, to a PNG (or .bmp);\n"
          "                      --press KEYS first: characters typed as keys, letters as\n"
          "                      typed (uppercase: with Shift), ' ' Space, ^ _ arrows up /\n"
          "                      down, > < Page Down / Up, ~ Esc (e.g. 'h' the help, 'nnyy'\n"
          "                      two steps, then Y's anatomy of the next update, sub-step 2)\n"
          "  --beat N            with --shot: instead of running the steps, play the scene's\n"
          "                      first N beats (Page Down N times, each run to its stop),\n"
          "                      then press the keys (' ' runs on to the next stop: the\n"
          "                      finish); --beat 0: at step 0, then the keys\n"
          "\n"
          "exit codes: 0 done, 1 failure, 2 bad input\n",
          out);
}

static int parse_numbers(const char *s, double *out, int n)
{
    const char *p = s;
    for (int i = 0; i < n; i++) {
        char *end;
        errno = 0;
        out[i] = strtod(p, &end);
        if (end == p || !isfinite(out[i])) /* denormals are numbers, as in a scene */
            return -1;
        p = end;
        if (i < n - 1) {
            while (*p == ' ')
                p++;
            if (*p != ',')
                return -1;
            p++;
        }
    }
    return *p ? -1 : 0;
}

static int parse_long(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cli_race_args(RaceArgs *ra, const char *cmd, int argc, char **argv, int first,
                  int (*other)(void *ctx, int argc, char **argv, int i), void *ctx)
{
    Scene *sc = &ra->scene;
    Err err = {0};
    int start_given = 0;
    /* a scene first (it is the base the options override), wherever it stands */
    static const char *const flags[] = {"--no-hud", "--light", "--lecture", "--fullscreen",
                                        "--help", "-h"}; /* the options without a value */
    int end = argc; /* "--": what follows is a scene path, even if it starts with '-' */
    for (int i = first; i < argc; i++) {
        if (i >= end || (!strcmp(argv[i], "--") && (end = i) >= 0))
            continue;
        if (argv[i][0] == '-' && argv[i][1]) {
            int flag = 0;
            for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
                flag |= !strcmp(argv[i], flags[k]);
            i += !flag; /* skip the option's value */
            continue;
        }
        if (ra->scene_path)
            return cli_bad("%s: one scene at a time ('%s' and '%s')", cmd, ra->scene_path,
                           argv[i]);
        ra->scene_path = argv[i];
    }
    for (int i = end + 1; i < argc; i++) {
        if (ra->scene_path)
            return cli_bad("%s: one scene at a time ('%s' and '%s')", cmd, ra->scene_path,
                           argv[i]);
        ra->scene_path = argv[i];
    }
    if (ra->scene_path) {
        /* a path, or a shipped scene's name ("ravine") */
        ra->scene_path = scenedir_find(ra->scene_path, ra->scene_file, sizeof ra->scene_file, &err);
        if (!ra->scene_path)
            return cli_bad("%s: %s", cmd, err.msg);
        if (scene_load(sc, ra->scene_path, &err) < 0) {
            if (err.line)
                return cli_bad("%s:%d: %s", ra->scene_path, err.line, err.msg);
            return cli_bad("%s: %s", ra->scene_path, err.msg);
        }
    } else {
        scene_default(sc);
    }
    static const char *const valued[] = {"--surface", "--start", "--opt", "--steps", "--seed",
                                         "--noise", "--noise-decay", "--batch"};
    for (int i = first; i < end; i++) {
        const char *a = argv[i];
        if (!(a[0] == '-' && a[1]))
            continue;
        if (other) {
            int took = other(ctx, argc, argv, i);
            if (took < 0)
                return CLI_BAD;
            if (took > 0) {
                i += took - 1;
                continue;
            }
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            cli_usage(stdout);
            exit(0);
        }
        int known = 0;
        for (size_t k = 0; k < sizeof valued / sizeof *valued; k++)
            known |= !strcmp(a, valued[k]);
        if (!known)
            return cli_bad("%s: unknown option '%s' (see optiplay --help)", cmd, a);
        if (i + 1 >= end)
            return cli_bad("%s: %s needs a value (see optiplay --help)", cmd, a);
        const char *v = argv[++i];
        double d[2];
        long long n; /* a seed needs 64 bits, also where long has 32 (wasm32) */
        if (!strcmp(a, "--surface")) {
            Surface s;
            if (surface_init(&s, v, &err) < 0)
                return cli_bad("%s: --surface '%s': %s", cmd, v, err.msg);
            surface_deinit(&s);
            if (strlen(v) >= sizeof sc->surface)
                return cli_bad("%s: --surface: too long (%zu characters, at most %zu)", cmd,
                               strlen(v), sizeof sc->surface - 1);
            snprintf(sc->surface, sizeof sc->surface, "%s", v);
            ra->has_surface = 1;
        } else if (!strcmp(a, "--start")) {
            if (parse_numbers(v, d, 2) < 0)
                return cli_bad("%s: --start: expected X,Y (two numbers), got '%s'", cmd, v);
            sc->cfg.start[0] = d[0];
            sc->cfg.start[1] = d[1];
            sc->cfg.has_start = 1;
            start_given = 1;
        } else if (!strcmp(a, "--opt")) {
            if (ra->nopt == 0)
                sc->nopt = 0; /* --opt replaces the scene's racers */
            if (scene_add_opt(sc, v, &err) < 0)
                return cli_bad("%s: --opt '%s': %s", cmd, v, err.msg);
            ra->nopt++;
        } else if (!strcmp(a, "--steps")) {
            if (parse_long(v, 0, 100000000, &n) < 0)
                return cli_bad("%s: --steps: expected a whole number in [0, 100000000], got '%s'",
                               cmd, v);
            sc->steps = (int)n;
        } else if (!strcmp(a, "--seed")) {
            if (parse_long(v, 0, 0x7fffffffffffffffLL, &n) < 0)
                return cli_bad("%s: --seed: expected a whole number >= 0, got '%s'", cmd, v);
            sc->cfg.seed = (uint64_t)n;
        } else if (!strcmp(a, "--noise") || !strcmp(a, "--noise-decay")) {
            if (parse_numbers(v, d, 1) < 0 || d[0] < 0 || d[0] > 1e6)
                return cli_bad("%s: %s: expected a number in [0, 1e6], got '%s'", cmd, a, v);
            if (!strcmp(a, "--noise"))
                sc->cfg.noise = d[0];
            else
                sc->cfg.noise_decay = d[0];
        } else if (!strcmp(a, "--batch")) {
            if (parse_long(v, 0, 1 << 20, &n) < 0)
                return cli_bad("%s: --batch: expected a whole number >= 0, got '%s'", cmd, v);
            sc->cfg.batch = (int)n;
        } else {
            return cli_bad("%s: unknown option '%s' (see optiplay --help)", cmd, a);
        }
    }
    if (ra->has_surface && !start_given) /* the scene's start belongs to its surface */
        sc->cfg.has_start = 0;
    if (!ra->scene_path && (ra->has_surface || ra->nopt > 0)) {
        /* not the default scene any more: its title and caption would mislead */
        snprintf(sc->title, sizeof sc->title, "%.120s", sc->surface);
        sc->caption[0] = 0;
    }
    return CLI_OK;
}

/* Flushes out; 1 after saying why when a write failed (quietly for a closed pipe: the reader
 * has all it wanted). */
static int output_failed(FILE *out, const char *cmd, int e)
{
    errno = 0;
    if (!e && fflush(out) == 0 && !ferror(out))
        return 0;
    e = e ? e : errno ? errno : EIO;
    if (e != EPIPE)
        fprintf(stderr, "optiplay: %s: cannot write the output: %s\n", cmd, strerror(e));
    return 1;
}

static const char *status_word(RacerStatus s)
{
    return s == RACER_CONVERGED ? "converged" : s == RACER_DIVERGED ? "diverged" : "running";
}

/* One CSV row; the numbers as printf's %.17g writes them, through fmt_g17 (printf's exact
 * conversion was 85 % of a trace's time). 0, or the errno of a failed write (it sticks). */
static int row(FILE *out, int opt, long step, const Racer *rc)
{
    if (ferror(out))
        return EIO;
    /* diverged at its start (outside the surface's domain): no loss was ever finite, and the
     * core's 0 would read as a perfect one */
    double loss = rc->status == RACER_DIVERGED && rc->status_step == 0 ? NAN : rc->loss;
    const double v[6] = {rc->x[0], rc->x[1], loss, rc->opt.lr, rc->g[0], rc->g[1]};
    char line[6 * (FMT_MAX + 1) + 64];
    int n = snprintf(line, sizeof line, "%d,%ld", opt, step);
    for (int k = 0; k < 6; k++) {
        line[n++] = ',';
        n += fmt_g17(v[k], line + n);
    }
    n += snprintf(line + n, sizeof line - (size_t)n, ",%s\n", status_word(rc->status));
    errno = 0;
    if (fwrite(line, 1, (size_t)n, out) != (size_t)n || ferror(out))
        return errno ? errno : EIO;
    return 0;
}

int cli_trace(int argc, char **argv)
{
    RaceArgs *ra = calloc(1, sizeof *ra);
    if (!ra)
        return cli_bad("trace: out of memory");
    int rc = cli_race_args(ra, "trace", argc, argv, 2, NULL, NULL);
    if (rc != CLI_OK)
        goto done;
    Scene *sc = &ra->scene;
    Surface s;
    Race race;
    Err err = {0};
    /* check the whole scene first: on bad input nothing is written */
    if (scene_build(sc, &s, &race, &err) < 0) {
        rc = cli_bad("trace: %s", err.msg);
        goto done;
    }
    race_deinit(&race);
    surface_deinit(&s);
    fputs("opt,step,x,y,loss,lr,gx,gy,status\n", stdout);
    int werr = 0;
    for (int i = 0; i < sc->nopt && rc == CLI_OK && !werr; i++) {
        /* one racer at a time, on its own stream i, so rows come grouped by racer and equal
         * those of the whole race */
        Scene one = *sc;
        one.nopt = 1;
        one.opt[0] = sc->opt[i];
        one.batch[0] = sc->batch[i];
        one.group[0] = sc->group[i];
        if (scene_build(&one, &s, &race, &err) < 0) {
            rc = cli_bad("trace: %s", err.msg);
            break;
        }
        race.racer[0].stream = (uint64_t)i;
        race_restart(&race);
        werr = row(stdout, i, 0, &race.racer[0]);
        for (int k = 0; k < sc->steps && !werr; k++) { /* a closed pipe, a full disk: stop */
            race_step(&race, 1);
            werr = row(stdout, i, k + 1, &race.racer[0]);
        }
        race_deinit(&race);
        surface_deinit(&s);
    }
    if (output_failed(stdout, "trace", werr))
        rc = CLI_FAIL;
done:
    free(ra);
    return rc;
}

int cli_list(FILE *out)
{
    char buf[1024];
    fputs("Surfaces (--surface NAME(keywords), or any expression in x and y):\n", out);
    for (int i = 0; i < surface_count; i++) {
        const SurfaceKind *k = surface_kinds[i];
        param_format_defaults(k->params, k->nparams, buf, sizeof buf);
        fprintf(out, "  %-18s %s%s%s%s\n", k->name, k->nparams ? "(" : "", buf,
                k->nparams ? ")  " : "", k->formula);
    }
    fputs("  (expression)       e.g. 'x^2 + 3*y^2 + 0.5*x*y': + - * / ^, sin cos tan exp log "
          "sqrt abs tanh, pi, e\n", out);
    fputs("\nOptimizers (torch.optim 1.13 names, keywords and defaults):\n", out);
    for (int i = 0; i < optim_count; i++) {
        const OptimKind *k = optim_kinds[i];
        param_format_defaults(k->params, k->nparams, buf, sizeof buf);
        fprintf(out, "  %s(%s)\n      %s\n", k->name, buf, k->doc);
    }
    param_format_defaults(optim_lookahead.params, optim_lookahead.nparams, buf, sizeof buf);
    fprintf(out, "  Lookahead(OPTIMIZER, %s)\n      %s\n", buf, optim_lookahead.doc);
    fputs("\nSchedules (after the optimizer: 'SGD(lr=0.1) | StepLR(step_size=30)'):\n", out);
    for (int i = 0; i < sched_count; i++) {
        const SchedKind *k = sched_kinds[i];
        param_format_defaults(k->params, k->nparams, buf, sizeof buf);
        fprintf(out, "  %s(%s)\n      %s\n", k->name, buf, k->doc);
    }
    scenedir_list(out);
    return output_failed(out, "list", 0) ? CLI_FAIL : CLI_OK;
}
