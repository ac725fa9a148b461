/*
 * TSC clock and timer calibration. In one window of about 40 ms of PIT
 * channel 2 time, we read the TSC, the PIT and the local APIC timer count
 * at both ends, and derive the TSC and APIC timer rates.
 *
 * Each end is a "bracketed" sample: TSC, then PIT and APIC, then TSC
 * again; of several tries the one with the narrowest bracket wins, and its
 * midpoint stands for the instant. That keeps the error at the edges to a
 * few microseconds even under an emulator (TCG) whose port accesses are
 * slow and whose thread can be descheduled at any moment: a preempted
 * sample has a wide bracket and loses.
 *
 * The PIT counter is 16 bits and wraps after 55 ms, and a descheduled
 * vCPU can sleep through a wrap. The window is therefore measured from a
 * fresh count of 0xffff, and after its end we check the channel's output
 * pin, which in mode 0 rises when the count reaches zero and stays high:
 * if it did, the window is thrown away and measured again.
 */
#include "kernel/clock.h"

#include "arch/x86_64/hpet.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/pit.h"
#include "kernel/boot_info.h"
#include "kernel/console.h"
#include "kernel/panic.h"

#define CALIBRATION_PIT_TICKS (PIT_HZ / 50) /* 20 ms, well inside PIT_MAX_WINDOW */
#define SAMPLE_TRIES 8
#define WINDOW_TRIES 10
_Static_assert(CALIBRATION_PIT_TICKS < PIT_MAX_WINDOW / 2, "leave room for a late end sample");

static struct {
    uint64_t tsc_hz;
    uint64_t ns_per_tick; /* 32.32 fixed point */
    uint64_t tsc_base;
    bool invariant; /* CPUID: constant rate in every power state */
} clk;

struct sample {
    uint64_t tsc;     /* midpoint of the bracket */
    uint64_t bracket; /* TSC ticks the readings took */
    uint16_t pit;
    uint32_t lapic;
};

static struct sample sample_now(void) {
    struct sample best = {.bracket = UINT64_MAX};
    for (int i = 0; i < SAMPLE_TRIES; i++) {
        uint64_t t0 = rdtsc();
        uint16_t pit = pit_ch2_read();
        uint32_t lapic = lapic_timer_current();
        uint64_t t1 = rdtsc();
        if (t1 - t0 < best.bracket) {
            best = (struct sample){t0 + (t1 - t0) / 2, t1 - t0, pit, lapic};
        }
    }
    return best;
}

static uint64_t tsc_read(void) {
    uint32_t lo, hi;
    /* lfence keeps rdtsc from running ahead of earlier instructions. */
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

/*
 * One calibration window from a to b. Returns false when the PIT count
 * reached zero, so that a wrap may have gone unseen.
 */
static bool measure_window(struct sample *a, struct sample *b) {
    pit_ch2_start();
    lapic_timer_start_free_running();
    *a = sample_now();
    while ((uint16_t)(a->pit - pit_ch2_read()) < CALIBRATION_PIT_TICKS && !pit_ch2_expired()) {
        cpu_relax();
    }
    *b = sample_now();
    return !pit_ch2_expired();
}

void clock_init(void) {
    clk.invariant = (cpuid(0x80000007, 0).edx & (1u << 8)) != 0;
    clk.tsc_base = boot_info.tsc_at_entry;

    struct sample a, b;
    int tries = 0;
    uint64_t flags = irq_save();
    while (!measure_window(&a, &b)) {
        if (++tries == WINDOW_TRIES) {
            panic("clock: no undisturbed %u ms calibration window in %d tries",
                  CALIBRATION_PIT_TICKS * 1000 / PIT_HZ, WINDOW_TRIES);
        }
    }
    irq_restore(flags);

    uint64_t pit_ticks = (uint16_t)(a.pit - b.pit);
    clk.tsc_hz = (b.tsc - a.tsc) * PIT_HZ / pit_ticks;
    if (clk.tsc_hz < 1000000) {
        panic("clock: TSC runs at %llu Hz?", (unsigned long long)clk.tsc_hz);
    }
    clk.ns_per_tick = (1000000000ull << 32) / clk.tsc_hz;
    lapic_timer_set_rate((uint64_t)(a.lapic - b.lapic) * PIT_HZ / pit_ticks);

    bool hpet = hpet_init();
    kprintf("clock: TSC %llu kHz%s, APIC timer %llu kHz, HPET %s\n",
            (unsigned long long)(clk.tsc_hz / 1000), clk.invariant ? " invariant" : "",
            (unsigned long long)(lapic_timer_rate() / 1000), hpet ? "present" : "absent");
}

uint64_t clock_tsc_to_ns(uint64_t ticks) {
    return (uint64_t)(((unsigned __int128)ticks * clk.ns_per_tick) >> 32);
}

uint64_t clock_ns(void) {
    return clock_tsc_to_ns(tsc_read() - clk.tsc_base);
}

uint64_t clock_tsc_hz(void) {
    return clk.tsc_hz;
}
