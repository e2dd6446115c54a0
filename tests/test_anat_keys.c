/* test_anat_keys — Y's anatomy of one update, driven by keys headless (SDL's offscreen
 * driver): for every optimizer of the add-a-racer picker (every kind `optiplay list` names),
 * paging through the sub-steps with Y ends with the race exactly where a race stepped
 * normally is (bit for bit, every racer); Esc mid-way leaves the race unchanged; the race
 * goes on as it was. Returns 77 (skipped) without GL 3.3. */
#undef NDEBUG
#include <stdlib.h>

#include "app_helper.h"
#include "check.h"

/* Every racer where the reference race (stepped normally from the start) is, bit for bit. */
static int same_race(const Race *r, const Race *t)
{
    if (r->step != t->step || r->n != t->n)
        return 0;
    for (int i = 0; i < r->n; i++) {
        const Racer *p = &r->racer[i], *q = &t->racer[i];
        if (memcmp(p->x, q->x, sizeof p->x) || memcmp(p->g, q->g, sizeof p->g) ||
            memcmp(&p->opt.st, &q->opt.st, sizeof p->opt.st) || p->steps != q->steps ||
            p->status != q->status)
            return 0;
    }
    return 1;
}

/* The racers of presets [from, to) on the default surface, each anatomised by keys. */
static void test_presets(int from, int to)
{
    static Scene sc;
    scene_default(&sc);
    sc.nopt = 0;
    for (int i = from; i < to; i++) {
        Err err = {0};
        CHECK(scene_add_opt(&sc, app_presets[i], &err) == 0);
    }
    App *a = open_lesson(&sc, 1, 800, 450);
    if (!a)
        exit(77);
    Race ref;
    play_race_copy(&a->play, &ref, &a->play.race.cfg); /* the same racers, stepped without the anatomy */
    press(a, SDLK_1, 0);
    for (int i = 0; i < a->play.race.n; i++, press(a, SDLK_TAB, 0)) {
        CHECK(a->play.selected == i);
        for (int k = 0; k < 3; k++)
            press(a, SDLK_n, 0);
        race_step(&ref, 3);
        CHECK(same_race(&a->play.race, &ref));
        press(a, SDLK_y, 0);
        if (a->play.race.racer[i].status == RACER_DIVERGED) {
            CHECK(!a->anat.open);
            continue;
        }
        CHECK(a->anat.open && a->play.paused && a->anat.an.shown == 0);
        int n = a->anat.an.n;
        CHECK(n >= 2);
        double want[2] = {a->anat.an.x_new[0], a->anat.an.x_new[1]};
        for (int k = 1; k < n; k++) {
            press(a, SDLK_y, 0);
            CHECK(a->anat.open && a->anat.an.shown == k);
            CHECK(a->play.race.step == ref.step); /* paging moves nothing */
            if (k == 1)
                app_draw(a); /* its panel and arrows draw */
        }
        press(a, SDLK_y, 0); /* the last sub-step: the race takes exactly that step */
        CHECK(!a->anat.open);
        race_step(&ref, 1);
        if (!same_race(&a->play.race, &ref))
            fprintf(stderr, "%s: the race after the anatomy is not the race stepped\n",
                    app_presets[from + i]);
        CHECK(same_race(&a->play.race, &ref));
        if (a->play.race.racer[i].status != RACER_DIVERGED)
            CHECK(!memcmp(a->play.race.racer[i].x, want, sizeof want));
    }
    race_deinit(&ref);
    app_destroy(&a);
}

/* Esc mid-way: the race as it was; the race goes on as it was (running or paused); a key
 * that moves the race leaves the anatomy first; the sub-steps follow the options. */
