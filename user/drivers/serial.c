/*
 * serial: the 16550 UART on COM1 as the system console (docs/console.md).
 *
 * It registers the service `console` and serves every connection as one
 * console: what a client writes goes out on the line, and what is typed
 * goes to one client, the most recent connection still open (so a shell
 * started later takes the keyboard, and an earlier one gets it back when
 * the later one leaves). It also drains the kernel log (log_open): the
 * kernel writes into a ring while this driver owns COM1.
 *
 * Lines are kept whole: kernel log text waits while a client's line is
 * unfinished (a prompt, a line being typed), for at most LOG_HOLD_NS
 * after the client's last output; then it starts on a line of its own.
 *
 * A BREAK on the line makes the driver trap on purpose: init restarts it,
 * and the clients connect again. That is the operator's way to restart
 * the console, and the boot test's way to check that it comes back.
 *
 * Output polls the transmitter (LSR.THRE) and fills its 16-byte FIFO;
 * input arrives by IRQ 4 on an interrupt object.
 */
#include <stdbool.h>

#include "abi/errors.h"
#include "abi/signals.h"
#include "lib/fmt.h"
#include "lib/uart16550.h"
#include "rz/clients.h"
#include "rz/manifest.h"
#include "rz/portio.h"
#include "rz/rz.h"

#define COM1 0x3f8
#define COM1_PORTS 8
#define COM1_IRQ 4
RZ_MANIFEST_PORTS(COM1, COM1_PORTS, RZ_ACCESS_RW);
RZ_MANIFEST_IRQ(COM1_IRQ);

#define SERVICE "console"
#define CLIENTS_MAX 8
#define MSGS_PER_WAKE 8 /* a chatty client does not starve the others */
#define LOG_HOLD_NS 100000000ull

static struct {
    rz_handle_t irq, log, listener;
    rz_clients_t clients; /* by connection order: the last gets input */
    bool line_open;       /* a client's output left the line unfinished */
    uint64_t line_out_ns; /* when a client last wrote */
} s = {.clients = {.max = CLIENTS_MAX}};

static char out_buf[RZ_CONSOLE_MSG_MAX];

/* ---------------------------------------------------------------- the UART */

