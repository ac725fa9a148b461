/*
 * The process syscalls (see syscall.h). Arguments are decoded (checked)
 * before anything happens; a guest range is checked against the current
 * memory size with 64-bit arithmetic, which cannot overflow for two 32-bit
 * values.
 */
#include "kernel/syscall.h"

#include "kernel/console.h"
#include "kernel/process.h"

const struct syscall_def syscall_table[] = {
    {"exit", "i:", (const void *)sys_exit},
    {"debug_write", "ii:i", (const void *)sys_debug_write},
};
const unsigned syscall_count = sizeof syscall_table / sizeof syscall_table[0];

void sys_exit(wasm_ctx_t *ctx, int32_t status) {
    process_exit(process_from_ctx(ctx), status);
}

int32_t sys_debug_write(wasm_ctx_t *ctx, uint32_t ptr, uint32_t len) {
    if ((uint64_t)ptr + len > ctx->mem0_size) {
        return SYS_ERR_OUT_OF_BOUNDS;
    }
    console_write((const char *)ctx->mem0_base + ptr, len);
    return SYS_OK;
}
