/*
 * Console output, and who owns the serial line (docs/console.md).
 *
 * The kernel owns COM1 from boot until a driver claims the UART's ports
 * (kernel/driver.c calls console_hand_over): from then on kprintf appends
 * to the log ring (kernel/klog.h), signals the log object, and the
 * driver drains the ring with log_read between its clients' output. When
 * the driver ends, console_take_back gives the line to the kernel again:
 * what the ring still holds is written out first, then output is direct.
 * Panic and power-off take the line back the same way whoever owns it.
 *
 * One console_write runs with interrupts disabled, and kprintf formats
 * into a line-sized buffer before writing, so a message from an interrupt
 * handler is not spliced into the middle of another one. Written directly,
 * the price is interrupt latency of one message's transmit time on a real
 * UART; the direct console is for diagnostics, not bulk output.
 */
#include "kernel/console.h"

#include "abi/errors.h"
#include "abi/signals.h"
#include "abi/types.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/serial.h"
#include "kernel/klog.h"
#include "kernel/panic.h"
#include "lib/fmt.h"
#include "lib/string.h"

static struct {
    char *buf; /* NULL when no capture is active */
    size_t size;
    size_t used;
} capture;

static void log_destroy(struct kobject *obj) {
    (void)obj;
    panic("the kernel log object lost the kernel's own reference");
}

static const struct kobject_ops log_ops = {.destroy = log_destroy};

/*
 * The serial line's owner and the log ring. Locks: interrupts off (one
 * CPU) for owner, direct and ring; the object's signals under kobject_lock.
 */
static struct {
    const void *owner; /* the driver's process that claimed COM1, or NULL */
    bool direct;       /* the kernel writes the line (no owner, or taken over) */
    struct klog_ring ring;
    struct kobject obj; /* RZ_SIG_READABLE while the ring holds bytes */
} klog = {.direct = true, .obj = {.type = RZ_OBJ_LOG, .refcount = 1, .ops = &log_ops}};

void console_write(const char *s, size_t n) {
    uint64_t flags = irq_save();
    if (!klog.direct) {
        klog_ring_put(&klog.ring, s, n);
        kobject_signal(&klog.obj, 0, RZ_SIG_READABLE);
    } else {
        serial_write(s, n);
    }
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

/* Takes up to cap bytes of the ring; clears the signal once it is empty. */
static size_t log_take(char *out, size_t cap, uint32_t *lost) {
    uint64_t flags = irq_save();
    size_t n = klog_ring_take(&klog.ring, out, cap, lost);
    if (klog_ring_used(&klog.ring) == 0) {
        kobject_signal(&klog.obj, RZ_SIG_READABLE, 0);
    }
    irq_restore(flags);
    return n;
}

/*
 * Writes the ring to the line until it is empty, then makes the kernel
 * write directly: a message printed meanwhile joins the ring and is written in
 * its turn, so the order stays. Each chunk is written with interrupts on
 * unless the caller had them off (panic). It leaves the log object's
 * signal alone (a panic may have struck inside kobject_lock); the next
 * hand-over sets it right.
 */
static void flush_and_write_directly(void) {
    char chunk[KPRINTF_CHUNK];
    for (;;) {
        uint32_t lost;
        uint64_t flags = irq_save();
        size_t n = klog_ring_take(&klog.ring, chunk, sizeof chunk, &lost);
        if (n == 0 && lost == 0) {
            klog.direct = true;
            irq_restore(flags);
            return;
        }
        irq_restore(flags);
        if (lost != 0) {
            char note[64];
            int len = fmt_snprintf(note, sizeof note, "\n[kernel log: %u bytes lost]\n", lost);
            serial_write(note, (size_t)len < sizeof note ? (size_t)len : sizeof note - 1);
        }
        serial_write(chunk, n);
    }
}

void console_hand_over(const void *owner) {
    uint64_t flags = irq_save();
    klog.owner = owner;
    klog.direct = false;
    kobject_signal(&klog.obj, RZ_SIG_READABLE, 0); /* the kernel left the ring empty */
    irq_restore(flags);
    serial_disable_rx_irq();
}

void console_take_back(const void *owner) {
    if (klog.owner != owner || owner == NULL) {
        return;
    }
    serial_init(); /* the driver may have left it in any mode */
    flush_and_write_directly();
    klog.owner = NULL;
    if (irq_available(SERIAL_COM1_IRQ)) {
        serial_enable_rx_irq();
    } else {
        kprintf("console: IRQ %u still in use; no kernel serial input\n", SERIAL_COM1_IRQ);
    }
}

void console_take_over(void) {
    flush_and_write_directly();
}

int console_log_open(const void *caller, struct kobject **out) {
    uint64_t flags = irq_save();
    bool owner = caller != NULL && caller == klog.owner;
    irq_restore(flags);
    if (!owner) {
        return RZ_ERR_ACCESS_DENIED;
    }
    kobject_ref(&klog.obj);
    *out = &klog.obj;
    return RZ_OK;
}

size_t console_log_read(char *out, size_t cap, uint32_t *lost) {
    return log_take(out, cap, lost);
}
