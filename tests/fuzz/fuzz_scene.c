/* fuzz_scene — the scene reader on arbitrary text. An accepted scene must build, and its race
 * must keep every number finite for a few hundred steps, through a restart too. */
#define OPTIPLAY_FUZZ_RACE
#include "fuzz.h"

#include "scene.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    Scene *sc = malloc(sizeof *sc);
    if (!sc)
        abort();
    Err err;
    memset(&err, 0, sizeof err);
    if (scene_parse(sc, "fuzz.ini", text, &err) < 0) {
        FUZZ_CHECK(err.msg[0] && memchr(err.msg, 0, sizeof err.msg), "error without a message");
        int lines = 1;
        for (const char *p = text; *p; p++)
            lines += *p == '\n';
        FUZZ_CHECK(err.line >= 0 && err.line <= lines, "line %d of %d", err.line, lines);
        goto done;
    }
    FUZZ_CHECK(sc->nopt >= 1 && sc->nopt <= RACE_MAX, "nopt %d", sc->nopt);
    FUZZ_CHECK(sc->speed >= 1 && sc->steps >= 1, "speed %d steps %d", sc->speed, sc->steps);
    sc->cfg.history = 64; /* small: the decimation of the trail runs too */
    Surface s;
    Race r;
    if (scene_build(sc, &s, &r, &err) < 0) {
        FUZZ_CHECK(err.msg[0], "scene_build failed without a message");
        goto done;
    }
    int steps = sc->steps < 300 ? sc->steps : 300;
    fuzz_race(&r, steps);
    race_restart(&r);
    fuzz_race(&r, 20);
    race_deinit(&r);
    surface_deinit(&s);
done:
    free(sc);
    free(text);
    return 0;
}
