/* fuzz_scene_file — the scene reader on arbitrary bytes in a real file, read through
 * scene_load as `optiplay trace FILE` reads it (fgets-free line reading, NUL bytes, lines past
 * inih's buffer, no newline at the end). An accepted scene must build; a refused one names a
 * line of the file (or none) and has a message. */
#include "fuzz.h"

#include <unistd.h>

#include "scene.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/fuzz_scene_file.%ld.ini",
                 tmp && strlen(tmp) < 30 ? tmp : "/tmp", (long)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();
    Scene *sc = malloc(sizeof *sc);
    if (!sc)
        abort();
    Err err;
    memset(&err, 0, sizeof err);
    if (scene_load(sc, path, &err) < 0) {
        FUZZ_CHECK(err.msg[0] && memchr(err.msg, 0, sizeof err.msg), "error without a message");
        int lines = 1;
        for (size_t i = 0; i < size; i++)
            lines += data[i] == '\n';
        FUZZ_CHECK(err.line >= 0 && err.line <= lines, "line %d of %d", err.line, lines);
    } else {
        Surface s;
        Race r;
        FUZZ_CHECK(sc->nopt >= 1 && sc->nopt <= RACE_MAX, "nopt %d", sc->nopt);
        if (scene_build(sc, &s, &r, &err) == 0) {
            race_step(&r, 5);
            race_deinit(&r);
            surface_deinit(&s);
        } else {
            FUZZ_CHECK(err.msg[0], "scene_build failed without a message");
        }
    }
    unlink(path);
    free(sc);
    return 0;
}
