/* test_pacing — a scene played as a lecture (lesson.c), headless: it opens paused at step 0,
 * Space starts, the race stops at the scene's steps and says finished, the standings never
 * change after it (Space runs on); beats: Page Down plays the next (caption, racers, knob,
 * run to a step), then the next scene; Page Up goes back one beat, exactly. */
#undef NDEBUG
#include <stdlib.h>

#include "app_helper.h"
#include "check.h"
#include "lesson.h"

static void frames(App *a, int n)
{
    for (int i = 0; i < n; i++)
        app_frame(a);
}

static const char *const lesson_text =
    "[scene]\ntitle = Pacing\ncaption = The scene's caption.\n"
    "surface = quadratic(kx=1, ky=10)\nstart = -8, 2\nspeed = 3\nsteps = 150\nselect = 2\n"
    "[racers]\nopt = SGD(lr=0.05, momentum=0.9)\nopt = SGD(lr=0.01)\nopt = SGD(lr=0.15)\n"
    "[beat]\ncaption = One: the first racer alone.\nracers = 1\nrun = 10\n"
    "[beat]\ncaption = Two: all three, the second faster.\nracers = 1, 2, 3\n"
    "set = 2 lr 0.08\nselect = 3\nrun = 25\n";

int main(void)
{
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 0);
    Scene sc[2];
    Err err = {0};
    CHECK(scene_parse(&sc[0], "pacing.ini", lesson_text, &err) == 0);
    if (err.msg[0])
        fprintf(stderr, "%d: %s\n", err.line, err.msg);
    CHECK(sc[0].nbeats == 2 && sc[0].select == 2 && sc[0].beat[1].knob[0].slot == 0);
    scene_default(&sc[1]);
    App *a = open_lesson(sc, 2, 640, 360);
    if (!a) {
        fprintf(stderr, "no OpenGL 3.3 context here: skipped\n");
        return 77;
    }
    /* opens paused at step 0, the scene's racer selected, the scene's caption */
    frames(a, 5);
    CHECK(a->play.paused && a->play.race.step == 0 && a->play.selected == 1);
    CHECK(lesson_caption(&a->lesson) == NULL && strstr(a->status, "Space starts"));

    /* beats: Page Down plays beat 1: its caption, its racers, a run to step 10, paused */
    press(a, SDLK_PAGEDOWN, 0);
    CHECK(a->lesson.beat == 1 && !a->play.paused && !strcmp(lesson_caption(&a->lesson), "One: the first racer alone."));
    CHECK(a->play.race.racer[0].enabled && !a->play.race.racer[1].enabled && !a->play.race.racer[2].enabled);
    frames(a, 20);
    CHECK(a->play.paused && a->play.race.step == 10);
    press(a, SDLK_PAGEDOWN, 0); /* beat 2: all racers, a knob, select, run to 25 */
    frames(a, 20);
    CHECK(a->lesson.beat == 2 && a->play.paused && a->play.race.step == 25 && a->play.selected == 2);
    CHECK(a->play.race.racer[1].enabled && a->play.race.racer[1].spec.opt.p[0] == 0.08);
    double x[3][2];
    for (int i = 0; i < 3; i++)
        memcpy(x[i], a->play.race.racer[i].x, sizeof x[i]);
    /* Page Up: back to beat 1 exactly (step 10, the knob not yet turned), then again */
    press(a, SDLK_PAGEUP, 0);
    CHECK(a->lesson.beat == 1 && a->play.paused && a->play.race.step == 10);
    CHECK(a->play.race.racer[1].spec.opt.p[0] == 0.01 && !a->play.race.racer[1].enabled);
    press(a, SDLK_PAGEDOWN, 0);
    frames(a, 20);
    CHECK(a->play.race.step == 25);
    for (int i = 0; i < 3; i++)
        CHECK(a->play.race.racer[i].x[0] == x[i][0] && a->play.race.racer[i].x[1] == x[i][1]);

    /* Space runs to the scene's steps and stops: finished */
    press(a, SDLK_SPACE, 0);
    frames(a, 100);
    CHECK(a->play.paused && a->play.race.step == 150 && strstr(a->status, "finished"));
    int rank[3], fin = a->play.race.finished;
    for (int i = 0; i < 3; i++)
        rank[i] = a->play.race.racer[i].rank;
    CHECK(fin >= 1);
    frames(a, 50);
    CHECK(a->play.race.step == 150);
    /* Space again runs on, said on screen; the standings stay */
    press(a, SDLK_SPACE, 0);
    frames(a, 200);
    CHECK(!a->play.paused && a->play.race.step > 700 && strstr(a->status, "running on"));
    CHECK(a->play.race.finished == fin);
    for (int i = 0; i < 3; i++)
        CHECK(a->play.race.racer[i].rank == rank[i]);
    /* R: back to step 0; the finish stops the race again */
    press(a, SDLK_r, 0);
    frames(a, 60);
    CHECK(a->play.race.step == 150 && a->play.paused);

    /* after the last beat, Page Down opens the next scene, paused at step 0; Page Up at its
     * start goes back to the first scene, at its opening */
    press(a, SDLK_PAGEDOWN, 0);
    CHECK(a->lesson.cur == 1 && a->play.race.step == 0 && a->play.paused && a->lesson.beat == 0);
    frames(a, 3);
    CHECK(a->play.race.step == 0);
    press(a, SDLK_PAGEUP, 0);
    CHECK(a->lesson.cur == 0 && a->play.race.step == 0 && a->lesson.beat == 0 && lesson_caption(&a->lesson) == NULL);
    app_destroy(&a);

    /* autoplay: a scene that says so runs at once */
    sc[1].autoplay = 1;
    a = open_lesson(&sc[1], 1, 640, 360);
    frames(a, 5);
    CHECK(a && !a->play.paused && a->play.race.step > 0);
    app_destroy(&a);
    return check_done();
}
