/*
 * Descriptor functions: fd_read, fd_write, fd_seek, fd_tell, fd_close, fd_fdstat_get,
 * fd_fdstat_set_flags, fd_filestat_get, fd_prestat_get, fd_prestat_dir_name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi/wasi.h"

/* Most iovecs one call passes to the host; longer lists are truncated (a
 * short read or write, which callers must handle anyway). */
#define IOV_MAX_HOST 64

/* Translates a guest iovec list (8 bytes each: buf, len) into host iovecs. */
static uint32_t load_iovs(wasm_ctx_t *ctx, uint32_t iovs, uint32_t count, struct iovec *out,
                          int *n) {
    const uint8_t *list = wasi_guest(ctx, iovs, (uint64_t)count * 8);
    if (list == NULL) {
        return WASI_EFAULT;
    }
    *n = 0;
    for (uint32_t i = 0; i < count && i < IOV_MAX_HOST; i++) {
        uint32_t buf, len;
        memcpy(&buf, list + 8 * (size_t)i, 4);
        memcpy(&len, list + 8 * (size_t)i + 4, 4);
        void *p = wasi_guest(ctx, buf, len);
        if (p == NULL) {
            return WASI_EFAULT;
        }
        out[(*n)++] = (struct iovec){p, len};
    }
    return WASI_ESUCCESS;
}

static uint32_t transfer(wasm_ctx_t *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                         uint32_t done_ptr, bool write) {
    wasi_fd_t *f = wasi_fd(fd);
    struct iovec v[IOV_MAX_HOST];
    int n;
    if (f == NULL) {
        return WASI_EBADF;
    }
    uint32_t e = load_iovs(ctx, iovs, iovs_len, v, &n);
    if (e != WASI_ESUCCESS) {
        return e;
    }
    if (wasi_guest(ctx, done_ptr, 4) == NULL) {
        return WASI_EFAULT;
    }
    ssize_t r;
    do {
        r = write ? writev(f->host, v, n) : readv(f->host, v, n);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        return wasi_errno(errno);
    }
    return wasi_put_u32(ctx, done_ptr, (uint32_t)r);
}

uint32_t wasi_fd_read(wasm_ctx_t *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                      uint32_t nread_ptr) {
    return transfer(ctx, fd, iovs, iovs_len, nread_ptr, false);
}

uint32_t wasi_fd_write(wasm_ctx_t *ctx, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                       uint32_t nwritten_ptr) {
    return transfer(ctx, fd, iovs, iovs_len, nwritten_ptr, true);
}

uint32_t wasi_fd_seek(wasm_ctx_t *ctx, uint32_t fd, uint64_t offset, uint32_t whence,
                      uint32_t newoffset_ptr) {
    static const int host_whence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
    wasi_fd_t *f = wasi_fd(fd);
    if (f == NULL) {
        return WASI_EBADF;
    }
    if (whence > 2) {
        return WASI_EINVAL;
    }
    if (wasi_guest(ctx, newoffset_ptr, 8) == NULL) {
        return WASI_EFAULT;
    }
    off_t at = lseek(f->host, (off_t)offset, host_whence[whence]);
    if (at < 0) {
        return wasi_errno(errno);
    }
    return wasi_put_u64(ctx, newoffset_ptr, (uint64_t)at);
}

uint32_t wasi_fd_tell(wasm_ctx_t *ctx, uint32_t fd, uint32_t offset_ptr) {
    return wasi_fd_seek(ctx, fd, 0, 1 /* cur */, offset_ptr);
}

uint32_t wasi_fd_close(wasm_ctx_t *ctx, uint32_t fd) {
    wasi_fd_t *f = wasi_fd(fd);
    if (f == NULL) {
        return WASI_EBADF;
    }
    if (f->preopen != NULL) {
        return WASI_ENOTSUP; /* a preopen is the sandbox's root: it stays */
    }
    /* rz's own stdin/stdout/stderr stay open for rz; the guest loses them. */
    int error = fd < 3 ? 0 : close(f->host) == 0 ? 0 : errno;
    f->host = -1;
    return wasi_errno(error == EINTR ? 0 : error);
}

