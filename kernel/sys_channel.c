/* Channel syscalls (docs/syscalls.md: channel_create, channel_write,
 * channel_read): guest memory and handles decoded, then kernel/channel.c. */
#include "kernel/sys.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/channel.h"
#include "lib/string.h"

int32_t sys_channel_create(wasm_ctx_t *ctx, guest_addr_t out0, guest_addr_t out1) {
    void *s0, *s1;
    int err = guest_range(ctx, out0, sizeof(rz_handle_t), &s0);
    if (err == RZ_OK) {
        err = guest_range(ctx, out1, sizeof(rz_handle_t), &s1);
    }
    struct kobject *a, *b;
    if (err == RZ_OK) {
        err = channel_create(&a, &b);
    }
    if (err != RZ_OK) {
        return err;
    }
    struct handle_table *tab = sys_handles(ctx);
    rz_handle_t h0;
    err = handle_alloc(tab, a, RZ_DEFAULT_CHANNEL_RIGHTS, &h0);
    kobject_unref(a);
    if (err != RZ_OK) {
        kobject_unref(b);
        return err;
    }
    err = sys_give_handle(ctx, b, RZ_DEFAULT_CHANNEL_RIGHTS, s1);
    if (err != RZ_OK) {
        handle_close(tab, h0);
        return err;
    }
    memcpy(s0, &h0, sizeof(h0));
    return RZ_OK;
}

int32_t sys_channel_write(wasm_ctx_t *ctx, rz_handle_t handle, guest_addr_t bytes,
                          uint32_t num_bytes, guest_addr_t handles, uint32_t num_handles) {
    if (!channel_sizes_ok(num_bytes, num_handles)) {
        return RZ_ERR_OUT_OF_RANGE;
    }
    void *kbytes, *khandles;
    int err = guest_range(ctx, bytes, num_bytes, &kbytes);
    if (err == RZ_OK) {
        err = guest_array(ctx, handles, num_handles, sizeof(rz_handle_t), &khandles);
    }
    if (err != RZ_OK) {
        return err;
    }
    /* A private copy: other threads of the process may change guest memory. */
    rz_handle_t hs[RZ_CHANNEL_MAX_HANDLES];
    if (num_handles > 0) {
        memcpy(hs, khandles, num_handles * sizeof(rz_handle_t));
    }
    struct handle_table *tab = sys_handles(ctx);
    struct kobject *ep;
    err = handle_get(tab, handle, RZ_OBJ_CHANNEL, RZ_RIGHT_WRITE, &ep, NULL);
    if (err != RZ_OK) {
        return err;
    }
    err = channel_write(tab, ep, kbytes, num_bytes, hs, num_handles);
    kobject_unref(ep);
    return err;
}

int32_t sys_channel_read(wasm_ctx_t *ctx, rz_handle_t handle, guest_addr_t bytes,
                         uint32_t bytes_cap, guest_addr_t handles, uint32_t handles_cap,
                         guest_addr_t actual_bytes, guest_addr_t actual_handles) {
    void *kbytes, *khandles, *kactual_bytes, *kactual_handles;
    int err = guest_range(ctx, bytes, bytes_cap, &kbytes);
    if (err == RZ_OK) {
        err = guest_array(ctx, handles, handles_cap, sizeof(rz_handle_t), &khandles);
    }
    if (err == RZ_OK) {
        err = guest_range(ctx, actual_bytes, sizeof(uint32_t), &kactual_bytes);
    }
    if (err == RZ_OK) {
        err = guest_range(ctx, actual_handles, sizeof(uint32_t), &kactual_handles);
    }
    if (err != RZ_OK) {
        return err;
    }
    struct handle_table *tab = sys_handles(ctx);
    struct kobject *ep;
    err = handle_get(tab, handle, RZ_OBJ_CHANNEL, RZ_RIGHT_READ, &ep, NULL);
    if (err != RZ_OK) {
        return err;
    }
    uint32_t nb = 0, nh = 0;
    err = channel_read(tab, ep, kbytes, bytes_cap, khandles, handles_cap, &nb, &nh);
    kobject_unref(ep);
    if (err == RZ_OK || err == RZ_ERR_BUFFER_TOO_SMALL) {
        memcpy(kactual_bytes, &nb, sizeof(nb));
        memcpy(kactual_handles, &nh, sizeof(nh));
    }
    return err;
}
