/* videnc.h — the recorder's video encoder (internal to src/record): RGBA frames to H.264 in
 * MP4 (yuv420p, fast start: plays in browsers, PowerPoint and GitHub) or VP9 in WebM, with
 * libavcodec and libavformat in this process.
 *
 * One thread makes every call. The same frames give the same bytes: one encoder thread,
 * fixed settings, libavformat's bit-exact mode (no version strings, times or random ids). */
#ifndef OPTIPLAY_VIDENC_H
#define OPTIPLAY_VIDENC_H

#include <stdint.h>

#include "err.h"

typedef struct VidEncDesc {
    const char *path;   /* the file to write (the recorder's file written aside) */
    int webm;           /* 1: VP9 in WebM; 0: H.264 in MP4 */
    int width, height;  /* of the frames given; an odd side loses its last pixel row/column */
    int fps;            /* 1..100 */
    int hold;           /* the last frame is repeated this many more times */
} VidEncDesc;

typedef struct VidEnc VidEnc;

/* Opens the encoder and the file. NULL with err set on failure. */
VidEnc *videnc_create(const VidEncDesc *d, Err *err);
/* Adds one frame (tight RGBA rows). 0, or -1 with err set. */
int videnc_frame(VidEnc *v, const uint8_t *rgba, Err *err);
/* Repeats the last frame for the hold, drains the encoder, writes the index and closes the
 * file. 0, or -1 with err set. */
int videnc_finish(VidEnc *v, Err *err);
/* Frees everything (an unfinished file is left to the caller to remove). */
void videnc_destroy(VidEnc **v);

#endif
