/* scene.c — INI scene files, read with inih. Every value is checked as it is read, so an error
 * names the line it is on; the surface and the specs are parsed once here to be checked. */
#include "scene.h"

#include "fan.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct Ctx {
    Scene *sc;
    Err *err;
    int failed;        /* the handler reported an error (its message is in err) */
    int has_surface;
    int line;          /* the line being read (counted by read_line) */
    int fail_line;     /* the line of the handler's error */
    int batch_line[RACE_MAX + 1]; /* where [scene] batch (0) and racer i's batch (i + 1) stand */
    int long_line;     /* the first line too long for inih's buffer, 0: none */
    int select_line;   /* where [scene] select stands */
    int nul_line;      /* the first line with a NUL byte (not a text file), 0: none */
    int key_line[24];  /* where each of scene_keys was given, 0: not yet */
    int max_line;      /* the longest line inih takes */
    const char *text;  /* read_line's source: the rest of a string, or */
    FILE *f;           /* a file */
} Ctx;

static const char *const scene_keys[] = {
    "title", "caption", "surface", "start", "view", "seed", "noise", "noise_decay",
    "batch", "speed", "steps", "record_dir", "show", "hide", "expect", "autoplay", "select",
    "camera", "height",
};
_Static_assert(sizeof scene_keys / sizeof *scene_keys <= sizeof ((Ctx *)0)->key_line /
               sizeof (int), "Ctx.key_line holds a line per scene key");

/* show = / hide = words, in the order of the SCENE_* bits */
static const char *const view_words[] = {
    "trails", "contours", "arrows", "field", "plot", "rule", "hud", "basin", "hpmap", "3d",
};

/* Reads "basin, arrows" into SCENE_* bits; -1 with the message in err on an unknown word. */
static int read_views(const char *key, const char *value, unsigned *bits, Err *err)
{
    enum { N = sizeof view_words / sizeof *view_words };
    const char *p = value;
    *bits = 0;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t len = strcspn(p, " \t,");
        if (!len)
            break;
        char word[32];
        snprintf(word, sizeof word, "%.*s", (int)(len < 31 ? len : 31), p);
        int k = 0;
        while (k < N && strcasecmp(word, view_words[k]))
            k++;
        if (k == N) {
            const char *near = err_closest(word, view_words, N);
            return err_set(err, 0, "%s: unknown view '%s'%s%s%s; valid: trails, contours, "
                           "arrows, field, plot, rule, hud, basin, hpmap, 3d", key, word,
                           near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        }
        *bits |= 1u << k;
        p += len;
    }
    return 0;
}

/* Reads exactly n comma-separated finite numbers. */
static int read_numbers(const char *value, double *out, int n)
{
    const char *p = value;
    for (int i = 0; i < n; i++) {
        char *end;
        out[i] = strtod(p, &end);
        if (end == p || !isfinite(out[i]))
            return -1;
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        if (i < n - 1) {
            if (*p != ',')
                return -1;
            p++;
        }
    }
    return *p ? -1 : 0;
}

static int read_int(const char *value, double lo, double hi, long long *out)
{
    double d;
    if (read_numbers(value, &d, 1) < 0 || d != floor(d) || d < lo || d > hi)
        return -1;
    *out = (long long)d; /* a seed needs 53 bits, also where long has 32 (wasm32) */
    return 0;
}

static int copy_text(char *dst, size_t size, const char *value)
{
    if (strlen(value) >= size)
        return -1;
    memcpy(dst, value, strlen(value) + 1);
    return 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int bad(Ctx *c, const char *fmt, ...)
{
    if (c->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err->msg, sizeof c->err->msg, fmt, ap);
        va_end(ap);
        c->err->col = 0;
    }
    c->failed = 1;
    return 0; /* tells inih to stop and return this line */
}

/* show = / hide = (of the scene or a beat): the views named are added to show or hide. */
static int views_key(Ctx *c, const char *name, const char *value, unsigned *show,
                     unsigned *hide)
{
    unsigned bits;
    if (read_views(name, value, &bits, c->err) < 0) {
        c->failed = 1;
        return 0;
    }
    *(!strcasecmp(name, "show") ? show : hide) |= bits;
    return 1;
}

