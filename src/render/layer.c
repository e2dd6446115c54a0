#include "layer.h"

int layer_size(Layer *l, int w, int h)
{
    if (l->fbo && l->w == w && l->h == h)
        return 0;
    layer_deinit(l);
    glGenTextures(1, &l->tex);
    glBindTexture(GL_TEXTURE_2D, l->tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glGenFramebuffers(1, &l->fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, l->fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, l->tex, 0);
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
