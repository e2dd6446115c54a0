/* outfile.h — output written aside: every file optiplay writes for the user (a GIF, a PNG,
 * a set of frames, a --shot) goes to a hidden part file or part directory beside its final
 * path and is renamed into place only once complete. A failure, a full disk or a signal thus
 * never leaves a broken file nor replaces the user's.
 *
 *   OutFile o;
 *   if (outfile_open(&o, "race.gif", 0, &err) < 0) ...err.msg names the path and why...
 *   outfile_write(&o, data, n);                // the first failure sticks (o.errnum)
 *   if (outfile_commit(&o, &err) < 0) ...       // or outfile_discard(&o): nothing is left
 *
 * A part is dir/.NAME.PID-N.part. While one exists it is listed where a signal handler can
 * reach it: after outfile_catch_signals(), SIGINT, SIGTERM and SIGHUP remove every part, print
 * one line and exit 128 + the signal; SIGXFSZ (ulimit -f) is ignored, so the write fails with
 * EFBIG like a full disk. Parts left by processes that no longer exist (SIGKILL, a crash) are
 * removed by the next outfile_open into the same directory. */
#ifndef OPTIPLAY_OUTFILE_H
#define OPTIPLAY_OUTFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

typedef struct OutFile {
    FILE *f;        /* the part file (NULL for a directory) */
    char *path;     /* the final path (a directory: without a trailing '/') */
    char *tmp;      /* the part file or directory */
    int dir;        /* 1: a part directory, filled with outfile_put */
    int slot;       /* its place in the signal handler's list, -1 none */
    int errnum;     /* errno of the first failed write; 0 if none */
} OutFile;

/* Creates the part beside path: a file, or with dir = 1 a directory whose files are written
 * with outfile_put and which replaces path (missing or an empty directory) on commit; a
 * non-empty directory is refused. -1 with err set (err->errnum too) on failure. */
int outfile_open(OutFile *o, const char *path, int dir, Err *err);

/* Appends n bytes (a byte sink for the encoders: ctx is the OutFile). 0, or -1 once failed. */
int outfile_write(void *ctx, const uint8_t *data, size_t n);

/* Overwrites n bytes at offset and returns to the end. 0, or -1. */
int outfile_patch(void *ctx, long offset, const uint8_t *data, size_t n);

/* A part directory: opens the file name in it for writing; NULL with err set (naming
 * path/name) on failure. */
FILE *outfile_put(OutFile *o, const char *name, Err *err);

/* Flushes the part to the disk and renames it to the final path. 0, or -1 with err set (the
 * part is removed then). */
int outfile_commit(OutFile *o, Err *err);

/* Removes the part, if any. */
void outfile_discard(OutFile *o);

/* The message of an errno for a path: "cannot write 'PATH': No space left on device", with
 * err->errnum = e. Returns -1. */
int outfile_fail(Err *err, const char *path, int e);

/* Installs the handlers described above (once; later calls do nothing). */
void outfile_catch_signals(void);

#endif
