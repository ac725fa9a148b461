/*
 * Kernel tests of the WASI console descriptors (wasi_fd.c) against a
 * hostile program (tests/sip/progs): a second thread rewrites the iovecs
 * of an fd_read or fd_write blocked on a full or empty console, pointing
 * them beyond the memory. The call must use the iovecs as they were when
 * it was made, not copy outside the program's memory.
 */
#include "kernel/clock.h"
#include "kernel/process.h"
#include "ktest.h"

#define MS 1000000ull

/* Runs `path` to its end (at most 5 s); the caller releases it. */
static struct process *run(struct ktest *t, const char *path) {
    wasm_error_t err;
    struct process *p = process_spawn_from_archive(path, &err);
    if (p == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "spawn %s: %s", path, err.message);
        return NULL;
    }
    if (!process_start(p) || !process_wait(p, clock_ns() + 5000 * MS)) {
        ktest_fail(t, __FILE__, __LINE__, "%s did not end", path);
    }
    return p;
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
