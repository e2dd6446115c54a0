/* anat.h — Y: the anatomy of one update. The selected racer's next update is taken apart
 * (race_anatomy, anatomy.h) and shown a sub-step at a time, the race paused; Y steps to the
 * next sub-step, and on the last takes the step (exactly the one shown: the race's next
 * step) and the race goes on as it was (running or paused); Esc leaves with the race
 * unchanged. Anything that moves the race under it (another key, a click) leaves it first. */
#ifndef OPTIPLAY_ANAT_H
#define OPTIPLAY_ANAT_H

#include "anatomy.h"

typedef struct AppAnat {
    int open;        /* on screen */
    int was_paused;  /* the race's pause before it opened */
    Anatomy an;      /* an.shown: the sub-step on screen */
} AppAnat;

struct App;
struct RenFrame;

void anat_key(struct App *a);   /* Y */
/* A key (SDL_Keycode) while it is open: 1 when the anatomy took it (Y, Esc); other keys
 * that would move the race close it first (0: go on with the key). */
int anat_other_key(struct App *a, int key, int ctrl);
void anat_close(struct App *a); /* leaves, the race unchanged */
/* Once a frame: its pointer into f (closed when the race moved under it). */
void anat_fill(struct App *a, struct RenFrame *f);

#endif
