/*
 * The kernel console: formatted output to the serial line, plus a capture
 * buffer with which a test can check what the kernel printed (for example
 * a fault report).
 */
#ifndef RZ_KERNEL_CONSOLE_H
#define RZ_KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

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

#endif
