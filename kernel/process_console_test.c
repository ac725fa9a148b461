/*
 * Kernel tests of processes' consoles (process_console.c) against
 * programs of tests/sip/progs: a long write to the kernel log leaves the
 * machine to other threads.
 */
#include "kernel/process_console.h"

#include "kernel/clock.h"
#include "kernel/process.h"
#include "ktest.h"

#define MS 1000000ull

KTEST(process_console, a_long_write_to_the_kernel_log_lets_other_threads_run) {
    wasm_error_t err;
    struct process *p = process_spawn_from_archive("bin/console-write-long.wasm", &err);
    KT_ASSERT(t, p != NULL);
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + 10000 * MS));
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 1);
    process_release(p);
}
