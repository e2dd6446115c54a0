/* gifwrite.c — GIF89a blocks and the LZW coder (see gifwrite.h).
 *
 * The coder's dictionary is a direct table, (prefix code, index) -> code, 4096 x 256 entries:
 * one load a pixel, no hashing. Entries carry the number of the table they belong to, so a
 * new table (each frame, each clear code) costs no clearing. Codes grow and the table is
 * cleared as giflib's encoder does it (and gif.h, and what decoders expect): a code's width
 * grows after the code that assigns 2^width, a clear code follows the code that assigns
 * 4095. */
#include "gifwrite.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum {
    MIN_BITS = 8,            /* indices 0..255 */
    CLEAR = 1 << MIN_BITS,
    EOI = CLEAR + 1,
    LAST_CODE = 4095,        /* 12-bit codes at most */
    STAMP_LIMIT = 1 << 20,   /* table numbers fit above the 12 bits of a code */
};

struct GifLzw {
    uint32_t *dict;   /* index << 12 | prefix -> stamp << 12 | code: the prefixes of one index
                       * side by side (a run's codes were assigned one after the other) */
    uint32_t stamp;   /* the current table's number, 1.. */
    unsigned ladder[LAST_CODE + 2];   /* gif_lzw_encode's codes of runs */
};

