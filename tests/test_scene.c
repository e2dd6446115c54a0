/* test_scene — every shipped scene loads and builds; every broken scene names its line. */
#undef NDEBUG
#include <dirent.h>
#include <stdlib.h>

#include "check.h"
#include "scene.h"

static void shipped(void)
{
    DIR *d = opendir("assets/scenes");
    CHECK(d != NULL);
    if (!d)
        return;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".ini"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "assets/scenes/%s", e->d_name);
        Scene sc;
        Err err = {0};
        Surface s;
        Race r;
        int ok = scene_load(&sc, path, &err) == 0;
        if (!ok)
            fprintf(stderr, "%s:%d: %s\n", path, err.line, err.msg);
        CHECK(ok);
        CHECK(sc.title[0] && sc.caption[0] && sc.nopt >= 2);
        ok = ok && scene_build(&sc, &s, &r, &err) == 0;
        CHECK(ok);
        if (ok) {
            race_step(&r, sc.steps);
            for (int i = 0; i < r.n; i++) { /* nobody diverges, unless that is the lesson */
                int told = 0;
                for (int k = 0; k < sc.nclaims; k++)
                    told |= sc.claim[k].kind == CLAIM_DIVERGES && sc.claim[k].a == i;
                CHECK(r.racer[i].status != RACER_DIVERGED || told);
            }
            race_deinit(&r);
            surface_deinit(&s);
        }
        n++;
    }
    closedir(d);
    CHECK(n >= 8);
}

/* the scene must fail at `line` with a message containing needle */
static void bad(const char *text, int line, const char *needle)
{
    Scene sc;
    memset(&sc, 0x5a, sizeof sc);
    unsigned char before = ((unsigned char *)&sc)[100];
    Err err = {0};
    check_count++;
    if (scene_parse(&sc, "bad.ini", text, &err) != -1) {
        fprintf(stderr, "scene parsed but should not:\n%s\n", text);
        check_failures++;
        return;
    }
    CHECK_MSG(err.msg, needle);
    if (err.line != line) {
        fprintf(stderr, "line %d, expected %d: %s\n", err.line, line, err.msg);
        check_failures++;
    }
    CHECK(((unsigned char *)&sc)[100] == before); /* nothing half-loaded */
}

int main(void)
{
    shipped();

    Scene sc;
    Err err = {0};
    CHECK(scene_parse(&sc, "ok.ini",
                      "[scene]\nsurface = linreg(n=16)\nstart = -1, 2\nseed = 9\n"
                      "view = -2, -1, 2, 3\nnoise = 0.1\n[racers]\nopt = Adam(lr=0.01)\n"
                      "opt = SGD(lr=0.001) | StepLR(step_size=10)\nbatch = 1\n",
                      &err) == 0);
    CHECK(sc.nopt == 2 && sc.cfg.seed == 9 && sc.cfg.start[0] == -1 && sc.has_view);
    CHECK(sc.view.x1 == 2 && sc.cfg.noise == 0.1 && sc.batch[1] == 1 && sc.speed == 1);
    CHECK(scene_parse(&sc, "v.ini", "[scene]\nsurface = beale\nshow = basin, Arrows\n"
                      "hide = plot,rule\n[racers]\nopt = SGD()\n", &err) == 0);
    CHECK(sc.show == (SCENE_BASIN | SCENE_ARROWS) && sc.hide == (SCENE_PLOT | SCENE_RULE));
    bad("[scene]\nsurface = beale\nshow = basn\n[racers]\nopt = SGD()\n", 3,
        "did you mean 'basin'");

    bad("[scene]\nsurface = bael\n[racers]\nopt = Adam()\n", 2, "did you mean 'beale'");
    bad("[scene]\nsurface = x^2 +\n[racers]\nopt = Adam()\n", 2, "column");
    bad("[scene]\nsurface = beale\nstart = 1\n[racers]\nopt = Adam()\n", 3, "two numbers");
    bad("[scene]\nsurface = beale\nstart = 1, inf\n[racers]\nopt = Adam()\n", 3, "two numbers");
    bad("[scene]\nsurface = beale\nview = 1, 1, 0, 2\n", 3, "x0 < x1");
    bad("[scene]\nsurface = beale\nseed = -3\n", 3, "seed");
    bad("[scene]\nsurface = beale\nspeed = 0\n", 3, "speed");
    bad("[scene]\nsurface = beale\nnoise = -1\n", 3, "noise");
    bad("[scene]\nsurface = beale\nsped = 2\n", 3, "did you mean 'speed'");
    bad("[scene]\nsurface = beale\n[racers]\nopt = Adam(lr=-1)\n", 4, "lr must be >= 0");
    bad("[scene]\nsurface = beale\n[racers]\nopt = Adam()\nopt = Adam(lr=fan(0.1, 1, 16))\n", 5,
        "at most 16 racers");
    bad("[scene]\nsurface = beale\n[racers]\nopt = Adam(lr=fan(0.1, 1))\n", 4, "fan");
    bad("[scene]\nsurface = beale\n[racers]\nbatch = 2\n", 4, "after the 'opt");
    bad("[scene]\nsurface = beale\n[racers]\nopt = Adam()\nbatch = 0\n", 5, "batch");
    bad("[scene]\nsurface = beale\n[racers]\nspec = Adam()\n", 4, "opt = ");
    bad("[scene]\nsurface = beale\n[racer]\nopt = Adam()\n", 4, "unknown section [racer]");
    bad("[scene]\nsurface = beale\nthis line is not ini\n", 3, "expected");
    bad("[scene]\nsurface = beale\n", 0, "no racers");
    bad("[racers]\nopt = Adam()\n", 0, "no surface");

    CHECK(scene_load(&sc, "does/not/exist.ini", &err) == -1);
    CHECK_MSG(err.msg, "cannot open");

    /* a batch that does not fit the surface: the line of the batch */
    bad("[scene]\nsurface = linreg(n=16)\n[racers]\nopt = SGD()\nbatch = 17\n", 5,
        "larger than the data set");
    bad("[scene]\nsurface = beale\nbatch = 4\n[racers]\nopt = SGD()\n", 3, "data surface");
    /* built from a scene made by hand, the race says the same */
    Surface s;
    Race r;
    scene_default(&sc);
    sc.cfg.batch = 4;
    CHECK(scene_build(&sc, &s, &r, &err) == -1);
    CHECK_MSG(err.msg, "data surface");

    /* a fan line is several racers of one group */
    CHECK(scene_parse(&sc, "fan.ini", "[scene]\nsurface = beale\n[racers]\nopt = SGD()\n"
                      "opt = Adam(betas=(0.9, fan(0.9, 0.999, 3)))\nopt = RMSprop(lr=fan(0.001, "
                      "0.1, 3))\n", &err) == 0);
    CHECK(sc.nopt == 7 && sc.group[0] == 0 && sc.group[1] == 1 && sc.group[3] == 1 &&
          sc.group[4] == 2 && sc.group[6] == 2);
    CHECK(scene_build(&sc, &s, &r, &err) == 0 && r.n == 7 && r.racer[2].group == 1);
    CHECK(r.racer[2].opt.p[r.racer[2].opt.kind->beta2] == 0.99);
    race_deinit(&r);
    surface_deinit(&s);

    scene_default(&sc);
    CHECK(scene_build(&sc, &s, &r, &err) == 0 && r.n == 6);
    race_deinit(&r);
    surface_deinit(&s);
    return check_done();
}
