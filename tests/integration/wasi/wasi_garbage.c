/*
 * Hostile WASI calls: garbage pointers, lengths and descriptors straight
 * to the imports (wasi-libc's __wasi_* declarations). Each must fail with
 * the right errno and nothing else; prints "wasi_garbage: ok NAME" or
 * "... not ok NAME (got E)" per check, then "done N checks, F failed",
 * and exits with F.
 */
#include <stdint.h>
#include <stdio.h>
#include <wasi/api.h>

static int checks, failed;

static void expect(const char *name, int got, int want) {
    checks++;
    if (got == want) {
        printf("wasi_garbage: ok %s\n", name);
    } else {
        failed++;
        printf("wasi_garbage: not ok %s (got %d, want %d)\n", name, got, want);
    }
}

#define FAR ((void *)(uintptr_t)0xfffff000u)

int main(void) {
    __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
    __wasi_ciovec_t far_iov = {FAR, 16};
    __wasi_size_t n = 0;
    expect("fd_write_bad_fd", __wasi_fd_write(99, &iov, 1, &n), __WASI_ERRNO_BADF);
    expect("fd_write_stdin", __wasi_fd_write(0, &iov, 1, &n), __WASI_ERRNO_BADF);
    expect("fd_write_far_iovs", __wasi_fd_write(1, FAR, 4, &n), __WASI_ERRNO_FAULT);
    expect("fd_write_far_buffer", __wasi_fd_write(1, &far_iov, 1, &n), __WASI_ERRNO_FAULT);
    expect("fd_write_far_nwritten", __wasi_fd_write(1, &iov, 1, FAR), __WASI_ERRNO_FAULT);
    expect("fd_write_too_many_iovs", __wasi_fd_write(1, &iov, 100000, &n), __WASI_ERRNO_INVAL);
    expect("fd_write_empty", __wasi_fd_write(1, &iov, 0, &n), 0);
    expect("fd_write_empty_wrote_zero", (int)n, 0);
    expect("fd_seek_console", __wasi_fd_seek(1, 0, __WASI_WHENCE_SET, (void *)&n),
           __WASI_ERRNO_SPIPE);
    expect("fd_close_bad_fd", __wasi_fd_close(1234), __WASI_ERRNO_BADF);
    expect("fdstat_far", __wasi_fd_fdstat_get(1, FAR), __WASI_ERRNO_FAULT);
    __wasi_timestamp_t ts;
    expect("clock_bad_id", __wasi_clock_time_get(77, 0, &ts), __WASI_ERRNO_INVAL);
    expect("clock_far", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, FAR),
           __WASI_ERRNO_FAULT);
    expect("random_far", __wasi_random_get(FAR, 64), __WASI_ERRNO_FAULT);
    expect("random_wrapping", __wasi_random_get((void *)(uintptr_t)0xfffffff0u, 0x20),
           __WASI_ERRNO_FAULT);
    __wasi_size_t argc;
    expect("args_sizes_far", __wasi_args_sizes_get(&argc, FAR), __WASI_ERRNO_FAULT);
    expect("args_far", __wasi_args_get(FAR, FAR), __WASI_ERRNO_FAULT);
    printf("wasi_garbage: done %d checks, %d failed\n", checks, failed);
    return failed;
}
