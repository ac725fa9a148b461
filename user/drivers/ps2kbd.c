/*
 * ps2kbd: the PS/2 keyboard behind the i8042 controller (ports 0x60 and
 * 0x64, IRQ 1, all declared in its manifest). It sets the controller up
 * itself (the kernel never touches it): both ports off, the output buffer
 * drained, the controller's self-test, translation to scan code set 1 on,
 * the keyboard reset; then takes IRQ 1 as an interrupt object and turns
 * the keyboard's interrupt on.
 *
 * It registers the service `kbd`. Every key typed becomes bytes
 * (ps2kbd/keymap.c) sent to every connected client, as messages of 1..256
 * bytes; a client whose queue is full misses those bytes rather than
 * holding up the others. What clients write is read and dropped.
 * docs/drivers.md.
 */
#include <stdbool.h>

#include "abi/errors.h"
#include "abi/signals.h"
#include "rz/clients.h"
#include "rz/manifest.h"
#include "rz/portio.h"
#include "rz/rz.h"
#include "user/drivers/ps2kbd/keymap.h"

RZ_MANIFEST_PORTS(0x60, 1, RZ_ACCESS_RW);
RZ_MANIFEST_PORTS(0x64, 1, RZ_ACCESS_RW);
RZ_MANIFEST_IRQ(1);

#define KBD_SERVICE "kbd"
#define KBD_IRQ 1
#define I8042_DATA 0x60
#define I8042_STATUS 0x64  /* read */
#define I8042_COMMAND 0x64 /* write */

#define STATUS_OUTPUT_FULL 0x01u
#define STATUS_INPUT_FULL 0x02u
#define STATUS_AUX 0x20u /* the output byte is from the second (mouse) port */

#define CMD_READ_CONFIG 0x20u
#define CMD_WRITE_CONFIG 0x60u
#define CMD_DISABLE_AUX 0xa7u
#define CMD_SELF_TEST 0xaau
#define CMD_DISABLE_KBD 0xadu
#define CMD_ENABLE_KBD 0xaeu
#define SELF_TEST_PASSED 0x55u

#define CONFIG_KBD_IRQ 0x01u
#define CONFIG_AUX_IRQ 0x02u
#define CONFIG_KBD_CLOCK_OFF 0x10u
#define CONFIG_TRANSLATE 0x40u

#define KBD_RESET 0xffu
#define KBD_ACK 0xfau
#define KBD_RESET_PASSED 0xaau

#define MS 1000000ull
#define CONTROLLER_WAIT_NS (100 * MS)
#define KBD_RESET_WAIT_NS (1000 * MS)
#define FLUSH_MAX 64 /* bytes drained from a stale output buffer at most */

#define MESSAGE_MAX 256
/* Wait items: the interrupt, the listener, then the clients. */
#define CLIENTS_MAX (RZ_WAIT_MANY_MAX - 2)

static rz_clients_t clients = {.max = CLIENTS_MAX};
static struct kbd_state keys;
static uint8_t msg_bytes[RZ_CHANNEL_MAX_BYTES];
static rz_handle_t msg_handles[RZ_CHANNEL_MAX_HANDLES];

/* Waits until the status bits in mask are all clear (set: false) or any
 * set (set: true), for at most ns. */
static bool wait_status(uint32_t mask, bool set, uint64_t ns) {
    uint64_t deadline = rz_clock_get() + ns;
    while (((rz_in8(I8042_STATUS) & mask) != 0) != set) {
        if (rz_clock_get() > deadline) {
            return false;
        }
        rz_yield();
    }
    return true;
}

static bool send_command(uint32_t cmd) {
    if (!wait_status(STATUS_INPUT_FULL, false, CONTROLLER_WAIT_NS)) {
        return false;
    }
    rz_out8(I8042_COMMAND, cmd);
    return true;
}

static bool send_data(uint32_t byte) {
    if (!wait_status(STATUS_INPUT_FULL, false, CONTROLLER_WAIT_NS)) {
        return false;
    }
    rz_out8(I8042_DATA, byte);
    return true;
}

/* The next byte from the controller or keyboard, or -1 after ns. */
static int read_data(uint64_t ns) {
    if (!wait_status(STATUS_OUTPUT_FULL, true, ns)) {
        return -1;
    }
    return (int)rz_in8(I8042_DATA);
}

static bool write_config(uint32_t config) {
    return send_command(CMD_WRITE_CONFIG) && send_data(config);
}

/* Brings the controller and keyboard up with the keyboard's interrupt
 * still off; returns the configuration byte to turn it on with, or -1
 * with the failing step in *why. */
