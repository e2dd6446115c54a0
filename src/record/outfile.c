/* outfile.c — parts written aside, renamed into place; the list of live parts a signal handler
 * removes; the sweep of parts whose process is gone.
 *
 * The handler may only make async-signal-safe calls: it reads the list (each slot's path is
 * written before the slot is marked used, with release/acquire ordering), removes files with
 * unlink and a part directory's files through getdents64 and unlinkat, writes one line and
 * leaves with _exit. */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { SLOTS = 16 };

static struct {
    int used;                /* 0 free, 1 a file, 2 a directory (atomic) */
    char path[PATH_MAX];
} parts[SLOTS];
static pthread_mutex_t parts_mu = PTHREAD_MUTEX_INITIALIZER;

static int list_add(const char *tmp, int dir)
{
    if (strlen(tmp) >= PATH_MAX) return -1;
    pthread_mutex_lock(&parts_mu);
    int slot = -1;
    for (int i = 0; i < SLOTS && slot < 0; i++)
        if (!__atomic_load_n(&parts[i].used, __ATOMIC_ACQUIRE)) slot = i;
    if (slot >= 0) {
        strcpy(parts[slot].path, tmp);
        __atomic_store_n(&parts[slot].used, dir ? 2 : 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&parts_mu);
    return slot;   /* a full list: the part is still removed by the sweep */
}

static void list_remove(int slot)
{
    if (slot >= 0) __atomic_store_n(&parts[slot].used, 0, __ATOMIC_RELEASE);
}

/* Removes a part directory's files (one level: parts hold no subdirectories) and itself;
 * async-signal-safe. */
static void remove_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
#ifndef __EMSCRIPTEN__ /* the web page gets no signals, and has no raw getdents64 */
        char buf[4096];
        long n;
        while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
            for (long off = 0; off < n;) {
                struct { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type;
                         char name[]; } *d = (void *)(buf + off);
                if (strcmp(d->name, ".") && strcmp(d->name, "..")) unlinkat(fd, d->name, 0);
                off += d->reclen;
            }
        }
#endif
        close(fd);
    }
    rmdir(path);
}

static void on_signal(int sig)
{
    for (int i = 0; i < SLOTS; i++) {
        int used = __atomic_load_n(&parts[i].used, __ATOMIC_ACQUIRE);
        if (used == 1) unlink(parts[i].path);
        if (used == 2) remove_dir(parts[i].path);
    }
    const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
    static const char a[] = "optiplay: stopped by ",
                      b[] = "; unfinished output removed, existing files left as they were\n";
    ssize_t ignored = write(2, a, sizeof a - 1);
    ignored = write(2, name, strlen(name));
    ignored = write(2, b, sizeof b - 1);
    (void)ignored;
    _exit(128 + sig);
}

void outfile_catch_signals(void)
{
    static int done;
    if (done++) return;
    struct sigaction sa = {.sa_handler = on_signal};
    sigfillset(&sa.sa_mask);   /* one handler at a time: the second signal waits, then exits */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
}

int outfile_fail(Err *err, const char *path, int e)
{
    char buf[128];
    if (strerror_r(e, buf, sizeof buf) != 0) snprintf(buf, sizeof buf, "error %d", e);
    err_set(err, 0, "cannot write '%.300s': %s", path, buf);
    if (err) err->errnum = e;
    return -1;
}

/* "dir/.NAME.PID-N.part" parts of processes that are gone: removed. PIDs alive (perhaps
 * reused by another program) keep theirs: a part is never taken from a live writer. */
static void sweep(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t ndir = strlen(dir);
    while (d && (e = readdir(d))) {
        const char *s = e->d_name;
        size_t n = strlen(s);
        if (s[0] != '.' || n < 12 || strcmp(s + n - 5, ".part")) continue;
        const char *p = s + n - 5;   /* back over "-N" and ".PID" */
        const char *q = p;
        while (q > s && q[-1] >= '0' && q[-1] <= '9') q--;
        if (q == p || q[-1] != '-') continue;
        p = --q;
        while (q > s && q[-1] >= '0' && q[-1] <= '9') q--;
        if (q == p || q[-1] != '.' || q - 1 == s) continue;
        long pid = strtol(q, NULL, 10);
        if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char *full = malloc(ndir + n + 2);
        if (!full) break;
        sprintf(full, "%s/%s", dir, s);
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) remove_dir(full);
        else if (lstat(full, &st) == 0 && S_ISREG(st.st_mode)) unlink(full);
        free(full);
    }
    if (d) closedir(d);
}

/* The part's name for a final name: the name is shortened so the part fits NAME_MAX. */
static void part_name(char *buf, size_t size, const char *dir, const char *name, int i)
{
    char tail[48];
    snprintf(tail, sizeof tail, ".%ld-%d.part", (long)getpid(), i);
    size_t keep = strlen(name), room = NAME_MAX - 1 - strlen(tail);
    if (keep > room) keep = room;
    snprintf(buf, size, "%s/.%.*s%s", dir, (int)keep, name, tail);
}

