/*
 * Kernel-test helper shared by the tests that run a program of the boot
 * archive to its end and then look at how it ended.
 */
#ifndef RZ_KERNEL_PROCESS_TEST_UTIL_H
#define RZ_KERNEL_PROCESS_TEST_UTIL_H

#include <stdint.h>

#include "kernel/process.h"
#include "ktest.h"

/* Spawns and starts `path` and waits for its end (at most ms ms); fails
 * t when it cannot be spawned (NULL) or does not end. The caller
 * releases the process. */
struct process *process_test_run(struct ktest *t, const char *path, uint64_t ms);

#endif
