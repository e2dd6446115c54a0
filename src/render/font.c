#include "font.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { ATLAS = 1024, SLOTS = 2048 /* power of two, > glyphs that fit the atlas */ };

typedef struct Glyph {
    uint64_t key;       /* 0: empty slot */
    short x, y, w, h;   /* in the atlas */
    short ox, oy;       /* bitmap offset from the pen at the top of the line */
    short adv;
} Glyph;

struct Font {
    const unsigned char *ttf;
    size_t ttf_size;
    TTF_Font *ttf_font[FONT_SIZES];
    int px[FONT_SIZES];
    int height[FONT_SIZES], ascent[FONT_SIZES];
    GLuint tex;
    int shelf_x, shelf_y, shelf_h;   /* the shelf packer's cursor */
    int nglyphs;
    Glyph slot[SLOTS];
    uint8_t scratch[256 * 256];      /* one glyph's alpha, before upload */
    int ttf_inited;
};

static void clear_atlas(Font *f)
{
    memset(f->slot, 0, sizeof f->slot);
    f->nglyphs = 0;
    f->shelf_x = f->shelf_y = 1;
    f->shelf_h = 0;
}

Font *font_create(const unsigned char *ttf, size_t size, Err *err)
{
    Font *f = calloc(1, sizeof *f);
    if (!f) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    f->ttf = ttf;
    f->ttf_size = size;
    if (TTF_Init() < 0) { /* counted: every TTF_Init has its TTF_Quit */
        err_set(err, 0, "SDL_ttf: %s", TTF_GetError());
        goto fail;
    }
    f->ttf_inited = 1;
    glGenTextures(1, &f->tex);
    glBindTexture(GL_TEXTURE_2D, f->tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, ATLAS, ATLAS, 0, GL_RED, GL_UNSIGNED_BYTE, NULL);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    clear_atlas(f);
    if (font_set_sizes(f, (int[FONT_SIZES]){12, 16, 24}) < 0) {
        err_set(err, 0, "the built-in font does not open: %s", TTF_GetError());
        goto fail;
    }
    return f;
fail:
    font_destroy(&f);
    return NULL;
}

void font_destroy(Font **pf)
{
    Font *f = *pf;
    if (!f)
        return;
    for (int i = 0; i < FONT_SIZES; i++)
        if (f->ttf_font[i])
            TTF_CloseFont(f->ttf_font[i]);
    if (f->tex)
        glDeleteTextures(1, &f->tex);
    if (f->ttf_inited)
        TTF_Quit();
    free(f);
    *pf = NULL;
}

int font_set_sizes(Font *f, const int px[FONT_SIZES])
{
    if (!memcmp(px, f->px, sizeof f->px))
        return 0;
    for (int i = 0; i < FONT_SIZES; i++) {
        if (f->ttf_font[i] && f->px[i] == px[i])
            continue;
        SDL_RWops *rw = SDL_RWFromConstMem(f->ttf, (int)f->ttf_size);
        TTF_Font *t = rw ? TTF_OpenFontRW(rw, 1, px[i]) : NULL;
        if (!t)
            return -1;
        if (i == FONT_TITLE)
            TTF_SetFontStyle(t, TTF_STYLE_BOLD);
        TTF_SetFontHinting(t, TTF_HINTING_LIGHT);
        if (f->ttf_font[i])
            TTF_CloseFont(f->ttf_font[i]);
        f->ttf_font[i] = t;
        f->px[i] = px[i];
        f->height[i] = TTF_FontHeight(t);
        f->ascent[i] = TTF_FontAscent(t);
    }
    clear_atlas(f);
    return 0;
}

int font_height(const Font *f, int size)
{
    return f->height[size];
}

int font_ascent(const Font *f, int size)
{
    return f->ascent[size];
}

GLuint font_texture(const Font *f)
{
    return f->tex;
}

/* Next code point of UTF-8 text (invalid bytes read as U+FFFD, one byte each). */
static uint32_t next_cp(const char **ps)
{
    const unsigned char *s = (const unsigned char *)*ps;
    uint32_t c = s[0];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0) {
        *ps += 1;
        return 0xFFFD;
    }
    if (n > 0)
        c &= 0x3Fu >> n;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *ps += 1;
            return 0xFFFD;
        }
        c = c << 6 | (s[i] & 0x3F);
    }
    *ps += n + 1;
    return c;
}

static int is_mark(uint32_t c)
{
    return c >= 0x300 && c < 0x370;
}

