/* Guest address checks and copies; see guest.h. */
#include "kernel/guest.h"

#include "abi/errors.h"
#include "lib/string.h"

int guest_range(wasm_ctx_t *ctx, guest_addr_t addr, uint64_t len, void **kptr) {
    uint8_t *p;
    if (!wasm_ctx_mem0_range(ctx, addr, len, &p)) {
        return RZ_ERR_OUT_OF_BOUNDS;
    }
    if (len > 0 && !guest_back(p, len)) {
        return RZ_ERR_NO_MEMORY;
    }
    *kptr = p;
    return RZ_OK;
}

int guest_pages(wasm_ctx_t *ctx, guest_addr_t addr, uint64_t len) {
    return wasm_ctx_mem0_inside(ctx, addr, len) ? RZ_OK : RZ_ERR_OUT_OF_BOUNDS;
}

int guest_array(wasm_ctx_t *ctx, guest_addr_t addr, uint64_t count, uint64_t elem, void **kptr) {
    if (elem != 0 && count > UINT64_MAX / elem) {
        return RZ_ERR_OUT_OF_BOUNDS;
    }
    return guest_range(ctx, addr, count * elem, kptr);
}

int guest_copy_in(wasm_ctx_t *ctx, void *dst, guest_addr_t src, uint64_t len) {
    void *p;
    int err = guest_range(ctx, src, len, &p);
    if (err == RZ_OK && len > 0) {
        memcpy(dst, p, len);
    }
    return err;
}

int guest_copy_out(wasm_ctx_t *ctx, guest_addr_t dst, const void *src, uint64_t len) {
    void *p;
    int err = guest_range(ctx, dst, len, &p);
    if (err == RZ_OK && len > 0) {
        memcpy(p, src, len);
    }
    return err;
}
