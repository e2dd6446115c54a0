/* scenedir.h — the shipped lessons: where they are and how a name finds one.
 *
 * The folder is $OPTIPLAY_SCENES when set; else the installed one beside the program
 * (BINDIR/../share/optiplay/scenes, so an install can move); else the source tree's
 * assets/scenes (the program run from its build tree). A scene argument that is not a file
 * names a shipped scene: its file name ("03-ravine-momentum.ini"), without ".ini" or its
 * number ("ravine-momentum"), its number ("3"), or a word that starts one name only
 * ("ravine"). */
#ifndef OPTIPLAY_SCENEDIR_H
#define OPTIPLAY_SCENEDIR_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

/* The folder of the shipped scenes, or NULL when none is found. */
const char *scenedir_path(void);

/* The path of the scene `arg` means, in buf (or arg itself when it is a path). NULL with err
 * set when arg is neither a file nor a shipped scene's name ("did you mean"). */
const char *scenedir_find(const char *arg, char *buf, size_t n, Err *err);

/* `optiplay list`'s part: every shipped scene with its name, number and title. */
void scenedir_list(FILE *out);

#endif
