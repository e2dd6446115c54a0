/* font.h — text through SDL2_ttf: glyphs rasterised on first use into one GL_R8 atlas, drawn
 * as quads through the batch. Three sizes (small, body, title), set in pixels.
 *
 *     Font *f = font_create(ttf_bytes, ttf_size, &err);
 *     font_set_sizes(f, (int[FONT_SIZES]){14, 18, 28});   // when the scale changes
 *     float x = font_draw(f, batch, FONT_BODY, 10, 10, "Adam lr=0.01", colour);
 *
 * Text is UTF-8; a combining mark (m̂) is drawn over the glyph before it. Drawing allocates
 * nothing once a glyph is in the atlas; a full atlas is cleared and refilled. */
#ifndef OPTIPLAY_FONT_H
#define OPTIPLAY_FONT_H

#include <stddef.h>

#include "batch.h"
#include "err.h"

enum { FONT_SMALL, FONT_BODY, FONT_TITLE, FONT_SIZES };

typedef struct Font Font;

/* The font data must outlive the Font. */
Font *font_create(const unsigned char *ttf, size_t size, Err *err);
void font_destroy(Font **f);

/* Sets the pixel size of each of FONT_SIZES (clears the atlas when they change); 0 or -1. */
int font_set_sizes(Font *f, const int px[FONT_SIZES]);

/* Draws s with its top-left at (x, y); returns the x after the last glyph. */
float font_draw(Font *f, Batch *b, int size, float x, float y, const char *s, Rgba c);
float font_width(Font *f, int size, const char *s);
/* Height of a line, and the distance from its top to the baseline, in pixels. */
int font_height(const Font *f, int size);
int font_ascent(const Font *f, int size);

GLuint font_texture(const Font *f);

#endif
