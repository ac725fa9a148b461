/*
 * path_open and path_filestat_get: every path is resolved relative to the
 * directory descriptor the guest names and may not leave it
 * (wasi_open_beneath(), beneath.c); an escape is reported as ENOTCAPABLE.
 * Without LOOKUP_SYMLINK_FOLLOW a symlink as the last component is not
 * followed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/wasi.h"

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
    int flags = write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
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
    int fd = wasi_open_beneath(dir->host, name, (int)flags, 0666);
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
    int fd = wasi_open_beneath(dir->host, name,
                               O_PATH | ((flags & LOOKUP_SYMLINK_FOLLOW) ? 0 : O_NOFOLLOW), 0);
    if (fd < 0) {
        return wasi_errno(-fd);
    }
    int error = fstat(fd, &st) == 0 ? 0 : errno;
    close(fd);
    return error ? wasi_errno(error) : wasi_put_filestat(ctx, stat_ptr, &st);
}
