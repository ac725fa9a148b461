/*
 * conclient: a second console on the serial driver, for the boot test
 * (tests/boot/echo-test). Connects to the service `console` itself, asks
 * for a line there, and reports the input it got up to Enter -- which
 * reaches it, not the shell, because the serial driver gives typed input
 * to the newest connection. Exits 0, or with the first error.
 */
#include <stdint.h>
#include <string.h>

#include "abi/errors.h"
#include "abi/signals.h"
#include "lib/fmt.h"
#include "rz/rz.h"

#define SERVICE "console"
#define WAIT_NS 10000000000ull

static int32_t say(rz_handle_t console, const char *s) {
    return rz_channel_write(console, s, (uint32_t)strlen(s), 0, 0);
}

int main(void) {
    rz_handle_t console;
    int32_t err =
        rz_service_connect(SERVICE, sizeof SERVICE - 1, rz_clock_get() + WAIT_NS, &console);
    if (err == RZ_OK) {
        err = say(console, "conclient: type a line\n");
    }
    char line[128];
    uint32_t len = 0;
    while (err == RZ_OK && (len == 0 || line[len - 1] != '\r')) {
        uint32_t observed, nb, nh;
        err = rz_wait_one(console, RZ_SIG_READABLE, rz_clock_get() + WAIT_NS, &observed);
        if (err == RZ_OK) {
            err = rz_channel_read(console, line + len, sizeof line - 1 - len, 0, 0, &nb, &nh);
            len += err == RZ_OK ? nb : 0;
        }
    }
    if (err == RZ_OK) {
        char report[160];
        fmt_snprintf(report, sizeof report, "conclient: got \"%.*s\"\n", (int)len - 1, line);
        err = say(console, report);
    }
    return err;
}
