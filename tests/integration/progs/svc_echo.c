/*
 * A service for the services checker: registers "t.echo" (boot.conf
 * grants it) and, on every connection, sends each message back. Ends when
 * a client sends "quit". Serves all connections at once with wait_many,
 * so one client's silence blocks nobody.
 *
 * With the argument "squat" it is a hostile server instead: it registers
 * the name, hides its listener in a cycle of channels that nothing can
 * close (two endpoints each in the other's queue) and exits with 0. Its
 * end must free the name all the same.
 */
#include <string.h>

#include "rz/clients.h"
#include "rz/rz.h"

#define CONNS_MAX 8

/* a's peer queues the listener and c; c's peer queues a: a and c keep
 * each other (and the listener) alive once the handles are gone. */
static int squat(rz_handle_t listener) {
    rz_handle_t a, b, c, d;
    if (rz_channel_create(&a, &b) != RZ_OK || rz_channel_create(&c, &d) != RZ_OK ||
        rz_channel_write(b, 0, 0, &listener, 1) != RZ_OK ||
        rz_channel_write(b, 0, 0, &c, 1) != RZ_OK || rz_channel_write(d, 0, 0, &a, 1) != RZ_OK) {
        return 1;
    }
    return 0;
}

int main(void) {
    rz_handle_t listener;
    int32_t err = rz_service_register("t.echo", 6, &listener);
    if (err != RZ_OK) {
        rz_printf("svc_echo: register: %s\n", rz_error_name(err));
        return 1;
    }
    char mode[8] = "";
    uint32_t len = 0;
    if (rz_process_args(mode, sizeof mode - 1, &len) == RZ_OK && strcmp(mode, "squat") == 0) {
        return squat(listener);
    }
    rz_clients_t conns = {.max = CONNS_MAX};
    for (;;) {
        rz_wait_item_t items[CONNS_MAX + 1] = {{listener, RZ_SIG_READABLE, 0, 0}};
        uint32_t n = rz_clients_wait_items(&conns, items + 1);
        if (rz_wait_many(items, n + 1, RZ_TIME_INFINITE) != RZ_OK) {
            return 1;
        }
        if (items[0].observed & RZ_SIG_READABLE) {
            rz_clients_accept(&conns, listener); /* joins after the n watched */
        }
        /* From the last, so a drop (which moves the later ones down) skips none. */
        for (uint32_t i = n; i-- > 0;) {
            uint32_t seen = items[i + 1].observed;
            char buf[256];
            uint32_t nb, nh;
            if (seen & RZ_SIG_READABLE) {
                if (rz_channel_read(conns.channels[i], buf, sizeof buf, 0, 0, &nb, &nh) != RZ_OK) {
                    continue;
                }
                if (nb == 4 && memcmp(buf, "quit", 4) == 0) {
                    return 0;
                }
                rz_channel_write(conns.channels[i], buf, nb, 0, 0);
            } else if (seen & RZ_SIG_PEER_CLOSED) {
                rz_clients_drop(&conns, i);
            }
        }
    }
}
