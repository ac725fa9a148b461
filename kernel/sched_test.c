/*
 * Threads and the scheduler, on the real machine: switching, ordering,
 * blocking, sleeping, preemption, FPU isolation, kills, leaks. Timing
 * bounds are loose on the late side (TCG may be descheduled by the host)
 * and exact on the early side (waking early is always a bug).
 */
#include "kernel/sched.h"

#include "arch/x86_64/io.h"
#include "kernel/clock.h"
#include "kernel/kmalloc.h"
#include "kernel/mm.h"
#include "kernel/waitq.h"
#include "ktest.h"

#define MS 1000000ull

/* Yields until every thread created since `base` was counted has exited
 * and been freed, or the time runs out. */
static bool wait_threads_gone(unsigned base, uint64_t timeout_ns) {
    uint64_t end = clock_ns() + timeout_ns;
    while (thread_count() > base && clock_ns() < end) {
        thread_sleep_until(clock_ns() + MS);
    }
    return thread_count() == base;
}

static void set_flag(void *arg) {
    *(volatile int *)arg = 1;
}

KTEST(sched, new_thread_runs_and_is_freed) {
    unsigned base = thread_count();
    volatile int ran = 0;
    struct thread *th = thread_create("flag", set_flag, (void *)&ran, THREAD_PRIO_NORMAL, 0);
    KT_ASSERT(t, th != NULL);
    KT_EXPECT(t, thread_count() >= base); /* it may have run and exited already */
    thread_yield();
    KT_EXPECT_EQ(t, ran, 1);
    KT_EXPECT(t, wait_threads_gone(base, 1000 * MS));
}

/* Two threads append to a log in turn, yielding after each entry. */
struct pingpong {
    char log[16];
    volatile unsigned len;
};

static void pingpong_thread(void *arg) {
    struct pingpong *pp = arg;
    char me = thread_current()->name[0];
    for (int i = 0; i < 3; i++) {
        pp->log[pp->len++] = me;
        thread_yield();
    }
}

KTEST(sched, yield_alternates_threads_of_one_priority) {
    unsigned base = thread_count();
    struct pingpong pp = {{0}, 0};
    KT_ASSERT(t, thread_create("a", pingpong_thread, &pp, THREAD_PRIO_NORMAL, 0) != NULL);
    KT_ASSERT(t, thread_create("b", pingpong_thread, &pp, THREAD_PRIO_NORMAL, 0) != NULL);
    KT_EXPECT(t, wait_threads_gone(base, 1000 * MS));
    pp.log[pp.len] = '\0';
    KT_EXPECT_STREQ(t, pp.log, "ababab");
}

/* Waiters on one queue under one lock; each records how its wait ended. */
struct wait_group {
    spinlock_t lock;
    struct waitq q;
    uint64_t deadline;
    volatile int result[4];
    volatile int done[4];
};

struct waiter {
    struct wait_group *g;
    int index;
};

static void waiter_thread(void *arg) {
    struct waiter *w = arg;
    struct wait_group *g = w->g;
    uint64_t flags = spin_lock_irqsave(&g->lock);
    g->result[w->index] = waitq_wait(&g->q, &g->lock, g->deadline);
    g->done[w->index] = 1;
    spin_unlock_irqrestore(&g->lock, flags);
}

/* Starts n waiters, one after the other (so the queue holds them in
 * index order), and lets them all block. */
static bool start_waiters(struct wait_group *g, struct waiter *w, int n, uint64_t deadline) {
    spin_lock_init(&g->lock, "test wait group");
    waitq_init(&g->q);
    g->deadline = deadline;
    for (int i = 0; i < n; i++) {
        g->result[i] = 12345;
        g->done[i] = 0;
        w[i] = (struct waiter){g, i};
        if (thread_create("waiter", waiter_thread, &w[i], THREAD_PRIO_NORMAL, 0) == NULL) {
            return false;
        }
        thread_yield(); /* it runs and blocks */
    }
    return true;
}

static void wake(struct wait_group *g, bool all, int reason) {
    uint64_t flags = spin_lock_irqsave(&g->lock);
    if (all) {
        waitq_wake_all(&g->q, reason);
    } else {
        waitq_wake_one(&g->q, reason);
    }
    spin_unlock_irqrestore(&g->lock, flags);
}

KTEST(waitq, wake_one_wakes_the_oldest_waiter_only) {
    unsigned base = thread_count();
    static struct wait_group g;
    static struct waiter w[3];
    KT_ASSERT(t, start_waiters(&g, w, 3, DEADLINE_NEVER));
    KT_EXPECT(t, !g.done[0] && !g.done[1] && !g.done[2]);
    wake(&g, false, 7);
    thread_sleep_until(clock_ns() + 2 * MS);
    KT_EXPECT(t, g.done[0] && !g.done[1] && !g.done[2]);
    KT_EXPECT_EQ(t, g.result[0], 7);
    wake(&g, false, 8);
    wake(&g, false, 9);
    KT_EXPECT(t, wait_threads_gone(base, 1000 * MS));
    KT_EXPECT_EQ(t, g.result[1], 8);
    KT_EXPECT_EQ(t, g.result[2], 9);
}

KTEST(waitq, wake_all_wakes_every_waiter) {
    unsigned base = thread_count();
    static struct wait_group g;
    static struct waiter w[4];
    KT_ASSERT(t, start_waiters(&g, w, 4, DEADLINE_NEVER));
    KT_EXPECT(t, !g.done[0] && !g.done[3]);
    wake(&g, true, 3);
    KT_EXPECT(t, wait_threads_gone(base, 1000 * MS));
    for (int i = 0; i < 4; i++) {
        KT_EXPECT_EQ(t, g.result[i], 3);
    }
    KT_EXPECT(t, list_empty(&g.q.waiters));
}

KTEST(waitq, wait_times_out_at_its_deadline_and_leaves_the_queue) {
    unsigned base = thread_count();
    static struct wait_group g;
    static struct waiter w[1];
    uint64_t start = clock_ns();
    KT_ASSERT(t, start_waiters(&g, w, 1, start + 20 * MS));
    KT_EXPECT(t, wait_threads_gone(base, 1000 * MS));
    uint64_t elapsed = clock_ns() - start;
    KT_EXPECT_EQ(t, g.result[0], WAKE_TIMED_OUT);
    KT_EXPECT(t, elapsed >= 20 * MS);
    KT_EXPECT(t, list_empty(&g.q.waiters));
}
