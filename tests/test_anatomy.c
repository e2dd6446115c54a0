/* test_anatomy — the anatomy of one update (anatomy.h): for every optimizer kind and its
 * options, the sub-steps end exactly where the race's next step goes (bit for bit), they
 * follow the racer's active options, and taking them apart changes nothing in the race. */
#undef NDEBUG
#include <stdlib.h>

#include "anatomy.h"
#include "check.h"
#include "race.h"

/* Every kind `optiplay list` names, with the options that change its sub-steps. */
static const char *const specs[] = {
    "SGD(lr=0.01)",
    "SGD(lr=0.01, weight_decay=0.1)",
    "SGD(lr=0.01, momentum=0.9)",
    "SGD(lr=0.01, momentum=0.9, dampening=0.5)",
    "SGD(lr=0.01, momentum=0.9, nesterov=True)",
    "SGD(lr=0.01, maximize=True)",
    "SGDM(lr=0.01, beta=0.9)",
    "Adam(lr=0.05)",
    "Adam(lr=0.05, amsgrad=True)",
    "Adam(lr=0.05, bias_correction=False)",
    "Adam(lr=0.05, weight_decay=0.1)",
    "AdamW(lr=0.05, weight_decay=0.01)",
    "AdamW(lr=0.05, amsgrad=True)",
    "Adagrad(lr=0.5)",
    "Adagrad(lr=0.5, lr_decay=0.01, initial_accumulator_value=0.1)",
    "Adadelta(lr=1.0)",
    "RMSprop(lr=0.01)",
    "RMSprop(lr=0.01, centered=True)",
    "RMSprop(lr=0.01, momentum=0.9)",
    "RMSprop(lr=0.01, centered=True, momentum=0.9, weight_decay=0.01)",
    "Rprop(lr=0.01)",
    "Adamax(lr=0.05)",
    "NAdam(lr=0.05)",
    "RAdam(lr=0.05)",
    "ASGD(lr=0.01)",
    "LBFGS(lr=1)",
    "LBFGS(lr=1, line_search_fn='strong_wolfe')",
    "AdaBound(lr=0.01, final_lr=0.1)",
    "AdaBound(lr=0.01, amsbound=True)",
    "SWATS(lr=0.05)",
    "SWATS(lr=0.05, switch_eps=0.01)",
    "Lion(lr=0.01)",
    "Lion(lr=0.01, weight_decay=0.1)",
    "Lookahead(Adam(lr=0.05), k=5, alpha=0.5)",
    "Lookahead(SGD(lr=0.01, momentum=0.9), k=3)",
};
enum { NSPECS = sizeof specs / sizeof specs[0] };

static Surface surf;

/* A race of one racer of spec on the Rosenbrock valley, with noise when asked. */
static void race_of(Race *r, const char *spec, double noise)
{
    Spec sp;
    Err e = {0};
    if (spec_parse(&sp, spec, &e) < 0) {
        fprintf(stderr, "%s: %s\n", spec, e.msg);
        exit(1);
    }
    race_init(r, &surf, &(RaceConfig){.noise = noise, .seed = 3});
    CHECK(race_add(r, &sp, &e) == 0);
}

static int has(const Anatomy *an, const char *sym)
{
    for (int k = 0; k < an->n; k++)
        if (!strcmp(an->part[k].sym, sym))
            return 1;
    return 0;
}

static int same2(const double a[2], const double b[2])
{
    return !memcmp(a, b, 2 * sizeof *a);
}

/* Every kind, at several points of its run (the first step makes the state; later ones use
 * it; SWATS switches; RAdam rectifies after its first steps): the anatomy's θ is the next
 * step's, bit for bit, and the race is as it was. */
static void test_every_kind(void)
{
    static const int at[] = {0, 1, 4, 30, 120};
    for (int s = 0; s < NSPECS; s++)
        for (int noise = 0; noise < 2; noise++)
            for (size_t j = 0; j < sizeof at / sizeof at[0]; j++) {
                Race r;
                race_of(&r, specs[s], noise ? 0.5 : 0);
                race_step(&r, at[j]);
                Racer before = r.racer[0];
                Anatomy an;
                int ok = race_anatomy(&r, 0, &an);
                if (r.racer[0].status == RACER_DIVERGED) {
                    CHECK(ok < 0);
                    race_deinit(&r);
                    continue;
                }
                CHECK(ok == 0);
                /* taking it apart changed nothing: the racer, its optimizer, its stream */
                CHECK(same2(r.racer[0].x, before.x));
                CHECK(!memcmp(&r.racer[0].opt.st, &before.opt.st, sizeof before.opt.st));
                CHECK(!memcmp(&r.racer[0].rng, &before.rng, sizeof before.rng));
                CHECK(an.n >= 2 && an.n <= ANAT_PARTS);
                CHECK(!strcmp(an.part[0].sym, "g"));
                int reached = 0;
                for (int k = 0; k < an.n; k++) {
                    CHECK(an.part[k].what && an.part[k].what[0]);
                    CHECK(isfinite(an.part[k].v[0]) && isfinite(an.part[k].v[1]));
                    reached |= an.part[k].role == ANAT_STEP && same2(an.part[k].v, an.x_new);
                }
                CHECK(reached);
                CHECK(!strncmp(specs[s], "LBFGS", 5) == !!an.generic);
                race_step(&r, 1);
                if (!an.diverges) {
                    if (!same2(r.racer[0].x, an.x_new))
                        fprintf(stderr, "%s after %d steps (noise %d): anatomy (%.17g, %.17g), "
                                "race (%.17g, %.17g)\n", specs[s], at[j], noise, an.x_new[0],
                                an.x_new[1], r.racer[0].x[0], r.racer[0].x[1]);
                    CHECK(same2(r.racer[0].x, an.x_new));
                    CHECK(same2(r.racer[0].g, an.g));
                }
                race_deinit(&r);
            }
}

