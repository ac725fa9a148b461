/*
 * WASI file descriptor functions over the process's console (wasi.h,
 * kernel/process_console.h). Only fds 0-2 exist; each function checks
 * every guest range before it acts, so a call fails with nothing done or
 * acts whole (fd_write can stop early only when the console's server is
 * gone, the process is being killed, or another thread rewrote the
 * iovecs).
 *
 * The iovecs sit in memory the process's other threads may rewrite while
 * a call waits for its console, so each use of an iovec reads it once
 * and checks what it read (iovec_next): the decoding pass, and again the
 * pass that copies.
 */
#include "kernel/wasi/wasi_impl.h"

#include <stdbool.h>

#include "abi/errors.h"
#include "kernel/guest.h"
#include "kernel/param.h"
#include "kernel/process.h"
#include "kernel/process_console.h"
#include "lib/string.h"

/* An iovec in guest memory: buf (u32), len (u32), little-endian. */
#define IOVEC_SIZE 8
/* Most iovecs in one fd_write (POSIX's IOV_MAX). */
#define WASI_IOV_MAX 1024

/* fdstat: filetype u8 @0, flags u16 @2, rights base u64 @8, inheriting u64 @16. */
#define FDSTAT_SIZE 24
#define FILETYPE_CHARACTER_DEVICE 2
#define RIGHT_FD_READ (1ull << 1)
#define RIGHT_FD_WRITE (1ull << 6)

static bool is_console(int32_t fd) {
    return fd == WASI_FD_STDIN || fd == WASI_FD_STDOUT || fd == WASI_FD_STDERR;
}

int32_t wasi_errno(int rz_err) {
    switch (rz_err) {
    case RZ_ERR_OUT_OF_BOUNDS:
        return WASI_EFAULT;
    case RZ_ERR_PEER_CLOSED:
        return WASI_EPIPE;
    case RZ_ERR_NO_MEMORY:
        return WASI_ENOMEM;
    case RZ_ERR_CANCELED:
        return WASI_EINTR;
    default:
        return WASI_EINVAL;
    }
}

static uint32_t load_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads iovec i of vec (the iovec array, already range-checked) once:
 * its buffer as a kernel pointer in *buf, its length in *len, added to
 * *total. Errors: RZ_ERR_OUT_OF_BOUNDS (the buffer leaves memory),
 * RZ_ERR_OUT_OF_RANGE (*total would pass 32 bits). */
static int iovec_next(wasm_ctx_t *ctx, const void *vec, uint32_t i, void **buf, uint32_t *len,
                      uint64_t *total) {
    const uint8_t *v = (const uint8_t *)vec + (size_t)i * IOVEC_SIZE;
    uint32_t addr = load_u32(v);
    *len = load_u32(v + 4);
    int err = guest_range(ctx, addr, *len, buf);
    if (err == RZ_OK && *total + *len > UINT32_MAX) {
        err = RZ_ERR_OUT_OF_RANGE;
    }
    *total += *len;
    return err;
}

int32_t wasi_fd_write(wasm_ctx_t *ctx, int32_t fd, guest_addr_t iovs, uint32_t iovs_len,
                      guest_addr_t nwritten) {
    if (fd != WASI_FD_STDOUT && fd != WASI_FD_STDERR) {
        return WASI_EBADF; /* stdin is not for writing */
    }
    if (iovs_len > WASI_IOV_MAX) {
        return WASI_EINVAL;
    }
    void *vec, *out;
    int err = guest_array(ctx, iovs, iovs_len, IOVEC_SIZE, &vec);
    if (err == RZ_OK) {
        err = guest_range(ctx, nwritten, 4, &out);
    }
    /* Decode: every buffer inside memory, the total within 32 bits. */
    uint64_t total = 0;
    void *buf;
    uint32_t len;
    for (uint32_t i = 0; err == RZ_OK && i < iovs_len; i++) {
        err = iovec_next(ctx, vec, i, &buf, &len, &total);
    }
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    /* Invoke: fails only when the console goes away, on a kill, or when
     * another thread made an iovec bad meanwhile. */
    struct process *p = process_from_ctx(ctx);
    uint64_t written = 0;
    for (uint32_t i = 0; err == RZ_OK && i < iovs_len; i++) {
        err = iovec_next(ctx, vec, i, &buf, &len, &written);
        if (err == RZ_OK && len > 0) {
            err = process_console_write(p, buf, len);
        }
    }
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    uint32_t n = (uint32_t)written;
    memcpy(out, &n, sizeof(n));
    return WASI_ESUCCESS;
}

