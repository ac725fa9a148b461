/*
 * Kernel tests of process threads with modules written in WAT
 * (tests/sip/progs): the raw thread_create ABI without the SDK, the
 * refusal for a module that does not export __stack_pointer, and that the
 * threads' kernel objects and stacks are all given back. The SDK's
 * threads are tested in a booted system (tests/integration/progs/threads.c).
 */
#include "kernel/process_thread.h"

#include "abi/errors.h"
#include "kernel/clock.h"
#include "kernel/process.h"
#include "kernel/process_test_util.h"
#include "kernel/thread.h"
#include "ktest.h"

#define MS 1000000ull

/* Runs `path` to its end (at most 5 s); the caller releases it. */
static struct process *run(struct ktest *t, const char *path) {
    return process_test_run(t, path, 5000);
}

KTEST(process_thread, thread_create_needs_an_exported_stack_pointer) {
    struct process *p = run(t, "bin/thread-nosp.wasm");
    KT_ASSERT(t, p != NULL);
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, RZ_ERR_NOT_SUPPORTED);
    process_release(p);
}

KTEST(process_thread, second_thread_runs_with_its_own_stack_pointer) {
    unsigned threads_before = thread_count();
    struct process *p = run(t, "bin/thread-pair.wasm");
    KT_ASSERT(t, p != NULL);
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 40 + 8192);
    KT_EXPECT_EQ(t, p->num_threads, 0);
    process_release(p);
    /* An exited thread is freed by the next thread to run; its end may
     * have woken this one before it got that far, and a thread of an
     * earlier test may still be on its way out too. */
    uint64_t end = clock_ns() + 5000 * MS;
    while (thread_count() > threads_before && clock_ns() < end) {
        thread_sleep_until(clock_ns() + MS);
    }
    KT_EXPECT(t, thread_count() <= threads_before);
}
