/*
 * Console output. Every byte goes to the serial port. One console_write
 * runs with interrupts disabled, and kprintf formats into a line-sized
 * buffer before writing, so a message from an interrupt handler is not
 * spliced into the middle of another one. The price is interrupt latency
 * of one message's transmit time on a real UART; the console is for
 * diagnostics, not bulk output.
 */
#include "kernel/console.h"

#include "arch/x86_64/io.h"
#include "arch/x86_64/serial.h"
#include "lib/fmt.h"
#include "lib/string.h"

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

#define KPRINTF_CHUNK 256

struct kprintf_buf {
    char buf[KPRINTF_CHUNK];
    size_t used;
};

/* Collects output; writes to the console only when the buffer is full. */
static void kprintf_sink(void *ctx, const char *s, size_t n) {
    struct kprintf_buf *b = ctx;
    while (n > 0) {
        if (b->used == sizeof(b->buf)) {
            console_write(b->buf, b->used);
            b->used = 0;
        }
        size_t room = sizeof(b->buf) - b->used;
        size_t take = n < room ? n : room;
        memcpy(b->buf + b->used, s, take);
        b->used += take;
        s += take;
        n -= take;
    }
}

void kvprintf(const char *fmt, va_list ap) {
    struct kprintf_buf b;
    b.used = 0;
    fmt_vformat(kprintf_sink, &b, fmt, ap);
    console_write(b.buf, b.used);
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