static int scene_key(Ctx *c, const char *name, const char *value)
{
    Scene *sc = c->sc;
    long long n;
    double v[4];
    Err e = {0};
    if (!strcasecmp(name, "title"))
        return copy_text(sc->title, sizeof sc->title, value) < 0
                   ? bad(c, "%s is too long: '%.60s...'", name, value) : 1;
    if (!strcasecmp(name, "caption"))
        return copy_text(sc->caption, sizeof sc->caption, value) < 0
                   ? bad(c, "%s is too long: '%.60s...'", name, value) : 1;
    if (!strcasecmp(name, "record_dir"))
        return copy_text(sc->record_dir, sizeof sc->record_dir, value) < 0
                   ? bad(c, "%s is too long: '%.60s...'", name, value) : 1;
    if (!strcasecmp(name, "surface")) {
        Surface s;
        if (copy_text(sc->surface, sizeof sc->surface, value) < 0)
            return bad(c, "%s is too long: '%.60s...'", name, value);
        if (surface_init(&s, value, &e) < 0) {
            err_set(c->err, e.col, "surface: %s", e.msg);
            c->failed = 1;
            return 0;
        }
        surface_deinit(&s);
        c->has_surface = 1;
        return 1;
    }
    if (!strcasecmp(name, "show") || !strcasecmp(name, "hide"))
        return views_key(c, name, value, &sc->show, &sc->hide);
    if (!strcasecmp(name, "autoplay")) {
        int yes = !strcasecmp(value, "yes") || !strcasecmp(value, "true") || !strcmp(value, "1");
        if (!yes && strcasecmp(value, "no") && strcasecmp(value, "false") && strcmp(value, "0"))
            return bad(c, "%s must be yes or no, got '%s'", name, value);
        sc->autoplay = yes;
        return 1;
    }
    if (!strcasecmp(name, "select")) {
        if (read_int(value, 1, RACE_MAX, &n) < 0)
            return bad(c, "%s must be a racer's number in [1, %d], got '%s'", name, RACE_MAX,
                       value);
        sc->select = (int)n;
        c->select_line = c->line;
        return 1;
    }
    if (!strcasecmp(name, "expect")) {
        if (sc->nclaims >= SCENE_CLAIMS)
            return bad(c, "too many claims: at most %d", SCENE_CLAIMS);
        if (claim_parse(&sc->claim[sc->nclaims], value, &e) < 0) {
            err_set(c->err, e.col, "expect: %s", e.msg);
            c->failed = 1;
            return 0;
        }
        sc->claim[sc->nclaims++].line = c->line;
        return 1;
    }
    if (!strcasecmp(name, "camera")) {
        if (read_numbers(value, v, 3) < 0 || !(v[1] >= 3 && v[1] <= 89) || !(v[2] >= 0.6 && v[2] <= 20) ||
            !(fabs(v[0]) <= 3600))
            return bad(c, "%s must be 'yaw, pitch, distance': degrees, pitch in [3, 89], distance "
                       "in [0.6, 20], got '%s'", name, value);
        sc->camera[0] = (float)(v[0] * M_PI / 180);
        sc->camera[1] = (float)(v[1] * M_PI / 180);
        sc->camera[2] = (float)v[2];
        sc->has_camera = 1;
        return 1;
    }
    if (!strcasecmp(name, "height")) {
        if (strcasecmp(value, "linear") && strcasecmp(value, "log"))
            return bad(c, "%s must be 'log' or 'linear', got '%s'", name, value);
        sc->height_linear = !strcasecmp(value, "linear");
        return 1;
    }
    if (!strcasecmp(name, "start")) {
        if (read_numbers(value, v, 2) < 0)
            return bad(c, "%s must be two numbers 'x, y', got '%s'", name, value);
        sc->cfg.start[0] = v[0];
        sc->cfg.start[1] = v[1];
        sc->cfg.has_start = 1;
        return 1;
    }
    if (!strcasecmp(name, "view")) {
        if (read_numbers(value, v, 4) < 0 || !(v[0] < v[2]) || !(v[1] < v[3]))
            return bad(c, "%s must be four numbers 'x0, y0, x1, y1' with x0 < x1 and y0 < y1, "
                       "got '%s'", name, value);
        sc->view = (Rect){v[0], v[1], v[2], v[3]};
        sc->has_view = 1;
        return 1;
    }
    if (!strcasecmp(name, "seed")) {
        if (read_int(value, 0, 9007199254740991.0, &n) < 0)
            return bad(c, "%s must be a whole number >= 0, got '%s'", name, value);
        sc->cfg.seed = (uint64_t)n;
        return 1;
    }
    if (!strcasecmp(name, "noise") || !strcasecmp(name, "noise_decay")) {
        if (read_numbers(value, v, 1) < 0 || v[0] < 0 || v[0] > 1e6)
            return bad(c, "%s must be a number in [0, 1e6], got '%s'", name, value);
        if (!strcasecmp(name, "noise"))
            sc->cfg.noise = v[0];
        else
            sc->cfg.noise_decay = v[0];
        return 1;
    }
    if (!strcasecmp(name, "batch")) {
        if (read_int(value, 0, 1 << 20, &n) < 0)
            return bad(c, "%s must be a whole number >= 0 (0: full batch), got '%s'", name,
                       value);
        sc->cfg.batch = (int)n;
        c->batch_line[0] = c->line;
        return 1;
    }
    if (!strcasecmp(name, "speed")) {
        if (read_int(value, 1, 10000, &n) < 0)
            return bad(c, "%s must be a whole number of steps per frame in [1, 10000], got '%s'",
                       name, value);
        sc->speed = (int)n;
        return 1;
    }
    if (!strcasecmp(name, "steps")) {
        if (read_int(value, 1, 10000000, &n) < 0)
            return bad(c, "%s must be a whole number in [1, 10000000], got '%s'", name, value);
        sc->steps = (int)n;
        return 1;
    }
    char keys[256] = "";
    for (size_t i = 0; i < sizeof scene_keys / sizeof *scene_keys; i++) {
        strcat(keys, i ? ", " : "");
        strcat(keys, scene_keys[i]);
    }
    const char *near = err_closest(name, scene_keys, sizeof scene_keys / sizeof *scene_keys);
    err_set(c->err, 0, "unknown key '%s' in [scene]%s%s%s; valid: %s", name,
            near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "", keys);
    c->failed = 1;
    return 0;
}

