/* test_frames — the frame caches draw what a frame drawn from scratch shows: partial frames
 * (only the boxes that changed: the framebuffer keeps its pixels here) after steady steps, a
 * change of the HUD's text, a theme toggle and a zoom are the same to the byte as frames drawn
 * whole (OPTIPLAY_FULL_REDRAW); a drag shifts the base layer and draws only the exposed strips
 * (the field's scale held, its grid coarser), and matches within a tiny tolerance; after the
 * release both are the same to the byte; after the window is resized (smaller, then larger
 * again, within its first size: the offscreen driver's surface does not grow), partial frames
 * again match frames drawn whole to the byte. Headless (SDL's offscreen
 * driver).
 * TEST_FRAMES_PPM=DIR writes the frames compared, to look at. */
#undef NDEBUG
#include <epoxy/gl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_helper.h"
#include "check.h"

enum { W = 960, H = 600, MOVES = 24, W2 = 777, H2 = 431, W3 = 901, H3 = 563 };

static App *open_whole(int whole)
{
    if (whole)
        setenv("OPTIPLAY_FULL_REDRAW", "1", 1); /* read when the renderer is made */
    else
        unsetenv("OPTIPLAY_FULL_REDRAW");
    return open_cfg((AppConfig){.width = W, .height = H});
}

