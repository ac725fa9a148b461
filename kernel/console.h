/*
 * The kernel console: formatted output to the serial line, plus a capture
 * buffer with which a test can check what the kernel printed (for example
 * a fault report).
 *
 * The kernel writes the line itself until a driver takes the UART; then
 * its output goes to the log ring, which the driver drains (log_open,
 * log_read). docs/console.md says who owns the line when.
 */
#ifndef RZ_KERNEL_CONSOLE_H
#define RZ_KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/object.h"

void console_write(const char *s, size_t n);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

/*
 * While a capture is active, console output is also copied into buf (at
 * most size-1 bytes, always NUL-terminated). Captures do not nest.
 * console_capture_end returns the number of bytes stored.
 */
void console_capture_begin(char *buf, size_t size);
size_t console_capture_end(void);

/*
 * The driver process owner (not NULL) has claimed COM1: the kernel stops
 * taking serial input (IRQ 4 becomes free for the driver) and its output
 * goes to the log ring from now on. Requires: preemption disabled.
 */
void console_hand_over(const void *owner);

/*
 * owner's claim is released: if it owned the line, the kernel writes out
 * what the ring holds, then writes directly again and takes serial input
 * back. Nothing when owner never owned it. Requires: preemption disabled,
 * as for every claim and release (kernel/driver.h), so no new owner can
 * arrive halfway; the price is that a full ring (64 KiB, 5.7 s at 115200
 * baud on a real line) is written out without a thread switch.
 */
void console_take_back(const void *owner);

/* Panic and power-off: the kernel writes the line from now on, whoever
 * owns it, after writing out what the ring holds (the owner keeps its
 * claim and IRQ 4 until console_take_back). Works with interrupts off. */
void console_take_over(void);

/*
 * A new reference to the log object for caller: RZ_OK, or
 * RZ_ERR_ACCESS_DENIED unless caller owns the line (console_hand_over).
 */
int console_log_open(const void *caller, struct kobject **out);

/* Takes up to cap bytes of the log ring into out; *lost gets the bytes
 * dropped before them since the previous read. Returns how many. */
size_t console_log_read(char *out, size_t cap, uint32_t *lost);

#endif
