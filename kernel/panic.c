/*
 * panic: the one way the kernel gives up. Prints the message and a
 * backtrace of the caller, then stops. In test mode it exits QEMU with a
 * failure status so that a test run reports the failure instead of
 * hanging until its timeout.
 */
#include "kernel/panic.h"

#include <stdarg.h>
#include <stdbool.h>

#include "arch/x86_64/qemu_exit.h"
#include "kernel/backtrace.h"
#include "kernel/console.h"
#include "kernel/ktest_kernel.h"

_Noreturn void kernel_halt(void) {
    if (ktest_mode) {
        qemu_exit(QEMU_EXIT_FAILURE);
    }
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

_Noreturn void panic(const char *fmt, ...) {
    static bool panicking;
    va_list ap;
    __asm__ volatile("cli");
    if (panicking) {
        /* The report itself failed; say so without formatting anything. */
        static const char msg[] = "\npanic while panicking\n";
        console_write(msg, sizeof(msg) - 1);
        kernel_halt();
    }
    panicking = true;
    console_take_over();
    kprintf("\npanic: ");
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    backtrace_here();
    kernel_halt();
}