/* [beat]: a beat starts with its caption; the others refine the last one. */
static int beat_key(Ctx *c, const char *name, const char *value)
{
    Scene *sc = c->sc;
    long long n;
    if (!strcasecmp(name, "caption")) {
        if (sc->nbeats >= SCENE_BEATS)
            return bad(c, "too many beats: at most %d", SCENE_BEATS);
        SceneBeat *b = &sc->beat[sc->nbeats++];
        memset(b, 0, sizeof *b);
        b->line = c->line;
        return copy_text(b->caption, sizeof b->caption, value) < 0
                   ? bad(c, "%s is too long: '%.60s...'", name, value) : 1;
    }
    if (sc->nbeats == 0)
        return bad(c, "a [beat] starts with its 'caption = ...'; '%s' came first", name);
    SceneBeat *b = &sc->beat[sc->nbeats - 1];
    if (!strcasecmp(name, "run")) {
        if (read_int(value, 1, 10000000, &n) < 0)
            return bad(c, "%s must be a step in [1, 10000000], got '%s'", name, value);
        b->run = n;
        return 1;
    }
    if (!strcasecmp(name, "select")) {
        if (read_int(value, 1, RACE_MAX, &n) < 0)
            return bad(c, "%s must be a racer's number in [1, %d], got '%s'", name, RACE_MAX,
                       value);
        b->select = (int)n;
        return 1;
    }
    if (!strcasecmp(name, "racers")) {
        const char *p = value;
        b->racers = 0;
        while (*p) {
            char *end;
            long k = strtol(p, &end, 10);
            if (end == p || k < 1 || k > RACE_MAX)
                return bad(c, "%s must be racers' numbers '1, 3', got '%s'", name, value);
            b->racers |= 1u << (k - 1);
            p = end + strspn(end, " \t,");
        }
        if (!b->racers)
            return bad(c, "%s must be racers' numbers '1, 3', got '%s'", name, value);
        return 1;
    }
    if (!strcasecmp(name, "show") || !strcasecmp(name, "hide"))
        return views_key(c, name, value, &b->show, &b->hide);
    if (!strcasecmp(name, "set")) {
        SceneKnob *k = &b->knob[b->nknobs];
        int used = 0;
        long r;
        char word[24];
        if (b->nknobs >= SCENE_BEAT_KNOBS)
            return bad(c, "at most %d 'set' lines in a beat", SCENE_BEAT_KNOBS);
        if (sscanf(value, "%ld %23s %lf %n", &r, word, &k->value, &used) != 3 || value[used] ||
            r < 1 || r > RACE_MAX || !isfinite(k->value))
            return bad(c, "%s must be 'RACER KEYWORD VALUE' (set = 2 lr 0.05), got '%s'", name,
                       value);
        k->racer = (int)r - 1;
        snprintf(k->name, sizeof k->name, "%s", word);
        b->nknobs++;
        return 1;
    }
    static const char *const keys[] = {"caption", "racers", "select", "show", "hide", "set",
                                       "run"};
    const char *near = err_closest(name, keys, 7);
    err_set(c->err, 0, "unknown key '%s' in [beat]%s%s%s; valid: caption, racers, select, show, "
            "hide, set, run", name, near ? " (did you mean '" : "", near ? near : "",
            near ? "'?)" : "");
    c->failed = 1;
    return 0;
}

