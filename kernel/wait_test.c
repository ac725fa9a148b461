/*
 * Tests of kernel/wait.c, event.c and ktimer.c. On the host the
 * scheduler double plays "another thread" inside thread_block; in the
 * kernel these cases do not block, or block only until a short deadline.
 */
#include "kernel/wait.h"

#include "abi/errors.h"
#include "abi/signals.h"
#include "kernel/clock.h"
#include "kernel/event.h"
#include "kernel/ktimer.h"
#include "ktest.h"

KTEST(wait, ready_object_returns_at_once_even_past_deadline) {
    struct kobject *ev;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    kobject_signal(ev, 0, RZ_SIG_USER0);
    uint32_t waitfor = RZ_SIG_USER0, observed = 0;
    struct kobserver o;
    KT_EXPECT_EQ(t, wait_objects(&ev, &waitfor, &observed, &o, 1, 0), RZ_OK);
    KT_EXPECT_EQ(t, observed, RZ_SIG_USER0);
    KT_EXPECT(t, ev->observers == NULL);
    kobject_unref(ev);
}

KTEST(wait, deadline_times_out_with_observed_signals) {
    struct kobject *ev;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    kobject_signal(ev, 0, RZ_SIG_USER0 << 1);
    uint32_t waitfor = RZ_SIG_USER0, observed = 0;
    struct kobserver o;
    uint64_t deadline = clock_ns() + 2000000; /* 2 ms */
    KT_EXPECT_EQ(t, wait_objects(&ev, &waitfor, &observed, &o, 1, deadline), RZ_ERR_TIMED_OUT);
    KT_EXPECT(t, clock_ns() >= deadline);
    KT_EXPECT_EQ(t, observed, RZ_SIG_USER0 << 1);
    KT_EXPECT(t, ev->observers == NULL);
    kobject_unref(ev);
}

KTEST(wait, timer_fires_at_its_deadline) {
    struct kobject *tm;
    KT_ASSERT(t, ktimer_create(&tm) == RZ_OK);
    uint64_t fire = clock_ns() + 3000000; /* 3 ms */
    ktimer_set(tm, fire);
    KT_EXPECT_EQ(t, tm->signals & RZ_SIG_SIGNALED, 0);
    uint32_t waitfor = RZ_SIG_SIGNALED, observed = 0;
    struct kobserver o;
    KT_EXPECT_EQ(t, wait_objects(&tm, &waitfor, &observed, &o, 1, UINT64_MAX), RZ_OK);
    KT_EXPECT(t, clock_ns() >= fire);
    KT_EXPECT_EQ(t, observed, RZ_SIG_SIGNALED);
    kobject_unref(tm);
}

KTEST(wait, timer_in_the_past_fires_at_once_and_cancel_clears) {
    struct kobject *tm;
    KT_ASSERT(t, ktimer_create(&tm) == RZ_OK);
    ktimer_set(tm, 0);
    KT_EXPECT_EQ(t, tm->signals, RZ_SIG_SIGNALED);
    ktimer_cancel(tm);
    KT_EXPECT_EQ(t, tm->signals, 0);
    /* A canceled timer never fires: the wait runs to its own deadline. */
    ktimer_set(tm, clock_ns() + 1000000);
    ktimer_cancel(tm);
    uint32_t waitfor = RZ_SIG_SIGNALED, observed = 0;
    struct kobserver o;
    KT_EXPECT_EQ(t, wait_objects(&tm, &waitfor, &observed, &o, 1, clock_ns() + 3000000),
                 RZ_ERR_TIMED_OUT);
    KT_EXPECT_EQ(t, observed, 0);
    kobject_unref(tm);
}

KTEST(wait, many_returns_when_any_is_ready) {
    struct kobject *objs[3];
    for (int i = 0; i < 3; i++) {
        KT_ASSERT(t, event_create(&objs[i]) == RZ_OK);
    }
    kobject_signal(objs[2], 0, RZ_SIG_USER0);
    uint32_t waitfor[3] = {RZ_SIG_USER0, RZ_SIG_USER0, RZ_SIG_USER0};
    uint32_t observed[3] = {9, 9, 9};
    struct kobserver o[3];
    KT_EXPECT_EQ(t, wait_objects(objs, waitfor, observed, o, 3, UINT64_MAX), RZ_OK);
    KT_EXPECT_EQ(t, observed[0], 0);
    KT_EXPECT_EQ(t, observed[1], 0);
    KT_EXPECT_EQ(t, observed[2], RZ_SIG_USER0);
    for (int i = 0; i < 3; i++) {
        kobject_unref(objs[i]);
    }
}