static void put16(uint8_t *p, int v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

size_t gif_screen(uint8_t *out, int width, int height)
{
    assert(width > 0 && width <= 65535 && height > 0 && height <= 65535);
    memcpy(out, "GIF89a", 6);
    put16(out + 6, width);
    put16(out + 8, height);
    out[10] = 0xf7;   /* a global table, 8 bits of colour resolution, 2^(7+1) entries */
    out[11] = 0;      /* background index */
    out[12] = 0;      /* no aspect ratio */
    return GIF_SCREEN_BYTES;
}

size_t gif_loop(uint8_t *out, int loops)
{
    assert(loops >= 0 && loops <= 65536);
    if (loops == 1) return 0;
    memcpy(out, "\x21\xff\x0bNETSCAPE2.0\x03\x01", 16);
    put16(out + 16, loops ? loops - 1 : 0);   /* repeats after the first play; 0: forever */
    out[18] = 0;
    return GIF_LOOP_BYTES;
}

size_t gif_frame_head(uint8_t *out, int delay_cs, int trans, int x, int y, int w, int h,
                      int local)
{
    assert(delay_cs >= 0 && delay_cs <= 65535 && trans >= -1 && trans <= 255);
    assert(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 65535 && y + h <= 65535);
    out[0] = 0x21, out[1] = 0xf9, out[2] = 4;
    out[3] = (uint8_t)(1 << 2 | (trans >= 0));   /* disposal 1: leave the frame in place */
    put16(out + 4, delay_cs);
    out[6] = (uint8_t)(trans >= 0 ? trans : 0);
    out[7] = 0;
    out[8] = 0x2c;
    put16(out + 9, x);
    put16(out + 11, y);
    put16(out + 13, w);
    put16(out + 15, h);
    out[17] = local ? 0x87 : 0;   /* a local table of 2^(7+1) entries, not interlaced */
    return GIF_FRAME_BYTES;
}

GifLzw *gif_lzw_create(void)
{
    GifLzw *z = calloc(1, sizeof *z);
    if (!z) return NULL;
    z->dict = calloc((size_t)(LAST_CODE + 1) << MIN_BITS, sizeof *z->dict);
    if (!z->dict) gif_lzw_destroy(&z);
    return z;
}

void gif_lzw_destroy(GifLzw **pz)
{
    if (!*pz) return;
    free((*pz)->dict);
    free(*pz);
    *pz = NULL;
}

size_t gif_lzw_bound(size_t npx)
{
    /* codes: a pixel each at worst, a clear code every 3838, the first clear and the end */
    size_t codes = npx + npx / 3838 + 3, bytes = codes * 12 / 8 + 1;
    return 1 + bytes + bytes / 255 + 1 + 1;   /* code size, sub-blocks, terminator */
}

/* Codes into sub-blocks of at most 255 bytes, each after its length byte. */
typedef struct Bits {
    uint8_t *out;
    size_t o, blk;    /* the next byte, the current block's length byte */
    int count;        /* bytes in the current block */
    uint64_t acc;     /* bits not yet written, the first in the lowest */
    int n;
} Bits;

static void put_byte(Bits *b, uint8_t v)
{
    if (b->count == 255) {
        b->out[b->blk] = 255;
        b->blk = b->o++;
        b->count = 0;
    }
    b->out[b->o++] = v;
    b->count++;
}

static void put_code(Bits *b, unsigned code, int bits)
{
    b->acc |= (uint64_t)code << b->n;
    b->n += bits;
    while (b->n >= 8) {
        put_byte(b, (uint8_t)b->acc);
        b->acc >>= 8;
        b->n -= 8;
    }
}

/* A new, empty table: its number. */
static uint32_t new_table(GifLzw *z)
{
    if (++z->stamp == STAMP_LIMIT) {
        memset(z->dict, 0, ((size_t)(LAST_CODE + 1) << MIN_BITS) * sizeof *z->dict);
        z->stamp = 1;
    }
    return z->stamp << 12;
}

/* Steps over up to m pixels of value v after the last one taken (x, y of the rectangle, row
 * its row): how many. Eight at a time where they are all v. */
static int skip_run(const uint8_t **row, int *x, int *y, int w, int h, size_t stride, int m,
                    uint8_t v)
{
    const uint64_t all = 0x0101010101010101u * v;
    int c = 0;
    while (c < m) {
        if (*x + 1 == w) {   /* on to the next row */
            if (*y + 1 == h) break;
            *x = -1, ++*y, *row += stride;
        }
        const uint8_t *p = *row + *x + 1;
        int lim = w - (*x + 1), i = 0;
        lim = lim < m - c ? lim : m - c;
        for (uint64_t q; i + 8 <= lim && (memcpy(&q, p + i, 8), q == all);) i += 8;
        while (i < lim && p[i] == v) i++;
        c += i, *x += i;
        if (i < lim) break;
    }
    return c;
}

size_t gif_lzw_encode(GifLzw *z, const uint8_t *px, int w, int h, size_t stride, int run,
                      uint8_t *out)
{
    assert(w > 0 && h > 0 && stride >= (size_t)w && run >= -1 && run <= 255);
    Bits b = {.out = out, .o = 2, .blk = 1};
    uint32_t *dict = z->dict, tag = new_table(z);
    int bits = MIN_BITS + 1;
    unsigned last = EOI;   /* the last code assigned */
    /* the codes of runs of `run`: ladder[j] codes j of them, for j = 1..top. A match that
     * begins with it takes min(the run, top) pixels at once: what a lookup a pixel would give */
    unsigned *ladder = z->ladder;
    int top = 1;
    ladder[1] = (unsigned)run;
    out[0] = MIN_BITS;
    put_code(&b, CLEAR, bits);
    const uint8_t *row = px;
    int x = 0, y = 0;
    unsigned cur = px[0];
    for (;;) {
        if ((int)cur == run && top > 1) cur = ladder[1 + skip_run(&row, &x, &y, w, h, stride, top - 1, (uint8_t)run)];
        if (++x == w) {
            if (++y == h) break;
            x = 0;
            row += stride;
        }
        const unsigned k = row[x];
        const uint32_t e = dict[k << 12 | cur];
        if ((e & ~(uint32_t)LAST_CODE) == tag) {
            cur = e & LAST_CODE;
            continue;
        }
        put_code(&b, cur, bits);
        dict[k << 12 | cur] = tag | ++last;
        if ((int)k == run && cur == ladder[top]) ladder[++top] = last;
        if (last >= 1u << bits) bits++;
        if (last == LAST_CODE) {
            put_code(&b, CLEAR, bits);
            tag = new_table(z);
            bits = MIN_BITS + 1;
            last = EOI;
            top = 1;
        }
        cur = k;
    }
    put_code(&b, cur, bits);
    /* the decoder assigns a code on reading cur: it may widen the end code */
    if (last + 1 >= 1u << bits && bits < 12) bits++;
    put_code(&b, EOI, bits);
    if (b.n) put_byte(&b, (uint8_t)b.acc);
    out[b.blk] = (uint8_t)b.count;
    out[b.o++] = 0;
    return b.o;
}
