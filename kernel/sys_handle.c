/* Syscalls on handles (docs/syscalls.md: handle_close, handle_duplicate,
 * handle_replace) and the helpers of sys.h. */
#include "kernel/sys.h"

#include "abi/errors.h"
#include "kernel/process.h"
#include "lib/string.h"

struct handle_table *sys_handles(wasm_ctx_t *ctx) {
    return &process_from_ctx(ctx)->handles;
}

int sys_give_handle(wasm_ctx_t *ctx, struct kobject *obj, uint32_t rights, void *out) {
    rz_handle_t h;
    int err = handle_alloc(sys_handles(ctx), obj, rights, &h);
    kobject_unref(obj);
    if (err == RZ_OK) {
        memcpy(out, &h, sizeof(h));
    }
    return err;
}

int sys_read_buffer(wasm_ctx_t *ctx, guest_addr_t bytes, uint32_t cap, uint32_t max,
                    guest_addr_t actual, void **buf, void **count) {
    if (cap == 0) {
        return RZ_ERR_INVALID_ARGS;
    }
    if (cap > max) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    int err = guest_range(ctx, bytes, cap, buf);
    if (err == RZ_OK) {
        err = guest_range(ctx, actual, sizeof(uint32_t), count);
    }
    return err;
}

int32_t sys_handle_close(wasm_ctx_t *ctx, rz_handle_t handle) {
    return handle_close(sys_handles(ctx), handle);
}

int32_t sys_handle_duplicate(wasm_ctx_t *ctx, rz_handle_t handle, uint32_t rights,
                             guest_addr_t out) {
    void *slot;
    rz_handle_t h;
    int err = guest_range(ctx, out, sizeof(h), &slot);
    if (err == RZ_OK) {
        err = handle_duplicate(sys_handles(ctx), handle, rights, &h);
    }
    if (err == RZ_OK) {
        memcpy(slot, &h, sizeof(h));
    }
    return err;
}

int32_t sys_handle_replace(wasm_ctx_t *ctx, rz_handle_t handle, uint32_t rights,
                           guest_addr_t out) {
    void *slot;
    rz_handle_t h;
    int err = guest_range(ctx, out, sizeof(h), &slot);
    if (err == RZ_OK) {
        err = handle_replace(sys_handles(ctx), handle, rights, &h);
    }
    if (err == RZ_OK) {
        memcpy(slot, &h, sizeof(h));
    }
    return err;
}
