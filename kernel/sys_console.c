/*
 * The console syscalls (include/abi/syscalls.def): console_attach,
 * console_write, console_read. What a console is, and the path without
 * one, are in kernel/process_console.h. Each call decodes its guest
 * ranges whole before it blocks; guest memory only grows, so they stay
 * valid while it waits.
 */
#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/param.h"
#include "kernel/process.h"
#include "kernel/process_console.h"
#include "kernel/sys.h"
#include "lib/string.h"

int32_t sys_console_attach(wasm_ctx_t *ctx, rz_handle_t handle) {
    struct process *p = process_from_ctx(ctx);
    if (handle == RZ_HANDLE_INVALID) {
        process_console_set(p, NULL);
        return RZ_OK;
    }
    struct kobject *ep;
    int err = handle_get(&p->handles, handle, RZ_OBJ_CHANNEL, RZ_RIGHT_READ | RZ_RIGHT_WRITE,
                         &ep, NULL);
    if (err != RZ_OK) {
        return err;
    }
    /* The slot's handle count is taken before the handle goes, so the
     * server never sees the endpoint without one. Another thread may have
     * closed or moved the handle since handle_get: then nothing moves. */
    kobject_handle_added(ep);
    if (handle_close(&p->handles, handle) != RZ_OK) {
        kobject_handle_dropped(ep);
        kobject_unref(ep);
        return RZ_ERR_BAD_HANDLE;
    }
    process_console_set(p, ep);
    return RZ_OK;
}

int32_t sys_console_write(wasm_ctx_t *ctx, guest_addr_t bytes, uint32_t num_bytes) {
    void *text;
    int err = guest_range(ctx, bytes, num_bytes, &text);
    if (err != RZ_OK) {
        return err;
    }
    return process_console_write(process_from_ctx(ctx), text, num_bytes);
}

int32_t sys_console_read(wasm_ctx_t *ctx, guest_addr_t bytes, uint32_t bytes_cap,
                         guest_addr_t actual) {
    void *buf, *count;
    int err = sys_read_buffer(ctx, bytes, bytes_cap, CONSOLE_READ_MAX, actual, &buf, &count);
    if (err != RZ_OK) {
        return err;
    }
    /* Read into a kernel buffer: the console copies under its locks
     * (process_console_read), where a fault on guest memory must not be. */
    char kbuf[CONSOLE_READ_MAX];
    uint32_t n;
    err = process_console_read(process_from_ctx(ctx), kbuf, bytes_cap, &n);
    if (err == RZ_OK) {
        memcpy(buf, kbuf, n);
        memcpy(count, &n, sizeof(n));
    }
    return err;
}
