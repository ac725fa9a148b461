/*
 * COM1 driver. Transmit polls LSR.THRE per byte: the console is for
 * humans and test logs, and polling keeps panic output working with
 * interrupts off. Receive is interrupt-driven: the IRQ handler drains the
 * UART FIFO into a single-producer/single-consumer ring, so readers never
 * touch the hardware, and wakes the threads waiting for input.
 */
#include "arch/x86_64/serial.h"

#include <stdint.h>

#include "arch/x86_64/io.h"
#include "arch/x86_64/irq.h"
#include "kernel/thread.h"
#include "kernel/waitq.h"
#include "lib/uart16550.h"

#define COM1 SERIAL_COM1_BASE
#define COM1_IRQ SERIAL_COM1_IRQ
#define RX_RING_SIZE 1024 /* a power of two */

/*
 * Receive ring. The IRQ handler is the only writer of head, readers the
 * only writers of tail; both are free-running counters.
 */
static struct {
    spinlock_t lock;       /* protects head, tail, buf and readers */
    char buf[RX_RING_SIZE];
    unsigned head, tail;
    struct waitq readers;  /* threads in serial_read_wait */
    unsigned long interrupts;
    unsigned long overruns;
} rx = {.lock = SPINLOCK_INIT("serial rx"), .readers = {LIST_INIT(rx.readers.waiters)}};

void serial_init(void) {
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DATA, BAUD_DIVISOR & 0xff);
    outb(COM1 + UART_IER, BAUD_DIVISOR >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
    outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
}

static void serial_putc(char c) {
    while ((inb(COM1 + UART_LSR) & LSR_THR_EMPTY) == 0) {
        cpu_relax();
    }
    outb(COM1 + UART_DATA, (uint8_t)c);
}

void serial_write(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            serial_putc('\r');
        }
        serial_putc(s[i]);
    }
}

static void serial_rx_irq(struct trap_frame *tf, void *ctx) {
    (void)tf;
    (void)ctx;
    rx.interrupts++;
    spin_lock(&rx.lock);
    while ((inb(COM1 + UART_LSR) & LSR_DATA_READY) != 0) {
        char c = (char)inb(COM1 + UART_DATA);
        if (rx.head - rx.tail == RX_RING_SIZE) {
            rx.overruns++;
            continue;
        }
        rx.buf[rx.head++ % RX_RING_SIZE] = c;
    }
    if (rx.head != rx.tail) {
        waitq_wake_all(&rx.readers, WAKE_OK);
    }
    spin_unlock(&rx.lock);
}

void serial_enable_rx_irq(void) {
    irq_register(COM1_IRQ, serial_rx_irq, NULL);
    /* Drop whatever arrived before we listened, then enable the interrupt. */
    while ((inb(COM1 + UART_LSR) & LSR_DATA_READY) != 0) {
        (void)inb(COM1 + UART_DATA);
    }
    outb(COM1 + UART_IER, IER_RX_AVAILABLE);
}

void serial_disable_rx_irq(void) {
    outb(COM1 + UART_IER, 0);
    irq_unregister(COM1_IRQ);
}

/* Requires: rx.lock. */
static size_t rx_take(char *buf, size_t max) {
    size_t n = 0;
    while (n < max && rx.tail != rx.head) {
        buf[n++] = rx.buf[rx.tail++ % RX_RING_SIZE];
    }
    return n;
}

size_t serial_read(char *buf, size_t max) {
    uint64_t flags = spin_lock_irqsave(&rx.lock);
    size_t n = rx_take(buf, max);
    spin_unlock_irqrestore(&rx.lock, flags);
    return n;
}

size_t serial_read_wait(char *buf, size_t max) {
    uint64_t flags = spin_lock_irqsave(&rx.lock);
    while (max > 0 && rx.tail == rx.head &&
           waitq_wait(&rx.readers, &rx.lock, DEADLINE_NEVER) != WAKE_KILLED) {
    }
    size_t n = rx_take(buf, max);
    spin_unlock_irqrestore(&rx.lock, flags);
    return n;
}

void serial_set_loopback(bool on) {
    outb(COM1 + UART_MCR, on ? (MCR_DTR_RTS_OUT2 | MCR_LOOP) : MCR_DTR_RTS_OUT2);
}

unsigned long serial_rx_interrupts(void) {
    return rx.interrupts;
}

unsigned long serial_rx_overruns(void) {
    return rx.overruns;
}
