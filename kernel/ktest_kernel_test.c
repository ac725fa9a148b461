/* The test watchdog's clock: PIT IRQ 0, which the MADT routes to GSI 2. */
#include "kernel/ktest_kernel.h"

#include "arch/x86_64/io.h"
#include "kernel/clock.h"
#include "ktest.h"

/* Spins until `n` more ticks than `before` came, for at most 2 s. */
static unsigned long ticks_after(unsigned long before, unsigned long n) {
    uint64_t start = clock_ns();
    while (ktest_watchdog_ticks() - before < n && clock_ns() - start < 2000000000ull) {
        cpu_relax();
    }
    return ktest_watchdog_ticks();
}

/*
 * 20 Hz. A tick may come late (the host stalls QEMU), so the time from
 * any moment to the second tick after it can be shorter than a period.
 * A late tick does not move the next one, though (the PIT counts on),
 * so from a tick to the second after it is more than a period.
 */
KTEST(ktest_kernel, watchdog_irq0_ticks) {
    unsigned long first = ticks_after(ktest_watchdog_ticks(), 1);
    uint64_t start = clock_ns();
    unsigned long third = ticks_after(first, 2);
    uint64_t elapsed = clock_ns() - start;
    KT_EXPECT(t, third - first >= 2);
    KT_EXPECT(t, elapsed >= 50000000ull - 1000000ull);
}
