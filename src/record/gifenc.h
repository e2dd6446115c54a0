/* gifenc.h — the recorder's GIF encoder (internal to src/record): libimagequant chooses one
 * palette and dithers, gifwrite.c writes each frame's changed rectangle with transparency.
 *
 * Not thread-safe; every call must come from the same thread (the recorder's worker), because
 * the first frame limits that thread's OpenMP team to one thread (for speed beside a busy main
 * thread, and so the palette does not depend on the machine's core count). */
#ifndef OPTIPLAY_GIFENC_H
#define OPTIPLAY_GIFENC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct GifEncDesc {
    int width, height;       /* 1..65535 */
    int fps;                 /* 1..100; delays are whole centiseconds, see gifenc_delay */
    int quality;             /* 1..100 */
    int loops;               /* plays in all; 0: forever */
    int hold_cs;             /* the last frame stays this much longer, centiseconds */
    const uint32_t *colors;  /* 0xRRGGBB colours forced into every palette (copied) */
    int ncolors;
    /* the byte sink: returns 0, or -1 on failure (the caller remembers why) */
    int (*write)(void *ctx, const uint8_t *data, size_t n);
    /* overwrites bytes already written at offset (the global palette, once, at the end) */
    int (*patch)(void *ctx, long offset, const uint8_t *data, size_t n);
    void *ctx;
} GifEncDesc;

typedef struct GifEnc GifEnc;

GifEnc *gifenc_create(const GifEncDesc *desc);   /* NULL: out of memory */

/* Adds one frame (tight rows; alpha is not looked at: GIF frames are opaque). prev is the previous frame given, NULL for the
 * first. rect: NULL, or where rgba may differ from prev (x0, y0, x1, y1, grown by
 * gifenc_tiles), outside which rgba is not read. 0; 1 when a rect was given but the frame
 * takes a new palette, chosen from all of it: call again with the whole frame and no rect;
 * or -1 with err set (a failed write says "write failed"). */
int gifenc_frame(GifEnc *g, const uint8_t *rgba, const uint8_t *prev, const int rect[4], Err *err);

/* Grows rect (x0, y0, x1, y1) to the encoder's whole tiles, the part of a frame it reads
 * when given that rect. 1 if it may then be given to gifenc_frame; 0 when it covers none or
 * over half of the tiles (the whole frame is remapped then). */
int gifenc_tiles(const GifEnc *g, int rect[4]);

/* Writes the remaining frames and the trailer. 0 or -1 with err. */
int gifenc_finish(GifEnc *g, Err *err);

void gifenc_destroy(GifEnc **g);

/* Delay of frame i in centiseconds: frame i starts at round(i * 100 / fps) cs, so the delays
 * of 30 fps go 3, 4, 3, 3, 4, 3... and n frames last round(n * 100 / fps) cs in all. */
int gifenc_delay(long i, int fps);

/* Palettes chosen so far (1 + refreshes) and colours added to them since. */
int gifenc_palettes(const GifEnc *g);
int gifenc_added(const GifEnc *g);

#endif
