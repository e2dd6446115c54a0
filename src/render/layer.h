/* layer.h — a cached picture: an offscreen 8-bit RGBA framebuffer the size of the window. The
 * renderer keeps the shaded field, the marks and the trails in one (redrawn only when the
 * view or the field changes; new trail pieces are added each frame), so a steady frame copies
 * it instead of running the field's shader and drawing every trail. */
#ifndef OPTIPLAY_LAYER_H
#define OPTIPLAY_LAYER_H

#include <epoxy/gl.h>

typedef struct Layer {
    GLuint fbo, tex;
    int w, h;
} Layer;

/* Makes l w × h pixels; returns 1 when it was (re)made (its content is undefined), 0 when it
 * already was that size, -1 on failure. */
int layer_size(Layer *l, int w, int h);
void layer_deinit(Layer *l);

/* Draws into l from now on; layer_end goes back to the window's framebuffer. */
void layer_begin(const Layer *l);
void layer_end(void);

#endif
