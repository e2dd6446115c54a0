/* savestate.c — Ctrl+S: the live race as a scene file, so a setting tuned in front of a room
 * is not lost on quit (`optiplay SAVED.ini` opens it, `optiplay trace SAVED.ini` prints the
 * same race); Ctrl+C: the selected racer's spec to the clipboard, for a training script. */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* show = / hide = words, in the order of the SCENE_* bits (scene.h) */
static const char *const views[] = {
    "trails", "contours", "arrows", "field", "plot", "rule", "hud", "basin", "hpmap", "3d",
};

static void write_scene(App *a, FILE *f)
{
    const Scene *sc = a->scene_surface ? &a->scenes[a->cur] : &a->shown;
    const RaceConfig *c = &a->race.cfg;
    Rect v = view_rect(&a->view);
    fprintf(f, "; saved by optiplay at step %ld of \"%s\"\n", a->race.step,
            a->scenes[a->cur].path[0] ? a->scenes[a->cur].path : "the default scene");
    fprintf(f, "[scene]\ntitle   = %s\n", sc->title);
    if (sc->caption[0])
        fprintf(f, "caption = %s\n", sc->caption);
    fprintf(f, "surface = %s\n", a->surface.name);
    fprintf(f, "start   = %.17g, %.17g\n", c->start[0], c->start[1]);
    fprintf(f, "view    = %.17g, %.17g, %.17g, %.17g\n", v.x0, v.y0, v.x1, v.y1);
    fprintf(f, "seed    = %llu\n", (unsigned long long)c->seed);
    fprintf(f, "noise   = %.17g\nnoise_decay = %.17g\n", c->noise, c->noise_decay);
    if (c->batch > 0)
        fprintf(f, "batch   = %d\n", c->batch);
    fprintf(f, "speed   = %d\n", a->speed >= 1 ? (int)a->speed : 1);
    fprintf(f, "steps   = %d\n", sc->steps > 0 ? sc->steps : 300);
    if (a->selected >= 0)
        fprintf(f, "select  = %d\n", a->selected + 1);
    if (a->scenes[a->cur].record_dir[0])
        fprintf(f, "record_dir = %s\n", a->scenes[a->cur].record_dir);
    unsigned on = (a->show & (SCENE_BASIN - 1)) | (a->basin_on ? SCENE_BASIN : 0) |
                  (a->hpmap_on ? SCENE_HPMAP : 0) | (a->view3d ? SCENE_3D : 0);
    for (int pass = 0; pass < 2; pass++) {
        int n = 0;
        for (int i = 0; i < (int)(sizeof views / sizeof *views); i++)
            if ((!(on & (1u << i))) == pass)
                fprintf(f, "%s%s", n++ ? ", " : pass ? "hide    = " : "show    = ", views[i]);
        if (n)
            fprintf(f, "\n");
    }
    fprintf(f, "\n[racers]\n");
    for (int i = 0; i < a->race.n; i++) {
        const Racer *rc = &a->race.racer[i];
        char spec[1024];
        spec_format(&rc->spec, spec, sizeof spec);
        fprintf(f, "%sopt = %s\n", rc->enabled ? "" : "; switched off: ", spec);
        if (rc->batch > 0 && rc->enabled)
            fprintf(f, "batch = %d\n", rc->batch);
    }
}

int app_save_state(App *a, char *path, size_t n)
{
    char tmp[1200];
    app_record_path(a, "ini", path, n);
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wx");
    if (!f) {
        app_message(a, "cannot save %s: %s", tmp, strerror(errno));
        return -1;
    }
    write_scene(a, f);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    /* link: the name appears complete, and an existing file is never replaced */
    if (bad || link(tmp, path) != 0) {
        app_message(a, "cannot save %s: %s", path, strerror(bad ? EIO : errno));
        unlink(tmp);
        return -1;
    }
    unlink(tmp);
    app_message(a, "saved the race as %s", path);
    printf("optiplay: saved the race as %s\n", path);
    fflush(stdout);
    return 0;
}

void app_copy_spec(App *a)
{
    if (a->selected < 0 || a->selected >= a->race.n) {
        app_message(a, "no racer selected (1 \xe2\x80\x93 9)");
        return;
    }
    char spec[1024];
    spec_format(&a->race.racer[a->selected].spec, spec, sizeof spec);
    if (SDL_SetClipboardText(spec) != 0)
        app_message(a, "cannot copy: %s", SDL_GetError());
    else
        app_message(a, "copied %s", spec);
}
