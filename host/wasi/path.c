/*
 * path_open and path_filestat_get: every path is resolved by the host
 * kernel relative to the directory descriptor the guest names, with
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), so `..` above that
 * directory, absolute paths and symlinks leading out of it are refused
 * (EXDEV, reported as ENOTCAPABLE) during the lookup itself: nothing is
 * checked first and opened later, so there is no race to win. Without
 * LOOKUP_SYMLINK_FOLLOW a symlink as the last component is not followed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi/wasi.h"

/* Longest path accepted from the guest (Linux's PATH_MAX). */
#define WASI_PATH_MAX 4096

enum {
    LOOKUP_SYMLINK_FOLLOW = 1,
    OFLAG_CREAT = 1,
    OFLAG_DIRECTORY = 2,
    OFLAG_EXCL = 4,
    OFLAG_TRUNC = 8,
};

/* Copies a guest path into `out` as a C string. */
static uint32_t load_path(wasm_ctx_t *ctx, uint32_t path, uint32_t len, char out[WASI_PATH_MAX]) {
    const char *p = wasi_guest(ctx, path, len);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    if (len >= WASI_PATH_MAX) {
        return WASI_ENAMETOOLONG;
    }
    if (memchr(p, 0, len) != NULL) {
        return WASI_EINVAL;
    }
    memcpy(out, p, len);
    out[len] = 0;
    return WASI_ESUCCESS;
}

/* Opens `path` beneath `dirfd`; returns the host fd or -errno. */
static int open_beneath(int dirfd, const char *path, uint64_t flags, uint64_t mode) {
    struct open_how how = {
        .flags = flags | O_CLOEXEC,
        .mode = mode,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    long fd;
    do {
        fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    } while (fd < 0 && errno == EINTR);
    return fd < 0 ? -errno : (int)fd;
}

uint32_t wasi_path_open(wasm_ctx_t *ctx, uint32_t dirfd, uint32_t dirflags, uint32_t path,
                        uint32_t path_len, uint32_t oflags, uint64_t rights_base,
                        uint64_t rights_inheriting, uint32_t fdflags, uint32_t fd_ptr) {
    wasi_fd_t *dir = wasi_fd(dirfd);
    char name[WASI_PATH_MAX];
    if (dir == NULL) {
        return WASI_EBADF;
    }
    uint32_t e = load_path(ctx, path, path_len, name);
    if (e != WASI_ESUCCESS) {
        return e;
    }
    if (wasi_guest(ctx, fd_ptr, 4) == NULL) {
        return WASI_EFAULT;
    }
    bool read = rights_base & WASI_RIGHT_FD_READ, write = rights_base & WASI_RIGHT_FD_WRITE;
    uint64_t flags = write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (oflags & OFLAG_DIRECTORY) {
        flags = O_RDONLY | O_DIRECTORY;
    }
    flags |= ((oflags & OFLAG_CREAT) ? O_CREAT : 0) | ((oflags & OFLAG_EXCL) ? O_EXCL : 0) |
             ((oflags & OFLAG_TRUNC) ? O_TRUNC : 0) |
             ((dirflags & LOOKUP_SYMLINK_FOLLOW) ? 0 : O_NOFOLLOW) |
             ((fdflags & WASI_FDFLAG_APPEND) ? O_APPEND : 0) |
             ((fdflags & WASI_FDFLAG_NONBLOCK) ? O_NONBLOCK : 0) |
             ((fdflags & WASI_FDFLAG_DSYNC) ? O_DSYNC : 0) |
             ((fdflags & (WASI_FDFLAG_SYNC | WASI_FDFLAG_RSYNC)) ? O_SYNC : 0);
    int fd = open_beneath(dir->host, name, flags, (flags & O_CREAT) ? 0666 : 0);
    if (fd < 0) {
        return wasi_errno(-fd);
    }
    uint32_t slot;
    if (!wasi_fd_add(fd, &slot)) {
        close(fd);
        return WASI_EMFILE;
    }
    return wasi_put_u32(ctx, fd_ptr, slot);
}

uint32_t wasi_path_filestat_get(wasm_ctx_t *ctx, uint32_t dirfd, uint32_t flags, uint32_t path,
                                uint32_t path_len, uint32_t stat_ptr) {
    wasi_fd_t *dir = wasi_fd(dirfd);
    char name[WASI_PATH_MAX];
    struct stat st;
    if (dir == NULL) {
        return WASI_EBADF;
    }
    uint32_t e = load_path(ctx, path, path_len, name);
    if (e != WASI_ESUCCESS) {
        return e;
    }
    /* O_PATH opens without reading; with O_NOFOLLOW it names the link itself. */
    int fd = open_beneath(dir->host, name,
                          O_PATH | ((flags & LOOKUP_SYMLINK_FOLLOW) ? 0 : O_NOFOLLOW), 0);
    if (fd < 0) {
        return wasi_errno(-fd);
    }
    int error = fstat(fd, &st) == 0 ? 0 : errno;
    close(fd);
    return error ? wasi_errno(error) : wasi_put_filestat(ctx, stat_ptr, &st);
}
