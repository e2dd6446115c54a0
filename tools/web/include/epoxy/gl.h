/* The web build's <epoxy/gl.h>: WebGL 2 is OpenGL ES 3.0, whose functions emscripten links
 * directly, so the sources' one GL header becomes ES 3.0's (no loader needed), with the two
 * desktop calls they make mapped onto ES. */
#ifndef OPTIPLAY_WEB_EPOXY_GL_H
#define OPTIPLAY_WEB_EPOXY_GL_H
#include <GLES3/gl3.h>
#include <stddef.h> /* libepoxy brings it, and the sources count on it */

#define glClearDepth glClearDepthf

/* ES: a vertex shader always sets gl_PointSize; enabling or disabling it is an error there */
#define GL_PROGRAM_POINT_SIZE 0x8642
static inline void web_gl_enable(GLenum cap)
{
    if (cap != GL_PROGRAM_POINT_SIZE)
        glEnable(cap);
}
static inline void web_gl_disable(GLenum cap)
{
    if (cap != GL_PROGRAM_POINT_SIZE)
        glDisable(cap);
}
#define glEnable web_gl_enable
#define glDisable web_gl_disable
#endif
