/* shader.h — GLSL programs built from the sources in shaders/, which the build embeds.
 *
 * A compile or link failure is a runtime error: NULL program (0) and err->msg carrying the
 * shader's name and the GL info log. Needs a current GL 3.3 core context. */
#ifndef OPTIPLAY_SHADER_H
#define OPTIPLAY_SHADER_H

#include <epoxy/gl.h>

#include "err.h"

/* Links the embedded shaders named vert and frag (e.g. "batch.vert"). Returns 0 on failure. */
GLuint shader_load(const char *vert, const char *frag, Err *err);

/* Compiles and links the given sources; names are for messages. Returns 0 on failure. */
GLuint shader_build(const char *vname, const char *vsrc, const char *fname, const char *fsrc,
                    Err *err);

#endif
