/*
 * The object syscalls called by a real process: tests/objects/ipc.wat is
 * compiled, linked through the generated table and run on its own thread;
 * it checks each result itself and exits with the number that held. This
 * covers what host tests cannot: the wasm signatures in the table, the
 * calling convention (i64 deadlines, a 7-parameter call), guest memory
 * seen through the instance context. A second program measures what a
 * write + read pair costs from compiled code.
 */
#include "kernel/process.h"

#include "arch/x86_64/io.h"
#include "kernel/clock.h"
#include "ktest.h"
#include "objects/ipc.wasm.h"
#include "objects/pingself.wasm.h"

#define MS 1000000ull

KTEST(sys_process, object_syscalls_from_compiled_code) {
    wasm_error_t err;
    struct process *p = process_spawn("ipc", ipc_wasm, sizeof ipc_wasm, &err);
    if (p == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "spawn: %s", err.message);
        return;
    }
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + 5000 * MS));
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 22);
    process_release(p);
}

KTEST(sys_process, channel_write_read_cycles_from_compiled_code) {
    enum { ROUNDS = 2000 };
    wasm_error_t err;
    struct process *p = process_spawn("pingself", pingself_wasm, sizeof pingself_wasm, &err);
    if (p == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "spawn: %s", err.message);
        return;
    }
    uint64_t t0 = rdtsc();
    KT_ASSERT(t, process_start(p));
    KT_EXPECT(t, process_wait(p, clock_ns() + 10000 * MS));
    uint64_t cycles = rdtsc() - t0;
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 0);
    ktest_log("channel_write + channel_read from compiled code: %llu cycles per pair "
              "(process start and exit included)",
              (unsigned long long)(cycles / ROUNDS));
    process_release(p);
}
