/* lesson.h — the playlist played as a lecture. A scene opens paused at step 0 with its title
 * and caption (unless the scene says autoplay, or the app runs every scene at once:
 * recordings, benchmarks); Space starts; the race pauses at the scene's steps and says
 * "finished", the standings final (the core gives no rank past its finish line); Space again
 * runs on, said on screen. Page Down plays the scene's next beat (its caption, racers, views,
 * knobs, then a run to its step), after the last one the next scene; Page Up goes back one
 * beat exactly: the scene is rebuilt and the beats before replayed on the timeline.
 *
 * The lesson acts on the race on screen (play.h); what only the window can do (open a scene
 * of the playlist, show a beat's views) it asks of its host. */
#ifndef OPTIPLAY_LESSON_H
#define OPTIPLAY_LESSON_H

#include "msgs.h"
#include "play.h"
#include "scene.h"

typedef struct Lesson {
    Scene *scenes;        /* the playlist (owned by the window) */
    int nscenes, cur;     /* cur: the scene open, -1 before the first */
    int autoplay;         /* every scene runs at once and on past its steps (AppConfig) */
    int run_on;           /* Space at the finish: running on past the scene's steps */
    int beat;             /* beats of the scene played */
    long beat_stop;       /* the step the playing beat runs to, 0: none */
} Lesson;

typedef struct LessonHost {
    void *ctx;
    int (*open)(void *ctx, int i); /* opens scene i of the playlist; 0 or -1 */
    void (*views)(void *ctx, unsigned show, unsigned hide); /* a beat's SCENE_* views */
} LessonHost;

const Scene *lesson_scene(const Lesson *l);           /* the scene open */
void lesson_open(Lesson *l, Play *p);                 /* once the scene's race is built */
int lesson_steps(Lesson *l, const Play *p, int k);    /* of k steps due this frame, those to take */
void lesson_after(Lesson *l, Play *p, Msgs *m);       /* after stepping: pause at a stop, say why */
void lesson_space(Lesson *l, Play *p, Msgs *m);       /* Space */
void lesson_next(Lesson *l, Play *p, Msgs *m, const LessonHost *h); /* Page Down */
void lesson_back(Lesson *l, Play *p, Msgs *m, const LessonHost *h); /* Page Up */
/* "finished", "running on", ... ("": nothing to say) */
const char *lesson_state(const Lesson *l, const Play *p);
const char *lesson_caption(const Lesson *l);          /* the beat's caption, NULL: the scene's */

#endif
