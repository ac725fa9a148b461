/*
 * A console client of the VGA console driver, for kernel/vgacon_test.c:
 * connects to service `vga`, attaches the connection as its console and
 * prints 31 numbered lines and "end" with the SDK's rz_printf (so
 * console_write carries them), 7 lines more than the screen holds.
 * Exits 0, or with the error that stopped it.
 */
#include "abi/errors.h"
#include "rz/rz.h"

#define CONNECT_NS 5000000000ull

int main(void) {
    rz_handle_t h;
    int32_t err = rz_service_connect("vga", 3, rz_clock_get() + CONNECT_NS, &h);
    if (err == RZ_OK) {
        err = rz_console_attach(h);
    }
    if (err != RZ_OK) {
        return err;
    }
    for (int i = 0; i <= 30; i++) {
        rz_printf("line %d\ttab\n", i);
    }
    rz_print("end");
    return 0;
}
