/*
 * 16550 UART on COM1. Output polls the transmitter; input arrives by IRQ 4
 * into a ring buffer (serial_read). Loopback mode lets a test feed its own
 * bytes through the real receive-interrupt path.
 */
#ifndef RZ_ARCH_SERIAL_H
#define RZ_ARCH_SERIAL_H

#include <stdbool.h>
#include <stddef.h>

/* COM1's eight registers, and its ISA IRQ. */
#define SERIAL_COM1_BASE 0x3f8
#define SERIAL_COM1_PORTS 8
#define SERIAL_COM1_IRQ 4

/* Programs 115200 8N1 with FIFOs; output works after this returns. */
void serial_init(void);

/* Routes IRQ 4 to the receive handler; needs the I/O APIC (irq_init). */
void serial_enable_rx_irq(void);

/* Turns the receive interrupt off and frees IRQ 4 (for a driver that
 * takes the UART); bytes already in the ring stay readable. */
void serial_disable_rx_irq(void);

void serial_write(const char *s, size_t n);

/* Takes up to max received bytes from the ring buffer; never blocks. */
size_t serial_read(char *buf, size_t max);

/* The same, but blocks the calling thread until there is at least one
 * byte. Returns 0 only when max is 0 or the thread is killed. */
size_t serial_read_wait(char *buf, size_t max);

/* Internal loopback: what we send comes back as received input. */
void serial_set_loopback(bool on);

/* Receive interrupts taken, and bytes dropped because the ring was full. */
unsigned long serial_rx_interrupts(void);
unsigned long serial_rx_overruns(void);

#endif
