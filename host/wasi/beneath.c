/*
 * Opening a path beneath a directory, the sandbox of every WASI path
 * function. Where the host kernel has openat2 (Linux 5.6), it resolves the
 * path with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS and refuses, during the
 * lookup itself, `..` above the directory, absolute paths and symlinks
 * leading out (EXDEV). Elsewhere (older kernels, sandboxes that filter the
 * syscall) the same rules are applied by a walk one component at a time:
 *
 *   - each directory is opened with O_NOFOLLOW relative to the descriptor
 *     of the one before it, which stays open; so a rename or symlink swap
 *     during the walk can make it fail but never lead it outside;
 *   - `..` closes the current directory and goes back to the held parent,
 *     and is refused at the starting directory;
 *   - a symlink is never followed by the host: its target is read and
 *     spliced into the rest of the path (an absolute target is refused), at
 *     most 40 times (ELOOP), as the host kernel would;
 *   - the last component is opened with O_NOFOLLOW when the caller asked
 *     not to follow (unless a trailing slash makes it a directory lookup),
 *     else expanded like any other link first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi/wasi.h"

/* Symlinks expanded in one lookup before ELOOP (Linux's limit). */
#define MAX_LINKS 40

static bool no_openat2;

static int openat2_beneath(int dirfd, const char *path, int flags, unsigned mode) {
    struct open_how how = {
        .flags = (uint64_t)(flags | O_CLOEXEC),
        .mode = (flags & O_CREAT) ? mode : 0,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    long fd;
    do {
        fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    } while (fd < 0 && errno == EINTR);
    return fd < 0 ? -errno : (int)fd;
}

/* The walk's state: the remaining path and the directories held open. */
struct walk {
    char rest[2 * WASI_PATH_MAX];
    int *dirs; /* dirs[0] is the caller's directory (not ours to close) */
    int depth;
    int max_depth; /* dirs has max_depth + 1 entries */
};

/* Replaces the component at the head of w->rest (`len` bytes) by the
 * symlink `target`; -errno on failure. */
static int splice_link(struct walk *w, size_t len, const char *target) {
    if (target[0] == '/') {
        return -EXDEV;
    }
    /* What follows the component is empty or starts with its '/'. */
    size_t tlen = strlen(target), after = strlen(w->rest + len);
    if (tlen + after + 1 > sizeof w->rest) {
        return -ENAMETOOLONG;
    }
    memmove(w->rest + tlen, w->rest + len, after + 1);
    memcpy(w->rest, target, tlen);
    return 0;
}

/* The symlink target of `name` in `dir` into buf; false when `name` is not a symlink. */
static bool read_link(int dir, const char *name, char buf[WASI_PATH_MAX]) {
    ssize_t n = readlinkat(dir, name, buf, WASI_PATH_MAX - 1);
    if (n < 0) {
        return false;
    }
    buf[n] = 0;
    return true;
}

static int walk(struct walk *w, int flags, unsigned mode) {
    int links = 0;
    char name[WASI_PATH_MAX], target[WASI_PATH_MAX];
    for (;;) {
        char *r = w->rest;
        size_t skip = strspn(r, "/");
        memmove(r, r + skip, strlen(r + skip) + 1);
        size_t len = strcspn(r, "/");
        bool last = r[len + strspn(r + len, "/")] == 0;
        bool dir_wanted = last && r[len] == '/'; /* a trailing slash */
        int cur = w->dirs[w->depth];
        memcpy(name, r, len);
        name[len] = 0;
        if (strcmp(name, "..") == 0) {
            if (w->depth == 0) {
                return -EXDEV;
            }
            close(w->dirs[w->depth--]);
            cur = w->dirs[w->depth];
            strcpy(name, ".");
        }
        if (last && (len == 0 || strcmp(name, ".") == 0)) {
            int fd = openat(cur, ".", flags | O_CLOEXEC | (dir_wanted ? O_DIRECTORY : 0), mode);
            return fd < 0 ? -errno : fd;
        }
        /* A trailing slash follows a final symlink even with O_NOFOLLOW. */
        bool follow = !last || dir_wanted || !(flags & O_NOFOLLOW);
        if (strcmp(name, ".") != 0 && follow && read_link(cur, name, target)) {
            if (++links > MAX_LINKS) {
                return -ELOOP;
            }
            int e = splice_link(w, len, target);
            if (e < 0) {
                return e;
            }
            continue;
        }
        if (last) {
            int fd = openat(cur, name,
                            flags | O_NOFOLLOW | O_CLOEXEC | (dir_wanted ? O_DIRECTORY : 0), mode);
            return fd < 0 ? -errno : fd;
        }
        memmove(r, r + len, strlen(r + len) + 1);
        if (strcmp(name, ".") == 0) {
            continue;
        }
        /* Symlinks can make a lookup deeper than any one path is long. */
        if (w->depth == w->max_depth) {
            return -ENAMETOOLONG;
        }
        int fd = openat(cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            return -errno;
        }
        w->dirs[++w->depth] = fd;
    }
}

int wasi_open_walk(int dirfd, const char *path, int flags, unsigned mode) {
    if (path[0] == '/') {
        return -EXDEV;
    }
    if (path[0] == 0) {
        return -ENOENT;
    }
    struct walk *w = malloc(sizeof *w);
    /* As deep as a path of "a/" components; a lookup deeper than that
     * (through symlinks) fails with ENAMETOOLONG. */
    int max_depth = WASI_PATH_MAX / 2;
    int *dirs = malloc((size_t)(max_depth + 1) * sizeof *dirs);
    if (w == NULL || dirs == NULL) {
        free(w);
        free(dirs);
        return -ENOMEM;
    }
    if (strlen(path) >= WASI_PATH_MAX) {
        free(w);
        free(dirs);
        return -ENAMETOOLONG;
    }
    strcpy(w->rest, path);
    w->dirs = dirs;
    w->dirs[0] = dirfd;
    w->depth = 0;
    w->max_depth = max_depth;
    int fd = walk(w, flags, mode);
    while (w->depth > 0) {
        close(w->dirs[w->depth--]);
    }
    free(dirs);
    free(w);
    return fd;
}

int wasi_open_beneath(int dirfd, const char *path, int flags, unsigned mode) {
    if (!no_openat2) {
        int fd = openat2_beneath(dirfd, path, flags, mode);
        if (fd != -ENOSYS) {
            return fd;
        }
        no_openat2 = true;
    }
    return wasi_open_walk(dirfd, path, flags, mode);
}
