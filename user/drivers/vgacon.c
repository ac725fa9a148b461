/*
 * vgacon: the VGA text console as a driver process. It maps the text
 * buffer (physical 0xb8000, 32 KiB) into its memory with mmio_map, moves
 * the hardware cursor through the CRT controller's ports 0x3d4/0x3d5, and
 * serves the console protocol (docs/console.md) as service `vga`:
 *
 *   - every connection is a console; the bytes its client writes are drawn
 *     on the one screen (user/drivers/vga/screen.h), whoever writes them;
 *   - typed bytes come from service `kbd` (the keyboard driver) and go to
 *     the newest connection still open. vgacon looks for `kbd` without
 *     waiting, again every KBD_RETRY_NS while it is missing or gone, so
 *     the screen works with no keyboard at all.
 *
 * A client that breaks the protocol (a message with handles, or longer
 * than RZ_CONSOLE_MSG_MAX) is disconnected. Exits with the error code
 * when it cannot map the screen or register the service.
 */
#include <stdbool.h>

#include "abi/errors.h"
#include "abi/signals.h"
#include "abi/types.h"
#include "rz/clients.h"
#include "rz/manifest.h"
#include "rz/portio.h"
#include "rz/rz.h"
#include "vga/screen.h"

#define VGA_PHYS 0xb8000
#define VGA_BYTES 0x8000
#define CRTC_INDEX 0x3d4
#define CRTC_DATA 0x3d5
#define CRTC_CURSOR_HIGH 0x0e
#define CRTC_CURSOR_LOW 0x0f
#define VGA_ATTR 0x07 /* light grey on black */

RZ_MANIFEST_MMIO(VGA_PHYS, VGA_BYTES, RZ_ACCESS_RW);
RZ_MANIFEST_PORTS(CRTC_INDEX, 2, RZ_ACCESS_RW);

#define CLIENTS_MAX 8
#define KBD_RETRY_NS 1000000000ull

/* The window mmio_map replaces: whole pages of this memory. */
static uint16_t vga_cells[VGA_BYTES / 2] __attribute__((aligned(4096)));
static struct vga_screen screen;

static rz_handle_t listener;
static rz_clients_t clients = {.max = CLIENTS_MAX}; /* the newest gets input */
static rz_handle_t kbd = RZ_HANDLE_INVALID;
static uint64_t kbd_next_try;

static char message[RZ_CONSOLE_MSG_MAX];

static void cursor_update(void) {
    uint32_t at = vga_screen_cursor(&screen);
    rz_out8(CRTC_INDEX, CRTC_CURSOR_HIGH);
    rz_out8(CRTC_DATA, at >> 8);
    rz_out8(CRTC_INDEX, CRTC_CURSOR_LOW);
    rz_out8(CRTC_DATA, at & 0xff);
}

/* Draws what client i wrote; false when it is gone or broke the protocol
 * (the caller drops it). */
static bool serve(uint32_t i) {
    for (;;) {
        uint32_t nb, nh;
        int32_t err =
            rz_channel_read(clients.channels[i], message, sizeof message, NULL, 0, &nb, &nh);
        if (err == RZ_ERR_SHOULD_WAIT) {
            return true;
        }
        if (err != RZ_OK) {
            return false;
        }
        vga_screen_write(&screen, message, nb);
    }
}

/* Forwards typed bytes to the newest client; false when kbd is gone. */
static bool forward_input(void) {
    char keys[RZ_CONSOLE_INPUT_MAX];
    for (;;) {
        uint32_t nb, nh;
        int32_t err = rz_channel_read(kbd, keys, sizeof keys, NULL, 0, &nb, &nh);
        if (err == RZ_ERR_SHOULD_WAIT) {
            return true;
        }
        if (err != RZ_OK) {
            return false;
        }
        if (clients.count > 0 && nb > 0) {
            /* a client that does not read loses keys rather than stalling the screen */
            rz_channel_write(clients.channels[clients.count - 1], keys, nb, NULL, 0);
        }
    }
}

static void kbd_try(void) {
    uint64_t now = rz_clock_get();
    if (kbd == RZ_HANDLE_INVALID && now >= kbd_next_try) {
        kbd_next_try = now + KBD_RETRY_NS;
        if (rz_service_connect("kbd", 3, 0, &kbd) != RZ_OK) {
            kbd = RZ_HANDLE_INVALID;
        }
    }
}

int main(void) {
    int32_t err = rz_mmio_map(VGA_PHYS, VGA_BYTES, (uint32_t)(uintptr_t)vga_cells);
    if (err == RZ_OK) {
        err = rz_service_register("vga", 3, &listener);
    }
    if (err != RZ_OK) {
        return err;
    }
    vga_screen_init(&screen, vga_cells, VGA_ATTR);
    cursor_update();
    for (;;) {
        kbd_try();
        rz_wait_item_t items[CLIENTS_MAX + 2];
        uint32_t n = 0;
        items[n++] = (rz_wait_item_t){listener, RZ_SIG_READABLE, 0, 0};
        n += rz_clients_wait_items(&clients, items + n);
        if (kbd != RZ_HANDLE_INVALID) {
            items[n++] = (rz_wait_item_t){kbd, RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED, 0, 0};
        }
        err = rz_wait_many(items, n, kbd == RZ_HANDLE_INVALID ? kbd_next_try : RZ_TIME_INFINITE);
        if (err != RZ_OK && err != RZ_ERR_TIMED_OUT) {
            return err;
        }
        if (kbd != RZ_HANDLE_INVALID && (items[n - 1].observed & items[n - 1].waitfor) &&
            !forward_input()) {
            rz_handle_close(kbd);
            kbd = RZ_HANDLE_INVALID;
        }
        /* clients from the last, so dropping one moves none still to visit */
        for (uint32_t i = clients.count; i-- > 0;) {
            if ((items[1 + i].observed & items[1 + i].waitfor) && !serve(i)) {
                rz_clients_drop(&clients, i);
            }
        }
        if (items[0].observed & RZ_SIG_READABLE) {
            rz_clients_accept(&clients, listener);
        }
        cursor_update();
    }
}
