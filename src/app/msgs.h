/* msgs.h — the window's short messages ("Adam lr 0.01 → 0.02"), newest first; each holds a
 * while, then fades. Every part of the window says what it did through one (msgs_say); the
 * window hands the visible ones to the renderer. The clock is real time, or frames × frame_ms
 * when frame_ms > 0 (a recording is then the same at any speed). */
#ifndef OPTIPLAY_MSGS_H
#define OPTIPLAY_MSGS_H

#include <SDL2/SDL.h>

#include "ren.h"

enum { MSGS_LEN = 160 };

typedef struct Msgs {
    char msg[REN_MSGS][MSGS_LEN]; /* newest first ("": none) */
    Uint32 msg_t[REN_MSGS];      /* when each was said (msgs_clock) */
    double frame_ms;             /* > 0: the clock advances this much per frame; 0: real time */
    long frames;                 /* frames drawn: the clock when frame_ms > 0 */
} Msgs;

void msgs_say(Msgs *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void msgs_vsay(Msgs *m, const char *fmt, va_list ap);
/* Milliseconds: real time, or frames × frame_ms. */
Uint32 msgs_clock(const Msgs *m);
/* Message i's opacity now: 1 while it holds, then fading to 0; -1: gone (or none). */
float msgs_alpha(const Msgs *m, int i);

#endif
