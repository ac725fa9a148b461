/*
 * Tests of the WASI host functions against a fake instance context whose
 * memory is a plain buffer: guest pointers out of range give EFAULT and
 * never touch the host, and paths cannot leave their preopen.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ktest.h"
#include "wasi/wasi.h"

#define MEM_SIZE 65536u

struct fixture {
    wasm_ctx_t ctx;
    wasm_memory_t mem0;
    uint8_t *mem;
    wasi_t wasi;
    char dir[64];
};

static char *test_argv[] = {"prog", "alpha", "beta"};
static char *test_env[] = {"A=1"};

/* A context with one page of memory and `dir` preopened as fd 3, or no
 * preopen when dir is NULL. */
static bool fixture_init(struct fixture *f, bool with_dir) {
    *f = (struct fixture){0};
    f->mem = calloc(1, MEM_SIZE);
    f->mem0 = (wasm_memory_t){.base = f->mem, .size = MEM_SIZE};
    f->ctx.mem0_base = f->mem;
    f->ctx.mem0 = &f->mem0;
    size_t failed;
    wasi_preopen_t pre = {f->dir, "sandbox"};
    if (with_dir) {
        snprintf(f->dir, sizeof f->dir, "/tmp/rz-wasi-test-XXXXXX");
        if (mkdtemp(f->dir) == NULL) {
            return false;
        }
    }
    return f->mem != NULL &&
           wasi_init(&f->wasi, 3, test_argv, 1, test_env, &pre, with_dir ? 1 : 0, &failed) == 0;
}

static void fixture_free(struct fixture *f) {
    wasi_free(&f->wasi);
    free(f->mem);
    if (f->dir[0]) { /* the tests make only files and links in it */
        DIR *d = opendir(f->dir);
        struct dirent *de;
        while (d != NULL && (de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
                unlinkat(dirfd(d), de->d_name, 0);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
        rmdir(f->dir);
    }
}

static uint32_t get_u32(struct fixture *f, uint32_t at) {
    uint32_t v;
    memcpy(&v, f->mem + at, 4);
    return v;
}

static void put_path(struct fixture *f, uint32_t at, const char *s) {
    memcpy(f->mem + at, s, strlen(s));
}

KTEST(wasi, guest_range_is_checked_without_overflow) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, false));
    KT_EXPECT(t, wasi_guest(&f.ctx, 0, MEM_SIZE) == f.mem);
    KT_EXPECT(t, wasi_guest(&f.ctx, MEM_SIZE, 0) != NULL);
    KT_EXPECT(t, wasi_guest(&f.ctx, MEM_SIZE, 1) == NULL);
    KT_EXPECT(t, wasi_guest(&f.ctx, 1, MEM_SIZE) == NULL);
    KT_EXPECT(t, wasi_guest(&f.ctx, 0xffffffffu, 2) == NULL);
    KT_EXPECT(t, wasi_guest(&f.ctx, 16, UINT64_MAX) == NULL);
    fixture_free(&f);
}

KTEST(wasi, args_sizes_and_strings) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, false));
    KT_EXPECT_EQ(t, wasi_args_sizes_get(&f.ctx, 0, 4), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, get_u32(&f, 0), 3);
    KT_EXPECT_EQ(t, get_u32(&f, 4), 16); /* "prog\0alpha\0beta\0" */
    KT_EXPECT_EQ(t, wasi_args_get(&f.ctx, 100, 200), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, get_u32(&f, 104), 205);
    KT_EXPECT_STREQ(t, (char *)f.mem + 205, "alpha");
    KT_EXPECT_EQ(t, wasi_environ_sizes_get(&f.ctx, 0, 4), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, get_u32(&f, 0), 1);
    KT_EXPECT_EQ(t, get_u32(&f, 4), 4);
    fixture_free(&f);
}

KTEST(wasi, args_get_near_the_end_of_memory_faults) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, false));
    KT_EXPECT_EQ(t, wasi_args_get(&f.ctx, 0, MEM_SIZE - 8), WASI_EFAULT);
    KT_EXPECT_EQ(t, wasi_args_get(&f.ctx, 0xfffffffcu, 0), WASI_EFAULT);
    KT_EXPECT_EQ(t, wasi_args_sizes_get(&f.ctx, MEM_SIZE - 2, 0), WASI_EFAULT);
    fixture_free(&f);
}

