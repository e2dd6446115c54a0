/* cli.h — the command line: `optiplay [SCENE...]`, `trace`, `record`, `list`.
 *
 * Bad input prints "optiplay: <where>: <what>" on stderr and returns CLI_BAD (exit code 2);
 * a failure (a write error, ...) returns CLI_FAIL (exit code 1). */
#ifndef OPTIPLAY_CLI_H
#define OPTIPLAY_CLI_H

#include <stdio.h>

#include "scene.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_BAD = 2 };

/* The race options shared by trace, record and the window. Reads argv[*i] (an option, with its
 * value in argv[*i + 1]) into sc; returns 1 when it took the option, 0 when the option is not
 * a race option, CLI_BAD (negative) on a bad value. Options given with --opt replace the
 * scene's racers. */
typedef struct RaceArgs {
    Scene scene;
    int nopt;          /* --opt given this many times */
    int has_surface;   /* --surface given */
    const char *scene_path;  /* the scene file (a shipped scene's name resolved into scene_file) */
    char scene_file[4096];
} RaceArgs;

/* Parses the race options (and one scene path) of argv[first..argc), passing options it does
 * not know to `other` (which returns the number of argv entries it took, 0 = unknown, or -1 on
 * error). Returns CLI_OK or CLI_BAD. */
int cli_race_args(RaceArgs *ra, const char *cmd, int argc, char **argv, int first,
                  int (*other)(void *ctx, int argc, char **argv, int i), void *ctx);

/* Prints "optiplay: " + message on stderr; returns CLI_BAD. */
int cli_bad(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

int cli_trace(int argc, char **argv);
int cli_record(int argc, char **argv); /* record_cli.c (nowindow.c without the window) */
int cli_list(FILE *out);
void cli_usage(FILE *out);

/* The playground window (window.c; nowindow.c without the window): scenes and options. */
int app_main(int argc, char **argv);

#endif
