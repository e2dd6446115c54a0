/* fuzz_spec — the spec parser on arbitrary bytes. An accepted spec must label and format
 * without overflow, its canonical text must parse back to the same hyperparameters, and a
 * short race with it on Rosenbrock's valley must keep every number finite. */
#define OPTIPLAY_FUZZ_RACE
#include "fuzz.h"

#include <math.h>

#include "race.h"
#include "spec.h"
#include "surface.h"

static int same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

static void check_same(const Spec *a, const Spec *b, const char *text, const char *canon)
{
    FUZZ_CHECK(a->opt.kind == b->opt.kind, "kind differs: '%s' -> '%s'", text, canon);
    for (int i = 0; i < OPTIM_MAXP; i++)
        FUZZ_CHECK(same(a->opt.p[i], b->opt.p[i]), "opt.p[%d]: %.17g != %.17g: '%s' -> '%s'",
                   i, a->opt.p[i], b->opt.p[i], text, canon);
    FUZZ_CHECK(same(a->opt.lr, b->opt.lr), "lr differs: '%s' -> '%s'", text, canon);
    FUZZ_CHECK(a->opt.la_k == b->opt.la_k && same(a->opt.la_alpha, b->opt.la_alpha),
               "Lookahead (%d, %.17g) != (%d, %.17g): '%s' -> '%s'", a->opt.la_k,
               a->opt.la_alpha, b->opt.la_k, b->opt.la_alpha, text, canon);
    FUZZ_CHECK(a->sched.kind == b->sched.kind, "schedule differs: '%s' -> '%s'", text, canon);
    for (int i = 0; i < SCHED_MAXP; i++)
        FUZZ_CHECK(same(a->sched.p[i], b->sched.p[i]),
                   "sched.p[%d]: %.17g != %.17g: '%s' -> '%s'", i, a->sched.p[i],
                   b->sched.p[i], text, canon);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Surface surf;
    static int have_surf;
    if (!have_surf) {
        Err e;
        if (surface_init(&surf, "rosenbrock", &e) < 0)
            abort();
        have_surf = 1;
    }
    char *text = fuzz_text(data, size);
    size_t len = strlen(text);
    Spec s;
    Err err;
    memset(&err, 0, sizeof err);
    if (spec_parse(&s, text, &err) < 0) {
        FUZZ_CHECK(err.msg[0] && memchr(err.msg, 0, sizeof err.msg), "error without a message");
        FUZZ_CHECK(err.col >= 0 && (size_t)err.col <= len + 1, "column %d outside 1..%zu",
                   err.col, len + 1);
        free(text);
        return 0;
    }
    char label[512], canon[4096];
    int n = spec_label(&s, label, sizeof label);
    FUZZ_CHECK(n >= 0 && strlen(label) < sizeof label, "label");
    n = spec_format(&s, canon, sizeof canon);
    FUZZ_CHECK(n >= 0 && (size_t)n < sizeof canon, "spec_format needs %d bytes", n);
    Spec t;
    Err err2;
    FUZZ_CHECK(spec_parse(&t, canon, &err2) == 0, "'%s' formats as '%s', which fails: %s", text,
               canon, err2.msg);
    check_same(&s, &t, text, canon);

    Race r;
    race_init(&r, &surf, &(RaceConfig){.start = {-1.5, 2}, .has_start = 1, .history = 32});
    if (race_add(&r, &s, &err) >= 0)
        fuzz_race(&r, 120);
    race_deinit(&r);
    free(text);
    return 0;
}
