/* edit.c — the text field (edit.h). */
#include "edit.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

void edit_open(Edit *e, const Play *p, Msgs *m, int what)
{
    char buf[sizeof e->buf];
    buf[0] = 0;
    if (what == EDIT_SURFACE) {
        snprintf(buf, sizeof buf, "%s", p->surface.name);
    } else if (what == EDIT_SCHEDULE) {
        if (p->selected < 0 || p->selected >= p->race.n) {
            msgs_say(m, "no racer selected (1 \xe2\x80\x93 9, or A adds one)");
            return;
        }
        spec_format(&p->race.racer[p->selected].spec, buf, sizeof buf);
        const char *bar = strstr(buf, " | ");
        memmove(buf, bar ? bar + 3 : "", strlen(bar ? bar + 3 : "") + 1);
    } else {
        snprintf(buf, sizeof buf, "Adam(lr=0.05)");
    }
    e->what = what;
    e->skip = what != EDIT_RACER; /* E or X opened it */
    memcpy(e->buf, buf, sizeof buf);
    e->err[0] = 0;
    e->col = 0;
    e->sel = 1; /* typing replaces what is there */
    e->cur = (int)strlen(e->buf);
    SDL_StartTextInput();
}

/* Parses the field as a racer's spec; a schedule is parsed after the racer's optimizer, its
 * error column then counted in the field. */
static int parse_spec(Edit *e, const Play *p, Spec *spec)
{
    Err err = {0};
    char text[sizeof e->buf + 600] = "";
    int prefix = 0;
    if (e->what == EDIT_SCHEDULE) {
        spec_format(&p->race.racer[p->selected].spec, text, sizeof text);
        char *bar = strstr(text, " | ");
        if (bar)
            *bar = 0;
        prefix = (int)strlen(text) + 3;
        if (!e->buf[strspn(e->buf, " ")]) /* empty: no schedule */
            prefix = 0;
        else
            strcat(text, " | ");
    }
    strcat(text, e->buf);
    if (spec_parse(spec, text, &err) == 0)
        return 0;
    const char *msg = err.msg;
    if (!strncmp(msg, "column ", 7) && strchr(msg, ':'))
        msg = strchr(msg, ':') + 2;
    e->col = err.col > prefix ? err.col - prefix : 0;
    if (e->col > 0)
        snprintf(e->err, sizeof e->err, "column %d: %.480s", e->col, msg);
    else
        snprintf(e->err, sizeof e->err, "%s", err.msg);
    return -1;
}

static void edit_close(Edit *e)
{
    e->what = 0;
    e->err[0] = 0;
    e->col = 0;
}

static int edit_apply(Edit *e, Play *p, Msgs *m, Surface *s)
{
    if (e->what >= EDIT_RACER) {
        Spec spec;
        if (parse_spec(e, p, &spec) < 0)
            return 0; /* the field stays open for the fix */
        char label[300];
        spec_label(&spec, label, sizeof label);
        if (e->what == EDIT_RACER) {
            Err err = {0};
            int i = race_add(&p->race, &spec, &err);
            if (i < 0) {
                snprintf(e->err, sizeof e->err, "cannot add a racer: %.480s", err.msg);
                return 0;
            }
            p->selected = i;
            msgs_say(m, "added %s (it starts from the start point now)", label);
        } else {
            Racer *rc = &p->race.racer[p->selected];
            rc->spec = spec;
            race_restart(&p->race);
            msgs_say(m, "racer %d: %s%s (the race restarts)", p->selected + 1, label,
                         spec.sched.kind ? "" : ", no schedule");
        }
        edit_close(e);
        return 0;
    }
    Err err = {0};
    if (surface_init(s, e->buf, &err) < 0) {
        snprintf(e->err, sizeof e->err, "%s", err.msg);
        e->col = err.col;
        return 0; /* the field stays open for the fix */
    }
    edit_close(e);
    return 1; /* the caller sets it, then says "surface: ..." */
}

/* Removes bytes [from, to) of the field's text; the caret goes to `from`. */
static void edit_cut(Edit *e, size_t from, size_t to)
{
    size_t n = strlen(e->buf);
    memmove(e->buf + from, e->buf + to, n - to + 1);
    e->cur = (int)from;
}

/* The start of the UTF-8 character before byte i. */
static size_t prev_char(const char *s, size_t i)
{
    if (i > 0)
        i--;
    while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
        i--;
    return i;
}

