/* scenedir.c — the shipped lessons' folder and their names (see scenedir.h). */
#include "scenedir.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scene.h"

#ifndef OPTIPLAY_SCENEDIR_REL
#define OPTIPLAY_SCENEDIR_REL "../share/optiplay/scenes"
#endif

enum { MAXSCENES = 128 };

static int is_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *scenedir_path(void)
{
    static char dir[PATH_MAX];
    const char *env = getenv("OPTIPLAY_SCENES");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            char rel[PATH_MAX + 64];
            snprintf(rel, sizeof rel, "%s/%s", exe, OPTIPLAY_SCENEDIR_REL);
            if (is_dir(rel) && realpath(rel, dir))
                return dir;
        }
    }
#ifdef OPTIPLAY_SRC_SCENEDIR
    if (is_dir(OPTIPLAY_SRC_SCENEDIR))
        return OPTIPLAY_SRC_SCENEDIR;
#endif
    return NULL;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .ini file names of the folder, sorted; returns how many (names freed by the caller). */
static int scan(const char *dir, char **names)
{
    DIR *d = dir ? opendir(dir) : NULL;
    int n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d)) && n < MAXSCENES;) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] != '.' && len > 4 && !strcmp(e->d_name + len - 4, ".ini"))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    for (int i = 0; i < n; i++)
        if (!names[i]) { /* out of memory: keep what we have */
            names[i] = names[--n];
            i--;
        }
    qsort(names, (size_t)n, sizeof *names, by_name);
    return n;
}

/* "03-ravine-momentum.ini" → "ravine-momentum" (the name without number and suffix). */
static void short_name(const char *file, char *out, size_t n)
{
    const char *s = file;
    while (isdigit((unsigned char)*s))
        s++;
    if (s != file && *s == '-')
        s++;
    else
        s = file;
    snprintf(out, n, "%.*s", (int)(strlen(s) - 4), s);
}

/* Does arg name this scene file? 2: exactly (file name, stem, short name, number), 1: a word
 * of its short name starts with arg, 0: no. */
static int names(const char *arg, const char *file)
{
    char stem[256], name[256];
    snprintf(stem, sizeof stem, "%.*s", (int)(strlen(file) - 4), file);
    short_name(file, name, sizeof name);
    if (!strcasecmp(arg, file) || !strcasecmp(arg, stem) || !strcasecmp(arg, name))
        return 2;
    char *end;
    long num = strtol(arg, &end, 10);
    if (end != arg && !*end && isdigit((unsigned char)file[0]) && atol(file) == num)
        return 2;
    size_t la = strlen(arg);
    for (const char *w = name; *w; w++)
        if ((w == name || w[-1] == '-') && !strncasecmp(w, arg, la))
            return 1;
    return 0;
}

const char *scenedir_find(const char *arg, char *buf, size_t n, Err *err)
{
    struct stat st;
    /* a path: scene_load reports what is wrong with it */
    if (stat(arg, &st) == 0 || strchr(arg, '/') || strstr(arg, ".ini") || !*arg)
        return arg;
    const char *dir = scenedir_path();
    char *files[MAXSCENES];
    int nf = scan(dir, files), best = -1, nbest = 0, level = 0;
    for (int i = 0; i < nf; i++) {
        int m = names(arg, files[i]);
        if (m > level) {
            level = m;
            best = i;
            nbest = 1;
        } else if (m && m == level) {
            nbest++;
        }
    }
    const char *ret = NULL;
    if (best >= 0 && nbest == 1) {
        snprintf(buf, n, "%s/%s", dir, files[best]);
        ret = buf;
    } else if (best >= 0) {
        char list[400] = "";
        for (int i = 0; i < nf; i++)
            if (names(arg, files[i]) == level && strlen(list) + strlen(files[i]) + 3 < sizeof list)
                strcat(strcat(list, list[0] ? ", " : ""), files[i]);
        err_set(err, 0, "'%.100s' names several scenes: %s", arg, list);
    } else {
        /* "did you mean": the commands, every scene's short name and its first word */
        const char *cand[2 * MAXSCENES + 4] = {"trace", "record", "list", "help"};
        char shorts[MAXSCENES][64], firsts[MAXSCENES][64];
        int nc = 4;
        for (int i = 0; i < nf; i++) {
            short_name(files[i], shorts[i], sizeof shorts[i]);
            snprintf(firsts[i], sizeof firsts[i], "%.*s", (int)strcspn(shorts[i], "-"), shorts[i]);
            cand[nc++] = shorts[i];
            cand[nc++] = firsts[i];
        }
        const char *near = err_closest(arg, cand, nc);
        err_set(err, 0, "'%.100s' is not a file, a command or a shipped scene%s%s%s "
                "(optiplay list names the scenes)", arg, near ? " (did you mean '" : "",
                near ? near : "", near ? "'?)" : "");
    }
    for (int i = 0; i < nf; i++)
        free(files[i]);
    return ret;
}

void scenedir_list(FILE *out)
{
    const char *dir = scenedir_path();
    char *files[MAXSCENES];
    int nf = scan(dir, files);
    if (!nf) {
        fputs("\nScenes: none found (set OPTIPLAY_SCENES to their folder)\n", out);
        return;
    }
    fprintf(out, "\nScenes (in %s; open one by name or number: optiplay ravine, optiplay 3):\n",
            dir);
    Scene *sc = malloc(sizeof *sc);
    for (int i = 0; i < nf; i++) {
        char path[PATH_MAX + 256], name[64];
        Err err = {0};
        short_name(files[i], name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        int ok = sc && scene_load(sc, path, &err) == 0;
        fprintf(out, "  %-3ld %-22s %s\n", atol(files[i]), name, ok ? sc->title : err.msg);
        free(files[i]);
    }
    free(sc);
}
