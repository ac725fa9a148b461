/*
 * WASI preview1 ("wasi_snapshot_preview1") for programs built with
 * Debian's clang and wasi-libc, unchanged: the kernel implements the
 * functions such a program imports over its own services. The loader
 * links imports of module WASI_MODULE through wasi_table, exactly as it
 * links "rz" imports through the syscall table: a plain call from compiled
 * code, the instance context first.
 *
 * What there is: stdout and stderr (fds 1 and 2) write to the process's
 * console and stdin (fd 0) reads it; argv is the program's name, then
 * the arguments it was spawned with, and the environment is empty; the
 * monotonic clock is clock_ns(); random bytes come from RDRAND, or from
 * a TSC-seeded generator on CPUs without it; proc_exit ends the process.
 * Every guest pointer and length is checked (EFAULT), every fd (EBADF).
 */
#ifndef RZ_KERNEL_WASI_WASI_H
#define RZ_KERNEL_WASI_WASI_H

#include <stddef.h>

#include "kernel/syscall_table.h"

#define WASI_MODULE "wasi_snapshot_preview1"

/* WASI errno values (the subset returned here). */
#define WASI_ESUCCESS 0
#define WASI_EBADF 8
#define WASI_EFAULT 21
#define WASI_EINTR 27
#define WASI_EINVAL 28
#define WASI_ENOMEM 48
#define WASI_ENOTSUP 58
#define WASI_EPIPE 64
#define WASI_ESPIPE 70

/* Console file descriptors. */
#define WASI_FD_STDIN 0
#define WASI_FD_STDOUT 1
#define WASI_FD_STDERR 2

extern const struct syscall_def wasi_table[];
extern const size_t wasi_count;

/* The WASI errno for a kernel error of a guest-memory check. */
int32_t wasi_errno(int rz_err);

#endif
