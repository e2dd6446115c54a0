/* web.h — the window on a web page (the emscripten build only; tools/web builds it): the
 * browser calls the frame, files the recorder writes are offered as downloads, and the URL's
 * fragment carries the live state.
 *
 *     web_run(app);        // never returns: the browser drives app_frame from now on
 *     web_offer(path);     // after a file is finished: download it, then forget it */
#ifndef OPTIPLAY_WEB_H
#define OPTIPLAY_WEB_H

struct App;

void web_run(struct App *a);
void web_offer(const char *path);
/* For the browser test: racer i's place and colour (see web.c). */
double web_racer(int i, int what);

#endif
