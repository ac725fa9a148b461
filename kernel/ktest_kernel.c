/*
 * The kernel side of ktest: KTAP goes to the console, and the verdict
 * leaves through QEMU's exit device so the host sees it as an exit status.
 *
 * A watchdog on the PIT's IRQ 0 (independent of the APIC timer the tests
 * use) ends a run that takes longer than KTEST_BUDGET_S: it prints where
 * the kernel was and exits with failure, so a hung test costs seconds and
 * names the place it hung, instead of running into the stage's timeout.
 * It cannot catch a hang with interrupts disabled.
 */
#include "kernel/ktest_kernel.h"

#include "arch/x86_64/irq.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/qemu_exit.h"
#include "kernel/backtrace.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "ktest.h"

#define KTEST_BUDGET_S 120 /* below the kernel stage's 180 s in the Makefile */
#define WATCHDOG_HZ 20

bool ktest_mode;

static struct {
    volatile unsigned long ticks;
    uint64_t deadline_ns;
} watchdog;

void ktest_vprintf(const char *fmt, va_list ap) {
    kvprintf(fmt, ap);
}

static void watchdog_tick(struct trap_frame *tf, void *ctx) {
    (void)ctx;
    watchdog.ticks++;
    if (clock_ns() < watchdog.deadline_ns) {
        return;
    }
    console_take_over(); /* QEMU ends here: what the log ring holds first */
    kprintf("\nktest watchdog: tests still running after %d s; interrupted at:\n",
            KTEST_BUDGET_S);
    backtrace_print(tf->rip, tf->rbp);
    qemu_exit(QEMU_EXIT_FAILURE);
}

unsigned long ktest_watchdog_ticks(void) {
    return watchdog.ticks;
}

_Noreturn void ktest_kernel_run(const char *filter) {
    watchdog.deadline_ns = clock_ns() + KTEST_BUDGET_S * 1000000000ull;
    irq_register(0, watchdog_tick, NULL);
    pit_ch0_periodic(WATCHDOG_HZ);
    int failed = ktest_run_all(filter);
    kprintf("# kernel tests: %d failed\n", failed);
    console_take_over(); /* QEMU ends here: what the log ring holds first */
    qemu_exit(failed == 0 ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
}