static void uart_init(void) {
    rz_out8(COM1 + UART_IER, 0);
    rz_out8(COM1 + UART_LCR, LCR_DLAB);
    rz_out8(COM1 + UART_DATA, BAUD_DIVISOR & 0xff);
    rz_out8(COM1 + UART_IER, BAUD_DIVISOR >> 8);
    rz_out8(COM1 + UART_LCR, LCR_8N1);
    rz_out8(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
    rz_out8(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
    while ((rz_in8(COM1 + UART_LSR) & LSR_DATA_READY) != 0) {
        (void)rz_in8(COM1 + UART_DATA);
    }
    rz_out8(COM1 + UART_IER, IER_RX_AVAILABLE);
}

/* Writes bytes, '\n' as CR LF; each time THRE shows an empty FIFO it
 * takes up to UART_TX_FIFO bytes. */
static void uart_write(const char *p, uint32_t n) {
    uint32_t room = 0;
    for (uint32_t i = 0; i < n; i++) {
        for (int k = p[i] == '\n' ? 2 : 1; k > 0; k--) {
            while (room == 0) {
                room = (rz_in8(COM1 + UART_LSR) & LSR_THR_EMPTY) ? UART_TX_FIFO : 0;
            }
            rz_out8(COM1 + UART_DATA, k == 2 ? '\r' : (uint8_t)p[i]);
            room--;
        }
    }
}

/* ---------------------------------------------------------------- clients */

/* Connections arrived on the listener. */
static void accept_clients(void) {
    int32_t err;
    while ((err = rz_clients_accept(&s.clients, s.listener)) != RZ_ERR_SHOULD_WAIT) {
        if (err == RZ_ERR_NO_RESOURCES) {
            rz_printf("serial: %d consoles already; connection refused\n", CLIENTS_MAX);
        } else if (err != RZ_OK) {
            return;
        }
    }
}

/* Writes what client i queued (a few messages at most); false when the
 * client is gone or broke the protocol, so that it is dropped. */
static bool client_output(unsigned i) {
    for (int m = 0; m < MSGS_PER_WAKE; m++) {
        uint32_t nb, nh;
        int32_t err =
            rz_channel_read(s.clients.channels[i], out_buf, sizeof out_buf, 0, 0, &nb, &nh);
        if (err == RZ_ERR_SHOULD_WAIT) {
            return true;
        }
        if (err != RZ_OK) {
            return false; /* closed, or a message with handles or too long */
        }
        if (nb > 0) {
            uart_write(out_buf, nb);
            s.line_open = out_buf[nb - 1] != '\n';
            s.line_out_ns = rz_clock_get();
        }
    }
    return true;
}

/* Typed bytes go to the newest client; with no client, or when its
 * queue is full, they are dropped (a console does not block its keyboard). */
static void deliver_input(const char *p, uint32_t n) {
    if (s.clients.count > 0) {
        (void)rz_channel_write(s.clients.channels[s.clients.count - 1], p, n, 0, 0);
    }
}

/* Drains the receive FIFO. A BREAK is the restart request (see the top). */
static void uart_input(void) {
    char in[RZ_CONSOLE_INPUT_MAX];
    uint32_t n = 0;
    for (;;) {
        uint32_t lsr = rz_in8(COM1 + UART_LSR);
        if ((lsr & LSR_BREAK) != 0) {
            __builtin_trap();
        }
        if ((lsr & LSR_DATA_READY) == 0) {
            break;
        }
        in[n++] = (char)rz_in8(COM1 + UART_DATA);
        if (n == sizeof in) {
            deliver_input(in, n);
            n = 0;
        }
    }
    if (n > 0) {
        deliver_input(in, n);
    }
}

/* ---------------------------------------------------------------- the kernel log */

/* Whether kernel log text must wait for a client's line to end. */
static bool log_held(uint64_t now) {
    return s.line_open && now - s.line_out_ns < LOG_HOLD_NS;
}

static void log_drain(void) {
    for (;;) {
        uint32_t n, lost;
        if (rz_log_read(s.log, out_buf, sizeof out_buf, &n, &lost) != RZ_OK ||
            (n == 0 && lost == 0)) {
            return;
        }
        if (s.line_open) {
            uart_write("\n", 1);
            s.line_open = false;
        }
        if (lost != 0) {
            char note[64];
            int len =
                fmt_snprintf(note, sizeof note, "[kernel log: %u bytes lost]\n", (unsigned)lost);
            uart_write(note, (uint32_t)len);
        }
        uart_write(out_buf, n);
    }
}

/* ---------------------------------------------------------------- the loop */

enum { ITEM_IRQ, ITEM_LISTENER, ITEM_LOG, ITEM_CLIENTS };

static int32_t serve(void) {
    rz_wait_item_t items[ITEM_CLIENTS + CLIENTS_MAX];
    for (;;) {
        uint64_t now = rz_clock_get();
        bool held = log_held(now);
        if (!held) {
            log_drain();
        }
        items[ITEM_IRQ] = (rz_wait_item_t){s.irq, RZ_SIG_SIGNALED, 0, 0};
        items[ITEM_LISTENER] = (rz_wait_item_t){s.listener, RZ_SIG_READABLE, 0, 0};
        /* While held, the log is not watched; the deadline ends the hold. */
        items[ITEM_LOG] = (rz_wait_item_t){s.log, held ? 0 : RZ_SIG_READABLE, 0, 0};
        rz_clients_wait_items(&s.clients, items + ITEM_CLIENTS);
        uint64_t deadline = held ? s.line_out_ns + LOG_HOLD_NS : RZ_TIME_INFINITE;
        unsigned watched = s.clients.count; /* accept_clients adds after them */
        int32_t err = rz_wait_many(items, ITEM_CLIENTS + watched, deadline);
        if (err != RZ_OK && err != RZ_ERR_TIMED_OUT) {
            return err;
        }
        if (items[ITEM_IRQ].observed & RZ_SIG_SIGNALED) {
            uart_input();
            rz_interrupt_ack(s.irq);
            uart_input(); /* what arrived before the unmask raises no new edge */
        }
        if (items[ITEM_LISTENER].observed & RZ_SIG_READABLE) {
            accept_clients();
        }
        /* From the last: dropping a client moves the ones after it. */
        for (unsigned i = watched; i-- > 0;) {
            if ((items[ITEM_CLIENTS + i].observed & (RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED)) != 0 &&
                !client_output(i)) {
                rz_clients_drop(&s.clients, i);
            }
        }
    }
}

int main(void) {
    int32_t err = rz_log_open(&s.log);
    if (err == RZ_OK) {
        log_drain();
        uart_init();
        err = rz_interrupt_create(COM1_IRQ, &s.irq);
    }
    if (err == RZ_OK) {
        err = rz_service_register(SERVICE, sizeof SERVICE - 1, &s.listener);
    }
    if (err != RZ_OK) {
        rz_printf("serial: cannot start: %s\n", rz_error_name(err));
        return err;
    }
    return serve();
}
