/* anat.c — Y: the anatomy of one update, a sub-step at a time (anat.h). The numbers are the
 * core's (race_anatomy); this file only pages through them and takes the step. */
#include "anat.h"

#include <string.h>

#include "app.h"

void anat_close(App *a)
{
    if (!a->anat.open)
        return;
    a->anat.open = 0;
    a->paused = a->anat.was_paused;
}

/* The race is still where the anatomy was taken (same step, same racer at the same point). */
static int current(const App *a)
{
    const Anatomy *an = &a->anat.an;
    return an->racer == a->selected && an->racer >= 0 && an->racer < a->race.n &&
           an->step == a->race.step &&
           !memcmp(a->race.racer[an->racer].x, an->x, sizeof an->x);
}

void anat_key(App *a)
{
    AppAnat *s = &a->anat;
    if (s->open && !current(a))
        anat_close(a);
    if (!s->open) {
        if (a->selected < 0 || a->selected >= a->race.n) {
            app_message(a, "no racer selected (1 \xe2\x80\x93 9): Y takes its next update apart");
            return;
        }
        if (race_anatomy(&a->race, a->selected, &s->an) < 0) {
            app_message(a, "racer %d takes no more steps (off or diverged)", a->selected + 1);
            return;
        }
        s->open = 1;
        s->was_paused = a->paused;
        a->paused = 1;
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
    anat_close(a);
    race_step(&a->race, 1);
    if (diverges || a->race.racer[i].status == RACER_DIVERGED)
        app_message(a, "step %ld taken: racer %d diverged there", a->race.step, i + 1);
    else if (!memcmp(a->race.racer[i].x, want, sizeof want))
        app_message(a, "step %ld taken: racer %d is where the anatomy said", a->race.step, i + 1);
    else /* cannot happen: race_anatomy takes this very step */
        app_message(a, "step %ld taken: racer %d is NOT where the anatomy said", a->race.step,
                    i + 1);
}

int anat_other_key(App *a, int key, int ctrl)
{
    if (!a->anat.open)
        return 0;
    if (key == SDLK_y)
        return 0; /* the keymap calls anat_key */
    if (key == SDLK_ESCAPE) {
        anat_close(a);
        app_message(a, "left the anatomy: the race unchanged");
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
    anat_close(a);
    return 0;
}

void anat_fill(App *a, RenFrame *f)
{
    if (a->anat.open && !current(a))
        anat_close(a); /* a click, the timeline: the race moved under it */
    if (!a->anat.open || a->figure)
        return;
    f->anatomy = &a->anat.an;
    f->show &= ~(unsigned)REN_ARROWS; /* its own arrows instead of the last step's */
}
