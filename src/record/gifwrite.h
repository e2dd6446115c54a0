/* gifwrite.h — the GIF89a file format, written: the screen descriptor, the loop extension, a
 * frame's control extension and image descriptor, and LZW-coded image data (internal to
 * src/record; bench_gif uses it too).
 *
 * Why not a library: cgif takes whole frames only and finds the changed rectangle itself, by
 * a per-pixel colour compare of what the recorder already knows (2/3 of cgif's time in a
 * recording); giflib's encoder takes rectangles but hashes every pixel: 4.4 ns a pixel of CPU
 * against this coder's 2.4 (the 300 frames of an 800x600 race re-encoded, 0.19 s vs 0.11 s),
 * and the web page would need it built too. */
#ifndef OPTIPLAY_GIFWRITE_H
#define OPTIPLAY_GIFWRITE_H

#include <stddef.h>
#include <stdint.h>

enum {
    GIF_SCREEN_BYTES = 13,   /* "GIF89a" and the logical screen descriptor */
    GIF_TABLE_BYTES = 768,   /* a colour table: always 256 entries here */
    GIF_LOOP_BYTES = 19,     /* the NETSCAPE2.0 loop extension */
    GIF_FRAME_BYTES = 18,    /* graphic control extension and image descriptor */
};

/* "GIF89a", the screen descriptor: a global table of 256 entries follows (GIF_SCREEN_BYTES). */
size_t gif_screen(uint8_t *out, int width, int height);

/* The loop extension: plays `loops` times, 0 forever; nothing for 1 (GIF_LOOP_BYTES or 0). */
size_t gif_loop(uint8_t *out, int loops);

/* A frame's control extension (delay in centiseconds, the transparent index or -1; disposal
 * "leave") and image descriptor of the rectangle x, y, w, h; `local`: a local table of 256
 * entries follows (GIF_FRAME_BYTES). */
size_t gif_frame_head(uint8_t *out, int delay_cs, int trans, int x, int y, int w, int h,
                      int local);

/* The LZW coder (minimum code size 8: indices 0..255). */
typedef struct GifLzw GifLzw;

GifLzw *gif_lzw_create(void);   /* NULL: out of memory */
void gif_lzw_destroy(GifLzw **z);

/* Bytes gif_lzw_encode may write for npx pixels. */
size_t gif_lzw_bound(size_t npx);

/* Codes the w x h indices at px (rows `stride` apart) as a GIF's image data: the minimum code
 * size, the sub-blocks and their terminator. run: an index that comes in long runs (the
 * transparent one), or -1; its runs take no lookup a pixel (the bytes are the same). Returns
 * the bytes written to out, which holds gif_lzw_bound(w * h). */
size_t gif_lzw_encode(GifLzw *z, const uint8_t *px, int w, int h, size_t stride, int run,
                      uint8_t *out);

#endif
