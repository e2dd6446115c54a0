/* test_lessons — every shipped scene states its lesson as claims (`expect = ...`), and every
 * claim is true: each scene runs headless through the core to its steps. With file arguments,
 * checks those scenes instead (a scene being written, or one edited into a false lesson). */
#undef NDEBUG
#include <glob.h>
#include <stdlib.h>

#include "check.h"
#include "scene.h"

static char report[16384];

/* Loads and checks one scene; returns its false claims (-1: it did not load or build). */
static int lesson(const char *path)
{
    Scene *sc = malloc(sizeof *sc);
    Err e = {0};
    int bad = -1;
    if (sc && scene_load(sc, path, &e) == 0) {
        bad = claim_check(sc, report, sizeof report, &e);
        if (bad > 0)
            fputs(report, stderr);
        else if (bad == 0 && sc->nclaims == 0)
            fprintf(stderr, "%s: states no claim ('expect = ...'): its lesson is untested\n",
                    path);
        else if (bad == 0)
            printf("%s: %d claims true\n", path, sc->nclaims);
        bad = bad == 0 && sc->nclaims == 0 ? 1 : bad;
    }
    if (bad < 0)
        fprintf(stderr, "%s:%d: %s\n", path, e.line, e.msg);
    free(sc);
    return bad;
}

/* The claims themselves: each verb read, errors with a column, a false claim found false. */
static void claims(void)
{
    static const char *const good[] = {
        "1 converges", "racer 2 converges before 1", "1 does not converge", "3 stalls",
        "2 diverges", "2 does not diverge", "1 zig-zags", "1 does not zig-zag", "1 ranks 2nd",
        "1 ends lower than 2", "1 is below 0.5 at step 20", "1 ends above 1e-3",
        "1 ends within 0.1 of 3, 0.5", "1 is farther than 2 from the start at step 3",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        Claim c;
        Err e = {0};
        CHECK(claim_parse(&c, good[i], &e) == 0);
        if (e.msg[0])
            fprintf(stderr, "'%s': %s\n", good[i], e.msg);
    }
    static const struct { const char *text; int col; } badc[] = {
        {"SGD converges", 1}, {"1 wins", 3}, {"0 converges", 1}, {"1 ranks first", 9},
        {"1 ends below", 13}, {"1 converges at step 0", 21}, {"1 converges quickly", 13},
        {"1 ends within 1 of 2", 21},
    };
    for (size_t i = 0; i < sizeof badc / sizeof *badc; i++) {
        Claim c;
        Err e = {0};
        CHECK(claim_parse(&c, badc[i].text, &e) < 0 && e.msg[0]);
        if (e.col != badc[i].col)
            fprintf(stderr, "'%s': column %d, expected %d: %s\n", badc[i].text, e.col,
                    badc[i].col, e.msg);
        CHECK(e.col == badc[i].col);
    }
    /* a ravine at κ = 10 with GD's best rate: SGD is first, and a claim that says otherwise
     * is false, with the facts */
    const char *text = "[scene]\nsurface = quadratic(kx=1, ky=10)\nstart = -9, 2.5\n"
                       "steps = 200\nexpect = 2 converges before 1\nexpect = 1 converges\n"
                       "expect = 1 zig-zags\n[racers]\nopt = SGD(lr=0.18)\n"
                       "opt = SGD(lr=0.02, momentum=0.9)\n";
    Scene *sc = malloc(sizeof *sc);
    Err e = {0};
    CHECK(scene_parse(sc, "ravine10.ini", text, &e) == 0 && sc->nclaims == 3);
    CHECK(claim_check(sc, report, sizeof report, &e) == 1);
    CHECK(strstr(report, "ravine10.ini:5: 'expect = 2 converges before 1' is false") != NULL);
    CHECK(strstr(report, "racer 1 SGD(lr=0.18): finished #1") != NULL);
    /* a claim naming a racer the scene does not have, or a step past its end: the line */
    const char *nine = "[scene]\nsurface = beale\nexpect = 9 converges\n[racers]\nopt = SGD()\n";
    CHECK(scene_parse(sc, "nine.ini", nine, &e) < 0 && e.line == 3 && strstr(e.msg, "racer 9"));
    const char *late = "[scene]\nsurface = beale\nsteps = 10\nexpect = 1 converges at step 11\n"
                       "[racers]\nopt = SGD()\n";
    CHECK(scene_parse(sc, "late.ini", late, &e) < 0 && e.line == 4 && strstr(e.msg, "step 11"));
    free(sc);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        int bad = 0;
        for (int i = 1; i < argc; i++)
            bad += lesson(argv[i]) != 0;
        return bad ? 1 : 0;
    }
    claims();
    glob_t g;
    CHECK(glob("assets/scenes/*.ini", 0, NULL, &g) == 0 && g.gl_pathc >= 12);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        int bad = lesson(g.gl_pathv[i]);
        CHECK(bad == 0);
    }
    globfree(&g);
    return check_done();
}
