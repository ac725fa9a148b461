/*
 * What the sys_* functions of the object layer share: the caller's
 * handle table, and returning a new handle through guest memory. The
 * prototypes of every sys_* function are generated from
 * include/abi/syscalls.def (build/gen/syscalls_kernel.h), so a definition
 * that drifts from the ABI does not compile.
 *
 * Every sys_* function decodes first (guest ranges, handles, rights,
 * argument domains; each failure a precise error and no side effect) and
 * then invokes a step that cannot fail halfway.
 */
#ifndef RZ_KERNEL_SYS_H
#define RZ_KERNEL_SYS_H

#include "kernel/guest.h"
#include "kernel/handle.h"
#include "syscalls_kernel.h"

/* The handle table of the process calling through ctx. */
struct handle_table *sys_handles(wasm_ctx_t *ctx);

/*
 * Gives the caller a handle to obj and writes it to out (a 4-byte guest
 * slot already checked by guest_range). Consumes the caller's reference
 * to obj in every case. Errors: RZ_ERR_NO_RESOURCES.
 */
int sys_give_handle(wasm_ctx_t *ctx, struct kobject *obj, uint32_t rights, void *out);

/*
 * Decodes the buffer of a syscall that reads bytes into guest memory: cap
 * bytes at bytes, where cap is 1 to max, and the 4-byte count at actual.
 * Sets *buf and *count to their kernel addresses. Errors, in this order:
 * RZ_ERR_INVALID_ARGS (cap is 0), RZ_ERR_OUT_OF_RANGE (cap > max), then
 * guest_range's for the buffer and for the count.
 */
int sys_read_buffer(wasm_ctx_t *ctx, guest_addr_t bytes, uint32_t cap, uint32_t max,
                    guest_addr_t actual, void **buf, void **count);

#endif
