/* optiplay — an interactive optimizer playground. The entry point dispatches the commands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifndef OPTIPLAY_VERSION
#define OPTIPLAY_VERSION "unknown"
#endif

int main(int argc, char **argv)
{
    if (argc > 1) {
        const char *cmd = argv[1];
        if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
            cli_usage(stdout);
            return 0;
        }
        if (!strcmp(cmd, "--version")) {
            printf("optiplay %s\n", OPTIPLAY_VERSION);
            return 0;
        }
        if (!strcmp(cmd, "trace"))
            return cli_trace(argc, argv);
        if (!strcmp(cmd, "record"))
            return cli_record(argc, argv);
        if (!strcmp(cmd, "list"))
            return argc > 2 ? cli_bad("list: takes no arguments") : cli_list(stdout);
    }
    return app_main(argc, argv);
}
