/*
 * Host double of kernel/thread.h: one thread, and a thread_block that
 * cannot really block. Instead it runs the test's "meanwhile" callback
 * (what another thread would do while this one sleeps), then returns the
 * reason it was woken with, or WAKE_TIMED_OUT after moving the fake clock
 * to the deadline. Blocking forever with nothing to wake the thread fails
 * the test (it would hang the kernel).
 */
#ifndef RZ_KERNEL_THREAD_H
#define RZ_KERNEL_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/spinlock.h"

/* As in the real kernel/thread.h. */
enum {
    WAKE_OK = 0,
    WAKE_TIMED_OUT = -1,
    WAKE_KILLED = -2,
};

#define DEADLINE_NEVER UINT64_MAX

struct thread {
    const char *name;
    bool blocked;
    int wake_reason;
    volatile bool kill_pending;
};

struct thread *thread_current(void);
int thread_block(spinlock_t *lock, uint64_t deadline_ns);
void thread_unblock(struct thread *t, int reason);
void thread_yield(void);
void thread_sleep_until(uint64_t deadline_ns);

/* Test controls. */
void sched_double_reset(void);
/* fn(arg) runs once inside the next thread_block (it may signal objects
 * and install a next callback, which runs while the thread is still
 * blocked). */
void sched_double_meanwhile(void (*fn)(void *), void *arg);
/* How many times thread_block was entered, and whether one would have
 * blocked forever. */
int sched_double_blocks(void);
bool sched_double_hung(void);
/* The fake clock (kernel/clock.h's clock_ns). */
void sched_double_set_time(uint64_t ns);

#endif
