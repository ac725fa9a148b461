/*
 * WASI arguments, environment, clock, random bytes and exit (wasi.h).
 * argv is the program's name alone and the environment is empty until
 * boot.conf and process_spawn can pass them.
 */
#include "kernel/wasi/wasi_impl.h"

#include "abi/errors.h"
#include "kernel/clock.h"
#include "kernel/process.h"
#include "kernel/wasi/entropy.h"
#include "lib/string.h"

#define WASI_CLOCK_MONOTONIC 1

static int32_t put_u32(wasm_ctx_t *ctx, guest_addr_t at, uint32_t v) {
    int err = guest_copy_out(ctx, at, &v, sizeof(v));
    return err == RZ_OK ? WASI_ESUCCESS : wasi_errno(err);
}

int32_t wasi_args_sizes_get(wasm_ctx_t *ctx, guest_addr_t argc, guest_addr_t buf_size) {
    const char *name = process_from_ctx(ctx)->name;
    void *a, *b;
    int err = guest_range(ctx, argc, 4, &a);
    if (err == RZ_OK) {
        err = guest_range(ctx, buf_size, 4, &b);
    }
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    put_u32(ctx, argc, 1);
    return put_u32(ctx, buf_size, (uint32_t)strlen(name) + 1);
}

int32_t wasi_args_get(wasm_ctx_t *ctx, guest_addr_t argv, guest_addr_t buf) {
    const char *name = process_from_ctx(ctx)->name;
    size_t len = strlen(name) + 1;
    void *a, *b;
    int err = guest_range(ctx, argv, 4, &a);
    if (err == RZ_OK) {
        err = guest_range(ctx, buf, len, &b);
    }
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    memcpy(b, name, len);
    return put_u32(ctx, argv, buf);
}

int32_t wasi_environ_sizes_get(wasm_ctx_t *ctx, guest_addr_t count, guest_addr_t buf_size) {
    void *a, *b;
    int err = guest_range(ctx, count, 4, &a);
    if (err == RZ_OK) {
        err = guest_range(ctx, buf_size, 4, &b);
    }
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    put_u32(ctx, count, 0);
    return put_u32(ctx, buf_size, 0);
}

int32_t wasi_environ_get(wasm_ctx_t *ctx, guest_addr_t environ, guest_addr_t buf) {
    /* No variables: nothing to write, and zero-length ranges are always valid. */
    return WASI_ESUCCESS;
}

int32_t wasi_clock_time_get(wasm_ctx_t *ctx, int32_t id, int64_t precision, guest_addr_t time) {
    if (id != WASI_CLOCK_MONOTONIC) {
        return WASI_EINVAL; /* no real-time clock yet, no CPU-time clocks */
    }
    uint64_t now = clock_ns();
    int err = guest_copy_out(ctx, time, &now, sizeof(now));
    return err == RZ_OK ? WASI_ESUCCESS : wasi_errno(err);
}

int32_t wasi_random_get(wasm_ctx_t *ctx, guest_addr_t buf, uint32_t len) {
    void *p;
    int err = guest_range(ctx, buf, len, &p);
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    entropy_fill(p, len, false);
    return WASI_ESUCCESS;
}

void wasi_proc_exit(wasm_ctx_t *ctx, int32_t status) {
    process_exit(process_from_ctx(ctx), status);
}
