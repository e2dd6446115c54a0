/* test_torch — replays trajectories recorded from torch.optim 1.13 (tests/gen_optim.py,
 * tests/gen_sched.py write the fixtures) through the spec parser and the race, and checks
 * every step's point, loss and lr to 1e-9 relative. */
#undef NDEBUG
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "race.h"

static double worst = 0;
static char worst_case[512];

static int close_enough(double a, double b, double *rel)
{
    double scale = fmax(fabs(a), fabs(b));
    double d = fabs(a - b);
    *rel = scale > 0 ? d / scale : 0;
    /* 1e-9 relative; values that cancel to ~0 are compared against the trajectory's scale */
    return d <= 1e-9 * scale || d <= 1e-12;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_torch FIXTURE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char line[4096], casetext[4096];
    int cases = 0, failed = 0;
    long rows = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "case ", 5))
            continue;
        line[strcspn(line, "\n")] = 0;
        snprintf(casetext, sizeof casetext, "%s", line);
        char surf[256];
        double x0, y0;
        int steps, off = 0;
        if (sscanf(line + 5, "%255s %lf %lf %d %n", surf, &x0, &y0, &steps, &off) != 4) {
            fprintf(stderr, "bad case line: %s\n", line);
            return 1;
        }
        const char *spectext = line + 5 + off;
        Surface s;
        Spec spec;
        Err err = {0};
        if (surface_init(&s, surf, &err) < 0 || spec_parse(&spec, spectext, &err) < 0) {
            fprintf(stderr, "FAIL %s\n  cannot set up: %s\n", casetext, err.msg);
            failed++;
            continue;
        }
        Race r;
        race_init(&r, &s, &(RaceConfig){.start = {x0, y0}, .has_start = 1});
        if (race_add(&r, &spec, &err) < 0) {
            fprintf(stderr, "FAIL %s\n  race_add: %s\n", casetext, err.msg);
            failed++;
            surface_deinit(&s);
            continue;
        }
        int bad = 0;
        for (int k = 0; k <= steps; k++) {
            if (!fgets(line, sizeof line, f))
                break;
            int kk;
            double want[4];
            if (sscanf(line, "%d %lf %lf %lf %lf", &kk, &want[0], &want[1], &want[2],
                       &want[3]) != 5 || kk != k) {
                fprintf(stderr, "bad row %d in %s\n", k, casetext);
                return 1;
            }
            if (k > 0)
                race_step(&r, 1);
            const Racer *rc = &r.racer[0];
            double got[4] = {rc->x[0], rc->x[1], rc->loss, rc->opt.lr};
            static const char *what[4] = {"x", "y", "loss", "lr"};
            for (int j = 0; j < 4; j++) {
                double rel;
                if (!close_enough(got[j], want[j], &rel)) {
                    if (!bad)
                        fprintf(stderr, "FAIL %s\n  step %d %s: got %.17g, torch %.17g "
                                "(rel %.3g)\n", casetext, k, what[j], got[j], want[j], rel);
                    bad = 1;
                }
                if (rel > worst && fabs(want[j]) > 1e-12) {
                    worst = rel;
                    snprintf(worst_case, sizeof worst_case, "%s", casetext + (spectext - line));
                }
            }
            rows++;
        }
        race_deinit(&r);
        surface_deinit(&s);
        cases++;
        failed += bad;
    }
    fclose(f);
    printf("%d cases, %ld rows, %d failed; worst relative difference %.3g (%s)\n", cases, rows,
           failed, worst, worst_case);
    return failed || cases == 0;
}
