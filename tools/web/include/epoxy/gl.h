/* The web build's <epoxy/gl.h>: WebGL 2 is OpenGL ES 3.0, whose functions emscripten links
 * directly, so the sources' one GL header becomes ES 3.0's (no loader needed). */
#ifndef OPTIPLAY_WEB_EPOXY_GL_H
#define OPTIPLAY_WEB_EPOXY_GL_H
#include <GLES3/gl3.h>
#endif