static Anatomy anatomy_of(const char *spec, int steps)
{
    Race r;
    race_of(&r, spec, 0);
    race_step(&r, steps);
    Anatomy an;
    int ok = race_anatomy(&r, 0, &an);
    if (ok)
        fprintf(stderr, "%s after %d steps: no anatomy (status %d)\n", spec, steps,
                (int)r.racer[0].status);
    CHECK(ok == 0);
    race_deinit(&r);
    return an;
}

/* The sub-steps follow the racer's active options. */
static void test_options(void)
{
    Anatomy an = anatomy_of("SGD(lr=0.01)", 3);
    CHECK(an.n == 2); /* g, then θ ← θ − ηg: no momentum, no decay */
    CHECK(!has(&an, "b") && !has(&an, "g+λθ"));
    an = anatomy_of("SGD(lr=0.01, weight_decay=0.1)", 3);
    CHECK(an.n == 3 && has(&an, "g+λθ"));
    an = anatomy_of("SGD(lr=0.01, momentum=0.9)", 3);
    CHECK(has(&an, "\xce\xbc" "b") && has(&an, "b") && !has(&an, "\xe2\x88\x92\xce\xb7\xce\xbc" "b"));
    an = anatomy_of("SGD(lr=0.01, momentum=0.9)", 0); /* torch's first step: b ← g */
    CHECK(has(&an, "b") && !has(&an, "\xce\xbc" "b"));
    an = anatomy_of("SGD(lr=0.01, momentum=0.9, nesterov=True)", 3);
    CHECK(has(&an, "\xe2\x88\x92\xce\xb7\xce\xbc" "b") && has(&an, "g+\xce\xbc" "b"));
    /* the look-ahead's two moves end next to the step (they are its two terms) */
    double end[2] = {an.x[0], an.x[1]};
    for (int k = 0; k < an.n; k++)
        if (an.part[k].role == ANAT_MOVE)
            end[0] += an.part[k].v[0], end[1] += an.part[k].v[1];
    CHECK_FEQ(end[0], an.x_new[0], 1e-12);
    CHECK_FEQ(end[1], an.x_new[1], 1e-12);
    an = anatomy_of("Adam(lr=0.05)", 3);
    CHECK(has(&an, "m") && has(&an, "v") && has(&an, "1\xe2\x88\x92\xce\xb2\xe2\x82\x81\xe1\xb5\x97"));
    CHECK(!has(&an, "v\xe2\x82\x98\xe2\x82\x90\xe2\x82\x93"));
    /* the bias correction is 1 − β₁ᵗ of this step (t = 4), as prep computed it */
    for (int k = 0; k < an.n; k++)
        if (!strcmp(an.part[k].sym, "1\xe2\x88\x92\xce\xb2\xe2\x82\x81\xe1\xb5\x97"))
            CHECK(an.part[k].v[0] == 1 - pow(0.9, 4));
    an = anatomy_of("Adam(lr=0.05, amsgrad=True)", 3);
    CHECK(has(&an, "v\xe2\x82\x98\xe2\x82\x90\xe2\x82\x93"));
    an = anatomy_of("Adam(lr=0.05, bias_correction=False)", 3);
    CHECK(!has(&an, "1\xe2\x88\x92\xce\xb2\xe2\x82\x81\xe1\xb5\x97") && !has(&an, "m\xcc\x82"));
    an = anatomy_of("RMSprop(lr=0.01)", 3);
    CHECK(has(&an, "v") && has(&an, "d") && !has(&an, "b") && !has(&an, "\xe1\xb8\xa1"));
    an = anatomy_of("RMSprop(lr=0.01, centered=True, momentum=0.9)", 3);
    CHECK(has(&an, "b") && has(&an, "\xe1\xb8\xa1"));
    an = anatomy_of("Rprop(lr=0.01)", 3);
    CHECK(has(&an, "s") && has(&an, "sign(g\xc2\xb7u)"));
    an = anatomy_of("Adamax(lr=0.05)", 3);
    CHECK(has(&an, "u") && has(&an, "\xce\xb2\xe2\x82\x82u"));
    /* RAdam: un-rectified at first, rectified later */
    an = anatomy_of("RAdam(lr=0.005)", 1);
    CHECK(!has(&an, "r"));
    an = anatomy_of("RAdam(lr=0.005)", 40);
    CHECK(has(&an, "r"));
    /* Lookahead: the sync is a sub-step of every k-th update only */
    an = anatomy_of("Lookahead(Adam(lr=0.05), k=5, alpha=0.5)", 4);
    CHECK(has(&an, "\xcf\x86"));
    an = anatomy_of("Lookahead(Adam(lr=0.05), k=5, alpha=0.5)", 5);
    CHECK(!has(&an, "\xcf\x86") && has(&an, "t mod k"));
    an = anatomy_of("SGD(lr=0.01, maximize=True)", 2);
    CHECK(has(&an, "\xe2\x88\x92g"));
}

int main(void)
{
    Err e = {0};
    if (surface_init(&surf, "rosenbrock", &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    test_every_kind();
    test_options();
    surface_deinit(&surf);
    return check_done();
}
