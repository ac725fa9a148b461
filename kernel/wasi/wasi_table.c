/*
 * The link table of module "wasi_snapshot_preview1" (wasi.h): names and
 * wasm types from the WASI preview1 specification. Each entry goes
 * through a wrapper that ends with process_check_kill, as the syscall
 * table's entries do, so that a kill requested during the call takes
 * effect before compiled code runs again.
 */
#include "kernel/process.h"
#include "kernel/wasi/wasi_impl.h"

#define KILLABLE(ret, name, params, args)                                                          \
    static ret killable_##name params {                                                            \
        ret result_ = wasi_##name args;                                                          \
        process_check_kill();                                                                      \
        return result_;                                                                            \
    }

KILLABLE(int32_t, fd_write, (wasm_ctx_t * c, int32_t fd, guest_addr_t v, uint32_t n, guest_addr_t w),
         (c, fd, v, n, w))
KILLABLE(int32_t, fd_read, (wasm_ctx_t * c, int32_t fd, guest_addr_t v, uint32_t n, guest_addr_t r),
         (c, fd, v, n, r))
KILLABLE(int32_t, fd_close, (wasm_ctx_t * c, int32_t fd), (c, fd))
KILLABLE(int32_t, fd_seek, (wasm_ctx_t * c, int32_t fd, int64_t o, int32_t wh, guest_addr_t r),
         (c, fd, o, wh, r))
KILLABLE(int32_t, fd_fdstat_get, (wasm_ctx_t * c, int32_t fd, guest_addr_t s), (c, fd, s))
KILLABLE(int32_t, args_sizes_get, (wasm_ctx_t * c, guest_addr_t a, guest_addr_t b), (c, a, b))
KILLABLE(int32_t, args_get, (wasm_ctx_t * c, guest_addr_t a, guest_addr_t b), (c, a, b))
KILLABLE(int32_t, environ_sizes_get, (wasm_ctx_t * c, guest_addr_t a, guest_addr_t b), (c, a, b))
KILLABLE(int32_t, environ_get, (wasm_ctx_t * c, guest_addr_t a, guest_addr_t b), (c, a, b))
KILLABLE(int32_t, clock_time_get, (wasm_ctx_t * c, int32_t id, int64_t p, guest_addr_t t),
         (c, id, p, t))
KILLABLE(int32_t, random_get, (wasm_ctx_t * c, guest_addr_t b, uint32_t n), (c, b, n))

#define I32 WASM_I32
#define I64 WASM_I64

const struct syscall_def wasi_table[] = {
    {"fd_write", (const void *)killable_fd_write, 4, 1, {I32, I32, I32, I32, I32}},
    {"fd_read", (const void *)killable_fd_read, 4, 1, {I32, I32, I32, I32, I32}},
    {"fd_close", (const void *)killable_fd_close, 1, 1, {I32, I32}},
    {"fd_seek", (const void *)killable_fd_seek, 4, 1, {I32, I64, I32, I32, I32}},
    {"fd_fdstat_get", (const void *)killable_fd_fdstat_get, 2, 1, {I32, I32, I32}},
    {"args_sizes_get", (const void *)killable_args_sizes_get, 2, 1, {I32, I32, I32}},
    {"args_get", (const void *)killable_args_get, 2, 1, {I32, I32, I32}},
    {"environ_sizes_get", (const void *)killable_environ_sizes_get, 2, 1, {I32, I32, I32}},
    {"environ_get", (const void *)killable_environ_get, 2, 1, {I32, I32, I32}},
    {"clock_time_get", (const void *)killable_clock_time_get, 3, 1, {I32, I64, I32, I32}},
    {"random_get", (const void *)killable_random_get, 2, 1, {I32, I32, I32}},
    {"proc_exit", (const void *)wasi_proc_exit, 1, 0, {I32}},
};

const size_t wasi_count = sizeof(wasi_table) / sizeof(wasi_table[0]);
