/*
 * Child of bin/ipc.wasm: wait_many across a channel (startup handle 0)
 * and an event (startup handle 1). First it must see the event's
 * RZ_SIG_USER0 alone, which it acknowledges by clearing it and writing
 * "e" on the channel; then a message, which it echoes back. The exit
 * status counts what went wrong; 100 without the handles.
 */
#include "rz/rz.h"

int main(void) {
    rz_handle_t ch, event;
    if (rz_startup_handle(0, &ch) != RZ_OK || rz_startup_handle(1, &event) != RZ_OK) {
        return 100;
    }
    int wrong = 0;
    rz_wait_item_t items[2] = {
        {.handle = ch, .waitfor = RZ_SIG_READABLE},
        {.handle = event, .waitfor = RZ_SIG_USER0},
    };
    wrong += rz_wait_many(items, 2, RZ_TIME_INFINITE) != RZ_OK;
    wrong += (items[0].observed & RZ_SIG_READABLE) != 0;
    wrong += (items[1].observed & RZ_SIG_USER0) == 0;
    wrong += rz_object_signal(event, RZ_SIG_USER0, 0) != RZ_OK;
    wrong += rz_channel_write(ch, "e", 1, 0, 0) != RZ_OK;

    wrong += rz_wait_many(items, 2, RZ_TIME_INFINITE) != RZ_OK;
    wrong += (items[0].observed & RZ_SIG_READABLE) == 0;
    wrong += (items[1].observed & RZ_SIG_USER0) != 0;
    char msg[8];
    uint32_t nbytes = 0, nhandles = 0;
    wrong += rz_channel_read(ch, msg, sizeof msg, 0, 0, &nbytes, &nhandles) != RZ_OK;
    wrong += rz_channel_write(ch, msg, nbytes, 0, 0) != RZ_OK;
    return wrong;
}
