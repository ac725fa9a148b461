/*
 * A console client of the VGA console driver, for kernel/vgacon_test.c:
 * connects to service `vga` and attaches the connection as its console.
 * Without arguments it prints 31 numbered lines and "end" with the SDK's
 * rz_printf (so console_write carries them), 7 lines more than the screen
 * holds. With the argument "keys" it prints "ready", reads its console
 * (the bytes vgacon forwards from service `kbd`) and prints what it got.
 * Exits 0, or with the error that stopped it.
 */
#include "abi/errors.h"
#include "rz/rz.h"

#define CONNECT_NS 5000000000ull

static int32_t keys(void) {
    rz_print("ready\n");
    char typed[16];
    uint32_t n;
    int32_t err = rz_console_read(typed, sizeof typed - 1, &n);
    if (err != RZ_OK) {
        return err;
    }
    typed[n] = '\0';
    rz_printf("got %s", typed);
    return RZ_OK;
}

int main(void) {
    rz_handle_t h;
    char args[16];
    uint32_t args_len;
    int32_t err = rz_process_args(args, sizeof args, &args_len);
    if (err == RZ_OK) {
        err = rz_service_connect("vga", 3, rz_clock_get() + CONNECT_NS, &h);
    }
    if (err == RZ_OK) {
        err = rz_console_attach(h);
    }
    if (err != RZ_OK) {
        return err;
    }
    if (args_len == 5 && __builtin_memcmp(args, "keys", 5) == 0) {
        return keys();
    }
    for (int i = 0; i <= 30; i++) {
        rz_printf("line %d\ttab\n", i);
    }
    rz_print("end");
    return 0;
}