static int handle_line(Ctx *c, const char *section, const char *name, const char *value)
{
    if (!strcasecmp(section, "scene")) {
        /* a key given twice: the second would silently win */
        for (size_t k = 0; k < sizeof scene_keys / sizeof *scene_keys; k++) {
            if (strcasecmp(name, scene_keys[k]) || !strcasecmp(name, "expect"))
                continue; /* claims are many lines */
            if (c->key_line[k])
                return bad(c, "'%s' is given twice: on line %d and on line %d; keep one",
                           scene_keys[k], c->key_line[k], c->line);
            c->key_line[k] = c->line;
        }
        return scene_key(c, name, value);
    }
    if (!strcasecmp(section, "beat"))
        return beat_key(c, name, value);
    if (!strcasecmp(section, "racers")) {
        Scene *sc = c->sc;
        if (!strcasecmp(name, "batch")) {
            long long n;
            if (sc->nopt == 0)
                return bad(c, "%s comes after the 'opt = ...' line of the racer it is for%s", name,
                           "");
            if (c->batch_line[sc->nopt])
                return bad(c, "%s is given twice for one racer: on line %d and on line %d", name,
                           c->batch_line[sc->nopt], c->line);
            if (read_int(value, 1, 1 << 20, &n) < 0)
                return bad(c, "%s must be a whole number >= 1, got '%s'", name, value);
            sc->batch[sc->nopt - 1] = (int)n;
            c->batch_line[sc->nopt] = c->line;
            return 1;
        }
        if (!strcasecmp(name, "noise") || !strcasecmp(name, "noise_decay")) {
            double v;
            if (sc->nopt == 0)
                return bad(c, "%s comes after the 'opt = ...' line of the racer it is for%s", name,
                           "");
            if (read_numbers(value, &v, 1) < 0 || v < 0 || v > 1e6)
                return bad(c, "%s must be a number in [0, 1e6], got '%s'", name, value);
            (!strcasecmp(name, "noise") ? sc->noise : sc->noise_decay)[sc->nopt - 1] = v;
            return 1;
        }
        if (strcasecmp(name, "opt"))
            return bad(c, "unknown key '%s' in [racers]: each racer is a line 'opt = %s'", name,
                       "Adam(lr=0.01)");
        if (sc->nopt >= RACE_MAX) {
            err_set(c->err, 0, "too many racers: at most %d", RACE_MAX);
            c->failed = 1;
            return 0;
        }
        Err e = {0};
        if (scene_add_opt(sc, value, &e) < 0) {
            err_set(c->err, e.col, "opt: %s", e.msg);
            c->failed = 1;
            return 0;
        }
        return 1;
    }
    err_set(c->err, 0, "unknown section [%s]; a scene has [scene], [racers] and [beat]s", section);
    c->failed = 1;
    return 0;
}

/* The first error wins: its message goes with the line inih reports. */
static int handler(void *user, const char *section, const char *name, const char *value)
{
    Ctx *c = user;
    if (c->failed)
        return 1;
    int ok = handle_line(c, section, name, value);
    if (!ok && !c->fail_line)
        c->fail_line = c->line;
    return ok;
}

