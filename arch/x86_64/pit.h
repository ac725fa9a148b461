/*
 * The 8254 PIT. Channel 2 (the speaker channel, whose gate software
 * controls) is the reference clock for calibration: it counts down from
 * 0xffff at PIT_HZ, and we read it with the latch command. Channel 0,
 * wired to ISA IRQ 0, gives a periodic tick independent of the APIC.
 */
#ifndef RZ_ARCH_PIT_H
#define RZ_ARCH_PIT_H

#include <stdbool.h>
#include <stdint.h>

#define PIT_HZ 1193182u
#define PIT_MAX_WINDOW 0xffffu /* ticks before the counter wraps (~54.9 ms) */

/* Starts channel 2 counting down from 0xffff (mode 0), speaker off; the
 * count is loaded when this returns. */
void pit_ch2_start(void);
uint16_t pit_ch2_read(void);
/* True once the count started by pit_ch2_start has reached zero. */
bool pit_ch2_expired(void);

/* Makes channel 0 raise IRQ 0 hz times a second (at least 19 Hz). */
void pit_ch0_periodic(unsigned hz);

#endif
