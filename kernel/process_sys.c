/*
 * The process syscalls (include/abi/syscalls.def, owner process). Each
 * decodes every argument before acting, and ends with process_check_kill
 * when it returns into compiled code.
 */
#include "kernel/process.h"
#include "syscalls_kernel.h"

void sys_process_exit(wasm_ctx_t *ctx, int32_t status) {
    process_exit(process_from_ctx(ctx), status);
}
