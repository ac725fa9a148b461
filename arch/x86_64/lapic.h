/*
 * The local APIC (xAPIC, memory-mapped, reached through the direct map):
 * interrupt acknowledgement and the per-CPU timer.
 */
#ifndef RZ_ARCH_LAPIC_H
#define RZ_ARCH_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/trap.h"

/* Enables the APIC at phys (from the MADT, or 0 for the MSR's address),
 * with the spurious vector VEC_SPURIOUS, all LVT entries masked. */
void lapic_init(uint64_t phys);

uint32_t lapic_id(void);
void lapic_eoi(void);

/* Sends this CPU an NMI through its interrupt command register. */
void lapic_send_nmi_self(void);

/* Timer. lapic_timer_calibrate must run first; it measures the timer
 * against the PIT (see clock.c, which shares the measurement window). */
void lapic_timer_set_rate(uint64_t ticks_per_second);
uint64_t lapic_timer_rate(void);

/* The timer's raw count-down register, for calibration. */
uint32_t lapic_timer_current(void);
/* Starts a free-running count from 0xffffffff, masked, for calibration. */
void lapic_timer_start_free_running(void);

/*
 * Arms the timer on VEC_LAPIC_TIMER: every period_ns (periodic) or once
 * after period_ns (one-shot); fn runs in interrupt context each time.
 * Replaces any earlier setting. lapic_timer_stop masks it.
 */
void lapic_timer_periodic(uint64_t period_ns, trap_handler_fn fn, void *ctx);
void lapic_timer_oneshot(uint64_t delay_ns, trap_handler_fn fn, void *ctx);
void lapic_timer_stop(void);

#endif