static int controller_init(const char **why) {
    *why = "disabling the ports";
    if (!send_command(CMD_DISABLE_KBD) || !send_command(CMD_DISABLE_AUX)) {
        return -1;
    }
    for (int i = 0; i < FLUSH_MAX && (rz_in8(I8042_STATUS) & STATUS_OUTPUT_FULL); i++) {
        rz_in8(I8042_DATA);
    }
    *why = "reading the configuration";
    int config;
    if (!send_command(CMD_READ_CONFIG) || (config = read_data(CONTROLLER_WAIT_NS)) < 0) {
        return -1;
    }
    config &= ~(CONFIG_KBD_IRQ | CONFIG_AUX_IRQ | CONFIG_KBD_CLOCK_OFF);
    config |= CONFIG_TRANSLATE;
    *why = "the controller's self-test";
    if (!write_config((uint32_t)config) || !send_command(CMD_SELF_TEST) ||
        read_data(CONTROLLER_WAIT_NS) != SELF_TEST_PASSED) {
        return -1;
    }
    /* The self-test may reset the controller: configure it again. */
    *why = "enabling the keyboard port";
    if (!write_config((uint32_t)config) || !send_command(CMD_ENABLE_KBD)) {
        return -1;
    }
    *why = "resetting the keyboard";
    if (!send_data(KBD_RESET) || read_data(KBD_RESET_WAIT_NS) != KBD_ACK ||
        read_data(KBD_RESET_WAIT_NS) != KBD_RESET_PASSED) {
        return -1;
    }
    return config | CONFIG_KBD_IRQ;
}

/* Sends n typed bytes to every client; drops the clients that are gone. */
static void broadcast(const uint8_t *bytes, uint32_t n) {
    for (uint32_t i = clients.count; i > 0; i--) {
        int32_t err = rz_channel_write(clients.channels[i - 1], bytes, n, 0, 0);
        if (err != RZ_OK && err != RZ_ERR_SHOULD_WAIT) {
            rz_clients_drop(&clients, i - 1);
        }
    }
}

/* Translates every byte the controller holds and sends what they type. */
static void drain_keyboard(void) {
    uint8_t typed[MESSAGE_MAX];
    uint32_t n = 0;
    uint32_t status;
    while ((status = rz_in8(I8042_STATUS)) & STATUS_OUTPUT_FULL) {
        uint8_t code = (uint8_t)rz_in8(I8042_DATA);
        if (status & STATUS_AUX) {
            continue;
        }
        if (n + KBD_OUT_MAX > sizeof typed) {
            broadcast(typed, n);
            n = 0;
        }
        n += (uint32_t)kbd_translate(&keys, code, typed + n);
    }
    if (n > 0) {
        broadcast(typed, n);
    }
}

/* Reads and drops what client i wrote, closing any handles it sent;
 * drops the client when its message cannot be taken (or it is gone). */
static void ignore_client_message(uint32_t i) {
    uint32_t len = 0;
    uint32_t handles = 0;
    int32_t err = rz_channel_read(clients.channels[i], msg_bytes, sizeof msg_bytes, msg_handles,
                                  RZ_CHANNEL_MAX_HANDLES, &len, &handles);
    if (err == RZ_OK) {
        for (uint32_t h = 0; h < handles; h++) {
            rz_handle_close(msg_handles[h]);
        }
    } else if (err != RZ_ERR_SHOULD_WAIT) {
        rz_clients_drop(&clients, i);
    }
}

/* Serves the interrupt, the listener and the clients, for ever. */
static int32_t serve(rz_handle_t irq, rz_handle_t listener) {
    for (;;) {
        rz_wait_item_t items[2 + CLIENTS_MAX];
        items[0] = (rz_wait_item_t){irq, RZ_SIG_SIGNALED, 0, 0};
        items[1] = (rz_wait_item_t){listener, RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED, 0, 0};
        uint32_t waited = 2 + rz_clients_wait_items(&clients, items + 2);
        int32_t err = rz_wait_many(items, waited, RZ_TIME_INFINITE);
        if (err != RZ_OK) {
            return err;
        }
        /* The clients first, while items[] still matches the table (a
         * drop moves the later clients down, so they are visited from
         * the last). */
        for (uint32_t i = waited; i > 2; i--) {
            uint32_t seen = items[i - 1].observed;
            if (seen & RZ_SIG_READABLE) {
                ignore_client_message(i - 3);
            } else if (seen & RZ_SIG_PEER_CLOSED) {
                rz_clients_drop(&clients, i - 3);
            }
        }
        if (items[0].observed & RZ_SIG_SIGNALED) {
            drain_keyboard();
            rz_interrupt_ack(irq);
            /* A byte that came before the ack raised no edge the kernel saw. */
            drain_keyboard();
        }
        if (items[1].observed & RZ_SIG_READABLE) {
            rz_clients_accept(&clients, listener);
        } else if (items[1].observed & RZ_SIG_PEER_CLOSED) {
            return RZ_ERR_PEER_CLOSED;
        }
    }
}

int main(void) {
    const char *why;
    int config = controller_init(&why);
    if (config < 0) {
        rz_printf("ps2kbd: no keyboard: %s failed\n", why);
        return RZ_ERR_TIMED_OUT;
    }
    rz_handle_t irq;
    int32_t err = rz_interrupt_create(KBD_IRQ, &irq);
    if (err != RZ_OK) {
        rz_printf("ps2kbd: interrupt_create: %s\n", rz_error_name(err));
        return err;
    }
    rz_handle_t listener;
    err = rz_service_register(KBD_SERVICE, sizeof KBD_SERVICE - 1, &listener);
    if (err != RZ_OK) {
        rz_printf("ps2kbd: service_register: %s\n", rz_error_name(err));
        return err;
    }
    if (!write_config((uint32_t)config)) {
        rz_print("ps2kbd: turning the keyboard interrupt on failed\n");
        return RZ_ERR_TIMED_OUT;
    }
    rz_print("ps2kbd: serving kbd\n");
    err = serve(irq, listener);
    rz_printf("ps2kbd: %s\n", rz_error_name(err));
    return err;
}
