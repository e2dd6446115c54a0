/* msgs.c — the message list and its clock. */
#include "msgs.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { MSG_HOLD_MS = 2200, MSG_FADE_MS = 700 };

Uint32 msgs_clock(const Msgs *m)
{
    return m->frame_ms > 0 ? (Uint32)((double)m->frames * m->frame_ms) : SDL_GetTicks();
}

void msgs_vsay(Msgs *m, const char *fmt, va_list ap)
{
    memmove(m->msg[1], m->msg[0], sizeof m->msg[0] * (REN_MSGS - 1));
    memmove(m->msg_t + 1, m->msg_t, sizeof m->msg_t[0] * (REN_MSGS - 1));
    vsnprintf(m->msg[0], MSGS_LEN, fmt, ap);
    m->msg_t[0] = msgs_clock(m);
}

void msgs_say(Msgs *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    msgs_vsay(m, fmt, ap);
    va_end(ap);
}

float msgs_alpha(const Msgs *m, int i)
{
    Uint32 age = msgs_clock(m) - m->msg_t[i];
    if (!m->msg[i][0] || age > MSG_HOLD_MS + MSG_FADE_MS)
        return -1;
    return age < MSG_HOLD_MS ? 1.0f : 1.0f - (float)(age - MSG_HOLD_MS) / MSG_FADE_MS;
}
