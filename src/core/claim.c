/* claim.c — a scene's claims: read, then checked against the race the scene builds. */
#include "claim.h"

#include "scene.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A reversal: a step that points back against the one before (their dot product < 0). Most
 * steps reversing is a zig-zag. */
enum { ZIGZAG_PERCENT = 50, ZIGZAG_PATH = 3 };

typedef struct Reader {
    const char *text, *p;
    Err *err;
} Reader;

static void blanks(Reader *r)
{
    while (*r->p == ' ' || *r->p == '\t' || *r->p == ',')
        r->p++;
}

/* Takes the words of `w` (space-separated) when they come next, whole; 1 if taken. */
static int take(Reader *r, const char *w)
{
    blanks(r);
    const char *p = r->p;
    while (*w) {
        size_t n = strcspn(w, " ");
        if (strncasecmp(p, w, n) || isalnum((unsigned char)p[n]) || p[n] == '-')
            return 0;
        p += n;
        w += n;
        while (*w == ' ')
            w++;
        while (*p == ' ' || *p == '\t')
            p++;
    }
    r->p = p;
    return 1;
}

static int col(const Reader *r)
{
    return (int)(r->p - r->text) + 1;
}

static int number(Reader *r, double *v, const char *what)
{
    blanks(r);
    char *end;
    *v = strtod(r->p, &end);
    if (end == r->p || !isfinite(*v))
        return err_set(r->err, col(r), "expected %s (a number) at '%.20s'", what, r->p);
    r->p = end;
    return 0;
}

/* A racer: its legend number (1-based), "racer" before it optional. */
static int racer(Reader *r, int *i)
{
    take(r, "racer");
    double v;
    blanks(r);
    const char *at = r->p;
    if (!isdigit((unsigned char)*r->p) || number(r, &v, "a racer's number") < 0 ||
        v != floor(v) || v < 1 || v > RACE_MAX)
        return err_set(r->err, (int)(at - r->text) + 1, "expected a racer's number (1, 2, ... as in the "
                       "legend) at '%.20s'", r->p);
    *i = (int)v - 1;
    return 0;
}

int claim_parse(Claim *c, const char *text, Err *err)
{
    memset(c, 0, sizeof *c);
    if (strlen(text) >= sizeof c->text)
        return err_set(err, 0, "too long (at most %d characters)", CLAIM_TEXT - 1);
    strcpy(c->text, text);
    Reader r = {text, text, err};
    if (racer(&r, &c->a) < 0)
        return -1;
    static const struct {
        const char *words;
        ClaimKind kind;
    } verbs[] = {
        {"converges before", CLAIM_BEFORE}, {"converges", CLAIM_CONVERGES},
        {"does not converge", CLAIM_UNFINISHED}, {"stalls", CLAIM_STALLS},
        {"diverges", CLAIM_DIVERGES}, {"does not diverge", CLAIM_FINITE},
        {"zig-zags", CLAIM_ZIGZAG}, {"does not zig-zag", CLAIM_STRAIGHT},
    };
    int rc = 0, verb = -1;
    for (int i = 0; i < (int)(sizeof verbs / sizeof *verbs) && verb < 0; i++)
        if (take(&r, verbs[i].words))
            verb = i;
    if (verb >= 0) {
        c->kind = verbs[verb].kind;
        if (c->kind == CLAIM_BEFORE)
            rc = racer(&r, &c->b);
    } else if (take(&r, "ranks")) {
        c->kind = CLAIM_RANKS;
        rc = number(&r, &c->v[0], "a rank");
        if (rc == 0 && (c->v[0] != floor(c->v[0]) || c->v[0] < 1))
            rc = err_set(err, col(&r), "a rank is a whole number >= 1");
        if (rc == 0 && !take(&r, "st") && !take(&r, "nd") && !take(&r, "rd"))
            take(&r, "th");
    } else if (take(&r, "ends") || take(&r, "is")) {
        if (take(&r, "lower than")) {
            c->kind = CLAIM_LOWER;
            rc = racer(&r, &c->b);
        } else if (take(&r, "below")) {
            c->kind = CLAIM_BELOW;
            rc = number(&r, &c->v[0], "a loss");
        } else if (take(&r, "above")) {
            c->kind = CLAIM_ABOVE;
            rc = number(&r, &c->v[0], "a loss");
        } else if (take(&r, "within")) {
            c->kind = CLAIM_WITHIN;
            rc = number(&r, &c->v[0], "a distance");
            if (rc == 0 && !take(&r, "of"))
                rc = err_set(err, col(&r), "expected 'of X, Y' at '%.20s'", r.p);
            if (rc == 0)
                rc = number(&r, &c->v[1], "x");
            if (rc == 0)
                rc = number(&r, &c->v[2], "y");
        } else if (take(&r, "farther than")) {
            c->kind = CLAIM_FARTHER;
            rc = number(&r, &c->v[0], "a distance");
            if (rc == 0 && !take(&r, "from the start"))
                rc = err_set(err, col(&r), "expected 'from the start' at '%.20s'", r.p);
        } else {
            rc = err_set(err, col(&r), "expected 'lower than N', 'below V', 'above V', "
                         "'within D of X, Y' or 'farther than D from the start' at '%.20s'",
                         r.p);
        }
    } else {
        rc = err_set(err, col(&r), "expected a verb at '%.20s': converges, converges before "
                     "N, does not converge, stalls, diverges, does not diverge, zig-zags, does "
                     "not zig-zag, ranks K, ends lower than N, ends below V, ends above V, ends "
                     "within D of X, Y, ends farther than D from the start", r.p);
    }
    if (rc == 0 && take(&r, "at step")) {
        double s;
        blanks(&r);
        int at = col(&r);
        rc = number(&r, &s, "a step");
        if (rc == 0 && (s != floor(s) || s < 1 || s > 1e7))
            rc = err_set(err, at, "a step is a whole number in [1, 10000000]");
        c->at = (long)s;
    }
    blanks(&r);
    if (rc == 0 && *r.p)
        rc = err_set(err, col(&r), "unexpected '%.20s' after the claim", r.p);
    if (rc < 0 && err && err->col > 0) { /* the column first, as the spec parser's messages */
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        snprintf(err->msg, sizeof err->msg, "column %d: %.490s", err->col, msg);
    }
    return rc;
}

