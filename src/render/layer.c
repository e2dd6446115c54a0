#include "layer.h"

int layer_size(Layer *l, int w, int h)
{
    if (l->fbo && l->w == w && l->h == h)
        return 0;
    layer_deinit(l);
    glGenTextures(1, &l->tex);
    glBindTexture(GL_TEXTURE_2D, l->tex);
#ifdef __EMSCRIPTEN__
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
#else
    /* unsized RGBA with BGRA data: Mesa stores it as the window's B8G8R8A8 (an RGBA8 layer's
     * copy onto the window swaps the channels in a shader) */
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_BGRA, GL_UNSIGNED_BYTE, NULL);
#endif
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glGenFramebuffers(1, &l->fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, l->fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, l->tex, 0);
#ifndef __EMSCRIPTEN__
    /* rows kept top first, as the window's are: the copy onto the window is then rows copied
     * (memcpy in llvmpipe, 0.3 ms at 1080p) instead of a flip done by a shader (9 ms): Mesa
     * copies a blit only when neither side is flipped against the other. Coordinates, reads
     * and blits in GL are unchanged; only a texture lookup of the layer would see it upside
     * down (none samples it). */
    if (epoxy_has_gl_extension("GL_MESA_framebuffer_flip_y"))
        glFramebufferParameteri(GL_FRAMEBUFFER, GL_FRAMEBUFFER_FLIP_Y_MESA, GL_TRUE);
#endif
    GLenum st = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (st != GL_FRAMEBUFFER_COMPLETE) {
        layer_deinit(l);
        return -1;
    }
    l->w = w;
    l->h = h;
    return 1;
}

void layer_deinit(Layer *l)
{
    if (l->fbo)
        glDeleteFramebuffers(1, &l->fbo);
    if (l->tex)
        glDeleteTextures(1, &l->tex);
    *l = (Layer){0};
}

void layer_begin(const Layer *l)
{
    glBindFramebuffer(GL_FRAMEBUFFER, l->fbo);
    glViewport(0, 0, l->w, l->h);
}

void layer_end(void)
{
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}
