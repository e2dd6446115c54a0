/* test_capture — the window's G (GIF) and P (PNG) keys, headless: the files land in the
 * recordings directory with time-sorted names, the GIF has one frame per N rendered frames,
 * and the REC mark on screen is not in the recording. */
#undef NDEBUG
#include <dirent.h>
#include <gif_lib.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "app_helper.h"
#include "check.h"

/* mean absolute difference of the RGB channels of an RGB image and an RGBA one */
static double mean_diff(const unsigned char *rgb, const unsigned char *rgba, int w, int h)
{
    double d = 0;
    for (size_t i = 0; i < (size_t)w * h; i++)
        for (int c = 0; c < 3; c++)
            d += abs(rgb[i * 3 + c] - rgba[i * 4 + c]);
    return d / (3.0 * w * h);
}

/* the only file in dir ending with ext, into path; how many there are */
static int find(const char *dir, const char *ext, char *path, size_t size)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ext) && !strncmp(e->d_name, "optiplay-", 9)) {
            snprintf(path, size, "%s/%s", dir, e->d_name);
            n++;
        }
    }
    if (d)
        closedir(d);
    return n;
}

/* red REC-mark pixels in the top-centre strip of an RGB(A) image */
static int red_pixels(const unsigned char *px, int w, int h, int channels)
{
    int n = 0;
    for (int y = 0; y < h / 8; y++)
        for (int x = w / 3; x < 2 * w / 3; x++) {
            const unsigned char *p = px + ((size_t)y * w + x) * channels;
            n += p[0] > 200 && p[1] < 60 && p[2] < 60;
        }
    return n;
}

int main(void)
{
    char dir[] = "/tmp/optiplay-capture-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    App *a = open_cfg((AppConfig){.autoplay = 1, .width = 480, .height = 320, .record_dir = dir});
    if (!a) {
        fprintf(stderr, "skipped\n");
        return 77;
    }
    int w = a->view.w, h = a->view.h;
    unsigned char *px = malloc((size_t)w * h * 4);

    /* P: a PNG of the next frame */
    press(a, SDLK_p, 0);
    app_frame(a);
    char path[2048];
    CHECK(find(dir, ".png", path, sizeof path) == 1);

    /* G: record 40 frames of a paused race, the help open for the last 20, stop, let it
     * finish */
    a->play.paused = 1;
    press(a, SDLK_g, 0);
    CHECK(a->cap.rec != NULL);
    for (int i = 0; i < 40; i++) {
        if (i == 20)
            press(a, SDLK_h, 0);
        app_frame(a);
    }
    /* the REC mark and the help are on screen */
    CHECK(app_read_pixels(a, px, w, h) == 0);
    CHECK(red_pixels(px, w, h, 4) > 10);
    unsigned char *shown = malloc((size_t)w * h * 4), *fig = malloc((size_t)w * h * 4);
    memcpy(shown, px, (size_t)w * h * 4);
    /* what the recording must hold: the figure style, without the help or a message */
    a->help = 0;
    a->figure = 2;
    app_draw(a);
    CHECK(app_read_pixels(a, fig, w, h) == 0);
    a->figure = 0;
    a->help = 1;
    int every = a->cap.every;
    press(a, SDLK_g, 0);
    CHECK(a->cap.rec == NULL);
    for (int i = 0; i < 500 && a->cap.closing; i++) {
        usleep(10000);
        app_frame(a);
    }
    CHECK(a->cap.closing == NULL);
    CHECK_MSG(a->msgs.msg[0], "saved ");
    CHECK(find(dir, ".gif", path, sizeof path) == 1);

    /* decoded by giflib: 40 / every frames, the window's size, no REC mark */
    int gerr = 0;
    GifFileType *gif = DGifOpenFileName(path, &gerr);
    CHECK(gif && DGifSlurp(gif) == GIF_OK);
    if (gif) {
        CHECK(gif->ImageCount == (40 + every - 1) / every);
        CHECK(gif->SWidth == w && gif->SHeight == h);
        /* the last frame, composed from its rectangle over the earlier ones */
        unsigned char *rgb = calloc((size_t)w * h, 3);
        for (int k = 0; k < gif->ImageCount; k++) {
            SavedImage *im = &gif->SavedImages[k];
            ColorMapObject *cm = im->ImageDesc.ColorMap ? im->ImageDesc.ColorMap : gif->SColorMap;
            GraphicsControlBlock gcb = {.TransparentColor = -1};
            DGifSavedExtensionToGCB(gif, k, &gcb);
            for (int y = 0; y < im->ImageDesc.Height; y++)
                for (int x = 0; x < im->ImageDesc.Width; x++) {
                    int c = im->RasterBits[y * im->ImageDesc.Width + x];
                    if (c == gcb.TransparentColor)
                        continue;
                    unsigned char *q = rgb + ((size_t)(y + im->ImageDesc.Top) * w + x +
                                              im->ImageDesc.Left) * 3;
                    q[0] = cm->Colors[c].Red;
                    q[1] = cm->Colors[c].Green;
                    q[2] = cm->Colors[c].Blue;
                }
        }
        CHECK(red_pixels(rgb, w, h, 3) == 0);
        /* the figure, not the window's picture with its help and messages */
        double to_fig = mean_diff(rgb, fig, w, h), to_shown = mean_diff(rgb, shown, w, h);
        printf("last GIF frame vs the figure style: %.2f, vs the window: %.2f\n", to_fig, to_shown);
        CHECK(to_fig < 3);
        CHECK(to_shown > 10);
        free(rgb);
        DGifCloseFile(gif, &gerr);
    }

    free(shown);
    free(fig);
    press(a, SDLK_h, 0);

    /* Shift+G: an MP4 video, the same way */
    press(a, SDLK_g, KMOD_LSHIFT);
    CHECK(a->cap.rec != NULL);
    for (int i = 0; i < 10; i++)
        app_frame(a);
    press(a, SDLK_g, 0);
    for (int i = 0; i < 500 && a->cap.closing; i++) {
        usleep(10000);
        app_frame(a);
    }
    CHECK_MSG(a->msgs.msg[0], "saved ");
    CHECK(find(dir, ".mp4", path, sizeof path) == 1);
    FILE *mp4 = fopen(path, "rb");
    char box[8] = "";
    CHECK(mp4 && fread(box, 1, 8, mp4) == 8 && !memcmp(box + 4, "ftyp", 4));
    if (mp4)
        fclose(mp4);

    /* a recording still running when the window closes is finished, not lost */
    press(a, SDLK_g, 0);
    for (int i = 0; i < 6; i++)
        app_frame(a);
    app_destroy(&a);
    CHECK(find(dir, ".gif", path, sizeof path) == 2);

    /* SIGTERM (or Ctrl-C) to the window: SDL makes it a quit, the loop ends, the recording
     * is finished and said, no part file is left */
    a = open_cfg((AppConfig){.width = 480, .height = 320, .record_dir = dir});
    CHECK(a != NULL);
    if (a) {
        press(a, SDLK_g, 0);
        for (int i = 0; i < 6; i++)
            app_frame(a);
        raise(SIGTERM);
        SDL_Event e;
        for (int i = 0; i < 100 && !a->quit; i++)
            while (SDL_PollEvent(&e))
                app_handle_event(a, &e);
        CHECK(a->quit);
        app_destroy(&a);
    }
    CHECK(find(dir, ".gif", path, sizeof path) == 3);
    char cmd0[160];
    snprintf(cmd0, sizeof cmd0, "ls -a '%s' | grep -q '\\.part$'", dir);
    CHECK(system(cmd0) != 0);

    free(px);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return check_done();
}
