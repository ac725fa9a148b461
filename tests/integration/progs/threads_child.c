/*
 * Started by bin/threads.wasm with one argument, the way its threads end
 * the process, and a channel at startup handle 0. It starts its threads,
 * sends a duplicate of each thread's handle over the channel (one
 * message), then does what the mode says:
 *   trap      a second thread divides by zero while a third sleeps and
 *             the main thread waits: the whole process traps
 *   overflow  a second thread recurses without end: call stack exhausted
 *   kill      threads spin, sleep and wait for ever: the parent kills it
 *   exit      a second thread calls process_exit(5) while the main thread
 *             waits and a third spins
 *   mainret   the main thread returns 7 while a second thread spins
 *   allexit   the main thread calls thread_exit, the second thread
 *             returns a little later: the process exits with status 0
 */
#include <string.h>

#include "rz/rz.h"
#include "rz/thread.h"

#define MS 1000000ull

static volatile uint32_t spins;
static volatile int32_t divisor; /* stays 0 */
volatile int32_t seed = 3;
/* Signalled (RZ_SIG_USER0) once the parent has the threads' handles: the
 * threads that end the process wait for it, or the process could end
 * before it sent them. */
static rz_handle_t reported;

static void wait_reported(void) {
    rz_wait_one(reported, RZ_SIG_USER0, RZ_TIME_INFINITE, NULL);
}

static void spin(uint32_t arg) {
    for (;;) {
        spins += arg;
    }
}

static void sleep_forever(uint32_t arg) {
    rz_sleep_until(RZ_TIME_INFINITE);
}

static void wait_forever(uint32_t event) {
    rz_wait_one(event, RZ_SIG_USER0, RZ_TIME_INFINITE, NULL);
}

static void divide(uint32_t arg) {
    wait_reported();
    spins = arg / (uint32_t)divisor;
}

static int descend(int n) {
    if (n == -1) {
        return 0; /* never: n only grows */
    }
    int below = descend(n + seed);
    return below * n + seed;
}

static void overflow(uint32_t arg) {
    wait_reported();
    spins = (uint32_t)descend((int)arg);
}

static void exit_process(uint32_t status) {
    wait_reported();
    rz_process_exit((int32_t)status);
}

static void return_later(uint32_t arg) {
    rz_sleep_until(rz_clock_get() + 50 * MS);
}

/* Starts the threads, sends their handles to the parent. */
static void start(rz_handle_t report, void (*const *fns)(uint32_t), const uint32_t *args,
                  uint32_t n) {
    rz_handle_t dups[4];
    for (uint32_t i = 0; i < n; i++) {
        rz_handle_t h;
        if (rz_thread_start(fns[i], args[i], 0, &h) != RZ_OK ||
            rz_handle_duplicate(h, RZ_DEFAULT_THREAD_RIGHTS, &dups[i]) != RZ_OK) {
            rz_process_exit(100 + (int32_t)i);
        }
    }
    rz_channel_write(report, NULL, 0, dups, n);
    rz_object_signal(reported, 0, RZ_SIG_USER0);
}

int main(void) {
    char mode[32] = "";
    uint32_t len = 0;
    rz_handle_t report, event;
    if (rz_process_args(mode, sizeof mode - 1, &len) != RZ_OK ||
        rz_startup_handle(0, &report) != RZ_OK || rz_event_create(&event) != RZ_OK ||
        rz_event_create(&reported) != RZ_OK) {
        return 99;
    }
    if (strcmp(mode, "trap") == 0) {
        void (*const fns[])(uint32_t) = {divide, sleep_forever};
        start(report, fns, (const uint32_t[]){1, 0}, 2);
        wait_forever(event);
    } else if (strcmp(mode, "overflow") == 0) {
        void (*const fns[])(uint32_t) = {overflow};
        start(report, fns, (const uint32_t[]){1}, 1);
        wait_forever(event);
    } else if (strcmp(mode, "kill") == 0) {
        void (*const fns[])(uint32_t) = {spin, sleep_forever, wait_forever};
        start(report, fns, (const uint32_t[]){1, 0, event}, 3);
        spin(2);
    } else if (strcmp(mode, "exit") == 0) {
        void (*const fns[])(uint32_t) = {exit_process, spin};
        start(report, fns, (const uint32_t[]){5, 1}, 2);
        wait_forever(event);
    } else if (strcmp(mode, "mainret") == 0) {
        void (*const fns[])(uint32_t) = {spin};
        start(report, fns, (const uint32_t[]){1}, 1);
        return 7;
    } else if (strcmp(mode, "allexit") == 0) {
        void (*const fns[])(uint32_t) = {return_later};
        start(report, fns, (const uint32_t[]){0}, 1);
        rz_thread_exit();
    }
    return 98;
}
