/*
 * The 8254 PIT, used only as a reference clock for calibration: channel 2
 * (the speaker channel, whose gate software controls) counts down from
 * 0xffff at PIT_HZ, and we read it with the latch command.
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

#endif
