/*
 * Time. clock_ns() is a monotonic nanosecond clock counting from kernel
 * entry, read from the TSC without locks or interrupts. Timer interrupts
 * (periodic and one-shot) are arch/x86_64/lapic.h's.
 */
#ifndef RZ_KERNEL_CLOCK_H
#define RZ_KERNEL_CLOCK_H

#include <stdint.h>

/* Measures the TSC and the local APIC timer against the PIT and starts
 * the HPET when ACPI has one. Needs irq_init (the local APIC). */
void clock_init(void);

uint64_t clock_ns(void);

/* Converts a TSC interval to nanoseconds. */
uint64_t clock_tsc_to_ns(uint64_t ticks);
uint64_t clock_tsc_hz(void);

#endif
