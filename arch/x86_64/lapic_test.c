/*
 * Local APIC timer, through real interrupts. Lower bounds are exact
 * (a timer that fires early is miscalibrated); upper bounds are loose,
 * because an emulator thread may be descheduled for a while.
 */
#include "arch/x86_64/lapic.h"

#include "arch/x86_64/io.h"
#include "kernel/clock.h"
#include "ktest.h"

#define PERIOD_NS 2000000ull /* 2 ms */
#define PERIODIC_TICKS 10
#define ONESHOT_NS 5000000ull
#define GIVE_UP_NS 2000000000ull
/* Slack for reading the clock before arming and inside the handler. */
#define EARLY_SLACK_NS 200000ull

struct timer_log {
    volatile unsigned count;
    volatile uint64_t last_ns;
};

static void timer_tick(struct trap_frame *tf, void *ctx) {
    struct timer_log *log = ctx;
    (void)tf;
    log->last_ns = clock_ns();
    log->count++;
}

/* Busy-waits (not hlt: a broken timer must not hang the test). */
static void wait_for(struct timer_log *log, unsigned count, uint64_t start) {
    while (log->count < count && clock_ns() - start < GIVE_UP_NS) {
        cpu_relax();
    }
}

KTEST(lapic, periodic_timer_fires_at_its_period) {
    struct timer_log log = {0, 0};
    uint64_t start = clock_ns();
    lapic_timer_periodic(PERIOD_NS, timer_tick, &log);
    wait_for(&log, PERIODIC_TICKS, start);
    lapic_timer_stop();
    unsigned fired = log.count;
    uint64_t elapsed = log.last_ns - start;
    ktest_log("%u ticks in %llu us", fired, (unsigned long long)(elapsed / 1000));
    KT_ASSERT(t, fired >= PERIODIC_TICKS);
    KT_EXPECT(t, elapsed + EARLY_SLACK_NS >= PERIODIC_TICKS * PERIOD_NS);
}

KTEST(lapic, oneshot_timer_fires_once) {
    struct timer_log log = {0, 0};
    uint64_t start = clock_ns();
    lapic_timer_oneshot(ONESHOT_NS, timer_tick, &log);
    wait_for(&log, 1, start);
    KT_ASSERT(t, log.count == 1);
    uint64_t fired_after = log.last_ns - start;
    /* Wait four more delays: a one-shot timer must stay quiet. */
    uint64_t quiet_start = clock_ns();
    while (clock_ns() - quiet_start < 4 * ONESHOT_NS) {
        cpu_relax();
    }
    lapic_timer_stop();
    ktest_log("fired after %llu us", (unsigned long long)(fired_after / 1000));
    KT_EXPECT_EQ(t, log.count, 1);
    KT_EXPECT(t, fired_after + EARLY_SLACK_NS >= ONESHOT_NS);
}

KTEST(lapic, timer_rate_is_plausible) {
    /* QEMU's APIC bus runs at 1 GHz and real ones at tens of MHz or more;
     * we divide by 16. */
    KT_EXPECT(t, lapic_timer_rate() >= 1000000);
    KT_EXPECT(t, lapic_timer_rate() < (1ull << 32));
}
