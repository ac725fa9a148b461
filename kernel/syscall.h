/*
 * The syscalls a process can import from module "rz", and the kernel
 * functions behind them. Each is a plain C function taking the caller's
 * instance context first; compiled code calls it directly.
 *
 * This is the process tier's own small table (exit, debug_write) until the
 * table generated from include/abi/syscalls.def replaces it; the loader
 * only needs a name, a signature and a function per entry.
 */
#ifndef RZ_KERNEL_SYSCALL_H
#define RZ_KERNEL_SYSCALL_H

#include <stdint.h>

#include "compile/ctx.h"

/* Status codes (the values of include/abi/errors.h's RZ_OK and
 * RZ_ERR_OUT_OF_BOUNDS, which the generated table will use). */
#define SYS_OK 0
#define SYS_ERR_OUT_OF_BOUNDS (-6)

struct syscall_def {
    const char *name;
    /* wasm signature: one letter per parameter (i = i32, I = i64), then
     * ':' and the result letters, e.g. "ii:i" */
    const char *signature;
    const void *fn;
};

extern const struct syscall_def syscall_table[];
extern const unsigned syscall_count;

/* Ends the calling process with `status`; does not return. */
void sys_exit(wasm_ctx_t *ctx, int32_t status);
/* Writes guest bytes [ptr, ptr + len) to the console. SYS_OK, or
 * SYS_ERR_OUT_OF_BOUNDS when the range leaves linear memory. */
int32_t sys_debug_write(wasm_ctx_t *ctx, uint32_t ptr, uint32_t len);

#endif