int32_t wasi_fd_read(wasm_ctx_t *ctx, int32_t fd, guest_addr_t iovs, uint32_t iovs_len,
                     guest_addr_t nread) {
    if (fd != WASI_FD_STDIN) {
        return WASI_EBADF; /* stdout and stderr are not for reading */
    }
    if (iovs_len > WASI_IOV_MAX) {
        return WASI_EINVAL;
    }
    void *vec, *out;
    int err = guest_array(ctx, iovs, iovs_len, IOVEC_SIZE, &vec);
    if (err == RZ_OK) {
        err = guest_range(ctx, nread, 4, &out);
    }
    /* Decode: every buffer inside memory, the total within 32 bits; the
     * read fills them in order. */
    uint64_t total = 0;
    void *dst;
    uint32_t len;
    for (uint32_t i = 0; err == RZ_OK && i < iovs_len; i++) {
        err = iovec_next(ctx, vec, i, &dst, &len, &total);
    }
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    uint32_t got = 0;
    if (total > 0) {
        /* One console read (it waits for input), scattered over the iovecs. */
        char buf[CONSOLE_READ_MAX];
        uint32_t want = total < sizeof buf ? (uint32_t)total : (uint32_t)sizeof buf;
        err = process_console_read(process_from_ctx(ctx), buf, want, &got);
        if (err == RZ_ERR_PEER_CLOSED) {
            got = 0; /* the console is gone: end of file */
        } else if (err != RZ_OK) {
            return wasi_errno(err);
        }
        uint64_t seen = 0;
        for (uint32_t i = 0, at = 0; at < got && i < iovs_len; i++) {
            err = iovec_next(ctx, vec, i, &dst, &len, &seen);
            if (err != RZ_OK) {
                return wasi_errno(err); /* another thread made it bad while we waited */
            }
            len = len < got - at ? len : got - at;
            memcpy(dst, buf + at, len);
            at += len;
        }
    }
    memcpy(out, &got, sizeof(got));
    return WASI_ESUCCESS;
}

int32_t wasi_fd_close(wasm_ctx_t *ctx, int32_t fd) {
    /* The console descriptors stay open for the life of the process. */
    return is_console(fd) ? WASI_ENOTSUP : WASI_EBADF;
}

int32_t wasi_fd_seek(wasm_ctx_t *ctx, int32_t fd, int64_t offset, int32_t whence,
                     guest_addr_t newoffset) {
    return is_console(fd) ? WASI_ESPIPE : WASI_EBADF;
}

int32_t wasi_fd_fdstat_get(wasm_ctx_t *ctx, int32_t fd, guest_addr_t stat) {
    if (!is_console(fd)) {
        return WASI_EBADF;
    }
    uint8_t s[FDSTAT_SIZE] = {0};
    s[0] = FILETYPE_CHARACTER_DEVICE;
    uint64_t rights = fd == WASI_FD_STDIN ? RIGHT_FD_READ : RIGHT_FD_WRITE;
    memcpy(s + 8, &rights, sizeof(rights));
    int err = guest_copy_out(ctx, stat, s, sizeof(s));
    return err == RZ_OK ? WASI_ESUCCESS : wasi_errno(err);
}
