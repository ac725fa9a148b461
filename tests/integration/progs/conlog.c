/*
 * A console server for init's kernel test (kernel/init_test.c): registers
 * the service its first argument names and serves as many connections as
 * its second argument says, one after the other, printing each line a
 * client writes as "conlog: LINE" on its own output (the kernel log: init
 * starts it without a console). Exits once the last of them has closed.
 */
#include <stdlib.h>
#include <string.h>

#include "rz/rz.h"

/* Prints buf's complete lines with the prefix; keeps the rest. */
static uint32_t flush_lines(char *buf, uint32_t len) {
    char *nl;
    while ((nl = memchr(buf, '\n', len)) != NULL) {
        *nl = '\0';
        rz_printf("conlog: %s\n", buf);
        uint32_t used = (uint32_t)(nl + 1 - buf);
        memmove(buf, nl + 1, len - used);
        len -= used;
    }
    return len;
}

int main(void) {
    char args[64];
    uint32_t len = 0;
    if (rz_process_args(args, sizeof args, &len) != RZ_OK || len == 0 ||
        strlen(args) + 1 >= len) {
        rz_print("conlog: usage: conlog SERVICE COUNT\n");
        return 1;
    }
    const char *name = args;
    int count = atoi(args + strlen(args) + 1);
    rz_handle_t listener;
    int32_t err = rz_service_register(name, (uint32_t)strlen(name), &listener);
    if (err != RZ_OK) {
        rz_printf("conlog: register %s: %s\n", name, rz_error_name(err));
        return 1;
    }
    for (int served = 0; served < count; served++) {
        rz_handle_t conn;
        uint32_t nb, nh;
        rz_wait_one(listener, RZ_SIG_READABLE, RZ_TIME_INFINITE, NULL);
        if (rz_channel_read(listener, NULL, 0, &conn, 1, &nb, &nh) != RZ_OK || nh != 1) {
            return 1;
        }
        static char line[RZ_CONSOLE_MSG_MAX * 2];
        uint32_t have = 0;
        for (;;) {
            uint32_t seen = 0;
            rz_wait_one(conn, RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED, RZ_TIME_INFINITE, &seen);
            if (!(seen & RZ_SIG_READABLE)) {
                break;
            }
            if (rz_channel_read(conn, line + have, RZ_CONSOLE_MSG_MAX, NULL, 0, &nb, &nh) ==
                RZ_OK) {
                have = flush_lines(line, have + nb);
            }
            if (have >= RZ_CONSOLE_MSG_MAX) { /* no newline for that long: as it is */
                rz_printf("conlog: %.*s\n", (int)have, line);
                have = 0;
            }
        }
        rz_handle_close(conn);
    }
    return 0;
}