KTEST(wasi, fd_write_with_iovec_out_of_memory_faults) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, false));
    uint32_t iov[2] = {MEM_SIZE - 4, 8}; /* buffer runs past the end */
    memcpy(f.mem + 16, iov, 8);
    KT_EXPECT_EQ(t, wasi_fd_write(&f.ctx, 1, 16, 1, 0), WASI_EFAULT);
    KT_EXPECT_EQ(t, wasi_fd_write(&f.ctx, 1, MEM_SIZE - 4, 1, 0), WASI_EFAULT);
    KT_EXPECT_EQ(t, wasi_fd_write(&f.ctx, 1, 16, 0x20000000u, 0), WASI_EFAULT);
    KT_EXPECT_EQ(t, wasi_fd_write(&f.ctx, 77, 16, 1, 0), WASI_EBADF);
    KT_EXPECT_EQ(t, wasi_fd_write(&f.ctx, 0xffffffffu, 16, 1, 0), WASI_EBADF);
    fixture_free(&f);
}

KTEST(wasi, clock_and_random_check_their_pointers) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, false));
    KT_EXPECT_EQ(t, wasi_clock_time_get(&f.ctx, 1, 0, 8), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, wasi_clock_time_get(&f.ctx, 1, 0, MEM_SIZE - 4), WASI_EFAULT);
    KT_EXPECT_EQ(t, wasi_clock_time_get(&f.ctx, 9, 0, 8), WASI_EINVAL);
    KT_EXPECT_EQ(t, wasi_clock_res_get(&f.ctx, 0, 8), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, wasi_random_get(&f.ctx, 0, MEM_SIZE), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, wasi_random_get(&f.ctx, 1, MEM_SIZE), WASI_EFAULT);
    fixture_free(&f);
}

KTEST(wasi, prestat_names_the_preopen) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, true));
    KT_EXPECT_EQ(t, wasi_fd_prestat_get(&f.ctx, 3, 0), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, get_u32(&f, 4), 7);
    KT_EXPECT_EQ(t, wasi_fd_prestat_dir_name(&f.ctx, 3, 64, 7), WASI_ESUCCESS);
    KT_EXPECT_BYTES(t, f.mem + 64, 7, "sandbox", 7);
    KT_EXPECT_EQ(t, wasi_fd_prestat_dir_name(&f.ctx, 3, 64, 6), WASI_ENAMETOOLONG);
    KT_EXPECT_EQ(t, wasi_fd_prestat_get(&f.ctx, 1, 0), WASI_EBADF);
    KT_EXPECT_EQ(t, wasi_fd_prestat_get(&f.ctx, 4, 0), WASI_EBADF);
    fixture_free(&f);
}

/* path_open of `path` in the preopen with read rights; the errno. */
static uint32_t open_in(struct fixture *f, const char *path, uint32_t dirflags, uint32_t oflags) {
    memset(f->mem + 1024, 0, 256);
    put_path(f, 1024, path);
    return wasi_path_open(&f->ctx, 3, dirflags, 1024, (uint32_t)strlen(path), oflags,
                          WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE, 0, 0, 0);
}

KTEST(wasi, path_open_creates_and_reads_inside_the_preopen) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, true));
    KT_EXPECT_EQ(t, open_in(&f, "new.txt", 0, 1 /* creat */), WASI_ESUCCESS);
    uint32_t fd = get_u32(&f, 0);
    KT_EXPECT_EQ(t, fd, 4);
    memcpy(f.mem + 512, "hi", 2);
    uint32_t iov[2] = {512, 2};
    memcpy(f.mem + 16, iov, 8);
    KT_EXPECT_EQ(t, wasi_fd_write(&f.ctx, fd, 16, 1, 32), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, get_u32(&f, 32), 2);
    KT_EXPECT_EQ(t, wasi_fd_seek(&f.ctx, fd, 0, 0, 40), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, wasi_fd_seek(&f.ctx, fd, 0, 3, 40), WASI_EINVAL);
    KT_EXPECT_EQ(t, wasi_fd_filestat_get(&f.ctx, fd, 128), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, f.mem[128 + 16], WASI_FILETYPE_REGULAR_FILE);
    KT_EXPECT_EQ(t, get_u32(&f, 128 + 32), 2);
    KT_EXPECT_EQ(t, wasi_fd_close(&f.ctx, fd), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, wasi_fd_close(&f.ctx, fd), WASI_EBADF);
    KT_EXPECT_EQ(t, wasi_fd_close(&f.ctx, 3), WASI_ENOTSUP);
    fixture_free(&f);
}