static int put_utf8(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Rasterises a cluster (a base and maybe one mark, so HarfBuzz places the mark) into the
 * atlas. Returns NULL when it cannot (the caller skips the glyph). */
static Glyph *rasterise(Font *f, Batch *b, Glyph *g, uint64_t key, int size, uint32_t cp,
                        uint32_t mark)
{
    TTF_Font *t = f->ttf_font[size];
    int minx = 0, adv = 0;
    if (TTF_GlyphMetrics32(t, cp, &minx, NULL, NULL, NULL, &adv) < 0)
        return NULL;
    char text[12];
    int n = put_utf8(text, cp);
    if (mark)
        n += put_utf8(text + n, mark);
    text[n] = 0;
    SDL_Surface *s = TTF_RenderUTF8_Blended(t, text, (SDL_Color){255, 255, 255, 255});
    if (!s)
        return NULL;
    /* the ink's bounding box in the ARGB8888 surface */
    int x0 = s->w, y0 = s->h, x1 = -1, y1 = -1;
    SDL_LockSurface(s);
    for (int y = 0; y < s->h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++)
            if (row[x] >> 24) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    }
    Glyph ng = {.key = key, .adv = (short)adv};
    if (x1 >= 0) {
        int w = x1 - x0 + 1, h = y1 - y0 + 1;
        if (w > 256 || h > 256)
            w = h = 0;
        if (f->shelf_x + w + 1 > ATLAS) {
            f->shelf_x = 1;
            f->shelf_y += f->shelf_h + 1;
            f->shelf_h = 0;
        }
        if (f->shelf_y + h + 1 > ATLAS || f->nglyphs * 2 >= SLOTS) {
            /* full: start over (glyphs already batched are drawn first) */
            batch_flush(b);
            clear_atlas(f);
            SDL_UnlockSurface(s);
            SDL_FreeSurface(s);
            return NULL;
        }
        for (int y = 0; y < h; y++) {
            const uint32_t *row =
                (const uint32_t *)((const uint8_t *)s->pixels + (y0 + y) * s->pitch) + x0;
            for (int x = 0; x < w; x++)
                f->scratch[y * w + x] = (uint8_t)(row[x] >> 24);
        }
        glBindTexture(GL_TEXTURE_2D, f->tex);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexSubImage2D(GL_TEXTURE_2D, 0, f->shelf_x, f->shelf_y, w, h, GL_RED,
                        GL_UNSIGNED_BYTE, f->scratch);
        ng.x = (short)f->shelf_x;
        ng.y = (short)f->shelf_y;
        ng.w = (short)w;
        ng.h = (short)h;
        /* SDL_ttf starts the pen at -minx when the glyph reaches left of it */
        ng.ox = (short)(x0 - (minx < 0 ? -minx : 0));
        ng.oy = (short)y0;
        f->shelf_x += w + 1;
        if (h > f->shelf_h)
            f->shelf_h = h;
    }
    SDL_UnlockSurface(s);
    SDL_FreeSurface(s);
    *g = ng;
    f->nglyphs++;
    return g;
}

static const Glyph *glyph(Font *f, Batch *b, int size, uint32_t cp, uint32_t mark)
{
    uint64_t key = (uint64_t)(size + 1) << 48 | (uint64_t)mark << 24 | cp;
    uint32_t h = (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 40) & (SLOTS - 1);
    for (;; h = (h + 1) & (SLOTS - 1)) {
        Glyph *g = &f->slot[h];
        if (g->key == key)
            return g;
        if (g->key == 0)
            return b ? rasterise(f, b, g, key, size, cp, mark) : NULL;
    }
}

/* Walks s cluster by cluster; draws when b is given. Returns the advance. */
static float run(Font *f, Batch *b, int size, float x, float y, const char *s, Rgba c)
{
    float x0 = x;
    while (*s) {
        uint32_t cp = next_cp(&s);
        uint32_t mark = 0;
        const char *peek = s;
        if (*peek && is_mark(mark = next_cp(&peek)))
            s = peek;
        else
            mark = 0;
        if (cp == '\t')
            cp = ' ';
        const Glyph *g = glyph(f, b, size, cp, mark);
        if (!g && b)
            g = glyph(f, b, size, cp, mark); /* the atlas was just cleared: once more */
        if (!g) {
            int adv = 0;
            if (TTF_GlyphMetrics32(f->ttf_font[size], cp, NULL, NULL, NULL, NULL, &adv) == 0)
                x += (float)adv;
            continue;
        }
        if (b && g->w > 0)
            batch_glyph(b, x + g->ox, y + g->oy, g->w, g->h, (float)g->x / ATLAS,
                        (float)g->y / ATLAS, (float)(g->x + g->w) / ATLAS,
                        (float)(g->y + g->h) / ATLAS, c);
        x += g->adv;
    }
    return x - x0;
}

float font_draw(Font *f, Batch *b, int size, float x, float y, const char *s, Rgba c)
{
    /* whole pixels keep the glyphs as sharp as SDL_ttf made them */
    x = (float)(int)(x + 0.5f);
    y = (float)(int)(y + 0.5f);
    return x + run(f, b, size, x, y, s, c);
}

float font_width(Font *f, int size, const char *s)
{
    /* measuring needs the advances only: glyphs not yet in the atlas ask SDL_ttf */
    float w = 0;
    while (*s) {
        uint32_t cp = next_cp(&s);
        const char *peek = s;
        if (*peek && is_mark(next_cp(&peek)))
            s = peek;
        const Glyph *g = glyph(f, NULL, size, cp, 0);
        int adv = 0;
        if (g)
            adv = g->adv;
        else
            TTF_GlyphMetrics32(f->ttf_font[size], cp == '\t' ? ' ' : cp, NULL, NULL, NULL, NULL,
                               &adv);
        w += (float)adv;
    }
    return w;
}