/* What the checker saw of one racer up to a step. Its zig-zag is counted until it arrives:
 * the finish is known RACE_HOLD steps later, so the counts of the last steps are kept. */
enum { RING = 32 };
_Static_assert((int)RING > (int)RACE_HOLD, "the ring holds the counts back to the arrival");

typedef struct Tally {
    long moves, reversals;
    double path, x[2];          /* the length walked; where it was */
} Tally;

typedef struct Seen {
    double x[2], loss;          /* the loss is infinite once diverged */
    double prev[2];             /* the step before */
    Tally t;                    /* until it arrived (frozen at its finish) */
    Tally ring[RING];           /* the tally after step k, at k % RING */
    int frozen;
} Seen;

/* Zig-zags: most steps reverse the one before, and the path walked is at least ZIGZAG_PATH
 * times the distance covered (a zig-zag that dies out at once is not one). */
static int zigzags(const Seen *s, const double start[2])
{
    double covered = hypot(s->t.x[0] - start[0], s->t.x[1] - start[1]);
    return s->t.moves > 1 && s->t.reversals * 100 >= ZIGZAG_PERCENT * (s->t.moves - 1) &&
           s->t.path >= ZIGZAG_PATH * covered;
}

static int holds(const Claim *c, const Race *r, const Seen *s)
{
    const Racer *a = &r->racer[c->a], *b = &r->racer[c->b];
    const Seen *sa = &s[c->a], *sb = &s[c->b];
    switch (c->kind) {
    case CLAIM_CONVERGES: return a->rank > 0;
    case CLAIM_BEFORE: return a->rank > 0 && (b->rank == 0 || a->finish < b->finish);
    case CLAIM_UNFINISHED: return a->finish == 0;
    case CLAIM_STALLS: return a->finish > 0 && a->rank == 0;
    case CLAIM_DIVERGES: return a->status == RACER_DIVERGED;
    case CLAIM_FINITE: return a->status != RACER_DIVERGED;
    case CLAIM_ZIGZAG: return zigzags(sa, r->cfg.start);
    case CLAIM_STRAIGHT: return !zigzags(sa, r->cfg.start);
    case CLAIM_RANKS: return a->rank == (int)c->v[0];
    case CLAIM_LOWER: return sa->loss < sb->loss;
    case CLAIM_BELOW: return sa->loss < c->v[0];
    case CLAIM_ABOVE: return sa->loss > c->v[0];
    case CLAIM_WITHIN: return hypot(sa->x[0] - c->v[1], sa->x[1] - c->v[2]) <= c->v[0];
    case CLAIM_FARTHER:
        return hypot(sa->x[0] - r->cfg.start[0], sa->x[1] - r->cfg.start[1]) > c->v[0];
    }
    return 0;
}

