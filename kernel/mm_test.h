/*
 * Kernel-test helper shared by the memory tests: run a function that is
 * expected to fault, with the fault report kept off the console.
 */
#ifndef RZ_KERNEL_MM_TEST_H
#define RZ_KERNEL_MM_TEST_H

#include <stdbool.h>

#include "arch/x86_64/fault.h"
#include "kernel/console.h"

/* Page-fault error code bits (Intel SDM vol. 3A, 4.7). */
#define PF_ERR_PRESENT 0x1u
#define PF_ERR_WRITE 0x2u
#define PF_ERR_FETCH 0x10u

/* True when fn(arg) faulted; *fc then describes the fault. */
static inline bool mm_test_faults(void (*fn)(void *), void *arg, struct fault_catch *fc) {
    static char report[4096];
    console_capture_begin(report, sizeof report);
    if (FAULT_TRY(fc)) {
        fn(arg);
        fault_catch_disarm();
        console_capture_end();
        return false;
    }
    console_capture_end();
    return true;
}

static inline void mm_test_read(void *p) {
    (void)*(volatile char *)p;
}

static inline void mm_test_write(void *p) {
    *(volatile char *)p = 1;
}

static inline void mm_test_call(void *p) {
    ((void (*)(void))p)();
}

#endif
