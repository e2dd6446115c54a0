/* anat.c — Y: the anatomy of one update, a sub-step at a time (anat.h). The numbers are the
 * core's (race_anatomy); this file only pages through them and takes the step. */
#include "anat.h"

#include <string.h>

void anat_close(AppAnat *s, Play *p)
{
    if (!s->open)
        return;
    s->open = 0;
    p->paused = s->was_paused;
}

/* The race is still where the anatomy was taken (same step, same racer at the same point). */
static int current(const AppAnat *s, const Play *p)
{
    const Anatomy *an = &s->an;
    return an->racer == p->selected && an->racer >= 0 && an->racer < p->race.n &&
           an->step == p->race.step && !memcmp(p->race.racer[an->racer].x, an->x, sizeof an->x);
}

void anat_key(AppAnat *s, Play *p, Msgs *m)
{
    if (s->open && !current(s, p))
        anat_close(s, p);
    if (!s->open) {
        if (p->selected < 0 || p->selected >= p->race.n) {
            msgs_say(m, "no racer selected (1 \xe2\x80\x93 9): Y takes its next update apart");
            return;
        }
        if (race_anatomy(&p->race, p->selected, &s->an) < 0) {
            msgs_say(m, "racer %d takes no more steps (off or diverged)", p->selected + 1);
            return;
        }
        s->open = 1;
        s->was_paused = p->paused;
        p->paused = 1;
        return;
    }
    if (s->an.shown + 1 < s->an.n) {
        s->an.shown++;
        return;
    }
    /* the last sub-step: the race takes the step shown, then goes on as it was */
    int i = s->an.racer;
    double want[2] = {s->an.x_new[0], s->an.x_new[1]};
    int diverges = s->an.diverges;
    anat_close(s, p);
    race_step(&p->race, 1);
    if (diverges || p->race.racer[i].status == RACER_DIVERGED)
        msgs_say(m, "step %ld taken: racer %d diverged there", p->race.step, i + 1);
    else if (!memcmp(p->race.racer[i].x, want, sizeof want))
        msgs_say(m, "step %ld taken: racer %d is where the anatomy said", p->race.step, i + 1);
    else /* cannot happen: race_anatomy takes this very step */
        msgs_say(m, "step %ld taken: racer %d is NOT where the anatomy said", p->race.step,
                 i + 1);
}

int anat_other_key(AppAnat *s, Play *p, Msgs *m, int key, int ctrl)
{
    if (!s->open || key == SDLK_y) /* Y: the keymap calls anat_key */
        return 0;
    if (key == SDLK_ESCAPE) {
        anat_close(s, p);
        msgs_say(m, "left the anatomy: the race unchanged");
        return 1;
    }
    /* keys that only change how it looks keep it open; the others leave it first */
    static const SDL_Keycode look[] = {SDLK_z, SDLK_i, SDLK_t, SDLK_c, SDLK_v, SDLK_f, SDLK_l,
                                       SDLK_u, SDLK_p, SDLK_h, SDLK_F1, SDLK_F11, SDLK_HOME,
                                       SDLK_0, SDLK_LSHIFT, SDLK_RSHIFT, SDLK_LCTRL, SDLK_RCTRL};
    for (size_t k = 0; k < sizeof look / sizeof look[0]; k++)
        if (key == (int)look[k] && !(ctrl && key == SDLK_c))
            return 0;
    if (ctrl && (key == SDLK_EQUALS || key == SDLK_PLUS || key == SDLK_MINUS))
        return 0;
    anat_close(s, p);
    return 0;
}

void anat_fill(AppAnat *s, Play *p, RenFrame *f, int figure)
{
    if (s->open && !current(s, p))
        anat_close(s, p); /* a click, the timeline: the race moved under it */
    if (!s->open || figure)
        return;
    f->anatomy = &s->an;
    f->show &= ~(unsigned)REN_ARROWS; /* its own arrows instead of the last step's */
}
