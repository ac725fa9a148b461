/*
 * Threads: kernel threads and the threads of wasm processes (which are
 * kernel threads whose `owner` is a struct process). Each has its own
 * stack, a vmm region with an unmapped guard page below it, and its own
 * FPU/SSE/AVX state, switched eagerly. The scheduler (kernel/sched.h)
 * decides which one runs; thread_block/thread_unblock are the one
 * blocking primitive everything else (wait queues, sleeping, object
 * waits) is built on. docs/scheduler.md has the design.
 */
#ifndef RZ_KERNEL_THREAD_H
#define RZ_KERNEL_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/fpu.h"
#include "kernel/list.h"
#include "kernel/param.h"
#include "kernel/spinlock.h"

/* Priorities: higher runs first; 0 belongs to the idle thread. */
enum {
    THREAD_PRIO_IDLE = 0,
    THREAD_PRIO_MIN = 1,
    THREAD_PRIO_LOW = 2,
    THREAD_PRIO_NORMAL = 4,
    THREAD_PRIO_HIGH = 6,
    THREAD_PRIO_MAX = SCHED_PRIORITIES - 1,
};

/* Why thread_block returned. Wakers pass reasons >= 0 (WAKE_OK or their
 * own); the scheduler's own reasons are negative. */
enum {
    WAKE_OK = 0,
    WAKE_TIMED_OUT = -1, /* the deadline passed */
    WAKE_KILLED = -2,    /* thread_kill: leave the kernel call */
};

/* A deadline that never comes. */
#define DEADLINE_NEVER UINT64_MAX

enum thread_state {
    THREAD_READY,   /* on a run queue */
    THREAD_RUNNING, /* the current thread */
    THREAD_BLOCKED, /* in thread_block; perhaps on the sleep queue */
    THREAD_DEAD,    /* exited; freed by the next thread to run */
};

struct vmm_region;

/*
 * Locks: the fields the scheduler changes (state, links, wake_reason,
 * deadline) are only touched with interrupts disabled under sched_lock
 * (kernel/sched.c); the rest is fixed at creation or belongs to the thread
 * itself.
 */
struct thread {
    struct fpu_state fpu;          /* saved while not running; 64-byte aligned */
    uint64_t saved_rsp;            /* switch frame while not running */
    char name[THREAD_NAME_MAX];
    enum thread_state state;
    int priority;                  /* THREAD_PRIO_*; fixed */
    uintptr_t stack_base;          /* lowest stack address; guard page below */
    size_t stack_size;
    uintptr_t stack_limit;         /* stack_base + THREAD_STACK_HEADROOM */
    struct vmm_region *region;     /* stack + this struct; NULL for the idle thread */
    void *owner;                   /* struct process, NULL for kernel threads */
    void *owner_thread;            /* which of owner's threads (struct proc_thread) */
    volatile bool kill_pending;    /* thread_kill was called */
    int wake_reason;               /* thread_block's result */
    uint64_t deadline_ns;          /* while on the sleep queue */
    uint64_t slice_end_ns;         /* while running */
    uint64_t runtime_ns;           /* time spent running, until the last switch */
    uint64_t run_start_ns;         /* while running: when it started */
    uint64_t dispatches;           /* times switched to */
    struct list_node run_link;     /* run queue (READY) or dead list */
    struct list_node sleep_link;   /* sleep queue, by deadline (BLOCKED with a deadline) */
    struct list_node wait_link;    /* a struct waitq; under that waitq's lock */
    int wait_reason;               /* set by the waitq_wake_* that dequeued it */
    void (*entry)(void *);
    void *arg;
};

/*
 * A new runnable thread running entry(arg) at `priority`
 * (THREAD_PRIO_MIN..THREAD_PRIO_MAX) on a stack of stack_size bytes
 * (0: THREAD_STACK_DEFAULT; at least THREAD_STACK_MIN), or NULL when
 * memory ran out. Returning from entry is thread_exit. Panics on an
 * invalid priority or stack size (a caller bug). A creator that must
 * finish setting the thread up (its owner) before it runs creates it
 * between preempt_disable and preempt_enable.
 */
struct thread *thread_create(const char *name, void (*entry)(void *), void *arg, int priority,
                             size_t stack_size);

/* Ends the calling thread; its stack and struct are freed by the next
 * thread to run, once nothing runs on them. Whoever keeps pointers to
 * threads (a process's thread list) drops the thread's entry, under its
 * own lock, before it calls this. */
_Noreturn void thread_exit(void);

struct thread *thread_current(void);

/* Lets every other ready thread of the same priority run first. */
void thread_yield(void);

/* Blocks until clock_ns() >= deadline_ns (returns at once if it already
 * is), or until the thread is killed. */
void thread_sleep_until(uint64_t deadline_ns);

/*
 * The blocking primitive. Call with interrupts disabled, holding `lock`
 * (or lock NULL when there is nothing to release), after registering the
 * current thread wherever its waker will find it. The lock is released
 * while blocked and re-taken before returning. Returns the reason passed
 * to thread_unblock, WAKE_TIMED_OUT once clock_ns() >= deadline_ns
 * (DEADLINE_NEVER: never), or WAKE_KILLED when thread_kill was called
 * (also at once, without blocking, if it already was). Panics when
 * preemption is disabled (a switch would be silently postponed forever).
 * Thread context only: never from an interrupt handler.
 */
int thread_block(spinlock_t *lock, uint64_t deadline_ns);

/* Makes t ready with thread_block returning `reason`; a no-op when t is
 * not blocked. Callable from interrupt handlers. */
void thread_unblock(struct thread *t, int reason);

/*
 * Asks t (a thread that has not exited) to end: sets kill_pending and
 * wakes t with WAKE_KILLED if it is blocked. A thread running kernel code sees the flag when its kernel call
 * returns; one interrupted in compiled code is unwound by the preempt hook
 * (sched_set_preempt_hook) when it next resumes.
 */
void thread_kill(struct thread *t);

/* Threads created and not yet freed (the idle thread included). */
unsigned thread_count(void);

/* True when addr lies in the unmapped guard page below t's stack (the
 * fault path's test for a stack overflow). t may be NULL. */
bool thread_in_stack_guard(const struct thread *t, uintptr_t addr);

#endif
