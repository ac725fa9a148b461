/*
 * The other process of sipbench's channel round trip: startup handle 0 is
 * a channel endpoint; every message read is written back as it is, until
 * the spawner closes its end.
 */
#include "rz/rz.h"

int main(void) {
    rz_handle_t ch;
    if (rz_startup_handle(0, &ch) != RZ_OK) {
        return 1;
    }
    char msg[64];
    uint32_t nbytes, nhandles;
    for (;;) {
        int32_t err = rz_channel_read(ch, msg, sizeof msg, 0, 0, &nbytes, &nhandles);
        if (err == RZ_ERR_SHOULD_WAIT) {
            rz_wait_one(ch, RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED, RZ_TIME_INFINITE, 0);
        } else if (err != RZ_OK || rz_channel_write(ch, msg, nbytes, 0, 0) != RZ_OK) {
            return err == RZ_ERR_PEER_CLOSED ? 0 : 1;
        }
    }
}