/* The field keys as readline has them: Ctrl+A / Home to the start, Ctrl+E / End to the end,
 * Ctrl+U deletes before the caret, Ctrl+K after it, Ctrl+W the word before it; ← → move. The
 * text starts selected (as opened): typing or deleting replaces all of it. */
int edit_event(Edit *e, Play *p, Msgs *m, const SDL_Event *ev, Surface *s)
{
    size_t n = strlen(e->buf), cur = (size_t)e->cur;
    if (cur > n)
        cur = n;
    if (ev->type == SDL_TEXTINPUT) {
        const char *t = ev->text.text;
        const char *opener = e->what == EDIT_SCHEDULE ? "x" : "e";
        if (e->skip && !strcasecmp(t, opener)) {
            e->skip = 0; /* the E (or X) that opened the field */
            return 0;
        }
        e->skip = 0;
        if (e->sel) { /* the text as opened is selected: typing replaces it */
            e->buf[0] = 0;
            n = cur = 0;
        }
        e->sel = 0;
        size_t len = strlen(t);
        if (n + len >= sizeof e->buf) { /* full: refused, said (it was dropped unsaid) */
            snprintf(e->err, sizeof e->err, "the field is full (at most %zu bytes): "
                     "'%.20s' not taken", sizeof e->buf - 1, t);
            e->col = (int)cur + 1;
            return 0;
        }
        memmove(e->buf + cur + len, e->buf + cur, n - cur + 1);
        memcpy(e->buf + cur, t, len);
        e->cur = (int)(cur + len);
        e->err[0] = 0;
        e->col = 0;
        return 0;
    }
    if (ev->type != SDL_KEYDOWN)
        return 0;
    e->skip = 0;
    SDL_Keycode k = ev->key.keysym.sym;
    int ctrl = (ev->key.keysym.mod & KMOD_CTRL) != 0, sel = e->sel;
    e->sel = 0;
    if (k == SDLK_ESCAPE) {
        msgs_say(m, e->what == EDIT_SURFACE ? "surface unchanged"
                    : e->what == EDIT_RACER ? "no racer added"
                                            : "schedule unchanged");
        edit_close(e);
        return 0;
    }
    if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
        return edit_apply(e, p, m, s);
    if (sel && (k == SDLK_BACKSPACE || k == SDLK_DELETE || (ctrl && (k == SDLK_u || k == SDLK_w ||
                                                                      k == SDLK_k))))
        edit_cut(e, 0, n); /* the selection goes */
    else if (k == SDLK_BACKSPACE || (ctrl && k == SDLK_h))
        edit_cut(e, prev_char(e->buf, cur), cur);
    else if (k == SDLK_DELETE || (ctrl && k == SDLK_d)) {
        size_t j = cur < n ? cur + 1 : n;
        while (j < n && ((unsigned char)e->buf[j] & 0xc0) == 0x80)
            j++;
        edit_cut(e, cur, j);
    } else if (ctrl && k == SDLK_u)
        edit_cut(e, 0, cur);
    else if (ctrl && k == SDLK_k)
        edit_cut(e, cur, n);
    else if (ctrl && k == SDLK_w) {
        size_t i = cur;
        while (i > 0 && e->buf[i - 1] == ' ')
            i--;
        while (i > 0 && e->buf[i - 1] != ' ')
            i--;
        edit_cut(e, i, cur);
    } else if ((ctrl && k == SDLK_a) || k == SDLK_HOME)
        e->cur = 0;
    else if ((ctrl && k == SDLK_e) || k == SDLK_END)
        e->cur = (int)n;
    else if (k == SDLK_LEFT)
        e->cur = (int)prev_char(e->buf, cur);
    else if (k == SDLK_RIGHT) {
        size_t i = cur < n ? cur + 1 : n;
        while (i < n && ((unsigned char)e->buf[i] & 0xc0) == 0x80)
            i++;
        e->cur = (int)i;
    } else {
        e->sel = sel; /* keys the field does not use keep the selection */
        return 0;
    }
    e->err[0] = 0;
    e->col = 0;
    return 0;
}

void edit_fill(const Edit *e, RenFrame *f)
{
    if (!e->what)
        return;
    f->edit.text = e->buf;
    f->edit.prompt = e->what == EDIT_SURFACE ? "f(x, y) ="
                     : e->what == EDIT_RACER ? "optimizer:"
                                             : "schedule (empty: none):";
    f->edit.err = e->err;
    f->edit.err_col = e->col;
    f->edit.selected = e->sel;
    f->edit.caret = e->cur;
}

