/* test_huge_window — a window made larger than the GL driver can draw (issue 9, item 8):
 * resized to 32767 × 32767 it crashed inside Mesa; now the drawable is capped at the driver's
 * limit (the smallest of GL_MAX_VIEWPORT_DIMS, GL_MAX_TEXTURE_SIZE, GL_MAX_RENDERBUFFER_SIZE),
 * the window is told, and the user is told. Headless (SDL's offscreen driver). Returns 77
 * (skipped) when no GL 3.3 context can be made. */
#undef NDEBUG
#include <epoxy/gl.h>
#include <stdlib.h>
#include <string.h>

#include "app_helper.h"
#include "check.h"

static int gl_limit(void)
{
    GLint vp[2] = {0, 0}, tex = 0, rb = 0;
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, vp);
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &tex);
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &rb);
    int m = vp[0] < vp[1] ? vp[0] : vp[1];
    m = tex < m ? tex : m;
    return rb < m ? rb : m;
}

static int said(const App *a, const char *what)
{
    for (int i = 0; i < REN_MSGS; i++)
        if (strstr(a->msgs.msg[i], what))
            return 1;
    return 0;
}

int main(void)
{
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 0);
    Scene def;
    scene_default(&def);
    App *a = open_lesson(&def, 1, 640, 480);
    if (!a) {
        fprintf(stderr, "no OpenGL 3.3 context here: skipped\n");
        return 77;
    }
    int lim = gl_limit();
    printf("GL driver limit: %d pixels\n", lim);
    CHECK(lim >= 64);
    CHECK(a->gl_max_px == lim);
    app_draw(a);
    CHECK(a->view.w == 640 && a->view.h == 480);
    CHECK(!said(a, "limit"));

    /* the window's maximum size is the limit: a window manager (or SDL) keeps to it */
    SDL_SetWindowSize(a->win, 32767, 32767);
    int ww, wh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    CHECK(ww <= lim && wh <= lim);

    /* one that does not (xdotool windowsize does not ask): the drawable is capped at the
     * limit, the window brought back, the user told. Drawing 16384 x 16384 with Mesa's
     * software GL takes half a minute, so the test pretends a driver with a smaller limit. */
    a->gl_max_px = 1000;
    SDL_SetWindowMaximumSize(a->win, 32767, 32767);
    SDL_SetWindowSize(a->win, 32767, 32767);
    app_draw(a);
    printf("after a resize to 32767x32767 (limit 1000): drawing %dx%d\n", a->view.w, a->view.h);
    CHECK(a->view.w == 1000 && a->view.h == 1000);
    CHECK(said(a, "limit of 1000 pixels"));
    CHECK(glGetError() == GL_NO_ERROR);
    SDL_GetWindowSize(a->win, &ww, &wh);
    CHECK(ww <= 1000 && wh <= 1000); /* the window itself is brought back within the limit */
    app_draw(a);
    CHECK(a->view.w == 1000 && a->view.h == 1000);

    /* back to a normal size: drawn at that size again */
    SDL_SetWindowSize(a->win, 800, 600);
    app_draw(a);
    CHECK(a->view.w == 800 && a->view.h == 600);
    app_destroy(&a);

    /* a window asked for beyond APP_MAX_SIZE from the start (app_create's own callers; the
     * command line refuses it) opens at no more than that */
    a = open_lesson(&def, 1, 32767, 200);
    CHECK(a != NULL);
    if (a) {
        SDL_GetWindowSize(a->win, &ww, &wh);
        CHECK(ww <= APP_MAX_SIZE && ww <= lim && wh == 200);
        app_destroy(&a);
    }
    return check_done();
}
