/*
 * Serial input through the real interrupt path: in loopback mode the
 * UART receives what it sends, raises IRQ 4, and the handler fills the
 * ring that serial_read drains.
 */
#include "arch/x86_64/serial.h"

#include "arch/x86_64/io.h"
#include "kernel/clock.h"
#include "kernel/thread.h"
#include "ktest.h"
#include "lib/string.h"

#define GIVE_UP_NS 1000000000ull

KTEST(serial, loopback_input_arrives_through_irq) {
    static const char msg[] = "ring0 says hi";
    char got[32];
    size_t n = 0;
    unsigned long irqs = serial_rx_interrupts();
    serial_set_loopback(true);
    serial_write(msg, sizeof(msg) - 1);
    uint64_t start = clock_ns();
    while (n < sizeof(msg) - 1 && clock_ns() - start < GIVE_UP_NS) {
        n += serial_read(got + n, sizeof(got) - n);
    }
    serial_set_loopback(false);
    KT_EXPECT_EQ(t, n, sizeof(msg) - 1);
    KT_EXPECT(t, memcmp(got, msg, n) == 0);
    KT_EXPECT(t, serial_rx_interrupts() > irqs);
    KT_EXPECT_EQ(t, serial_rx_overruns(), 0);
}

KTEST(serial, read_without_input_returns_nothing) {
    char c;
    KT_EXPECT_EQ(t, serial_read(&c, 1), 0);
}

struct blocked_reader {
    char got[4];
    volatile size_t n;
    volatile bool done;
};

static void read_one_blocking(void *arg) {
    struct blocked_reader *r = arg;
    r->n = serial_read_wait(r->got, sizeof(r->got));
    r->done = true;
}

KTEST(serial, read_wait_blocks_until_input_arrives) {
    static struct blocked_reader r;
    r.n = 0;
    r.done = false;
    KT_ASSERT(t, thread_create("reader", read_one_blocking, &r, THREAD_PRIO_NORMAL, 0) != NULL);
    thread_sleep_until(clock_ns() + 5000000ull);
    KT_EXPECT(t, !r.done); /* nothing to read yet: blocked */
    serial_set_loopback(true);
    serial_write("x", 1);
    uint64_t start = clock_ns();
    while (!r.done && clock_ns() - start < GIVE_UP_NS) {
        thread_sleep_until(clock_ns() + 1000000ull);
    }
    serial_set_loopback(false);
    KT_ASSERT(t, r.done);
    KT_EXPECT_EQ(t, r.n, 1);
    KT_EXPECT_EQ(t, r.got[0], 'x');
}
