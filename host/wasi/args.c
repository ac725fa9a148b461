/* args_* and environ_*: NUL-terminated strings copied into the guest. */
#include <string.h>

#include "wasi/wasi.h"

/* Writes `n` pointers at guest `list` and the strings at guest `buf`. */
static uint32_t put_strings(wasm_ctx_t *ctx, char **strings, int n, uint32_t list, uint32_t buf) {
    uint64_t at = buf;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(strings[i]) + 1;
        uint64_t slot = list + 4ull * (uint64_t)i;
        if (at > UINT32_MAX || slot > UINT32_MAX) {
            return WASI_EFAULT;
        }
        uint8_t *dst = wasi_guest(ctx, (uint32_t)at, len);
        if (dst == NULL || wasi_put_u32(ctx, (uint32_t)slot, (uint32_t)at) != 0) {
            return WASI_EFAULT;
        }
        memcpy(dst, strings[i], len);
        at += len;
    }
    return WASI_ESUCCESS;
}

static uint32_t put_sizes(wasm_ctx_t *ctx, char **strings, int n, uint32_t count_ptr,
                          uint32_t size_ptr) {
    uint64_t size = 0;
    for (int i = 0; i < n; i++) {
        size += strlen(strings[i]) + 1;
    }
    if (size > UINT32_MAX) {
        return WASI_E2BIG;
    }
    uint32_t e = wasi_put_u32(ctx, count_ptr, (uint32_t)n);
    return e ? e : wasi_put_u32(ctx, size_ptr, (uint32_t)size);
}

uint32_t wasi_args_get(wasm_ctx_t *ctx, uint32_t argv, uint32_t buf) {
    wasi_t *w = wasi_state();
    return put_strings(ctx, w->argv, w->argc, argv, buf);
}

uint32_t wasi_args_sizes_get(wasm_ctx_t *ctx, uint32_t argc_ptr, uint32_t size_ptr) {
    wasi_t *w = wasi_state();
    return put_sizes(ctx, w->argv, w->argc, argc_ptr, size_ptr);
}

uint32_t wasi_environ_get(wasm_ctx_t *ctx, uint32_t environ, uint32_t buf) {
    wasi_t *w = wasi_state();
    return put_strings(ctx, w->envp, w->envc, environ, buf);
}

uint32_t wasi_environ_sizes_get(wasm_ctx_t *ctx, uint32_t count_ptr, uint32_t size_ptr) {
    wasi_t *w = wasi_state();
    return put_sizes(ctx, w->envp, w->envc, count_ptr, size_ptr);
}