int scene_add_opt(Scene *sc, const char *text, Err *err)
{
    if (strlen(text) >= SCENE_TEXT)
        return err_set(err, 0, "too long (%zu characters, at most %d)", strlen(text),
                       SCENE_TEXT - 1);
    if (!fan_find(text)) {
        if (sc->nopt >= RACE_MAX)
            return err_set(err, 0, "too many racers: at most %d", RACE_MAX);
        if (spec_parse(&sc->opt[sc->nopt], text, err) < 0)
            return -1;
        sc->batch[sc->nopt] = 0;
        sc->noise[sc->nopt] = sc->noise_decay[sc->nopt] = 0;
        sc->group[sc->nopt++] = 0;
        return 0;
    }
    Fan *f = malloc(sizeof *f); /* ~22 KB */
    if (!f)
        return err_set(err, 0, "out of memory");
    int rc = fan_parse(f, text, err);
    if (rc >= 0 && sc->nopt + f->n > RACE_MAX)
        rc = err_set(err, 0, "a fan of %d and %d racers before it: at most %d racers", f->n,
                     sc->nopt, RACE_MAX);
    /* a member is kept in its full form (every keyword written out), which can outgrow the
     * text typed: said at the fan, before any member is added */
    for (int i = 0; rc >= 0 && i < f->n; i++) {
        char full[SCENE_TEXT];
        int len = spec_format(&f->spec[i], full, sizeof full);
        if (len >= SCENE_TEXT)
            rc = err_set(err, fan_find(text), "column %d: the fan's members are too long "
                         "written out in full (%d characters, at most %d): give fewer keywords "
                         "or schedules", fan_find(text), len, SCENE_TEXT - 1);
    }
    if (rc >= 0) {
        int group = 1;
        for (int i = 0; i < sc->nopt; i++)
            if (sc->group[i] >= group)
                group = sc->group[i] + 1;
        for (int i = 0; i < f->n; i++) {
            Spec *m = &sc->opt[sc->nopt];
            *m = f->spec[i]; /* parsed once, by fan_parse; saved in full */
            spec_format(m, m->text, sizeof m->text);
            sc->batch[sc->nopt] = 0;
            sc->noise[sc->nopt] = sc->noise_decay[sc->nopt] = 0;
            sc->group[sc->nopt++] = group;
        }
        rc = 0;
    }
    free(f);
    return rc;
}

static void defaults(Scene *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->speed = 1;
    sc->steps = 300;
}

/* inih reads a line into a buffer of INI_MAX_LINE bytes (200 in Debian's build): a longer
 * line would be cut, and its rest read as a line of its own, which gives an error about the
 * wrong line or, when the rest starts with a blank, a continuation that silently replaces the
 * value (a 250-character caption became its last 60 characters). inih also goes on after an
 * error and reports the first error's line, while the handler's message would be the last
 * one's. So the lines are fed to inih here: counted, and a long one stops the reading. */
static char *read_line(char *str, int num, void *stream)
{
    Ctx *c = stream;
    int len = 0;
    if (c->f) {
        /* by the byte, not fgets: a NUL byte would hide the rest of the line (and an empty
         * string has no last character) */
        int ch = 0;
        while (len < num - 1 && (ch = getc(c->f)) != EOF && ch != 0) {
            str[len++] = (char)ch;
            if (ch == '\n')
                break;
        }
        if (ch == 0) {
            c->nul_line = c->line + 1;
            return NULL; /* inih stops here: finish() tells */
        }
        if (len == 0)
            return NULL;
        str[len] = 0;
    } else {
        if (!*c->text)
            return NULL;
        while (len < num - 1 && c->text[len] && (len == 0 || c->text[len - 1] != '\n'))
            len++;
        memcpy(str, c->text, (size_t)len);
        str[len] = 0;
        c->text += len;
    }
    c->line++;
    int cut = str[len - 1] != '\n' && (c->f ? !feof(c->f) : *c->text != 0);
    int content = len; /* without the "\r\n": inih needs room for both and the NUL */
    while (content > 0 && (str[content - 1] == '\n' || str[content - 1] == '\r'))
        content--;
    c->max_line = num - 3;
    if (cut || content > c->max_line) {
        c->long_line = c->line;
        return NULL; /* inih stops here: finish() tells */
    }
    return str;
}

