/*
 * Child of bin/ipc.wasm: waits on a timer its parent armed and moved to
 * it (startup handle 0). Exits 0 when the wait ends with RZ_SIG_SIGNALED
 * set, 1 when it ends otherwise, 100 without the handle.
 */
#include "rz/rz.h"

int main(void) {
    rz_handle_t timer;
    if (rz_startup_handle(0, &timer) != RZ_OK) {
        return 100;
    }
    uint32_t signals = 0;
    int32_t err = rz_wait_one(timer, RZ_SIG_SIGNALED, RZ_TIME_INFINITE, &signals);
    return err == RZ_OK && (signals & RZ_SIG_SIGNALED) ? 0 : 1;
}
