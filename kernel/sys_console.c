/*
 * console_read (include/abi/syscalls.def): what a program such as the
 * shell reads from the serial console. Decoded whole before it blocks; the
 * wait is the serial driver's and ends early when the process is killed.
 */
#include "abi/errors.h"
#include "arch/x86_64/serial.h"
#include "kernel/guest.h"
#include "kernel/param.h"
#include "lib/string.h"
#include "syscalls_kernel.h"

int32_t sys_console_read(wasm_ctx_t *ctx, guest_addr_t bytes, uint32_t bytes_cap,
                         guest_addr_t actual) {
    void *buf, *count;
    if (bytes_cap == 0) {
        return RZ_ERR_INVALID_ARGS;
    }
    if (bytes_cap > CONSOLE_READ_MAX) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    int err = guest_range(ctx, bytes, bytes_cap, &buf);
    if (err == RZ_OK) {
        err = guest_range(ctx, actual, sizeof(uint32_t), &count);
    }
    if (err != RZ_OK) {
        return err;
    }
    /* Guest memory only grows, so the ranges stay valid while blocked. */
    uint32_t n = (uint32_t)serial_read_wait(buf, bytes_cap);
    if (n == 0) {
        return RZ_ERR_CANCELED; /* killed: the caller's kill check ends it */
    }
    memcpy(count, &n, sizeof(n));
    return RZ_OK;
}
