/* edit.h — the text field of the window: E types a function f(x, y), A → "type a spec…" a
 * new racer, X the selected racer's schedule. Its keys are readline's (Ctrl+A E U K W);
 * the text opens selected, so typing replaces it; Enter applies it or shows the error at
 * its column, and the field stays open for the fix. */
#ifndef OPTIPLAY_EDIT_H
#define OPTIPLAY_EDIT_H

#include <SDL2/SDL.h>

#include "msgs.h"
#include "play.h"
#include "ren.h"

enum { EDIT_SURFACE = 1, EDIT_RACER = 2, EDIT_SCHEDULE = 3 };

typedef struct Edit {
    int what;             /* the field is open: EDIT_*; 0: closed */
    int skip;             /* the key that opened it may still arrive as text */
    int sel;              /* its text is selected (as opened): typing replaces it */
    int cur;              /* the caret: a byte offset into buf */
    char buf[1024], err[512];
    int col;              /* the error's column in buf, 0: none */
} Edit;

/* Opens the field for what: the surface's text, a new racer's spec, the selected racer's
 * schedule (the text after its "|", empty removes it). */
void edit_open(Edit *e, const Play *p, Msgs *m, int what);
/* While open: its keys and text. Returns 1 when Enter gave a new surface, in *s (the caller
 * takes it over); else 0 (a racer or schedule Enter gave is in p already). */
int edit_event(Edit *e, Play *p, Msgs *m, const SDL_Event *ev, Surface *s);
/* The open field into the frame. */
void edit_fill(const Edit *e, RenFrame *f);

#endif