static void test_leave(void)
{
    static Scene sc;
    scene_default(&sc);
    sc.nopt = 0;
    Err err = {0};
    CHECK(scene_add_opt(&sc, "Adam(lr=0.05)", &err) == 0);
    CHECK(scene_add_opt(&sc, "SGD(lr=0.001)", &err) == 0);
    CHECK(scene_add_opt(&sc, "SGD(lr=0.001, momentum=0.9, nesterov=True)", &err) == 0);
    App *a = open_lesson(&sc, 1, 800, 450);
    if (!a)
        exit(77);
    Race ref;
    play_race_copy(&a->play, &ref, &a->play.race.cfg);
    press(a, SDLK_1, 0);
    for (int k = 0; k < 5; k++)
        press(a, SDLK_n, 0);
    race_step(&ref, 5);
    press(a, SDLK_y, 0);
    press(a, SDLK_y, 0);
    press(a, SDLK_y, 0);
    CHECK(a->anat.open && a->anat.an.shown == 2);
    press(a, SDLK_z, 0); /* lecture size: only the look changes, it stays open */
    app_draw(a);
    CHECK(a->anat.open && a->lecture);
    press(a, SDLK_ESCAPE, 0);
    CHECK(!a->anat.open && a->play.paused);
    CHECK(same_race(&a->play.race, &ref));
    for (int f = 0; f < 3; f++)
        app_frame(a);
    CHECK(same_race(&a->play.race, &ref)); /* paused before: still paused */
    /* opened while running: paused while open, running again after the step */
    press(a, SDLK_SPACE, 0);
    CHECK(!a->play.paused);
    press(a, SDLK_y, 0);
    CHECK(a->anat.open && a->play.paused);
    long at = a->play.race.step;
    app_frame(a);
    CHECK(a->play.race.step == at);
    for (int k = 0; k < a->anat.an.n; k++)
        press(a, SDLK_y, 0);
    CHECK(!a->anat.open && !a->play.paused && a->play.race.step == at + 1);
    press(a, SDLK_SPACE, 0);
    CHECK(a->play.paused);
    /* N while open: leaves the anatomy, then steps as N does */
    press(a, SDLK_y, 0);
    CHECK(a->anat.open);
    at = a->play.race.step;
    press(a, SDLK_n, 0);
    CHECK(!a->anat.open && a->play.race.step == at + 1);
    /* plain SGD: the gradient, then the step (no momentum sub-step); Nesterov: the look-ahead */
    press(a, SDLK_2, 0);
    press(a, SDLK_y, 0);
    CHECK(a->anat.open && a->anat.an.n == 2);
    press(a, SDLK_ESCAPE, 0);
    press(a, SDLK_3, 0);
    press(a, SDLK_y, 0);
    int look = 0;
    for (int k = 0; k < a->anat.an.n; k++)
        look |= a->anat.an.part[k].role == ANAT_MOVE;
    CHECK(a->anat.open && look);
    press(a, SDLK_ESCAPE, 0);
    race_deinit(&ref);
    app_destroy(&a);
}

/* The whole file's bytes, or NULL; *n its length. */
static unsigned char *slurp(const char *path, long *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *n = ftell(f);
    rewind(f);
    unsigned char *b = malloc((size_t)*n + 1);
    if (b && fread(b, 1, (size_t)*n, f) != (size_t)*n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

/* --shot --beat N: the beats played headless (a beat's frame differs from the one before it),
 * keys after them, Y's anatomy as a screenshot. */
static void test_beat_shots(const char *bin)
{
    char cmd[1024];
    const char *out[] = {"/tmp/optiplay-beat0.bmp", "/tmp/optiplay-beat1.bmp",
                         "/tmp/optiplay-beat2.bmp", "/tmp/optiplay-anat.bmp"};
    const char *how[] = {"--beat 0", "--beat 1", "--beat 2", "--beat 1 --press 'yyy'"};
    unsigned char *img[4];
    long n[4];
    for (int i = 0; i < 4; i++) {
        snprintf(cmd, sizeof cmd, "SDL_VIDEODRIVER=offscreen %s assets/scenes/"
                 "17-bias-correction.ini --shot %s --size 320x200 %s", bin, out[i], how[i]);
        int rc = system(cmd);
        CHECK(rc == 0);
        img[i] = slurp(out[i], &n[i]);
        CHECK(img[i] != NULL);
        remove(out[i]);
    }
    for (int i = 1; i < 4; i++)
        CHECK(img[i] && img[i - 1] && (n[i] != n[i - 1] || memcmp(img[i], img[i - 1],
                                                                   (size_t)n[i])));
    for (int i = 0; i < 4; i++)
        free(img[i]);
}

int main(int argc, char **argv)
{
    /* the picker's presets, but its last ("type a spec…"), in two races of at most 16 */
    int n = app_preset_count - 1, half = n / 2;
    test_presets(0, half);
    test_presets(half, n);
    test_leave();
    if (argc > 1)
        test_beat_shots(argv[1]);
    return check_done();
}