static void save(const unsigned char *p, const char *name, int w, int h)
{
    const char *dir = getenv("TEST_FRAMES_PPM");
    if (!dir)
        return;
    char path[512];
    snprintf(path, sizeof path, "%s/%s.ppm", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return;
    fprintf(fp, "P6 %d %d 255\n", w, h);
    for (int i = 0; i < w * h; i++)
        fwrite(p + 4 * i, 1, 3, fp);
    fclose(fp);
}

/* The frames compared, in order: steady steps, the HUD's text changed (another racer
 * selected: its rule, the legend's highlight), the light theme, a zoom, then the middle of a
 * drag after a far zoom out, and after its release; then steps after the window shrank, and
 * after it grew again. */
enum { STEADY, SELECT, THEME, ZOOM, MID, END, SMALLER, LARGER, SHOTS };
static const char *const shot_name[SHOTS] = {"steady", "select", "theme", "zoom", "mid-drag",
                                             "end", "smaller", "larger"};
static const int shot_w[SHOTS] = {W, W, W, W, W, W, W2, W3};
static const int shot_h[SHOTS] = {H, H, H, H, H, H, H2, H3};

static void draw_settled(App *a)
{
    app_draw(a);
    ren_wait(a->ren);
    app_draw(a);
}

/* The window resized to w × h (as a window manager would: the event after the size), then
 * frames of steady steps. */
static void resize(App *a, int w, int h)
{
    SDL_SetWindowSize(a->win, w, h);
    SDL_Event e = {.type = SDL_WINDOWEVENT};
    e.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
    e.window.data1 = w;
    e.window.data2 = h;
    app_handle_event(a, &e);
    draw_settled(a);
    for (int k = 0; k < 8; k++) {
        race_step(&a->play.race, 1);
        app_draw(a);
    }
}

/* The race advances a step a frame; the field is waited for each frame (the same grids in
 * both runs). */
static void run(int whole, unsigned char *shot[SHOTS])
{
    App *a = open_whole(whole);
    CHECK(a != NULL);
    race_step(&a->play.race, 600); /* two racers converged: labels outside the panels */
    draw_settled(a);
    for (int k = 0; k < 20; k++) { /* partial frames where the framebuffer keeps its pixels */
        race_step(&a->play.race, 1);
        app_draw(a);
    }
    CHECK(app_read_pixels(a, shot[STEADY], W, H) == 0);
    a->play.selected = (a->play.selected + 1) % a->play.race.n;
    race_step(&a->play.race, 1);
    app_draw(a);
    CHECK(app_read_pixels(a, shot[SELECT], W, H) == 0);
    a->light = !a->light;
    draw_settled(a);
    race_step(&a->play.race, 1);
    app_draw(a);
    CHECK(app_read_pixels(a, shot[THEME], W, H) == 0);
    a->light = !a->light;
    draw_settled(a);
    SDL_Event e = {.type = SDL_MOUSEWHEEL};
    e.wheel.y = 2;
    e.wheel.preciseY = 2;
    e.wheel.mouseX = W / 3;
    e.wheel.mouseY = H / 3;
    app_handle_event(a, &e);
    draw_settled(a);
    race_step(&a->play.race, 1);
    app_draw(a);
    CHECK(app_read_pixels(a, shot[ZOOM], W, H) == 0);
    e.wheel.y = -10; /* out, far: a colour scale of its own, which the drag holds */
    e.wheel.preciseY = -10;
    app_handle_event(a, &e);
    draw_settled(a);
    int x = W / 2, y = H / 2;
    mouse(a, SDL_MOUSEBUTTONDOWN, x, y, 0, 0);
    for (int k = 0; k < MOVES; k++) {
        /* right and up, then down and left: strips on every side, odd sizes */
        int dx = k < MOVES / 2 ? 9 : -5, dy = k < MOVES / 2 ? -7 : 13;
        x += dx, y += dy;
        mouse(a, SDL_MOUSEMOTION, x, y, dx, dy);
        race_step(&a->play.race, 1);
        app_draw(a);
        ren_wait(a->ren);
    }
    app_draw(a); /* the last grid */
    CHECK(app_read_pixels(a, shot[MID], W, H) == 0);
    mouse(a, SDL_MOUSEBUTTONUP, x, y, 0, 0);
    draw_settled(a);
    CHECK(app_read_pixels(a, shot[END], W, H) == 0);
    resize(a, W2, H2);
    CHECK(app_read_pixels(a, shot[SMALLER], W2, H2) == 0);
    resize(a, W3, H3);
    CHECK(app_read_pixels(a, shot[LARGER], W3, H3) == 0);
    CHECK(glGetError() == GL_NO_ERROR);
    app_destroy(&a);
}

int main(void)
{
    size_t n = (size_t)W * H * 4; /* the largest */
    unsigned char *shot[2][SHOTS];
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < SHOTS; k++)
            CHECK((shot[r][k] = malloc(n)) != NULL);
    run(0, shot[0]);
    run(1, shot[1]);
    for (int k = 0; k < SHOTS; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s_cached", shot_name[k]);
        save(shot[0][k], name, shot_w[k], shot_h[k]);
        snprintf(name, sizeof name, "%s_whole", shot_name[k]);
        save(shot[1][k], name, shot_w[k], shot_h[k]);
        if (k == MID)
            continue;
        /* the caches keep exactly what a frame drawn whole shows */
        size_t diff = 0;
        for (size_t i = 0; i < (size_t)shot_w[k] * shot_h[k] * 4; i++)
            diff += shot[0][k][i] != shot[1][k][i];
        printf("%s: %zu bytes differ\n", shot_name[k], diff);
        CHECK(diff == 0);
    }
    const unsigned char *const *mid = (const unsigned char *const[]){shot[0][MID], shot[1][MID]};
    int far = 0, worst = 0;
    long sum = 0;
    for (size_t i = 0; i < (size_t)W * H * 4; i += 4) {
        int d = 0;
        for (int c = 0; c < 3; c++)
            d += abs(mid[0][i + c] - mid[1][i + c]);
        sum += d;
        far += d > 12;
        worst = d > worst ? d : worst;
    }
    printf("mid-drag: %d of %d pixels differ by more than 12 (sum of |RGB|), worst %d, mean %.4f\n",
           far, W * H, worst, (double)sum / (W * H));
    /* pieces drawn from different coarse grids put a contour line a fraction of a pixel apart
     * (scattered pixels on the lines); a seam or a strip left undrawn is whole rows or columns
     * (a strip drawn before its grid covered it: 69,044 pixels, mean 13.4) */
    CHECK(far <= W * H / 100);
    CHECK((double)sum / (W * H) < 1.0);
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < SHOTS; k++)
            free(shot[r][k]);
    return check_done();
}
