/* Running the in-kernel tests (cmdline `test` or `test=FILTER`). */
#ifndef RZ_KERNEL_KTEST_KERNEL_H
#define RZ_KERNEL_KTEST_KERNEL_H

#include <stdbool.h>

/* Set by kmain when the cmdline asks for tests: from then on panic and
 * unexpected faults leave QEMU with a failure status instead of halting. */
extern bool ktest_mode;

/* Runs every test matching filter, then exits QEMU with the verdict. */
_Noreturn void ktest_kernel_run(const char *filter);

/* Watchdog interrupts taken so far (IRQ 0, 20 Hz during the tests). */
unsigned long ktest_watchdog_ticks(void);

#endif
