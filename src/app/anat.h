/* anat.h — Y: the anatomy of one update. The selected racer's next update is taken apart
 * (race_anatomy, anatomy.h) and shown a sub-step at a time, the race paused; Y steps to the
 * next sub-step, and on the last takes the step (exactly the one shown: the race's next
 * step) and the race goes on as it was (running or paused); Esc leaves with the race
 * unchanged. Anything that moves the race under it (another key, a click) leaves it first.
 * It acts on the race on screen (play.h) and says what it did (msgs.h). */
#ifndef OPTIPLAY_ANAT_H
#define OPTIPLAY_ANAT_H

#include "anatomy.h"
#include "msgs.h"
#include "play.h"

typedef struct AppAnat {
    int open;        /* on screen */
    int was_paused;  /* the race's pause before it opened */
    Anatomy an;      /* an.shown: the sub-step on screen */
} AppAnat;

void anat_key(AppAnat *s, Play *p, Msgs *m); /* Y */
/* A key (SDL_Keycode) while it is open: 1 when the anatomy took it (Esc); keys that would
 * move the race close it first (0: go on with the key). */
int anat_other_key(AppAnat *s, Play *p, Msgs *m, int key, int ctrl);
void anat_close(AppAnat *s, Play *p); /* leaves, the race unchanged */
/* Once a frame: its pointer into f (closed when the race moved under it; none in a figure). */
void anat_fill(AppAnat *s, Play *p, RenFrame *f, int figure);

#endif
