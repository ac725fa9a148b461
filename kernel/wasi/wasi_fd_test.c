/*
 * Kernel tests of the WASI console descriptors (wasi_fd.c) against a
 * hostile program (tests/sip/progs): a second thread rewrites the iovecs
 * of an fd_read or fd_write blocked on a full or empty console, pointing
 * them beyond the memory. The call must use the iovecs as they were when
 * it was made, not copy outside the program's memory.
 */
#include "kernel/process.h"
#include "kernel/process_test_util.h"
#include "ktest.h"

/* Runs `path` to its end (at most 5 s); the caller releases it. */
static struct process *run(struct ktest *t, const char *path) {
    return process_test_run(t, path, 5000);
}

KTEST(wasi_fd, fd_read_ignores_an_iovec_changed_while_it_waited) {
    struct process *p = run(t, "bin/wasi-iov-read-race.wasm");
    KT_ASSERT(t, p != NULL);
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 0);
    process_release(p);
}

KTEST(wasi_fd, fd_write_ignores_an_iovec_changed_while_it_waited) {
    struct process *p = run(t, "bin/wasi-iov-write-race.wasm");
    KT_ASSERT(t, p != NULL);
    KT_EXPECT_EQ(t, p->state, PROCESS_EXITED);
    KT_EXPECT_EQ(t, p->exit_status, 0);
    process_release(p);
}