KTEST(wasi, path_open_refuses_escapes) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, true));
    char link[128];
    snprintf(link, sizeof link, "%s/out", f.dir);
    KT_ASSERT(t, symlink("/etc", link) == 0);
    snprintf(link, sizeof link, "%s/up", f.dir);
    KT_ASSERT(t, symlink("..", link) == 0);
    KT_EXPECT_EQ(t, open_in(&f, "../x", 0, 0), WASI_ENOTCAPABLE);
    KT_EXPECT_EQ(t, open_in(&f, "/etc/passwd", 0, 0), WASI_ENOTCAPABLE);
    KT_EXPECT_EQ(t, open_in(&f, "out/passwd", 1, 0), WASI_ENOTCAPABLE);
    KT_EXPECT_EQ(t, open_in(&f, "up/x", 1, 0), WASI_ENOTCAPABLE);
    KT_EXPECT_EQ(t, open_in(&f, "./../x", 0, 1), WASI_ENOTCAPABLE);
    KT_EXPECT_EQ(t, open_in(&f, "out", 0, 0), WASI_ELOOP); /* not followed */
    memcpy(f.mem + 1024, "a\0b", 3);
    KT_EXPECT_EQ(t, wasi_path_open(&f.ctx, 3, 0, 1024, 3, 0, 0, 0, 0, 0), WASI_EINVAL);
    KT_EXPECT_EQ(t, wasi_path_open(&f.ctx, 3, 0, MEM_SIZE - 1, 2, 0, 0, 0, 0, 0), WASI_EFAULT);
    KT_EXPECT_EQ(t, wasi_path_open(&f.ctx, 1, 0, 1024, 1, 0, 0, 0, 0, 0), WASI_ENOTDIR);
    fixture_free(&f);
}

KTEST(wasi, path_filestat_sees_the_link_itself_without_follow) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, true));
    char link[128];
    snprintf(link, sizeof link, "%s/out", f.dir);
    KT_ASSERT(t, symlink("/etc", link) == 0);
    put_path(&f, 1024, "out");
    KT_EXPECT_EQ(t, wasi_path_filestat_get(&f.ctx, 3, 0, 1024, 3, 0), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, f.mem[16], WASI_FILETYPE_SYMBOLIC_LINK);
    KT_EXPECT_EQ(t, wasi_path_filestat_get(&f.ctx, 3, 1, 1024, 3, 0), WASI_ENOTCAPABLE);
    KT_EXPECT_EQ(t, wasi_path_filestat_get(&f.ctx, 3, 0, 1024, 3, MEM_SIZE - 8), WASI_EFAULT);
    fixture_free(&f);
}

KTEST(wasi, readdir_resumes_by_cookie_and_truncates) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, true));
    KT_EXPECT_EQ(t, open_in(&f, "only", 0, 1), WASI_ESUCCESS);
    /* ".", ".." and "only": 3 entries of 24 bytes plus 1, 2 and 4 name bytes. */
    KT_EXPECT_EQ(t, wasi_fd_readdir(&f.ctx, 3, 256, 1024, 0, 8), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, get_u32(&f, 8), 3 * 24 + 7);
    KT_EXPECT_EQ(t, wasi_fd_readdir(&f.ctx, 3, 256, 1024, 3, 8), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, get_u32(&f, 8), 0);
    KT_EXPECT_EQ(t, wasi_fd_readdir(&f.ctx, 3, 256, 30, 0, 8), WASI_ESUCCESS);
    KT_EXPECT_EQ(t, get_u32(&f, 8), 30);
    KT_EXPECT_EQ(t, wasi_fd_readdir(&f.ctx, 3, MEM_SIZE - 10, 30, 0, 8), WASI_EFAULT);
    fixture_free(&f);
}

