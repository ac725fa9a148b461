/*
 * A stand-in for the keyboard driver, for kernel/vgacon_test.c: registers
 * service `kbd`, waits for one connection (vgacon's), sends it the bytes
 * "ok\r" as one typed message, and exits 0 (or with the error).
 */
#include <stddef.h>

#include "abi/errors.h"
#include "abi/signals.h"
#include "rz/rz.h"

#define WAIT_NS 10000000000ull

int main(void) {
    rz_handle_t listener, conn;
    uint32_t observed, nb, nh;
    int32_t err = rz_service_register("kbd", 3, &listener);
    if (err == RZ_OK) {
        err = rz_wait_one(listener, RZ_SIG_READABLE, rz_clock_get() + WAIT_NS, &observed);
    }
    if (err == RZ_OK) {
        err = rz_channel_read(listener, NULL, 0, &conn, 1, &nb, &nh);
    }
    if (err == RZ_OK) {
        err = rz_channel_write(conn, "ok\r", 3, NULL, 0);
    }
    return err;
}
