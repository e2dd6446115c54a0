/* err.h — a runtime error the core reports and the app layer prints.
 *
 * Low layers fill an Err and return -1 (or NULL); the boundary (the command line, the window)
 * tells the user. `col` is the 1-based column in the text that was being parsed (0: none),
 * `line` the 1-based line of a scene file (0: none). */
#ifndef OPTIPLAY_ERR_H
#define OPTIPLAY_ERR_H

typedef struct Err {
    int line;       /* 1-based line in a file, 0 when not from a file */
    int col;        /* 1-based column in the parsed text, 0 when unknown */
    char msg[512];  /* what was wrong and what was expected */
    int errnum;     /* errno of a failed system call (a failure, not bad input); 0: none */
} Err;

/* Sets the message (printf-style) and column; always returns -1 so callers can
 * `return err_set(err, col, "...")`. err may be NULL. */
int err_set(Err *err, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Closest of `n` names to `word` by edit distance (case-insensitive), or NULL if none is near. */
const char *err_closest(const char *word, const char *const *names, int n);

#endif