uint32_t wasi_fd_fdstat_get(wasm_ctx_t *ctx, uint32_t fd, uint32_t stat_ptr) {
    wasi_fd_t *f = wasi_fd(fd);
    uint8_t *p = wasi_guest(ctx, stat_ptr, 24);
    struct stat st;
    if (f == NULL) {
        return WASI_EBADF;
    }
    if (p == NULL) {
        return WASI_EFAULT;
    }
    int fl = fcntl(f->host, F_GETFL);
    if (fl < 0 || fstat(f->host, &st) != 0) {
        return wasi_errno(errno);
    }
    uint16_t flags = ((fl & O_APPEND) ? WASI_FDFLAG_APPEND : 0) |
                     ((fl & O_NONBLOCK) ? WASI_FDFLAG_NONBLOCK : 0) |
                     ((fl & O_DSYNC) ? WASI_FDFLAG_DSYNC : 0) |
                     ((fl & O_SYNC) == O_SYNC ? WASI_FDFLAG_SYNC : 0);
    uint64_t rights = WASI_RIGHTS_ALL;
    memset(p, 0, 24);
    p[0] = wasi_filetype(st.st_mode);
    memcpy(p + 2, &flags, 2);
    memcpy(p + 8, &rights, 8);
    memcpy(p + 16, &rights, 8);
    return WASI_ESUCCESS;
}

uint32_t wasi_fd_fdstat_set_flags(wasm_ctx_t *ctx, uint32_t fd, uint32_t flags) {
    wasi_fd_t *f = wasi_fd(fd);
    if (f == NULL) {
        return WASI_EBADF;
    }
    /* Linux changes only O_APPEND and O_NONBLOCK on an open descriptor. */
    if (flags & ~(uint32_t)(WASI_FDFLAG_APPEND | WASI_FDFLAG_NONBLOCK)) {
        return WASI_ENOTSUP;
    }
    int fl = fcntl(f->host, F_GETFL);
    if (fl < 0) {
        return wasi_errno(errno);
    }
    fl &= ~(O_APPEND | O_NONBLOCK);
    fl |= ((flags & WASI_FDFLAG_APPEND) ? O_APPEND : 0) |
          ((flags & WASI_FDFLAG_NONBLOCK) ? O_NONBLOCK : 0);
    return fcntl(f->host, F_SETFL, fl) == 0 ? WASI_ESUCCESS : wasi_errno(errno);
}

uint32_t wasi_fd_filestat_get(wasm_ctx_t *ctx, uint32_t fd, uint32_t stat_ptr) {
    wasi_fd_t *f = wasi_fd(fd);
    struct stat st;
    if (f == NULL) {
        return WASI_EBADF;
    }
    if (fstat(f->host, &st) != 0) {
        return wasi_errno(errno);
    }
    return wasi_put_filestat(ctx, stat_ptr, &st);
}

uint32_t wasi_fd_prestat_get(wasm_ctx_t *ctx, uint32_t fd, uint32_t prestat_ptr) {
    wasi_fd_t *f = wasi_fd(fd);
    if (f == NULL || f->preopen == NULL) {
        return WASI_EBADF;
    }
    uint8_t *p = wasi_guest(ctx, prestat_ptr, 8);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    uint32_t len = (uint32_t)strlen(f->preopen);
    memset(p, 0, 8); /* tag 0: a directory */
    memcpy(p + 4, &len, 4);
    return WASI_ESUCCESS;
}

uint32_t wasi_fd_prestat_dir_name(wasm_ctx_t *ctx, uint32_t fd, uint32_t path, uint32_t len) {
    wasi_fd_t *f = wasi_fd(fd);
    if (f == NULL || f->preopen == NULL) {
        return WASI_EBADF;
    }
    size_t need = strlen(f->preopen);
    if (len < need) {
        return WASI_ENAMETOOLONG;
    }
    uint8_t *p = wasi_guest(ctx, path, need);
    if (p == NULL) {
        return WASI_EFAULT;
    }
    memcpy(p, f->preopen, need);
    return WASI_ESUCCESS;
}
