/* record.h — the recorder: finished RGBA frames in, a GIF or PNG file out, encoded off the
 * calling thread.
 *
 *   Err err;
 *   Recorder *rec = rec_begin(&(RecordDesc){ .path = "race.gif", .width = 800, .height = 600 }, &err);
 *   if (!rec) ...tell the user err.msg...
 *   while (rendering) rec_frame(rec, pixels, stride);     // copies the frame and returns
 *   if (rec_end(&rec, &err) < 0) ...tell the user err.msg...   // the file exists iff this is 0
 *
 * (A window that must not wait: rec_close(rec), then each frame `if (rec_done(rec)) rec_end`.)
 *
 * The kind comes from the path: "x.gif" an animated GIF, "x.mp4" an H.264 and "x.webm" a VP9
 * video (an odd last row or column is left out: yuv420p), "x.png" the last frame as a PNG
 * (these refused if the path is a directory), "dir/" (or another existing directory) numbered
 * PNG frames dir/frame_00001.png, dir/frame_00002.png...
 * Frames are opaque (alpha is ignored). Every frame is kept: rec_frame blocks while the queue
 * of frames waiting for the encoder thread is full, it never drops one. One thread makes all
 * the calls for a recorder; several recorders may run at once.
 *
 * Errors are sticky: after the first failure (a write, the disk, memory) rec_frame returns -1
 * and does nothing, and rec_end reports it (err.errnum set when a write failed). Output is
 * written aside and renamed on success (outfile.h), so a failed, aborted or signalled
 * recording never clobbers an existing file nor leaves a broken one.
 * The output depends only on the frames and the desc: the same frames give a byte-identical
 * file on every run and machine. */
#ifndef OPTIPLAY_RECORD_H
#define OPTIPLAY_RECORD_H

#include <stdint.h>

#include "err.h"

typedef enum RecordKind {
    REC_AUTO,     /* from the path (the default) */
    REC_GIF,      /* animated GIF */
    REC_PNG,      /* the last frame, as one PNG */
    REC_PNG_DIR,  /* every frame, as path/frame_00001.png ...: a fresh set, written in a
                   * part directory that replaces path (missing or empty) at the end; a
                   * directory with files in it is refused */
    REC_MP4,      /* H.264 video, yuv420p, in MP4 with the index first (videnc.h) */
    REC_WEBM,     /* VP9 video, yuv420p, in WebM */
} RecordKind;

enum { REC_MAX_SIDE = 8192, REC_MAX_COLORS = 32 };

typedef struct RecordDesc {
    const char *path;        /* output file, or directory for REC_PNG_DIR */
    int width, height;       /* frame size in pixels, 1..REC_MAX_SIDE each */
    int fps;                 /* frames per second, 1..100; GIF 1..50, as players show delays
                              * under 2/100 s as 1/10 s; default 30 */
    RecordKind kind;         /* default REC_AUTO */
    int quality;             /* GIF colour quality 1..100, lower is smaller; default 100 */
    int loops;               /* GIF: plays this many times in all, 1..65535; default 0,
                              * forever (video players loop as they are told) */
    int hold_ms;             /* the last frame stays this much longer, 0..60000 ms; default 0
                              * (a GIF: added to its delay in whole cs; a video: the last frame
                              * repeated for round(hold × fps) frames) */
    const uint32_t *colors;  /* GIF: 0xRRGGBB colours that must stay exact although they may
                              * appear only later (racer colours); may be NULL; copied by
                              * rec_begin, so it may be a local array */
    int ncolors;             /* number of colors, 0..REC_MAX_COLORS */
} RecordDesc;

typedef struct Recorder Recorder;

/* Checks the desc (size, fps, quality, kind, that the output can be created), creates the
 * file aside and starts the encoder thread. NULL with err set (naming the value or the path)
 * on failure. */
Recorder *rec_begin(const RecordDesc *desc, Err *err);

/* Queues a copy of one width x height frame of RGBA8 pixels: row y starts at
 * rgba + y * stride (stride 0: width * 4; negative for bottom-up buffers). Returns 0, or -1
 * once the recording has failed (then rec_end says why). */
int rec_frame(Recorder *rec, const uint8_t *rgba, int stride);

/* The same without a copy, for a caller that reads its pixels straight into the queue:
 * rec_next lends the next frame's buffer (width x height x 4 bytes, tight rows, top row
 * first; what it holds is undefined), waiting while the queue is full, or returns NULL once
 * the recording has failed. The caller writes the part of the frame in rect (x0, y0, x1, y1
 * from the top left; NULL: all of it), then rec_put queues it: the pixels outside rect are
 * the last frame's (black before the first). 0, or -1 once the recording has failed. */
uint8_t *rec_next(Recorder *rec);
int rec_put(Recorder *rec, const int rect[4]);

/* Encodes what is queued, finishes the file and renames it into place; stops the thread and
 * frees the recorder (*rec becomes NULL). 0, or -1 with err saying what failed and where.
 * It waits for the encoder; a window that must not wait calls rec_close, keeps drawing, and
 * calls rec_end once rec_done says it will not wait. */
int rec_end(Recorder **rec, Err *err);

/* Ends the input without waiting: no rec_frame after it; the file is finished in the
 * background. */
void rec_close(Recorder *rec);

/* After rec_close: 1 once the file is finished or the recording has failed (rec_end then
 * returns at once), 0 while the encoder still works. */
int rec_done(Recorder *rec);

/* Stops and frees the recorder, leaving the path as it was. Not after rec_close: the file may be done by then; end it with rec_end. */
void rec_abort(Recorder **rec);

#endif