/* Every mini-batch must fit the data set of the surface. Returns -1 (or 0) and the index
 * (-1: the scene's, i: racer i's) of the first batch that does not. */
static int check_batches(const Scene *sc, const Surface *s, int *which, Err *err)
{
    for (int i = -1; i < sc->nopt; i++) {
        int b = i < 0 ? sc->cfg.batch : sc->batch[i];
        *which = i;
        if (b > 0 && s->n == 0)
            return err_set(err, 0, "batch=%d needs a data surface such as linreg", b);
        if (b > s->n)
            return err_set(err, 0, "batch=%d is larger than the data set (%d points)", b, s->n);
    }
    return 0;
}

/* Racers named by select and the beats exist; each knob is a keyword of its racer's
 * optimizer (beta1, beta2: its β knobs); runs go forward. */
static int check_beats(Ctx *c)
{
    Scene *sc = c->sc;
    Err *err = c->err;
    int line = c->select_line;
    if (sc->select > sc->nopt) {
        err_set(err, 0, "select: racer %d: the scene has %d racers", sc->select, sc->nopt);
        goto fail;
    }
    long last = 0;
    for (int i = 0; i < sc->nbeats; i++) {
        SceneBeat *b = &sc->beat[i];
        line = b->line;
        if (b->select > sc->nopt || (b->racers >> sc->nopt)) {
            err_set(err, 0, "beat %d: it names a racer the scene does not have (%d racers)",
                    i + 1, sc->nopt);
            goto fail;
        }
        if (b->run > sc->steps) {
            err_set(err, 0, "beat %d: run = %ld is after the scene's %d steps", i + 1, b->run,
                    sc->steps);
            goto fail;
        }
        if (b->run && b->run <= last) {
            err_set(err, 0, "beat %d: run = %ld does not go forward (the beat before ran to %ld)",
                    i + 1, b->run, last);
            goto fail;
        }
        last = b->run ? b->run : last;
        for (int k = 0; k < b->nknobs; k++) {
            SceneKnob *kn = &b->knob[k];
            if (kn->racer >= sc->nopt) {
                err_set(err, 0, "beat %d: set: racer %d: the scene has %d racers", i + 1,
                        kn->racer + 1, sc->nopt);
                goto fail;
            }
            const OptimKind *o = sc->opt[kn->racer].opt.kind;
            kn->slot = !strcasecmp(kn->name, "beta1") ? o->beta1
                       : !strcasecmp(kn->name, "beta2") ? o->beta2 : -1;
            for (int j = 0; kn->slot < 0 && j < o->nparams; j++)
                if (!strcasecmp(kn->name, o->params[j].name) && o->params[j].type == PARAM_REAL)
                    kn->slot = o->params[j].slot;
            if (kn->slot < 0) {
                err_set(err, 0, "beat %d: set: %s has no number knob '%s'", i + 1, o->name,
                        kn->name);
                goto fail;
            }
            const ParamDef *d = NULL;
            for (int j = 0; j < o->nparams; j++)
                if (o->params[j].slot <= kn->slot)
                    d = &o->params[j];
            Err e = {0};
            if (d && param_check(d, kn->name, kn->value, &e) < 0) {
                err_set(err, 0, "beat %d: set: %s", i + 1, e.msg);
                goto fail;
            }
        }
    }
    return 0;
fail:
    if (err)
        err->line = line;
    return -1;
}

