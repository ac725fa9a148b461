/*
 * WASI arguments, environment, clock, random bytes and exit (wasi.h).
 * argv is the program's name and the arguments process_spawn gave (none
 * for programs boot.conf runs); the environment is empty.
 */
#include "kernel/wasi/wasi_impl.h"

#include "abi/errors.h"
#include "kernel/args.h"
#include "kernel/clock.h"
#include "kernel/process.h"
#include "kernel/wasi/entropy.h"
#include "lib/string.h"

#define WASI_CLOCK_MONOTONIC 1

static int32_t put_u32(wasm_ctx_t *ctx, guest_addr_t at, uint32_t v) {
    int err = guest_copy_out(ctx, at, &v, sizeof(v));
    return err == RZ_OK ? WASI_ESUCCESS : wasi_errno(err);
}

/* argv is the program's name, then the arguments process_spawn gave. */
static uint32_t arg_count(const struct process *p) {
    return 1 + args_count(p->args, p->args_len);
}

int32_t wasi_args_sizes_get(wasm_ctx_t *ctx, guest_addr_t argc, guest_addr_t buf_size) {
    const struct process *p = process_from_ctx(ctx);
    void *a, *b;
    int err = guest_range(ctx, argc, 4, &a);
    if (err == RZ_OK) {
        err = guest_range(ctx, buf_size, 4, &b);
    }
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    put_u32(ctx, argc, arg_count(p));
    return put_u32(ctx, buf_size, (uint32_t)strlen(p->name) + 1 + p->args_len);
}

int32_t wasi_args_get(wasm_ctx_t *ctx, guest_addr_t argv, guest_addr_t buf) {
    const struct process *p = process_from_ctx(ctx);
    uint32_t count = arg_count(p);
    uint32_t name_len = (uint32_t)strlen(p->name) + 1;
    void *a, *b;
    int err = guest_array(ctx, argv, count, 4, &a);
    if (err == RZ_OK) {
        err = guest_range(ctx, buf, (uint64_t)name_len + p->args_len, &b);
    }
    if (err != RZ_OK) {
        return wasi_errno(err);
    }
    memcpy(b, p->name, name_len);
    memcpy((char *)b + name_len, p->args, p->args_len);
    /* Where each string starts, from the kernel's copy; the range passed, so
     * no address wraps. */
    put_u32(ctx, argv, buf);
    uint32_t off = 0;
    for (uint32_t i = 1; i < count; i++) {
        put_u32(ctx, argv + 4 * i, buf + name_len + off);
        off = args_next(p->args, p->args_len, off);
    }
    return WASI_ESUCCESS;
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
