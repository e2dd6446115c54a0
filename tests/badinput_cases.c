/* badinput_cases — prints, for every keyword of every optimizer, schedule and surface, specs
 * with a bad value (the wrong type, each side of its range, a fraction for an integer, ...)
 * and what the error must say, one case a line, for test_badinput.sh to feed to `optiplay
 * trace`:
 *
 *     opt|surface <TAB> column <TAB> text the message must contain <TAB> the spec
 *
 * The cases come from the ParamDef tables, so a keyword added later is tested without anyone
 * writing its case. Exits 1 when a base spec it builds around the bad value does not parse
 * (a new required keyword it cannot fill). */
#undef NDEBUG
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "optim.h"
#include "param.h"
#include "sched.h"
#include "spec.h"
#include "surface.h"

static int failures, cases;

static int allowed(const ParamDef *d, double v)
{
    if (d->lo == 0 && d->hi == 0)
        return 1;
    int lo = (d->flags & PARAM_LO_OPEN) ? v > d->lo : v >= d->lo;
    int hi = (d->flags & PARAM_HI_OPEN) ? v < d->hi : v <= d->hi;
    return lo && hi;
}

/* A valid value for a keyword that has no default. */
static const char *valid_value(const ParamDef *d, char *buf, size_t size)
{
    static const double tries[] = {0.5, 2, 10, 100};
    if (d->type == PARAM_LIST)
        return "(10, 20)";
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++)
        if (allowed(d, tries[i]) && (d->type != PARAM_INT || tries[i] == floor(tries[i]))) {
            snprintf(buf, size, "%g", tries[i]);
            return buf;
        }
    return "1";
}

/* A call: "prefix Name(lead, required..., kw=BAD, extra)", the required keywords (but the one
 * under test, j; -1: none) filled with good values. Returns the column of bad[mark]. */
typedef struct Call {
    const char *what;   /* "opt" or "surface": which option takes it */
    const char *prefix; /* before the name, e.g. an optimizer before a schedule */
    const char *name;
    const char *lead;   /* a first positional argument (Lookahead's optimizer), or NULL */
    const ParamDef *defs;
    int n;
    const char *extra;  /* one more keyword argument, or NULL */
} Call;

static size_t build(const Call *c, int j, const char *bad, size_t mark, char *text,
                    size_t size)
{
    char one[128];
    size_t col = 0;
    int len = snprintf(text, size, "%s%s(%s", c->prefix, c->name, c->lead ? c->lead : "");
    for (int i = 0; i < c->n; i++) {
        const char *v = i == j ? bad : (c->defs[i].flags & PARAM_REQUIRED)
                                           ? valid_value(&c->defs[i], one, sizeof one) : NULL;
        if (!v)
            continue;
        len += snprintf(text + len, size - (size_t)len, "%s%s=", text[len - 1] != '(' ? ", " : "",
                        c->defs[i].name);
        if (i == j)
            col = (size_t)len + mark + 1;
        len += snprintf(text + len, size - (size_t)len, "%s", v);
    }
    if (c->extra)
        len += snprintf(text + len, size - (size_t)len, "%s%s",
                        text[len - 1] != '(' ? ", " : "", c->extra);
    snprintf(text + len, size - (size_t)len, ")");
    return col;
}

static void emit(const Call *c, int j, const char *bad, size_t mark, const char *needle)
{
    char text[2048];
    size_t col = build(c, j, bad, mark, text, sizeof text);
    printf("%s\t%zu\t%s\t%s\n", c->what, col, needle, text);
    cases++;
}

