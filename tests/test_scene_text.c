/* test_scene_text — scene_format writes what scene_parse reads back as the same scene: every
 * shipped scene, the default one, exact numbers; a buffer too small says so. */
#undef NDEBUG
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scene.h"
#include "shipped.h"

static void check_same(const Scene *a, const Scene *b, const char *what)
{
    int before = check_failures;
    CHECK(!strcmp(a->title, b->title));
    CHECK(!strcmp(a->caption, b->caption));
    CHECK(!strcmp(a->surface, b->surface));
    CHECK(a->cfg.has_start == b->cfg.has_start);
    CHECK(a->cfg.start[0] == b->cfg.start[0] && a->cfg.start[1] == b->cfg.start[1]);
    CHECK(a->has_view == b->has_view);
    CHECK(!a->has_view || !memcmp(&a->view, &b->view, sizeof a->view));
    CHECK(a->cfg.seed == b->cfg.seed);
    CHECK(a->cfg.noise == b->cfg.noise && a->cfg.noise_decay == b->cfg.noise_decay);
    CHECK(a->cfg.batch == b->cfg.batch);
    CHECK(a->speed == b->speed && a->steps == b->steps);
    CHECK(a->show == b->show && a->hide == b->hide);
    CHECK(!strcmp(a->record_dir, b->record_dir));
    CHECK(a->select == b->select);
    CHECK(a->nopt == b->nopt);
    for (int i = 0; i < a->nopt && i < b->nopt; i++) {
        CHECK(!strcmp(a->opt[i].text, b->opt[i].text));
        CHECK(a->batch[i] == b->batch[i]);
        CHECK(a->noise[i] == b->noise[i] && a->noise_decay[i] == b->noise_decay[i]);
    }
    if (check_failures > before)
        fprintf(stderr, "  (%s)\n", what);
}

static void round_trip(const Scene *sc, const char *what)
{
    static char text[65536];
    static Scene back;
    int n = scene_format(sc, text, sizeof text);
    CHECK(n > 0 && (size_t)n == strlen(text));
    Err err = {0};
    int rc = scene_parse(&back, what, text, &err);
    CHECK(rc == 0);
    if (rc < 0)
        fprintf(stderr, "%s: line %d: %s\n%s\n", what, err.line, err.msg, text);
    else
        check_same(sc, &back, what);
    /* one byte short: -1, and what was written still ends */
    CHECK(scene_format(sc, text, (size_t)n) == -1);
    CHECK(strlen(text) < (size_t)n);
}

int main(void)
{
    static Scene shipped[64], sc;
    int nscenes = shipped_scenes(shipped, 64);
    for (int i = 0; i < nscenes; i++)
        round_trip(&shipped[i], shipped[i].path);
    CHECK(nscenes >= 10);

    scene_default(&sc);
    round_trip(&sc, "default scene");

    /* numbers that %g would round, a big seed, per-racer batches, views turned off */
    Err err = {0};
    CHECK(scene_parse(&sc, "exact",
                      "[scene]\nsurface = linreg\nstart = 0.1, -1e-300\n"
                      "view = -2.5, -1.0000000000000002, 2.5, 3\nseed = 9007199254740991\n"
                      "noise = 0.30000000000000004\nbatch = 4\nhide = plot, hud\nshow = 3d\n"
                      "select = 2\n[racers]\nopt = SGD(lr=0.001)\nbatch = 2\nnoise = 0.1\nnoise_decay = 0.55\n"
                      "opt = Adam(lr=fan(1e-3, 1, 3))\n",
                      &err) == 0);
    if (err.msg[0])
        fprintf(stderr, "exact: line %d: %s\n", err.line, err.msg);
    CHECK(sc.nopt == 4 && sc.cfg.seed == 9007199254740991ull);
    CHECK(sc.select == 2 && sc.noise[0] == 0.1 && sc.noise_decay[0] == 0.55);
    round_trip(&sc, "exact numbers");

    char tiny[8];
    CHECK(scene_format(&sc, tiny, sizeof tiny) == -1 && strlen(tiny) < sizeof tiny);
    printf("%d shipped scenes\n", nscenes);
    return check_done();
}
