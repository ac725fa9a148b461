/* Kernel log syscalls (docs/syscalls.md: log_open, log_read;
 * docs/console.md). */
#include "kernel/sys.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/console.h"
#include "kernel/param.h"
#include "kernel/process.h"
#include "lib/string.h"

int32_t sys_log_open(wasm_ctx_t *ctx, guest_addr_t out) {
    void *slot;
    struct kobject *obj;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), &slot);
    if (err == RZ_OK) {
        err = console_log_open(process_from_ctx(ctx), &obj);
    }
    if (err == RZ_OK) {
        err = sys_give_handle(ctx, obj, RZ_DEFAULT_LOG_RIGHTS, slot);
    }
    return err;
}

int32_t sys_log_read(wasm_ctx_t *ctx, rz_handle_t handle, guest_addr_t bytes, uint32_t bytes_cap,
                     guest_addr_t actual, guest_addr_t lost) {
    void *buf, *count, *dropped;
    struct kobject *obj;
    int err = sys_read_buffer(ctx, bytes, bytes_cap, KLOG_READ_MAX, actual, &buf, &count);
    if (err == RZ_OK) {
        err = guest_range(ctx, lost, sizeof(uint32_t), &dropped);
    }
    if (err == RZ_OK) {
        err = handle_get(sys_handles(ctx), handle, RZ_OBJ_LOG, RZ_RIGHT_READ, &obj, NULL);
    }
    if (err != RZ_OK) {
        return err;
    }
    uint32_t lost_count;
    uint32_t n = (uint32_t)console_log_read(buf, bytes_cap, &lost_count);
    memcpy(count, &n, sizeof n);
    memcpy(dropped, &lost_count, sizeof lost_count);
    kobject_unref(obj);
    return RZ_OK;
}