int outfile_open(OutFile *o, const char *path, int dir, Err *err)
{
    *o = (OutFile){.slot = -1, .dir = dir};
    size_t n = strlen(path);
    while (dir && n > 1 && path[n - 1] == '/') n--;
    o->path = strndup(path, n);
    const char *slash = o->path ? strrchr(o->path, '/') : NULL;
    char *parent = !o->path ? NULL : !slash ? strdup(".")
                 : strndup(o->path, slash == o->path ? 1 : (size_t)(slash - o->path));
    const char *name = slash ? slash + 1 : o->path;
    size_t size = (parent ? strlen(parent) : 0) + NAME_MAX + 2;
    o->tmp = malloc(size);
    struct stat st;
    if (!o->path || !parent || !o->tmp) {
        outfile_fail(err, path, ENOMEM);
        goto fail;
    }
    if (!dir && stat(o->path, &st) == 0 && S_ISDIR(st.st_mode)) {
        err_set(err, 0, "cannot write '%.300s': it is a directory", path);
        goto fail;
    }
    if (dir && stat(o->path, &st) == 0) {
        DIR *d = S_ISDIR(st.st_mode) ? opendir(o->path) : NULL;
        struct dirent *e;
        int empty = d != NULL;
        while (d && empty && (e = readdir(d)))
            empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
        if (d) closedir(d);
        if (!S_ISDIR(st.st_mode)) {
            err_set(err, 0, "cannot write into '%.300s/': not a directory", o->path);
            goto fail;
        }
        if (!empty) {
            err_set(err, 0, "cannot write into '%.300s/': it is not empty (old frames would mix "
                    "with new ones); name a new or empty directory", o->path);
            goto fail;
        }
    }
    sweep(parent);
    for (int i = 0;; i++) {
        part_name(o->tmp, size, parent, name, i);
        o->slot = list_add(o->tmp, dir);   /* listed before it exists: no window for a signal */
        int fd = -1;
        if (dir ? mkdir(o->tmp, 0777) == 0
                : (fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) >= 0) {
            if (dir || (o->f = fdopen(fd, "wb"))) break;
            int e = errno;
            close(fd);
            unlink(o->tmp);
            errno = e;
        }
        int e = errno;
        list_remove(o->slot);
        o->slot = -1;
        if (e == EEXIST && i < 1000) continue;
        if (e == ENOENT || e == ENOTDIR || e == EACCES || e == EROFS || e == EPERM)
            err_set(err, 0, "cannot write '%.300s': cannot create a file in '%.300s': %s", path,
                    parent, strerror(e));
        else
            outfile_fail(err, path, e);
        goto fail;
    }
    free(parent);
    return 0;
fail:
    free(parent);
    free(o->path);
    free(o->tmp);
    *o = (OutFile){.slot = -1};
    return -1;
}

int outfile_write(void *ctx, const uint8_t *data, size_t n)
{
    OutFile *o = ctx;
    if (!o->f || o->errnum) return -1;
    errno = 0;
    if (fwrite(data, 1, n, o->f) != n) {
        o->errnum = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

int outfile_patch(void *ctx, long offset, const uint8_t *data, size_t n)
{
    OutFile *o = ctx;
    if (!o->f || o->errnum) return -1;
    errno = 0;
    if (fflush(o->f) != 0 || fseek(o->f, offset, SEEK_SET) != 0 || fwrite(data, 1, n, o->f) != n ||
        fflush(o->f) != 0 || fseek(o->f, 0, SEEK_END) != 0) {
        o->errnum = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

FILE *outfile_put(OutFile *o, const char *name, Err *err)
{
    char *p = malloc(strlen(o->tmp) + strlen(name) + 2), *shown = NULL;
    FILE *f = NULL;
    if (p) {
        sprintf(p, "%s/%s", o->tmp, name);
        f = fopen(p, "wbe");
    }
    if (!f) {
        int e = p ? errno : ENOMEM;
        shown = malloc(strlen(o->path) + strlen(name) + 2);
        if (shown) sprintf(shown, "%s/%s", o->path, name);
        outfile_fail(err, shown ? shown : o->path, e);
    }
    free(shown);
    free(p);
    return f;
}

void outfile_discard(OutFile *o)
{
    if (o->f) fclose(o->f);
    if (o->tmp && o->dir) remove_dir(o->tmp);
    else if (o->tmp) unlink(o->tmp);
    list_remove(o->slot);
    free(o->tmp);
    free(o->path);
    *o = (OutFile){.slot = -1};
}

int outfile_commit(OutFile *o, Err *err)
{
    int e = o->errnum;
    if (o->f) {
        errno = 0;
        if (!e && (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)) e = errno ? errno : EIO;
        FILE *f = o->f;
        o->f = NULL;
        if (fclose(f) != 0 && !e) e = errno ? errno : EIO;
    }
    if (!e && rename(o->tmp, o->path) != 0) e = errno;
    if (e) {
        outfile_fail(err, o->path, e);
        if (e == ENOTEMPTY || e == EEXIST)   /* a directory filled while we wrote */
            err_set(err, 0, "cannot write into '%.300s/': it is not empty any more", o->path);
        outfile_discard(o);
        return -1;
    }
    list_remove(o->slot);
    free(o->tmp);
    free(o->path);
    *o = (OutFile){.slot = -1};
    return 0;
}
