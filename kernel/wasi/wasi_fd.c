/*
 * WASI file descriptor functions over the process's console (wasi.h,
 * kernel/process_console.h). Only fds 0-2 exist; each function checks
 * every guest range before it acts, so a call fails with nothing done or
 * acts whole (fd_write can stop early only when the console's server is
 * gone or the process is being killed).
 */
#include "kernel/wasi/wasi_impl.h"

#include <stdbool.h>

#include "abi/errors.h"
#include "kernel/guest.h"
#include "kernel/kmalloc.h"
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

/* An iovec once decoded: its bytes in kernel space. */
struct kiovec {
    uint8_t *base;
    uint32_t len;
};

/*
 * Decodes what fd_read and fd_write take: the guest's iovec array, copied
 * out first (another thread of the process may change it meanwhile),
 * every buffer checked, and the 4-byte count slot at count. On
 * WASI_ESUCCESS *out is a kmalloc'd array of n (the caller frees it),
 * *total the sum of the lengths and *kcount the count slot.
 */
static int32_t decode_iovs(wasm_ctx_t *ctx, guest_addr_t iovs, uint32_t n, guest_addr_t count,
                           struct kiovec **out, uint64_t *total, void **kcount) {
    if (n > WASI_IOV_MAX) {
        return WASI_EINVAL;
    }
    uint8_t *raw = kmalloc((size_t)(n ? n : 1) * IOVEC_SIZE);
    struct kiovec *vec = kmalloc((size_t)(n ? n : 1) * sizeof *vec);
    int err = raw == NULL || vec == NULL ? RZ_ERR_NO_MEMORY : RZ_OK;
    if (err == RZ_OK) {
        err = guest_copy_in(ctx, raw, iovs, (uint64_t)n * IOVEC_SIZE);
    }
    *total = 0;
    for (uint32_t i = 0; err == RZ_OK && i < n; i++) {
        const uint8_t *v = raw + (size_t)i * IOVEC_SIZE;
        void *base;
        vec[i].len = load_u32(v + 4);
        err = guest_range(ctx, load_u32(v), vec[i].len, &base);
        vec[i].base = base;
        *total += vec[i].len;
    }
    kfree(raw);
    if (err == RZ_OK) {
        err = guest_range(ctx, count, 4, kcount);
    }
    if (err != RZ_OK) {
        kfree(vec);
        return wasi_errno(err);
    }
    *out = vec;
    return WASI_ESUCCESS;
}

int32_t wasi_fd_write(wasm_ctx_t *ctx, int32_t fd, guest_addr_t iovs, uint32_t iovs_len,
                      guest_addr_t nwritten) {
    if (fd != WASI_FD_STDOUT && fd != WASI_FD_STDERR) {
        return WASI_EBADF; /* stdin is not for writing */
    }
    void *out;
    struct kiovec *vec;
    uint64_t total;
    int32_t werr = decode_iovs(ctx, iovs, iovs_len, nwritten, &vec, &total, &out);
    if (werr != WASI_ESUCCESS) {
        return werr;
    }
    int err = total > UINT32_MAX ? RZ_ERR_INVALID_ARGS : RZ_OK;
    /* Invoke: fails only when the console goes away or on a kill. */
    struct process *p = process_from_ctx(ctx);
    for (uint32_t i = 0; err == RZ_OK && i < iovs_len; i++) {
        if (vec[i].len > 0) {
            err = process_console_write(p, vec[i].base, vec[i].len);
        }
    }
    kfree(vec);
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    uint32_t written = (uint32_t)total;
    memcpy(out, &written, sizeof(written));
    return WASI_ESUCCESS;
}

int32_t wasi_fd_read(wasm_ctx_t *ctx, int32_t fd, guest_addr_t iovs, uint32_t iovs_len,
                     guest_addr_t nread) {
    if (fd != WASI_FD_STDIN) {
        return WASI_EBADF; /* stdout and stderr are not for reading */
    }
    void *out;
    struct kiovec *vec;
    uint64_t total;
    int32_t werr = decode_iovs(ctx, iovs, iovs_len, nread, &vec, &total, &out);
    if (werr != WASI_ESUCCESS) {
        return werr;
    }
    int err = RZ_OK;
    uint32_t got = 0;
    if (total > 0) {
        /* One console read (it waits for input), scattered over the iovecs. */
        char buf[CONSOLE_READ_MAX];
        uint32_t want = total < sizeof buf ? (uint32_t)total : (uint32_t)sizeof buf;
        err = process_console_read(process_from_ctx(ctx), buf, want, &got);
        if (err == RZ_ERR_PEER_CLOSED) {
            err = RZ_OK; /* the console is gone: end of file */
            got = 0;
        }
        for (uint32_t i = 0, at = 0; err == RZ_OK && at < got && i < iovs_len; i++) {
            uint32_t len = vec[i].len < got - at ? vec[i].len : got - at;
            memcpy(vec[i].base, buf + at, len);
            at += len;
        }
    }
    kfree(vec);
    if (err != RZ_OK) {
        return wasi_errno(err);
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
