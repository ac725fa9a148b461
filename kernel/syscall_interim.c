/*
 * The syscall link table until the one generated from
 * include/abi/syscalls.def (build/gen/syscall_table.c) is built into the
 * kernel: the same struct, names and signatures, for the syscalls the
 * process tests use. debug_write, clock_get and sleep_until belong to the
 * object layer; the versions here follow their syscalls.def entries and
 * go away with this file. process_exit is the process code's own
 * (kernel/process_sys.c).
 */
#include "abi/errors.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/guest.h"
#include "kernel/param.h"
#include "kernel/process.h"
#include "kernel/syscall_table.h"
#include "kernel/thread.h"
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

static uint64_t interim_clock_get(wasm_ctx_t *ctx) {
    return clock_ns();
}

static int32_t interim_sleep_until(wasm_ctx_t *ctx, uint64_t deadline) {
    thread_sleep_until(deadline);
    process_check_kill();
    return RZ_OK;
}

const struct syscall_def syscall_table[] = {
    {"clock_get", (const void *)interim_clock_get, 0, 1, {WASM_I64}},
    {"sleep_until", (const void *)interim_sleep_until, 1, 1, {WASM_I64, WASM_I32}},
    {"debug_write", (const void *)interim_debug_write, 2, 1, {WASM_I32, WASM_I32, WASM_I32}},
    {"process_exit", (const void *)sys_process_exit, 1, 0, {WASM_I32}},
};

const size_t syscall_count = sizeof(syscall_table) / sizeof(syscall_table[0]);
