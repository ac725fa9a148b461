/* Frame-pointer backtraces (the kernel is built with -fno-omit-frame-pointer). */
#ifndef RZ_KERNEL_BACKTRACE_H
#define RZ_KERNEL_BACKTRACE_H

#include <stdint.h>

/* Prints `rip` and then the return addresses found by following the frame
 * chain from `rbp`, one symbolized line each. */
void backtrace_print(uint64_t rip, uint64_t rbp);

/* Backtrace of the caller. */
void backtrace_here(void);

#endif
