/* shipped.h — the tests' loader of every shipped scene (the .ini files of assets/scenes, in directory
 * order), each checked to load. */
#ifndef OPTIPLAY_SHIPPED_H
#define OPTIPLAY_SHIPPED_H

#include <dirent.h>

#include "check.h"
#include "scene.h"

/* Loads up to max shipped scenes into scenes; returns how many. */
static int shipped_scenes(Scene *scenes, int max)
{
    DIR *d = opendir("assets/scenes");
    CHECK(d != NULL);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".ini"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "assets/scenes/%s", e->d_name);
        Err err = {0};
        CHECK(scene_load(&scenes[n], path, &err) == 0);
        n++;
    }
    closedir(d);
    return n;
}

#endif
