/*
 * Child of bin/ipc.wasm: the echo end of its ping-pong. Startup handle 0
 * is a channel endpoint. Each message carries 4 bytes (a counter) and one
 * event; the child signals RZ_SIG_USER0 on the event, then sends the
 * counter plus one back with the same event. A message without a handle
 * ends it. Its exit status counts what went wrong (0: nothing): the
 * startup handle checks and every echo.
 */
#include <stdint.h>

#include "rz/rz.h"

int main(void) {
    int wrong = 0;
    rz_handle_t ch, again;
    if (rz_startup_handle(0, &ch) != RZ_OK) {
        return 100;
    }
    wrong += rz_startup_handle(0, &again) != RZ_ERR_NOT_FOUND; /* once only */
    wrong += rz_startup_handle(1, &again) != RZ_ERR_NOT_FOUND; /* only one was given */
    for (;;) {
        if (rz_wait_one(ch, RZ_SIG_READABLE, RZ_TIME_INFINITE, 0) != RZ_OK) {
            return wrong + 1;
        }
        uint32_t counter, nbytes, nhandles;
        rz_handle_t event;
        if (rz_channel_read(ch, &counter, sizeof counter, &event, 1, &nbytes, &nhandles) != RZ_OK ||
            nbytes != sizeof counter) {
            return wrong + 1;
        }
        if (nhandles == 0) {
            return wrong;
        }
        wrong += rz_object_signal(event, 0, RZ_SIG_USER0) != RZ_OK;
        counter++;
        wrong += rz_channel_write(ch, &counter, sizeof counter, &event, 1) != RZ_OK;
    }
}