static int finish(Ctx *c, int rc, const char *name)
{
    Err *err = c->err;
    if (rc == -1)
        return err_set(err, 0, "cannot open '%s'", name);
    if (rc == -2)
        return err_set(err, 0, "out of memory reading '%s'", name);
    if (rc > 0) {
        if (!c->failed || rc != c->fail_line) /* inih's own: a line it cannot read */
            err_set(err, 0, "expected '[section]' or 'key = value'");
        if (err)
            err->line = rc;
        return -1;
    }
    if (c->nul_line) {
        err_set(err, 0, "a NUL byte: this is not a text file");
        if (err)
            err->line = c->nul_line;
        return -1;
    }
    if (c->long_line) {
        err_set(err, 0, "the line is longer than %d characters, the most a scene line may "
                "have; shorten it", c->max_line);
        if (err)
            err->line = c->long_line;
        return -1;
    }
    if (!c->has_surface)
        return err_set(err, 0, "no surface: add 'surface = beale' (or another) under [scene]");
    if (c->sc->nopt == 0)
        return err_set(err, 0, "no racers: add a [racers] section with lines such as "
                       "'opt = Adam(lr=0.01)'");
    if (check_beats(c) < 0)
        return -1;
    for (int k = 0; k < c->sc->nclaims; k++) {
        const Claim *cl = &c->sc->claim[k];
        int hi = cl->a > cl->b ? cl->a : cl->b;
        if (hi >= c->sc->nopt || cl->at > c->sc->steps) {
            if (hi >= c->sc->nopt)
                err_set(err, 0, "expect: racer %d: the scene has %d racers", hi + 1,
                        c->sc->nopt);
            else
                err_set(err, 0, "expect: step %ld is after the scene's %d steps", cl->at,
                        c->sc->steps);
            if (err)
                err->line = cl->line;
            return -1;
        }
    }
    Surface s;
    int which;
    if (surface_init(&s, c->sc->surface, err) < 0)
        return -1; /* checked when read: cannot happen */
    rc = check_batches(c->sc, &s, &which, err);
    surface_deinit(&s);
    if (rc < 0 && err)
        err->line = c->batch_line[which + 1];
    return rc;
}

/* Reads a scene from c->text or c->f into c->sc. */
static int read_scene(Ctx *c, const char *name)
{
    defaults(c->sc);
    snprintf(c->sc->path, sizeof c->sc->path, "%s", name);
    if (c->err)
        *c->err = (Err){0};
    return finish(c, ini_parse_stream(read_line, c, handler, c), name);
}

int scene_parse(Scene *sc, const char *name, const char *text, Err *err)
{
    Scene *tmp = malloc(sizeof *tmp);
    if (!tmp)
        return err_set(err, 0, "out of memory");
    Ctx c = {.sc = tmp, .err = err, .text = text};
    int rc = read_scene(&c, name);
    if (rc == 0)
        *sc = *tmp; /* nothing half-loaded: the caller's scene changes only on success */
    free(tmp);
    return rc;
}

int scene_load(Scene *sc, const char *path, Err *err)
{
    if (err)
        *err = (Err){0};
    Scene *tmp = malloc(sizeof *tmp);
    /* not blocking: a FIFO would wait for a writer forever; it is refused below */
    int fd = tmp ? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;
    struct stat st;
    FILE *f = NULL;
    int rc;
    if (!tmp)
        rc = err_set(err, 0, "out of memory");
    else if (fd < 0)
        rc = err_set(err, 0, "cannot open '%.300s': %s", path, strerror(errno));
    else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        rc = err_set(err, 0, "not a regular file (%s): a scene is a text file",
                     S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "not a file");
    else if (fcntl(fd, F_SETFL, 0) != 0 || !(f = fdopen(fd, "r")))
        rc = err_set(err, 0, "cannot read '%.300s': %s", path, strerror(errno));
    else {
        Ctx c = {.sc = tmp, .err = err, .f = f};
        rc = read_scene(&c, path);
        if (rc == 0)
            *sc = *tmp;
    }
    if (f)
        fclose(f);
    else if (fd >= 0)
        close(fd);
    free(tmp);
    return rc;
}

void scene_beat_apply(const SceneBeat *b, Race *r)
{
    if (b->racers)
        for (int i = 0; i < r->n; i++)
            r->racer[i].enabled = (b->racers >> i) & 1;
    for (int k = 0; k < b->nknobs; k++)
        if (b->knob[k].racer < r->n)
            race_set_param(r, b->knob[k].racer, b->knob[k].slot, b->knob[k].value);
}

