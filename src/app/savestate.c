/* savestate.c — Ctrl+S: the live race as a scene file, so a setting tuned in front of a room
 * is not lost on quit (`optiplay SAVED.ini` opens it, `optiplay trace SAVED.ini` prints the
 * same race); Ctrl+C: the selected racer's spec to the clipboard, for a training script. */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The live window as a scene: the playlist's scene with the window's changes (surface, start,
 * seed and noise, racers and their knobs, view, views, speed, selection). Racers switched off
 * are left out (the selection counts the others); fans come back as their members. What Ctrl+S
 * saves and the web page's link holds. -1: the surface's text is too long for a scene. */
int app_live_scene(const App *a, Scene *sc)
{
    *sc = a->scenes[a->cur];
    if (!a->scene_surface) {
        snprintf(sc->title, sizeof sc->title, "%s", a->shown.title);
        snprintf(sc->caption, sizeof sc->caption, "%s", a->shown.caption);
    }
    size_t len = strlen(a->surface.name);
    if (len >= sizeof sc->surface)
        return -1;
    memcpy(sc->surface, a->surface.name, len + 1);
    const RaceConfig *c = &a->race.cfg;
    sc->cfg.start[0] = c->start[0];
    sc->cfg.start[1] = c->start[1];
    sc->cfg.has_start = 1;
    sc->cfg.seed = c->seed;
    sc->cfg.noise = c->noise;
    sc->cfg.noise_decay = c->noise_decay;
    sc->cfg.batch = c->batch > 0 ? c->batch : 0;
    sc->has_view = 1;
    sc->view = view_rect(&a->view);
    unsigned on = (a->show & (SCENE_BASIN - 1)) | (a->basin_on ? SCENE_BASIN : 0) |
                  (a->hpmap_on ? SCENE_HPMAP : 0) | (a->view3d ? SCENE_3D : 0);
    sc->show = on;
    sc->hide = ~on & ((SCENE_3D << 1) - 1);
    sc->speed = a->speed >= 1 ? (int)a->speed : 1;
    sc->steps = sc->steps > 0 ? sc->steps : 300;
    sc->select = 0;
    sc->nopt = 0;
    for (int i = 0; i < a->race.n; i++) {
        const Racer *rc = &a->race.racer[i];
        if (!rc->enabled)
            continue;
        int k = sc->nopt++;
        if (i == a->selected)
            sc->select = k + 1;
        spec_format(&rc->spec, sc->opt[k], sizeof sc->opt[k]);
        sc->batch[k] = rc->batch > 0 ? rc->batch : 0;
        sc->noise[k] = rc->noise;
        sc->noise_decay[k] = rc->noise_decay;
        sc->group[k] = 0;
    }
    return 0;
}

/* -1: the scene does not fit a scene text */
static int write_scene(App *a, FILE *f)
{
    static Scene sc;
    static char text[1 << 16];
    if (app_live_scene(a, &sc) < 0)
        return -1;
    fprintf(f, "; saved by optiplay at step %ld of \"%s\"\n", a->race.step,
            a->scenes[a->cur].path[0] ? a->scenes[a->cur].path : "the default scene");
    if (scene_format(&sc, text, sizeof text) < 0)
        return -1;
    fputs(text, f);
    for (int i = 0; i < a->race.n; i++) {
        const Racer *rc = &a->race.racer[i];
        char spec[1024];
        if (rc->enabled)
            continue;
        spec_format(&rc->spec, spec, sizeof spec);
        fprintf(f, "; switched off: opt = %s\n", spec);
    }
    return 0;
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
    int big = write_scene(a, f) < 0;
    int bad = big | ferror(f);
    bad |= fclose(f) != 0;
    /* link: the name appears complete, and an existing file is never replaced */
    if (bad || link(tmp, path) != 0) {
        app_message(a, "cannot save %s: %s", path, strerror(big ? EOVERFLOW : bad ? EIO : errno));
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
