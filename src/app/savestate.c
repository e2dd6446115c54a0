/* savestate.c — Ctrl+S and Ctrl+C (savestate.h). */
#include "savestate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int savestate_scene(Scene *sc, const Play *p, Rect view, unsigned views)
{
    size_t len = strlen(p->surface.name);
    if (len >= sizeof sc->surface)
        return -1;
    memcpy(sc->surface, p->surface.name, len + 1);
    const RaceConfig *c = &p->race.cfg;
    sc->cfg.start[0] = c->start[0];
    sc->cfg.start[1] = c->start[1];
    sc->cfg.has_start = 1;
    sc->cfg.seed = c->seed;
    sc->cfg.noise = c->noise;
    sc->cfg.noise_decay = c->noise_decay;
    sc->cfg.batch = c->batch > 0 ? c->batch : 0;
    sc->has_view = 1;
    sc->view = view;
    sc->show = views;
    sc->hide = ~views & ((SCENE_3D << 1) - 1);
    sc->speed = p->speed >= 1 ? (int)p->speed : 1;
    sc->steps = sc->steps > 0 ? sc->steps : 300;
    sc->select = 0;
    sc->nopt = 0;
    for (int i = 0; i < p->race.n; i++) {
        const Racer *rc = &p->race.racer[i];
        if (!rc->enabled)
            continue;
        int k = sc->nopt++;
        if (i == p->selected)
            sc->select = k + 1;
        sc->opt[k] = rc->spec; /* as turned, written out in full */
        spec_format(&rc->spec, sc->opt[k].text, sizeof sc->opt[k].text);
        sc->batch[k] = rc->batch > 0 ? rc->batch : 0;
        sc->noise[k] = rc->noise;
        sc->noise_decay[k] = rc->noise_decay;
        sc->group[k] = 0;
    }
    return 0;
}

/* -1: the scene does not fit a scene text */
static int write_scene(const Scene *sc, const Play *p, const char *from, FILE *f)
{
    static char text[1 << 16];
    if (!sc)
        return -1;
    fprintf(f, "; saved by optiplay at step %ld of \"%s\"\n", p->race.step, from);
    if (scene_format(sc, text, sizeof text) < 0)
        return -1;
    fputs(text, f);
    for (int i = 0; i < p->race.n; i++) {
        const Racer *rc = &p->race.racer[i];
        char spec[1024];
        if (rc->enabled)
            continue;
        spec_format(&rc->spec, spec, sizeof spec);
        fprintf(f, "; switched off: opt = %s\n", spec);
    }
    return 0;
}

int savestate_save(const char *path, const Scene *live, const Play *p, const char *from,
                   Msgs *m)
{
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wx");
    if (!f) {
        msgs_say(m, "cannot save %s: %s", tmp, strerror(errno));
        return -1;
    }
    int big = write_scene(live, p, from, f) < 0;
    int bad = big | ferror(f);
    bad |= fclose(f) != 0;
    /* link: the name appears complete, and an existing file is never replaced */
    if (bad || link(tmp, path) != 0) {
        msgs_say(m, "cannot save %s: %s", path, strerror(big ? EOVERFLOW : bad ? EIO : errno));
        unlink(tmp);
        return -1;
    }
    unlink(tmp);
    msgs_say(m, "saved the race as %s", path);
    printf("optiplay: saved the race as %s\n", path);
    fflush(stdout);
    return 0;
}

void savestate_copy_spec(const Play *p, Msgs *m)
{
    if (p->selected < 0 || p->selected >= p->race.n) {
        msgs_say(m, "no racer selected (1 \xe2\x80\x93 9)");
        return;
    }
    char spec[1024];
    spec_format(&p->race.racer[p->selected].spec, spec, sizeof spec);
    if (SDL_SetClipboardText(spec) != 0)
        msgs_say(m, "cannot copy: %s", SDL_GetError());
    else
        msgs_say(m, "copied %s", spec);
}