/* Argument values at the edges of memory and of 32 bits. */
static uint32_t edge_value(uint32_t r) {
    static const uint32_t edges[] = {0,
                                     1,
                                     8,
                                     MEM_SIZE - 64,
                                     MEM_SIZE - 8,
                                     MEM_SIZE - 4,
                                     MEM_SIZE - 1,
                                     MEM_SIZE,
                                     MEM_SIZE + 1,
                                     0x7fffffffu,
                                     0x80000000u,
                                     0xfffffff8u,
                                     0xfffffffcu,
                                     0xffffffffu};
    uint32_t n = sizeof edges / sizeof edges[0];
    return r % (n + 1) < n ? edges[r % (n + 1)] : r / 7 % (2 * MEM_SIZE);
}

/* Descriptor arguments: never 0-2 (a garbage write to stdout would corrupt
 * this test's own KTAP output, a read from stdin would wait). */
static uint32_t fd_value(uint32_t r) {
    static const uint32_t fds[] = {3,           4,          5, WASI_MAX_FDS - 1, WASI_MAX_FDS,
                                   0x7fffffffu, 0xffffffffu};
    return fds[r % (sizeof fds / sizeof fds[0])];
}

static uint32_t next_random(uint32_t *state) {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

/* Every function with garbage arguments over garbage memory returns an
 * errno of preview1 and stays inside memory (ASan checks the second).
 * poll_oneoff (which may sleep as long as garbage asks) and proc_exit are
 * left out. */
KTEST(wasi, garbage_arguments_give_errnos_never_crashes) {
    struct fixture f;
    KT_ASSERT(t, fixture_init(&f, true));
    uint32_t s = 12345;
    for (uint32_t i = 0; i < MEM_SIZE; i++) {
        f.mem[i] = (uint8_t)next_random(&s);
    }
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        uint32_t a[8];
        for (int k = 0; k < 8; k++) {
            a[k] = edge_value(next_random(&s));
        }
        uint32_t fd = fd_value(next_random(&s));
        uint64_t wide = ((uint64_t)next_random(&s) << 32) | next_random(&s);
        wasm_ctx_t *c = &f.ctx;
        uint32_t e;
        switch (next_random(&s) % 18) {
        case 0:
            e = wasi_args_get(c, a[0], a[1]);
            break;
        case 1:
            e = wasi_environ_get(c, a[0], a[1]);
            break;
        case 2:
            e = wasi_clock_time_get(c, a[0] % 6, wide, a[1]);
            break;
        case 3:
            e = wasi_random_get(c, a[0], a[1]);
            break;
        case 4:
            e = wasi_fd_read(c, fd, a[0], a[1], a[2]);
            break;
        case 5:
            e = wasi_fd_write(c, fd, a[0], a[1], a[2]);
            break;
        case 6:
            e = wasi_fd_seek(c, fd, wide, a[0] % 4, a[1]);
            break;
        case 7:
            e = wasi_fd_fdstat_get(c, fd, a[0]);
            break;
        case 8:
            e = wasi_fd_fdstat_set_flags(c, fd, a[0] % 32);
            break;
        case 9:
            e = wasi_fd_filestat_get(c, fd, a[0]);
            break;
        case 10:
            e = wasi_fd_prestat_get(c, fd, a[0]);
            break;
        case 11:
            e = wasi_fd_prestat_dir_name(c, fd, a[0], a[1]);
            break;
        case 12:
            e = wasi_fd_readdir(c, fd, a[0], a[1], wide % 8, a[2]);
            break;
        case 13: /* creat and trunc only: a path of garbage bytes in the preopen */
            e = wasi_path_open(c, fd, a[0] % 2, a[1], a[2] % 300, a[3] % 16 & ~2u, wide, 0,
                               a[4] % 32, a[5]);
            break;
        case 14:
            e = wasi_path_filestat_get(c, fd, a[0] % 2, a[1], a[2] % 300, a[3]);
            break;
        case 15:
            e = wasi_fd_tell(c, fd, a[0]);
            break;
        case 16:
            e = wasi_clock_res_get(c, a[0] % 6, a[1]);
            break;
        default:
            e = wasi_fd_close(c, fd);
            break;
        }
        bad += e > WASI_ENOTCAPABLE;
    }
    KT_EXPECT_EQ(t, bad, 0);
    fixture_free(&f);
}