void scene_default(Scene *sc)
{
    static const char *const racers[] = {
        "SGD(lr=0.001)",
        "SGD(lr=0.001, momentum=0.9, nesterov=True)",
        "Adagrad(lr=0.5)",
        "RMSprop(lr=0.01)",
        "Adam(lr=0.1)",
        "NAdam(lr=0.1)",
    };
    defaults(sc);
    snprintf(sc->title, sizeof sc->title, "The Beale race");
    snprintf(sc->caption, sizeof sc->caption,
             "Six optimizers from one start on Beale's function: a flat plateau, a curved "
             "valley and a minimum at (3, 0.5).");
    snprintf(sc->surface, sizeof sc->surface, "beale");
    sc->cfg.start[0] = 1.0;
    sc->cfg.start[1] = 1.5;
    sc->cfg.has_start = 1;
    sc->speed = 2;
    sc->steps = 500;
    for (size_t i = 0; i < sizeof racers / sizeof *racers; i++) {
        Err err = {0};
        int rc = scene_add_opt(sc, racers[i], &err);
        assert(rc == 0); /* the default's specs parse */
        (void)rc;
    }
}

int scene_build(const Scene *sc, Surface *s, Race *r, Err *err)
{
    if (surface_init(s, sc->surface, err) < 0)
        return -1;
    int which;
    if (check_batches(sc, s, &which, err) < 0) {
        surface_deinit(s);
        return -1;
    }
    race_init(r, s, &sc->cfg);
    for (int i = 0; i < sc->nopt; i++) {
        int k = race_add(r, &sc->opt[i], err);
        if (k < 0) {
            race_deinit(r);
            surface_deinit(s);
            return -1;
        }
        r->racer[k].batch = sc->batch[i];
        r->racer[k].group = sc->group[i];
        r->racer[k].noise = sc->noise[i];
        r->racer[k].noise_decay = sc->noise_decay[i];
    }
    return 0;
}

/* ---- writing ----------------------------------------------------------------------------- */

typedef struct Out {
    char *buf;
    size_t size, len;
    int over;
} Out;

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->len < o->size ? o->size - o->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0 || o->len + (size_t)n >= o->size)
        o->over = 1;
    else
        o->len += (size_t)n;
}

static void put_views(Out *o, const char *key, unsigned bits)
{
    if (!bits)
        return;
    put(o, "%s =", key);
    const char *sep = " ";
    for (size_t k = 0; k < sizeof view_words / sizeof *view_words; k++)
        if (bits & 1u << k) {
            put(o, "%s%s", sep, view_words[k]);
            sep = ", ";
        }
    put(o, "\n");
}

int scene_format(const Scene *sc, char *buf, size_t size)
{
    Out o = {buf, size, 0, size == 0};
    if (size)
        buf[0] = 0;
    put(&o, "[scene]\n");
    if (sc->title[0])
        put(&o, "title = %s\n", sc->title);
    if (sc->caption[0])
        put(&o, "caption = %s\n", sc->caption);
    if (sc->surface[0])
        put(&o, "surface = %s\n", sc->surface);
    if (sc->cfg.has_start)
        put(&o, "start = %.17g, %.17g\n", sc->cfg.start[0], sc->cfg.start[1]);
    if (sc->has_view)
        put(&o, "view = %.17g, %.17g, %.17g, %.17g\n", sc->view.x0, sc->view.y0, sc->view.x1,
            sc->view.y1);
    put(&o, "seed = %llu\n", (unsigned long long)sc->cfg.seed);
    if (sc->cfg.noise)
        put(&o, "noise = %.17g\n", sc->cfg.noise);
    if (sc->cfg.noise_decay)
        put(&o, "noise_decay = %.17g\n", sc->cfg.noise_decay);
    if (sc->cfg.batch)
        put(&o, "batch = %d\n", sc->cfg.batch);
    if (sc->speed)
        put(&o, "speed = %d\n", sc->speed);
    if (sc->steps)
        put(&o, "steps = %d\n", sc->steps);
    if (sc->select)
        put(&o, "select = %d\n", sc->select);
    if (sc->record_dir[0])
        put(&o, "record_dir = %s\n", sc->record_dir);
    put_views(&o, "show", sc->show);
    put_views(&o, "hide", sc->hide);
    put(&o, "\n[racers]\n");
    for (int i = 0; i < sc->nopt; i++) {
        put(&o, "opt = %s\n", sc->opt[i].text);
        if (sc->batch[i])
            put(&o, "batch = %d\n", sc->batch[i]);
        if (sc->noise[i])
            put(&o, "noise = %.17g\n", sc->noise[i]);
        if (sc->noise_decay[i])
            put(&o, "noise_decay = %.17g\n", sc->noise_decay[i]);
    }
    return o.over ? -1 : (int)o.len;
}