/* "racer 1 SGD(lr=0.18): finished 1st at step 80, loss 3.2e-05, (0.001, 0), zig-zag 97 %" */
static int facts(const Race *r, const Seen *s, int i, char *buf, size_t n)
{
    const Racer *rc = &r->racer[i];
    char st[64];
    if (rc->status == RACER_DIVERGED)
        snprintf(st, sizeof st, "diverged at step %ld", rc->status_step);
    else if (rc->rank > 0)
        snprintf(st, sizeof st, "finished #%d at step %ld", rc->rank, rc->finish);
    else if (rc->finish)
        snprintf(st, sizeof st, "stalled at step %ld", rc->finish);
    else
        snprintf(st, sizeof st, "not finished");
    const Tally *t = &s[i].t;
    double covered = hypot(t->x[0] - r->cfg.start[0], t->x[1] - r->cfg.start[1]);
    return snprintf(buf, n, "racer %d %s: %s, loss %.3g at (%.4g, %.4g); before it arrived "
                    "%ld of %ld steps reversed, path %.3g for %.3g covered", i + 1,
                    r->racer[i].spec.text, st, s[i].loss, s[i].x[0], s[i].x[1], t->reversals,
                    t->moves > 1 ? t->moves - 1 : 0, t->path, covered);
}

static void look(const Race *r, Seen *s)
{
    for (int i = 0; i < r->n; i++) {
        const Racer *rc = &r->racer[i];
        Seen *e = &s[i];
        double d[2] = {rc->x[0] - e->x[0], rc->x[1] - e->x[1]};
        if (!e->frozen && (d[0] != 0 || d[1] != 0)) {
            e->t.reversals += e->t.moves > 0 && d[0] * e->prev[0] + d[1] * e->prev[1] < 0;
            e->t.moves++;
            e->t.path += hypot(d[0], d[1]);
            e->prev[0] = d[0];
            e->prev[1] = d[1];
        }
        if (!e->frozen) {
            e->t.x[0] = rc->x[0];
            e->t.x[1] = rc->x[1];
        }
        e->ring[rc->steps % RING] = e->t;
        if (!e->frozen && rc->finish) {
            e->t = e->ring[rc->finish % RING];
            e->frozen = 1;
        }
        e->x[0] = rc->x[0];
        e->x[1] = rc->x[1];
        e->loss = rc->status == RACER_DIVERGED ? INFINITY : rc->loss;
    }
}

int claim_check(const Scene *sc, char *report, size_t n, Err *err)
{
    if (n)
        report[0] = 0;
    for (int k = 0; k < sc->nclaims; k++) {
        const Claim *c = &sc->claim[k];
        int hi = c->a > c->b ? c->a : c->b;
        if (hi >= sc->nopt) {
            err->line = c->line;
            return err_set(err, 0, "expect: the scene has %d racers; '%s' names racer %d",
                           sc->nopt, c->text, hi + 1);
        }
    }
    Surface s;
    Race *r = malloc(sizeof *r);
    if (!r)
        return err_set(err, 0, "out of memory");
    if (scene_build(sc, &s, r, err) < 0) {
        free(r);
        return -1;
    }
    r->end = sc->steps;
    static const Seen zero;
    Seen *seen = malloc(sizeof *seen * RACE_MAX);
    if (!seen) {
        race_deinit(r);
        free(r);
        surface_deinit(&s);
        return err_set(err, 0, "out of memory");
    }
    for (int i = 0; i < RACE_MAX; i++)
        seen[i] = zero;
    look(r, seen);
    int res[SCENE_CLAIMS] = {0}, bad = 0;
    size_t len = 0;
    int nb = 0; /* the beats, played as Page Down plays them: each at the step the one
                 * before ran to */
    for (long t = 1; t <= sc->steps; t++) {
        while (nb < sc->nbeats && (nb == 0 || sc->beat[nb - 1].run <= r->step)) {
            scene_beat_apply(&sc->beat[nb], r);
            if (sc->beat[nb++].run > r->step)
                break;
        }
        race_step(r, 1);
        look(r, seen);
        for (int k = 0; k < sc->nclaims; k++) {
            const Claim *c = &sc->claim[k];
            if ((c->at ? c->at : sc->steps) != t)
                continue;
            res[k] = holds(c, r, seen) ? 1 : -1;
            if (res[k] > 0)
                continue;
            bad++;
            char a[256], b[256] = "";
            facts(r, seen, c->a, a, sizeof a);
            if (c->b != c->a && (c->kind == CLAIM_BEFORE || c->kind == CLAIM_LOWER))
                facts(r, seen, c->b, b, sizeof b);
            if (len < n)
                len += (size_t)snprintf(report + len, n - len, "%s:%d: 'expect = %s' is false "
                                        "at step %ld: %s%s%s\n", sc->path, c->line, c->text,
                                        t, a, b[0] ? "; " : "", b);
        }
    }
    for (int k = 0; k < sc->nclaims; k++) {
        if (res[k]) /* else: at a step after the scene's end */
            continue;
        bad++;
        if (len < n)
            len += (size_t)snprintf(report + len, n - len, "%s:%d: 'expect = %s': step %ld is "
                                    "after the scene's %d steps\n", sc->path,
                                    sc->claim[k].line, sc->claim[k].text, sc->claim[k].at,
                                    sc->steps);
    }
    free(seen);
    race_deinit(r);
    free(r);
    surface_deinit(&s);
    return bad;
}
