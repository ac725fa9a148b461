/* See process_test_util.h. */
#include "kernel/process_test_util.h"

#include "kernel/clock.h"

struct process *process_test_run(struct ktest *t, const char *path, uint64_t ms) {
    wasm_error_t err;
    struct process *p = process_spawn_from_archive(path, &err);
    if (p == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "spawn %s: %s", path, err.message);
        return NULL;
    }
    if (!process_start(p) || !process_wait(p, clock_ns() + ms * 1000000ull)) {
        ktest_fail(t, __FILE__, __LINE__, "%s did not end", path);
    }
    return p;
}
