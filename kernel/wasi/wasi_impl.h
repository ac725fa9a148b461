/*
 * The WASI functions the kernel implements (wasi.h), as the table in
 * wasi_table.c calls them. Each returns a WASI errno, except proc_exit.
 */
#ifndef RZ_KERNEL_WASI_WASI_IMPL_H
#define RZ_KERNEL_WASI_WASI_IMPL_H

#include <stdint.h>

#include "kernel/guest.h"
#include "kernel/wasi/wasi.h"

int32_t wasi_fd_write(wasm_ctx_t *ctx, int32_t fd, guest_addr_t iovs, uint32_t iovs_len,
                      guest_addr_t nwritten);
int32_t wasi_fd_read(wasm_ctx_t *ctx, int32_t fd, guest_addr_t iovs, uint32_t iovs_len,
                     guest_addr_t nread);
int32_t wasi_fd_close(wasm_ctx_t *ctx, int32_t fd);
int32_t wasi_fd_seek(wasm_ctx_t *ctx, int32_t fd, int64_t offset, int32_t whence,
                     guest_addr_t newoffset);
int32_t wasi_fd_fdstat_get(wasm_ctx_t *ctx, int32_t fd, guest_addr_t stat);

int32_t wasi_args_sizes_get(wasm_ctx_t *ctx, guest_addr_t argc, guest_addr_t buf_size);
int32_t wasi_args_get(wasm_ctx_t *ctx, guest_addr_t argv, guest_addr_t buf);
int32_t wasi_environ_sizes_get(wasm_ctx_t *ctx, guest_addr_t count, guest_addr_t buf_size);
int32_t wasi_environ_get(wasm_ctx_t *ctx, guest_addr_t environ, guest_addr_t buf);
int32_t wasi_clock_time_get(wasm_ctx_t *ctx, int32_t id, int64_t precision, guest_addr_t time);
int32_t wasi_random_get(wasm_ctx_t *ctx, guest_addr_t buf, uint32_t len);
_Noreturn void wasi_proc_exit(wasm_ctx_t *ctx, int32_t status);

#endif
