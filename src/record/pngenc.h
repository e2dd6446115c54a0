/* pngenc.h — the recorder's PNG writer (internal to src/record): one opaque RGBA frame as an
 * 8-bit RGB PNG, through a byte sink. No time or text chunks, so the bytes depend only on the
 * pixels. */
#ifndef OPTIPLAY_PNGENC_H
#define OPTIPLAY_PNGENC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* rgba: tight rows of width*4 bytes. write returns 0, or -1 on failure (the caller remembers
 * why). fast: trade some size for speed (frame sequences); else libpng's default compression.
 * 0, or -1 with err set. */
int pngenc_write(int (*write)(void *ctx, const uint8_t *data, size_t n), void *ctx,
                 const uint8_t *rgba, int width, int height, int fast, Err *err);

#endif
