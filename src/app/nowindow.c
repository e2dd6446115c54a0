/* nowindow.c — the entry point of a build without the window (SDL2, SDL2_ttf or libepoxy
 * were not found at configure time): the headless commands still work. */
#include "cli.h"

int app_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("optiplay: this build has no window (SDL2, SDL2_ttf and libepoxy were not found when "
          "it was configured);\n"
          "  install them (./run.sh does) and rebuild, or use the headless commands:\n",
          stderr);
    cli_usage(stderr);
    return CLI_FAIL;
}

int cli_record(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("optiplay: record: this build has no window renderer (SDL2, SDL2_ttf and libepoxy "
          "were not found when it was configured); install them (./run.sh does) and rebuild\n",
          stderr);
    return CLI_FAIL;
}
