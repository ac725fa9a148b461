/*
 * kbdclient: a client of the keyboard service `kbd` (user/drivers/
 * ps2kbd.c). Says when it is connected, collects the typed bytes until
 * ^D (0x04) or a deadline, and prints them in hex on one line, so
 * tests/boot/echo-test can type through QEMU's monitor and compare.
 * Exits with 0 when ^D arrived, 1 otherwise.
 */
#include <stdbool.h>

#include "rz/rz.h"

#define KBD_SERVICE "kbd"
#define MS 1000000ull
#define CONNECT_WAIT_NS (5000 * MS)
#define TYPING_WAIT_NS (30000 * MS)
#define CTRL_D 0x04
#define SEEN_MAX 64

int main(void) {
    rz_handle_t h;
    int32_t err = rz_service_connect(KBD_SERVICE, sizeof KBD_SERVICE - 1,
                                     rz_clock_get() + CONNECT_WAIT_NS, &h);
    if (err != RZ_OK) {
        rz_printf("kbdclient: connect: %s\n", rz_error_name(err));
        return 1;
    }
    rz_print("kbdclient: connected\n");
    uint8_t seen[SEEN_MAX];
    uint32_t n = 0;
    uint64_t deadline = rz_clock_get() + TYPING_WAIT_NS;
    bool done = false;
    while (!done && n < SEEN_MAX) {
        uint32_t observed;
        if (rz_wait_one(h, RZ_SIG_READABLE, deadline, &observed) != RZ_OK) {
            break;
        }
        uint8_t msg[RZ_CONSOLE_INPUT_MAX];
        uint32_t len = 0;
        uint32_t handles = 0;
        if (rz_channel_read(h, msg, sizeof msg, 0, 0, &len, &handles) != RZ_OK) {
            break;
        }
        for (uint32_t i = 0; i < len && n < SEEN_MAX; i++) {
            seen[n++] = msg[i];
            done = done || msg[i] == CTRL_D;
        }
    }
    char line[3 * SEEN_MAX + 1];
    for (uint32_t i = 0; i < n; i++) {
        static const char hex[] = "0123456789abcdef";
        line[3 * i] = hex[seen[i] >> 4];
        line[3 * i + 1] = hex[seen[i] & 0xf];
        line[3 * i + 2] = i + 1 < n ? ' ' : '\0';
    }
    line[n == 0 ? 0 : 3 * n - 1] = '\0';
    rz_printf("kbdclient: got %s\n", line);
    return done ? 0 : 1;
}
