/* The test watchdog's clock: PIT IRQ 0, which the MADT routes to GSI 2. */
#include "kernel/ktest_kernel.h"

#include "arch/x86_64/io.h"
#include "kernel/clock.h"
#include "ktest.h"

KTEST(ktest_kernel, watchdog_irq0_ticks) {
    unsigned long before = ktest_watchdog_ticks();
    uint64_t start = clock_ns();
    /* 20 Hz: 300 ms should bring about six ticks; ask for two. */
    while (ktest_watchdog_ticks() - before < 2 && clock_ns() - start < 2000000000ull) {
        cpu_relax();
    }
    uint64_t elapsed = clock_ns() - start;
    KT_EXPECT(t, ktest_watchdog_ticks() - before >= 2);
    /* Two ticks cannot come sooner than one period apart. */
    KT_EXPECT(t, elapsed >= 50000000ull - 1000000ull);
}
