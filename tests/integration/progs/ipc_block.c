/*
 * Child of bin/ipc.wasm: says "r" on its channel (startup handle 0) and
 * then waits on it for ever, for its parent to kill it. Reaching the end
 * of main is a failure (status 1); 100 without the handle.
 */
#include "rz/rz.h"

int main(void) {
    rz_handle_t ch;
    if (rz_startup_handle(0, &ch) != RZ_OK || rz_channel_write(ch, "r", 1, 0, 0) != RZ_OK) {
        return 100;
    }
    rz_wait_one(ch, RZ_SIG_USER0, RZ_TIME_INFINITE, 0);
    return 1;
}
