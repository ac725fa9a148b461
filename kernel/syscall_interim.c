/*
 * The syscall link table until the one generated from
 * include/abi/syscalls.def (build/gen/syscall_table.c) can be linked,
 * which needs every syscall implemented. This table has the same rows for
 * the syscalls that are: the object layer's (kernel/sys_*.c) and the
 * process code's (kernel/process_sys.c), plus debug_write, whose object
 * layer version does not exist yet (the one here follows its syscalls.def
 * entry and goes away with this file).
 *
 * The syscalls that block go through a wrapper that ends with
 * process_check_kill (and debug_write ends with it): a kill that woke a
 * thread blocked in the kernel takes effect when the call returns instead
 * of letting compiled code run on. The generated table needs the same for
 * every syscall (docs/processes.md, section 4).
 */
#include "abi/errors.h"
#include "kernel/console.h"
#include "kernel/param.h"
#include "kernel/process.h"
#include "kernel/syscall_table.h"
#include "syscalls_kernel.h"

static int32_t interim_debug_write(wasm_ctx_t *ctx, guest_addr_t bytes, uint32_t num_bytes) {
    void *text;
    if (num_bytes > DEBUG_WRITE_MAX) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    int err = guest_range(ctx, bytes, num_bytes, &text);
    if (err != RZ_OK) {
        return err;
    }
    console_write(text, num_bytes);
    process_check_kill();
    return RZ_OK;
}

static int32_t killable_sleep_until(wasm_ctx_t *ctx, uint64_t deadline) {
    int32_t r = sys_sleep_until(ctx, deadline);
    process_check_kill();
    return r;
}

static void killable_yield(wasm_ctx_t *ctx) {
    sys_yield(ctx);
    process_check_kill();
}

static int32_t killable_wait_one(wasm_ctx_t *ctx, rz_handle_t handle, uint32_t signals,
                                 uint64_t deadline, guest_addr_t observed) {
    int32_t r = sys_wait_one(ctx, handle, signals, deadline, observed);
    process_check_kill();
    return r;
}

static int32_t killable_wait_many(wasm_ctx_t *ctx, guest_addr_t items, uint32_t count,
                                  uint64_t deadline) {
    int32_t r = sys_wait_many(ctx, items, count, deadline);
    process_check_kill();
    return r;
}

#define I32 WASM_I32
#define I64 WASM_I64

const struct syscall_def syscall_table[] = {
    {"handle_close", (const void *)sys_handle_close, 1, 1, {I32, I32}},
    {"handle_duplicate", (const void *)sys_handle_duplicate, 3, 1, {I32, I32, I32, I32}},
    {"handle_replace", (const void *)sys_handle_replace, 3, 1, {I32, I32, I32, I32}},
    {"channel_create", (const void *)sys_channel_create, 2, 1, {I32, I32, I32}},
    {"channel_write", (const void *)sys_channel_write, 5, 1, {I32, I32, I32, I32, I32, I32}},
    {"channel_read", (const void *)sys_channel_read, 7, 1,
     {I32, I32, I32, I32, I32, I32, I32, I32}},
    {"event_create", (const void *)sys_event_create, 1, 1, {I32, I32}},
    {"object_signal", (const void *)sys_object_signal, 3, 1, {I32, I32, I32, I32}},
    {"timer_create", (const void *)sys_timer_create, 1, 1, {I32, I32}},
    {"timer_set", (const void *)sys_timer_set, 2, 1, {I32, I64, I32}},
    {"timer_cancel", (const void *)sys_timer_cancel, 1, 1, {I32, I32}},
    {"wait_one", (const void *)killable_wait_one, 4, 1, {I32, I32, I64, I32, I32}},
    {"wait_many", (const void *)killable_wait_many, 3, 1, {I32, I32, I64, I32}},
    {"clock_get", (const void *)sys_clock_get, 0, 1, {I64}},
    {"sleep_until", (const void *)killable_sleep_until, 1, 1, {I64, I32}},
    {"yield", (const void *)killable_yield, 0, 0, {0}},
    {"debug_write", (const void *)interim_debug_write, 2, 1, {I32, I32, I32}},
    {"process_spawn", (const void *)sys_process_spawn, 7, 1, {I32, I32, I32, I32, I32, I32, I32, I32}},
    {"process_kill", (const void *)sys_process_kill, 1, 1, {I32, I32}},
    {"process_exit", (const void *)sys_process_exit, 1, 0, {I32}},
};

const size_t syscall_count = sizeof(syscall_table) / sizeof(syscall_table[0]);
