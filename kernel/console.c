/*
 * Console output. Every byte goes to the serial port, with interrupts
 * disabled for the duration of one console_write so that an interrupt
 * handler's message is not spliced into the middle of another line.
 */
#include "kernel/console.h"

#include "arch/x86_64/io.h"
#include "arch/x86_64/serial.h"
#include "lib/fmt.h"

static struct {
    char *buf; /* NULL when no capture is active */
    size_t size;
    size_t used;
} capture;

void console_write(const char *s, size_t n) {
    uint64_t flags = irq_save();
    serial_write(s, n);
    for (size_t i = 0; capture.buf != 0 && i < n && capture.used + 1 < capture.size; i++) {
        capture.buf[capture.used++] = s[i];
        capture.buf[capture.used] = '\0';
    }
    irq_restore(flags);
}

static void console_sink(void *ctx, const char *s, size_t n) {
    (void)ctx;
    console_write(s, n);
}

void kvprintf(const char *fmt, va_list ap) {
    fmt_vformat(console_sink, 0, fmt, ap);
}

void kprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

void console_capture_begin(char *buf, size_t size) {
    uint64_t flags = irq_save();
    capture.buf = size > 0 ? buf : 0;
    capture.size = size;
    capture.used = 0;
    if (size > 0) {
        buf[0] = '\0';
    }
    irq_restore(flags);
}

size_t console_capture_end(void) {
    uint64_t flags = irq_save();
    size_t used = capture.used;
    capture.buf = 0;
    irq_restore(flags);
    return used;
}
