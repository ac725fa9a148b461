/*
 * The kernel side of ktest: KTAP goes to the console, and the verdict
 * leaves through QEMU's exit device so the host sees it as an exit status.
 */
#include "kernel/ktest_kernel.h"

#include "arch/x86_64/qemu_exit.h"
#include "kernel/console.h"
#include "ktest.h"

bool ktest_mode;

void ktest_vprintf(const char *fmt, va_list ap) {
    kvprintf(fmt, ap);
}

_Noreturn void ktest_kernel_run(const char *filter) {
    int failed = ktest_run_all(filter);
    kprintf("# kernel tests: %d failed\n", failed);
    qemu_exit(failed == 0 ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}
