/* lesson.h — a scene played as a lecture. It opens paused at step 0 with its title and caption
 * (unless the scene says autoplay, or the app runs every scene at once: recordings,
 * benchmarks); Space starts; the race pauses at the scene's steps and says "finished", the
 * standings final (the core gives no rank past its finish line); Space again runs on, said on
 * screen. Page Down plays the scene's next beat (its caption, racers, views, knobs, then a run
 * to its step), after the last one the next scene; Page Up goes back one beat exactly: the
 * scene is rebuilt and the beats before replayed on the timeline. */
#ifndef OPTIPLAY_LESSON_H
#define OPTIPLAY_LESSON_H

#include "app.h"

void lesson_open(App *a);               /* app_open_scene calls it once the race is built */
int lesson_steps(App *a, int k);        /* of k steps due this frame, those to take */
void lesson_after(App *a);              /* after stepping: pause at a stop, say why */
void lesson_space(App *a);              /* Space */
void lesson_next(App *a);               /* Page Down */
void lesson_back(App *a);               /* Page Up */
const char *lesson_state(const App *a); /* "finished", "running on", ... ("": nothing to say) */
const char *lesson_caption(const App *a); /* the beat's caption, NULL: the scene's */

#endif
