#include "shader.h"

#include "embedded.h"

#include <string.h>

static GLuint compile(GLenum type, const char *name, const char *src, Err *err)
{
    GLuint sh = glCreateShader(type);
#ifdef __EMSCRIPTEN__
    /* WebGL 2 reads GLSL ES 3.00: our 3.30 core with another version line and the precision
     * that ES's fragment stage has no default for */
    const char *es[] = {"#version 300 es\nprecision highp float;\nprecision highp int;\n"
                        "precision highp sampler2D;\n",
                        strstr(src, "#version 330 core")};
    if (es[1]) {
        es[1] += strlen("#version 330 core");
        glShaderSource(sh, 2, es, NULL);
    } else
#endif
    glShaderSource(sh, 1, &src, NULL);
    glCompileShader(sh);
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[400] = "";
        glGetShaderInfoLog(sh, sizeof log, NULL, log);
        err_set(err, 0, "shader %s does not compile: %s", name, log);
        glDeleteShader(sh);
        return 0;
    }
    return sh;
}

GLuint shader_build(const char *vname, const char *vsrc, const char *fname, const char *fsrc,
                    Err *err)
{
    GLuint prog = 0, vs = 0, fs = compile(GL_FRAGMENT_SHADER, fname, fsrc, err);
    if (!fs)
        goto fail;
    vs = compile(GL_VERTEX_SHADER, vname, vsrc, err);
    if (!vs)
        goto fail;
    prog = glCreateProgram();
    glAttachShader(prog, vs);
    glAttachShader(prog, fs);
    glLinkProgram(prog);
    GLint ok = 0;
    glGetProgramiv(prog, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[400] = "";
        glGetProgramInfoLog(prog, sizeof log, NULL, log);
        err_set(err, 0, "shaders %s + %s do not link: %s", vname, fname, log);
        glDeleteProgram(prog);
        prog = 0;
    }
fail:
    if (vs)
        glDeleteShader(vs);
    if (fs)
        glDeleteShader(fs);
    return prog;
}

GLuint shader_load(const char *vert, const char *frag, Err *err)
{
    const char *vs = (const char *)embedded_find(vert, NULL);
    const char *fs = (const char *)embedded_find(frag, NULL);
    if (!vs || !fs) {
        err_set(err, 0, "shader %s is not built in", vs ? frag : vert);
        return 0;
    }
    return shader_build(vert, vs, frag, fs, err);
}
