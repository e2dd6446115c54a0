/* capture.h — G records the race as a GIF, Shift+G as an MP4 video, P saves a PNG screenshot.
 *
 * A recorded frame is drawn again in the figure style (the race, numbered racers, a compact
 * legend: what `optiplay record` makes), read back, and the window's own picture drawn over
 * it, so no message, help or REC mark is ever recorded: the host draws and reads (CaptureHost),
 * the capture keeps the files. The recorder encodes on its own thread, and stopping finishes
 * the file in the background (rec_close, then rec_end once rec_done), so the window never
 * waits. Files go to the recordings directory (--record-dir, the scene's record_dir, else the
 * current one) with names that sort by time; the message on screen and standard output say
 * the path. */
#ifndef OPTIPLAY_CAPTURE_H
#define OPTIPLAY_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "msgs.h"

struct Recorder;

typedef struct Capture {
    char record_dir[1024];  /* AppConfig.record_dir ("": the scene's, else ".") */
    struct Recorder *rec;   /* the GIF being recorded, NULL when none */
    struct Recorder *closing; /* a stopped one, finishing in the background */
    int w, h, every, fps;   /* its size; a frame taken every `every` frames, at fps */
    long frames, tick, closing_frames;
    char path[1100], closing_path[1100];
    int shot;               /* P pressed: save the next frame */
} Capture;

typedef struct CaptureHost {
    void *ctx;
    /* reads the frame as drawn, w × h × 4 bytes, top row first; 0 or -1 */
    int (*read)(void *ctx, unsigned char *rgba, int w, int h);
    /* draws the frame again in the figure style, reads it as read does, then draws the
     * window's own picture back; 0 or -1 */
    int (*read_figure)(void *ctx, unsigned char *rgba, int w, int h);
} CaptureHost;

/* dir/optiplay-YYYYMMDD-HHMMSS.ext (-2, -3 ... when that exists) in the recordings directory:
 * c's, else scene_dir, else ".". */
void capture_path(const Capture *c, const char *scene_dir, const char *ext, char *buf,
                  size_t size);
/* G: starts recording w × h frames (a GIF, video: an MP4) whose racer colours stay exact, at
 * about 30 fps of a display of hz; or stops (the file is finished in the background). */
void capture_toggle(Capture *c, Msgs *m, const char *scene_dir, int w, int h, int hz,
                    const uint32_t *colors, int ncolors, int video);
/* After a frame is drawn (w × h): takes the screenshot asked for, hands a frame to the
 * recorder, finishes a stopped one. While recording, badge gets the REC mark to draw and 1
 * is returned; else 0. */
int capture_frame(Capture *c, Msgs *m, const char *scene_dir, int w, int h,
                  const CaptureHost *host, char *badge, size_t n);
/* Finishes a recording still running and one finishing. */
void capture_end(Capture *c, Msgs *m);
/* Saves rgba (w × h, top row first) as path: .png (through the recorder) or .bmp, written
 * aside and renamed. 0, or -1 with err set (err->errnum when a write failed). */
int capture_save_image(const char *path, const unsigned char *rgba, int w, int h, Err *err);
/* 0: path names a .png or .bmp file; else -1 with err set. */
int capture_image_name(const char *path, Err *err);

#endif
