/*
 * The syscall link table until the one generated from
 * include/abi/syscalls.def (build/gen/syscall_table.c) can be linked,
 * which needs every syscall implemented. This table has the same rows for
 * the syscalls that are: the object layer's (kernel/sys_*.c) and the
 * process code's (kernel/process_sys.c), plus debug_write, whose object
 * layer version does not exist yet (the one here follows its syscalls.def
 * entry and goes away with this file).
 *
 * Every syscall ends with process_check_kill (the object layer's through a
 * wrapper; debug_write and the process syscalls themselves): a kill that
 * came while the caller was in the kernel takes effect when the call
 * returns instead of letting compiled code run on, which on one CPU no
 * interrupt might stop. The generated table needs the same
 * (docs/processes.md, section 4).
 */
#include "abi/errors.h"
#include "kernel/console.h"
#include "kernel/param.h"
#include "kernel/process.h"
#include "kernel/syscall_table.h"
#include "syscalls_kernel.h"

static int32_t interim_debug_write(wasm_ctx_t *ctx, guest_addr_t bytes, uint32_t num_bytes) {
    void *text;
    int err = num_bytes > DEBUG_WRITE_MAX ? RZ_ERR_OUT_OF_RANGE
                                          : guest_range(ctx, bytes, num_bytes, &text);
    if (err == RZ_OK) {
        console_write(text, num_bytes);
    }
    process_check_kill();
    return err;
}

/* sys_NAME with a kill check before it returns into compiled code. */
#define KILLABLE(name, params, args)                                                               \
    static int32_t killable_##name params {                                                        \
        int32_t status = sys_##name args;                                                          \
        process_check_kill();                                                                      \
        return status;                                                                             \
    }

KILLABLE(handle_close, (wasm_ctx_t * ctx, rz_handle_t h), (ctx, h))
KILLABLE(handle_duplicate, (wasm_ctx_t * ctx, rz_handle_t h, uint32_t r, guest_addr_t o),
         (ctx, h, r, o))
KILLABLE(handle_replace, (wasm_ctx_t * ctx, rz_handle_t h, uint32_t r, guest_addr_t o),
         (ctx, h, r, o))
KILLABLE(channel_create, (wasm_ctx_t * ctx, guest_addr_t o0, guest_addr_t o1), (ctx, o0, o1))
KILLABLE(channel_write,
         (wasm_ctx_t * ctx, rz_handle_t h, guest_addr_t b, uint32_t nb, guest_addr_t hs,
          uint32_t nh),
         (ctx, h, b, nb, hs, nh))
KILLABLE(channel_read,
         (wasm_ctx_t * ctx, rz_handle_t h, guest_addr_t b, uint32_t bc, guest_addr_t hs,
          uint32_t hc, guest_addr_t ab, guest_addr_t ah),
         (ctx, h, b, bc, hs, hc, ab, ah))
KILLABLE(event_create, (wasm_ctx_t * ctx, guest_addr_t o), (ctx, o))
KILLABLE(object_signal, (wasm_ctx_t * ctx, rz_handle_t h, uint32_t c, uint32_t s), (ctx, h, c, s))
KILLABLE(timer_create, (wasm_ctx_t * ctx, guest_addr_t o), (ctx, o))
KILLABLE(timer_set, (wasm_ctx_t * ctx, rz_handle_t h, uint64_t d), (ctx, h, d))
KILLABLE(timer_cancel, (wasm_ctx_t * ctx, rz_handle_t h), (ctx, h))
KILLABLE(wait_one, (wasm_ctx_t * ctx, rz_handle_t h, uint32_t s, uint64_t d, guest_addr_t o),
         (ctx, h, s, d, o))
KILLABLE(wait_many, (wasm_ctx_t * ctx, guest_addr_t i, uint32_t n, uint64_t d), (ctx, i, n, d))
KILLABLE(sleep_until, (wasm_ctx_t * ctx, uint64_t d), (ctx, d))

static uint64_t killable_clock_get(wasm_ctx_t *ctx) {
    uint64_t now = sys_clock_get(ctx);
    process_check_kill();
    return now;
}

static void killable_yield(wasm_ctx_t *ctx) {
    sys_yield(ctx);
    process_check_kill();
}

#define I32 WASM_I32
#define I64 WASM_I64

const struct syscall_def syscall_table[] = {
    {"handle_close", (const void *)killable_handle_close, 1, 1, {I32, I32}},
    {"handle_duplicate", (const void *)killable_handle_duplicate, 3, 1, {I32, I32, I32, I32}},
    {"handle_replace", (const void *)killable_handle_replace, 3, 1, {I32, I32, I32, I32}},
    {"channel_create", (const void *)killable_channel_create, 2, 1, {I32, I32, I32}},
    {"channel_write", (const void *)killable_channel_write, 5, 1,
     {I32, I32, I32, I32, I32, I32}},
    {"channel_read", (const void *)killable_channel_read, 7, 1,
     {I32, I32, I32, I32, I32, I32, I32, I32}},
    {"event_create", (const void *)killable_event_create, 1, 1, {I32, I32}},
    {"object_signal", (const void *)killable_object_signal, 3, 1, {I32, I32, I32, I32}},
    {"timer_create", (const void *)killable_timer_create, 1, 1, {I32, I32}},
    {"timer_set", (const void *)killable_timer_set, 2, 1, {I32, I64, I32}},
    {"timer_cancel", (const void *)killable_timer_cancel, 1, 1, {I32, I32}},
    {"wait_one", (const void *)killable_wait_one, 4, 1, {I32, I32, I64, I32, I32}},
    {"wait_many", (const void *)killable_wait_many, 3, 1, {I32, I32, I64, I32}},
    {"clock_get", (const void *)killable_clock_get, 0, 1, {I64}},
    {"sleep_until", (const void *)killable_sleep_until, 1, 1, {I64, I32}},
    {"yield", (const void *)killable_yield, 0, 0, {0}},
    {"debug_write", (const void *)interim_debug_write, 2, 1, {I32, I32, I32}},
    {"process_spawn", (const void *)sys_process_spawn, 7, 1,
     {I32, I32, I32, I32, I32, I32, I32, I32}},
    {"process_kill", (const void *)sys_process_kill, 1, 1, {I32, I32}},
    {"process_exit", (const void *)sys_process_exit, 1, 0, {I32}},
};

const size_t syscall_count = sizeof(syscall_table) / sizeof(syscall_table[0]);
