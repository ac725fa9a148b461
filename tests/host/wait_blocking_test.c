/*
 * Host-only tests of waits that block: tests/host/doubles (sched_double.c) runs the
 * "other thread" while the waiter is inside thread_block, so each case
 * checks the wake path (signal, peer close, last-handle cancel, kill, a
 * timer re-armed during the wait).
 * The same cases with real threads are kernel/objects_thread_test.c's.
 */
#include "abi/errors.h"
#include "abi/rights.h"
#include "abi/signals.h"
#include "kernel/channel.h"
#include "kernel/clock.h"
#include "kernel/event.h"
#include "kernel/handle.h"
#include "kernel/kmalloc.h"
#include "kernel/ktimer.h"
#include "kernel/thread.h"
#include "kernel/wait.h"
#include "ktest.h"

static void signal_user0(void *arg) {
    kobject_signal(arg, 0, RZ_SIG_USER0);
}

KTEST(wait_blocking, signal_during_block_wakes_waiter) {
    sched_double_reset();
    struct kobject *ev;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    sched_double_meanwhile(signal_user0, ev);
    uint32_t waitfor = RZ_SIG_USER0, observed = 0;
    struct kobserver o;
    KT_EXPECT_EQ(t, wait_objects(&ev, &waitfor, &observed, &o, 1, UINT64_MAX), RZ_OK);
    KT_EXPECT_EQ(t, sched_double_blocks(), 1);
    KT_EXPECT(t, !sched_double_hung());
    KT_EXPECT_EQ(t, observed, RZ_SIG_USER0);
    KT_EXPECT(t, ev->observers == NULL);
    sched_double_reset();
    kobject_unref(ev);
}

struct close_args {
    struct handle_table *tab;
    rz_handle_t h;
};

static void close_handle(void *arg) {
    struct close_args *c = arg;
    handle_close(c->tab, c->h);
}

KTEST(wait_blocking, peer_close_during_wait_reports_peer_closed) {
    sched_double_reset();
    struct handle_table *tab = kmalloc(sizeof(*tab));
    KT_ASSERT(t, tab != NULL);
    handle_table_init(tab);
    struct kobject *a, *b;
    rz_handle_t ha, hb;
    KT_ASSERT(t, channel_create(&a, &b) == RZ_OK);
    KT_ASSERT(t, handle_alloc(tab, a, RZ_DEFAULT_CHANNEL_RIGHTS, &ha) == RZ_OK);
    KT_ASSERT(t, handle_alloc(tab, b, RZ_DEFAULT_CHANNEL_RIGHTS, &hb) == RZ_OK);
    struct close_args c = {tab, hb};
    sched_double_meanwhile(close_handle, &c);
    uint32_t waitfor = RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED, observed = 0;
    struct kobserver o;
    KT_EXPECT_EQ(t, wait_objects(&a, &waitfor, &observed, &o, 1, UINT64_MAX), RZ_OK);
    KT_EXPECT_EQ(t, observed, RZ_SIG_PEER_CLOSED);
    KT_EXPECT(t, !sched_double_hung());
    handle_table_destroy(tab);
    kfree(tab);
    kobject_unref(a);
    kobject_unref(b);
}

KTEST(wait_blocking, closing_last_handle_cancels_wait) {
    sched_double_reset();
    struct handle_table *tab = kmalloc(sizeof(*tab));
    KT_ASSERT(t, tab != NULL);
    handle_table_init(tab);
    struct kobject *ev;
    rz_handle_t he;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    KT_ASSERT(t, handle_alloc(tab, ev, RZ_DEFAULT_EVENT_RIGHTS, &he) == RZ_OK);
    struct close_args c = {tab, he};
    sched_double_meanwhile(close_handle, &c);
    uint32_t waitfor = RZ_SIG_USER0, observed = 0;
    struct kobserver o;
    KT_EXPECT_EQ(t, wait_objects(&ev, &waitfor, &observed, &o, 1, UINT64_MAX), RZ_ERR_CANCELED);
    KT_EXPECT(t, !sched_double_hung());
    handle_table_destroy(tab);
    kfree(tab);
    kobject_unref(ev);
}

KTEST(wait_blocking, kill_ends_wait_with_canceled) {
    sched_double_reset();
    struct kobject *ev;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    thread_current()->kill_pending = true;
    uint32_t waitfor = RZ_SIG_USER0, observed = 7;
    struct kobserver o;
    KT_EXPECT_EQ(t, wait_objects(&ev, &waitfor, &observed, &o, 1, UINT64_MAX), RZ_ERR_CANCELED);
    KT_EXPECT_EQ(t, observed, 0);
    KT_EXPECT(t, !sched_double_hung());
    KT_EXPECT(t, ev->observers == NULL);
    sched_double_reset();
    kobject_unref(ev);
}

static void bump_other_signal(void *arg) {
    /* Not what the waiter wants: it must go back to sleep. */
    kobject_signal(arg, 0, RZ_SIG_USER0 << 1);
    sched_double_meanwhile(signal_user0, arg);
}

KTEST(wait_blocking, unrelated_signal_does_not_end_wait) {
    sched_double_reset();
    struct kobject *ev;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    sched_double_meanwhile(bump_other_signal, ev);
    uint32_t waitfor = RZ_SIG_USER0, observed = 0;
    struct kobserver o;
    KT_EXPECT_EQ(t, wait_objects(&ev, &waitfor, &observed, &o, 1, clock_ns() + 1000000000),
                 RZ_OK);
    KT_EXPECT_EQ(t, sched_double_blocks(), 1); /* never woken in between */
    KT_EXPECT_EQ(t, observed, RZ_SIG_USER0 | (RZ_SIG_USER0 << 1));
    sched_double_reset();
    kobject_unref(ev);
}

struct rearm {
    struct kobject *timer;
    uint64_t when;
};

static void rearm_earlier(void *arg) {
    struct rearm *r = arg;
    ktimer_set(r->timer, r->when);
}

KTEST(wait_blocking, timer_set_during_wait_moves_the_wakeup) {
    sched_double_reset();
    struct kobject *tm;
    KT_ASSERT(t, ktimer_create(&tm) == RZ_OK);
    ktimer_set(tm, clock_ns() + 10000000000ull); /* 10 s */
    struct rearm r = {tm, clock_ns() + 1000000};   /* 1 ms */
    sched_double_meanwhile(rearm_earlier, &r);
    uint32_t waitfor = RZ_SIG_SIGNALED, observed = 0;
    struct kobserver o;
    KT_EXPECT_EQ(t, wait_objects(&tm, &waitfor, &observed, &o, 1, DEADLINE_NEVER), RZ_OK);
    KT_EXPECT_EQ(t, clock_ns(), r.when); /* slept to the new deadline, not the old */
    KT_EXPECT_EQ(t, sched_double_blocks(), 2); /* kicked once, then slept */
    KT_EXPECT_EQ(t, observed, RZ_SIG_SIGNALED);
    KT_EXPECT(t, !sched_double_hung());
    kobject_unref(tm);
}
