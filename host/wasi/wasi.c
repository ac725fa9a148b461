/*
 * The state of a WASI command, its descriptor table, and the two
 * translations every function needs: host errno to preview1 errno, and
 * guest address to host pointer (the only place a guest address becomes a
 * pointer, after an overflow-safe check against the memory's size).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/wasi.h"

static wasi_t *current;

wasi_t *wasi_state(void) {
    return current;
}

int wasi_init(wasi_t *w, int argc, char **argv, int envc, char **envp,
              const wasi_preopen_t *preopens, size_t preopen_count, size_t *failed) {
    *w = (wasi_t){argc, argv, envc, envp, {{0}}};
    for (size_t i = 0; i < WASI_MAX_FDS; i++) {
        w->fds[i] = (wasi_fd_t){i < 3 ? (int)i : -1, NULL};
    }
    current = w;
    for (size_t i = 0; i < preopen_count; i++) {
        int fd = open(preopens[i].host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        uint32_t slot;
        if (fd < 0 || !wasi_fd_add(fd, &slot)) {
            int error = fd < 0 ? errno : EMFILE;
            if (fd >= 0) {
                close(fd);
            }
            *failed = i;
            wasi_free(w);
            return error;
        }
        w->fds[slot].preopen = preopens[i].guest_path;
    }
    return 0;
}

void wasi_free(wasi_t *w) {
    for (size_t i = 3; i < WASI_MAX_FDS; i++) {
        if (w->fds[i].host >= 0) {
            close(w->fds[i].host);
            w->fds[i].host = -1;
        }
    }
    if (current == w) {
        current = NULL;
    }
}

wasi_fd_t *wasi_fd(uint32_t fd) {
    if (current == NULL || fd >= WASI_MAX_FDS || current->fds[fd].host < 0) {
        return NULL;
    }
    return &current->fds[fd];
}

bool wasi_fd_add(int host, uint32_t *fd) {
    for (uint32_t i = 0; i < WASI_MAX_FDS; i++) {
        if (current->fds[i].host < 0) {
            current->fds[i] = (wasi_fd_t){host, NULL};
            *fd = i;
            return true;
        }
    }
    return false;
}

void *wasi_guest(wasm_ctx_t *ctx, uint32_t ptr, uint64_t len) {
    uint8_t *p;
    return wasm_ctx_mem0_range(ctx, ptr, len, &p) ? p : NULL;
}

uint32_t wasi_put_u32(wasm_ctx_t *ctx, uint32_t ptr, uint32_t v) {
    uint8_t *p = wasi_guest(ctx, ptr, 4);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    memcpy(p, &v, 4); /* x86-64 and wasm are both little-endian */
    return WASI_ESUCCESS;
}

uint32_t wasi_put_u64(wasm_ctx_t *ctx, uint32_t ptr, uint64_t v) {
    uint8_t *p = wasi_guest(ctx, ptr, 8);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    memcpy(p, &v, 8);
    return WASI_ESUCCESS;
}

uint32_t wasi_errno(int e) {
    switch (e) {
    case 0:
        return WASI_ESUCCESS;
    case E2BIG:
        return WASI_E2BIG;
    case EACCES:
        return WASI_EACCES;
    case EAGAIN:
        return WASI_EAGAIN;
    case EBADF:
        return WASI_EBADF;
    case EBUSY:
        return WASI_EBUSY;
    case EEXIST:
        return WASI_EEXIST;
    case EFAULT:
        return WASI_EFAULT;
    case EFBIG:
        return WASI_EFBIG;
    case EINTR:
        return WASI_EINTR;
    case EINVAL:
        return WASI_EINVAL;
    case EISDIR:
        return WASI_EISDIR;
    case ELOOP:
        return WASI_ELOOP;
    case EMFILE:
        return WASI_EMFILE;
    case ENAMETOOLONG:
        return WASI_ENAMETOOLONG;
    case ENFILE:
        return WASI_ENFILE;
    case ENOENT:
        return WASI_ENOENT;
    case ENOMEM:
        return WASI_ENOMEM;
    case ENOSPC:
        return WASI_ENOSPC;
    case ENOSYS:
        return WASI_ENOSYS;
    case ENOTDIR:
        return WASI_ENOTDIR;
    case ENOTEMPTY:
        return WASI_ENOTEMPTY;
    case EOPNOTSUPP:
        return WASI_ENOTSUP;
    case ENOTTY:
        return WASI_ENOTTY;
    case EOVERFLOW:
        return WASI_EOVERFLOW;
    case EPERM:
        return WASI_EPERM;
    case EPIPE:
        return WASI_EPIPE;
    case EROFS:
        return WASI_EROFS;
    case ESPIPE:
        return WASI_ESPIPE;
    case EXDEV:
        /* openat2's RESOLVE_BENEATH: the path leaves its preopen. */
        return WASI_ENOTCAPABLE;
    default:
        return WASI_EIO;
    }
}

uint8_t wasi_filetype(unsigned mode) {
    switch (mode & S_IFMT) {
    case S_IFREG:
        return WASI_FILETYPE_REGULAR_FILE;
    case S_IFDIR:
        return WASI_FILETYPE_DIRECTORY;
    case S_IFCHR:
        return WASI_FILETYPE_CHARACTER_DEVICE;
    case S_IFBLK:
        return WASI_FILETYPE_BLOCK_DEVICE;
    case S_IFLNK:
        return WASI_FILETYPE_SYMBOLIC_LINK;
    case S_IFSOCK:
        return WASI_FILETYPE_SOCKET_STREAM;
    default:
        return WASI_FILETYPE_UNKNOWN;
    }
}

static uint64_t nanos(struct timespec t) {
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

uint32_t wasi_put_filestat(wasm_ctx_t *ctx, uint32_t ptr, const struct stat *st) {
    uint8_t *p = wasi_guest(ctx, ptr, 64);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    uint64_t fields[8] = {
        st->st_dev,
        st->st_ino,
        wasi_filetype(st->st_mode),
        st->st_nlink,
        (uint64_t)st->st_size,
        nanos(st->st_atim),
        nanos(st->st_mtim),
        nanos(st->st_ctim),
    };
    memcpy(p, fields, sizeof fields); /* the filetype byte at 16 is the low byte of field 2 */
    return WASI_ESUCCESS;
}