/* Every bad value for keyword j of a call. */
static void keyword_cases(const Call *c, int j)
{
    const ParamDef *d = &c->defs[j];
    char needle[128], bad[128];
    const char *kw = d->name;
    int pair = d->type == PARAM_PAIR, list = d->type == PARAM_LIST;
    if (d->type == PARAM_EXPR) { /* a tuple; then the expression's own errors, inside it */
        snprintf(needle, sizeof needle, "%s must be an expression of %s", kw, d->choices);
        emit(c, j, "(0.5, 0.5)", 0, needle);
        snprintf(needle, sizeof needle, "%s: unknown name 'zzz'", kw);
        emit(c, j, "'zzz'", 1, needle);
        snprintf(needle, sizeof needle, "%s: expected an operand", kw);
        emit(c, j, "'1+'", 3, needle);
        snprintf(needle, sizeof needle, "%s: 'x' is not defined here", kw);
        emit(c, j, "'2*x'", 3, needle);
        return;
    }
    /* the wrong type: a word where every type expects something else */
    snprintf(needle, sizeof needle, "%s must be", kw);
    emit(c, j, "'zzz'", 0, needle);
    if (d->type == PARAM_BOOL)
        emit(c, j, "2", 0, needle);
    if (pair)
        emit(c, j, "(0.5, 0.5, 0.5)", 0, needle);
    /* out of range: just outside each finite bound (on it, when the bound is open) */
    if (!(d->lo == 0 && d->hi == 0) && d->type != PARAM_CHOICE && d->type != PARAM_BOOL) {
        double out[2] = {(d->flags & PARAM_LO_OPEN) ? d->lo : d->lo - 1,
                         (d->flags & PARAM_HI_OPEN) ? d->hi : d->hi + 1};
        for (int side = 0; side < 2; side++) {
            if (!isfinite(out[side]))
                continue;
            snprintf(needle, sizeof needle, "%s%s must be", kw, pair || list ? "[0]" : "");
            if (pair)
                snprintf(bad, sizeof bad, "(%.17g, %.17g)", out[side], d->def[1]);
            else if (list)
                snprintf(bad, sizeof bad, "(%.17g, 1000)", out[side]);
            else
                snprintf(bad, sizeof bad, "%.17g", out[side]);
            emit(c, j, bad, pair || list, needle);
        }
    }
    if (d->type == PARAM_INT || list) {
        snprintf(needle, sizeof needle, "%s%s must be an integer", kw, list ? "[0]" : "");
        emit(c, j, list ? "(2.5, 1000)" : "2.5", list,
             needle);
    }
}

/* The call around the bad values must parse when the value is good. */
static int base_ok(const Call *c)
{
    char text[2048];
    build(c, -1, NULL, 0, text, sizeof text);
    Err err;
    Spec s;
    Surface sf;
    int surface = !strcmp(c->what, "surface");
    int ok = surface ? surface_init(&sf, text, &err) == 0 : spec_parse(&s, text, &err) == 0;
    if (ok && surface)
        surface_deinit(&sf);
    return ok;
}

static void call_cases(Call c)
{
    if (!base_ok(&c)) {
        c.extra = "total_steps=100"; /* OneCycleLR needs a length besides max_lr */
        if (!base_ok(&c)) {
            char text[2048];
            build(&c, -1, NULL, 0, text, sizeof text);
            fprintf(stderr, "badinput_cases: '%s' should parse\n", text);
            failures++;
            return;
        }
    }
    for (int j = 0; j < c.n; j++) {
        Call one = c;
        if (one.extra && !strncmp(one.extra, c.defs[j].name, strlen(c.defs[j].name)))
            one.extra = NULL; /* that keyword itself is under test */
        keyword_cases(&one, j);
    }
    /* a keyword the call does not have */
    char text[2048];
    snprintf(text, sizeof text, "%s%s(%s%sbogus_keyword=1)", c.prefix, c.name,
             c.lead ? c.lead : "", c.lead ? ", " : "");
    printf("%s\t%zu\t%s\t%s\n", c.what, strlen(text) - strlen("bogus_keyword=1)") + 1,
           c.n ? "no keyword 'bogus_keyword'" : "takes no arguments", text);
    cases++;
}

int main(void)
{
    for (int k = 0; k < optim_count; k++) {
        const OptimKind *o = optim_kinds[k];
        call_cases((Call){"opt", "", o->name, NULL, o->params, o->nparams, NULL});
    }
    call_cases((Call){"opt", "", optim_lookahead.name, "SGD(lr=0.1)", optim_lookahead.params,
                      optim_lookahead.nparams, NULL});
    for (int k = 0; k < sched_count; k++) {
        const SchedKind *s = sched_kinds[k];
        /* a chain's schedules come first, as a list */
        const char *lead = s->chain ? "[StepLR(step_size=3), ExponentialLR(gamma=0.9), "
                                      "StepLR(step_size=5)]" : NULL;
        call_cases((Call){"opt", "SGD(lr=0.1, momentum=0.9) | ", s->name, lead, s->params,
                          s->nparams, NULL});
    }
    for (int k = 0; k < surface_count; k++) {
        const SurfaceKind *s = surface_kinds[k];
        call_cases((Call){"surface", "", s->name, NULL, s->params, s->nparams, NULL});
    }
    fprintf(stderr, "badinput_cases: %d cases\n", cases);
    return failures != 0;
}
