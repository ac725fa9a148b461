/*
 * Tests of opening beneath a directory (beneath.c): the component walk,
 * used where openat2 is missing, must give exactly what openat2's
 * RESOLVE_BENEATH gives on every case, escapes and ordinary paths alike.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ktest.h"
#include "wasi/wasi.h"

struct tree {
    char path[64];
    int fd;
};

/* dir/{f, a/, a/f, out -> /etc, up -> .., in -> a, deep -> a/../f,
 * l1 -> l2, l2 -> l1, dangling -> made} */
static bool tree_make(struct tree *t) {
    snprintf(t->path, sizeof t->path, "/tmp/rz-beneath-test-XXXXXX");
    if (mkdtemp(t->path) == NULL) {
        return false;
    }
    t->fd = open(t->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int f = openat(t->fd, "f", O_WRONLY | O_CREAT, 0644);
    int ok = t->fd >= 0 && f >= 0 && mkdirat(t->fd, "a", 0755) == 0;
    int af = openat(t->fd, "a/f", O_WRONLY | O_CREAT, 0644);
    ok = ok && af >= 0 && symlinkat("/etc", t->fd, "out") == 0 &&
         symlinkat("..", t->fd, "up") == 0 && symlinkat("a", t->fd, "in") == 0 &&
         symlinkat("a/../f", t->fd, "deep") == 0 && symlinkat("l2", t->fd, "l1") == 0 &&
         symlinkat("l1", t->fd, "l2") == 0 && symlinkat("made", t->fd, "dangling") == 0;
    close(f);
    close(af);
    return ok;
}

static void tree_free(struct tree *t) {
    static const char *files[] = {"f",  "a/f", "out",      "up",   "in", "deep",
                                  "l1", "l2",  "dangling", "made", "new"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        unlinkat(t->fd, files[i], 0);
    }
    unlinkat(t->fd, "a", AT_REMOVEDIR);
    close(t->fd);
    rmdir(t->path);
}

/* -errno, or 0 for a descriptor (closed again). */
static int outcome(int fd) {
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    return fd;
}

KTEST(wasi_beneath, walk_agrees_with_openat2) {
    static const struct {
        const char *path;
        int flags;
        int want; /* 0: opened; else -errno */
    } cases[] = {
        {"f", O_RDONLY, 0},
        {"a/f", O_RDONLY, 0},
        {"a/../f", O_RDONLY, 0},
        {"./a//f", O_RDONLY, 0},
        {"in/f", O_RDONLY, 0},
        {"deep", O_RDONLY, 0},
        {"deep", O_RDONLY | O_NOFOLLOW, -ELOOP},
        {".", O_RDONLY | O_DIRECTORY, 0},
        {"a/", O_RDONLY, 0},
        {"a/..", O_RDONLY, 0},
        {"f/", O_RDONLY, -ENOTDIR},
        {"f/x", O_RDONLY, -ENOTDIR},
        {"missing", O_RDONLY, -ENOENT},
        {"../x", O_RDONLY, -EXDEV},
        {"..", O_RDONLY, -EXDEV},
        {"a/../../x", O_RDONLY, -EXDEV},
        {"/etc/passwd", O_RDONLY, -EXDEV},
        {"out/passwd", O_RDONLY, -EXDEV},
        {"out", O_RDONLY, -EXDEV},
        {"out", O_RDONLY | O_NOFOLLOW, -ELOOP},
        {"out", O_PATH | O_NOFOLLOW, 0},
        {"up/x", O_RDONLY, -EXDEV},
        {"in/../up/f", O_RDONLY, -EXDEV},
        {"l1", O_RDONLY, -ELOOP},
    };
    struct tree tr;
    KT_ASSERT(t, tree_make(&tr));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int walk = outcome(wasi_open_walk(tr.fd, cases[i].path, cases[i].flags, 0));
        int kernel = outcome(wasi_open_beneath(tr.fd, cases[i].path, cases[i].flags, 0));
        if (walk != cases[i].want || kernel != cases[i].want) {
            ktest_fail(t, __FILE__, __LINE__, "%s (flags 0x%x): walk %d, openat2 %d, want %d",
                       cases[i].path, cases[i].flags, walk, kernel, cases[i].want);
        }
    }
    tree_free(&tr);
}

KTEST(wasi_beneath, walk_creates_inside_and_through_a_dangling_link) {
    struct tree tr;
    KT_ASSERT(t, tree_make(&tr));
    KT_EXPECT_EQ(t, outcome(wasi_open_walk(tr.fd, "a/../new", O_WRONLY | O_CREAT, 0600)), 0);
    KT_EXPECT_EQ(t, faccessat(tr.fd, "new", F_OK, 0), 0);
    KT_EXPECT_EQ(t, outcome(wasi_open_walk(tr.fd, "dangling", O_WRONLY | O_CREAT, 0600)), 0);
    KT_EXPECT_EQ(t, faccessat(tr.fd, "made", F_OK, 0), 0);
    KT_EXPECT_EQ(t, outcome(wasi_open_walk(tr.fd, "new", O_WRONLY | O_CREAT | O_EXCL, 0600)),
                 -EEXIST);
    KT_EXPECT_EQ(t, outcome(wasi_open_walk(tr.fd, "up/new", O_WRONLY | O_CREAT, 0600)), -EXDEV);
    tree_free(&tr);
}

KTEST(wasi_beneath, walk_refuses_overlong_paths) {
    struct tree tr;
    KT_ASSERT(t, tree_make(&tr));
    static char path[WASI_PATH_MAX + 8];
    memset(path, 'a', sizeof path - 1);
    KT_EXPECT_EQ(t, outcome(wasi_open_walk(tr.fd, path, O_RDONLY, 0)), -ENAMETOOLONG);
    KT_EXPECT_EQ(t, outcome(wasi_open_walk(tr.fd, "", O_RDONLY, 0)), -ENOENT);
    tree_free(&tr);
}

/* Random paths over the tree's names, each opened both ways. */
KTEST(wasi_beneath, walk_agrees_with_openat2_on_random_paths) {
    static const char *parts[] = {"a", "..", ".",    "in",       "up", "out",
                                  "f", "l1", "deep", "dangling", "",   "missing"};
    static const int flags[] = {O_RDONLY, O_RDONLY | O_NOFOLLOW, O_PATH | O_NOFOLLOW,
                                O_RDONLY | O_DIRECTORY};
    struct tree tr;
    KT_ASSERT(t, tree_make(&tr));
    uint32_t s = 2024;
    int disagreements = 0;
    for (int i = 0; i < 3000; i++) {
        char path[128] = "";
        int n = 1 + (int)(s % 5);
        for (int k = 0; k < n; k++) {
            s = s * 1103515245u + 12345u;
            strcat(path, parts[(s >> 16) % (sizeof parts / sizeof parts[0])]);
            if (k + 1 < n || (s >> 8) % 4 == 0) {
                strcat(path, "/");
            }
        }
        int fl = flags[(s >> 4) % 4];
        int walk = outcome(wasi_open_walk(tr.fd, path, fl, 0));
        int kernel = outcome(wasi_open_beneath(tr.fd, path, fl, 0));
        if (walk != kernel && disagreements++ < 5) {
            ktest_fail(t, __FILE__, __LINE__, "'%s' (flags 0x%x): walk %d, openat2 %d", path, fl,
                       walk, kernel);
        }
    }
    KT_EXPECT_EQ(t, disagreements, 0);
    tree_free(&tr);
}
