/*
 * The object layer with real threads: channel ping-pong and a round-trip
 * benchmark, handles moving between two tables, and every way a blocked
 * wait ends (signal, peer close, last handle closed, one of many, kill).
 * A helper thread plays the other side; the test waits for it to block
 * before acting, so each case checks the wake path, not a lucky order.
 */
#include "abi/errors.h"
#include "abi/rights.h"
#include "abi/signals.h"
#include "arch/x86_64/io.h"
#include "kernel/channel.h"
#include "kernel/clock.h"
#include "kernel/event.h"
#include "kernel/handle.h"
#include "kernel/kmalloc.h"
#include "kernel/thread.h"
#include "kernel/wait.h"
#include "ktest.h"

#define MS 1000000ull

/* Waits (sleeping) until th is blocked; false after a second. */
static bool until_blocked(struct thread *th) {
    uint64_t end = clock_ns() + 5000 * MS;
    while (th->state != THREAD_BLOCKED && clock_ns() < end) {
        thread_sleep_until(clock_ns() + MS);
    }
    return th->state == THREAD_BLOCKED;
}

static bool until_done(volatile int *done) {
    uint64_t end = clock_ns() + 2000 * MS;
    while (!*done && clock_ns() < end) {
        thread_sleep_until(clock_ns() + MS);
    }
    return *done;
}

static struct handle_table *table_new(void) {
    struct handle_table *tab = kmalloc(sizeof(*tab));
    if (tab != NULL) {
        handle_table_init(tab);
    }
    return tab;
}

static void table_free(struct handle_table *tab) {
    handle_table_destroy(tab);
    kfree(tab);
}

static int wait_one(struct kobject *obj, uint32_t signals, uint64_t deadline, uint32_t *observed) {
    struct kobserver o;
    return wait_objects(&obj, &signals, observed, &o, 1, deadline);
}

/* ---------------------------------------------------------------- ping-pong */

struct echo {
    struct handle_table *tab;
    struct kobject *ep;
    uint32_t rounds;
    volatile int done;
    volatile int error;
};

/* Reads a counter and writes it back plus one, `rounds` times. */
static void echo_thread(void *arg) {
    struct echo *e = arg;
    for (uint32_t i = 0; i < e->rounds; i++) {
        uint32_t observed, value = 0, nb, nh;
        int err = wait_one(e->ep, RZ_SIG_READABLE, DEADLINE_NEVER, &observed);
        if (err == RZ_OK) {
            err = channel_read(e->tab, e->ep, &value, sizeof(value), NULL, 0, &nb, &nh);
        }
        value++;
        if (err == RZ_OK) {
            err = channel_write(e->tab, e->ep, &value, sizeof(value), NULL, 0);
        }
        if (err != RZ_OK) {
            e->error = err;
            break;
        }
    }
    e->done = 1;
}

/* Sends `rounds` messages through a, each answered by the echo thread. */
static int ping(struct handle_table *tab, struct kobject *a, uint32_t rounds) {
    uint32_t value = 0;
    for (uint32_t i = 0; i < rounds; i++) {
        uint32_t observed, nb, nh, sent = value;
        int err = channel_write(tab, a, &sent, sizeof(sent), NULL, 0);
        if (err == RZ_OK) {
            err = wait_one(a, RZ_SIG_READABLE, clock_ns() + 5000 * MS, &observed);
        }
        if (err == RZ_OK) {
            err = channel_read(tab, a, &value, sizeof(value), NULL, 0, &nb, &nh);
        }
        if (err != RZ_OK) {
            return err;
        }
        if (value != sent + 1) {
            return RZ_ERR_INTERNAL;
        }
    }
    return RZ_OK;
}

static void channel_round_trip(struct ktest *t, uint32_t rounds, bool report) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct kobject *a, *b;
    KT_ASSERT(t, channel_create(&a, &b) == RZ_OK);
    struct echo e = {tab, b, rounds, 0, 0};
    KT_ASSERT(t, thread_create("echo", echo_thread, &e, THREAD_PRIO_NORMAL, 0) != NULL);
    uint64_t t0 = rdtsc();
    KT_EXPECT_EQ(t, ping(tab, a, rounds), RZ_OK);
    uint64_t cycles = rdtsc() - t0;
    KT_EXPECT(t, until_done(&e.done));
    KT_EXPECT_EQ(t, e.error, RZ_OK);
    if (report) {
        ktest_log("channel round trip between two kernel threads: %llu cycles",
                  (unsigned long long)(cycles / rounds));
    }
    kobject_unref(a);
    kobject_unref(b);
    table_free(tab);
}

KTEST(objects_thread, channel_ping_pong) {
    channel_round_trip(t, 10, false);
}

KTEST(objects_thread, channel_round_trip_cycles) {
    channel_round_trip(t, 200, true);
}

/* ---------------------------------------------------------------- handle transfer */

struct receiver {
    struct handle_table *tab; /* the receiver's own table */
    struct kobject *ep;
    volatile int done;
    volatile int error;
    volatile uint32_t rights;
};

/* Receives one handle and signals USER0 on it through its own table. */
static void receiver_thread(void *arg) {
    struct receiver *r = arg;
    uint32_t observed, nb, nh;
    rz_handle_t h = 0;
    struct kobject *obj = NULL;
    uint32_t rights = 0;
    int err = wait_one(r->ep, RZ_SIG_READABLE, DEADLINE_NEVER, &observed);
    if (err == RZ_OK) {
        err = channel_read(r->tab, r->ep, NULL, 0, &h, 1, &nb, &nh);
    }
    if (err == RZ_OK) {
        err = handle_get(r->tab, h, RZ_OBJ_EVENT, RZ_RIGHT_SIGNAL, &obj, &rights);
    }
    if (err == RZ_OK) {
        kobject_signal(obj, 0, RZ_SIG_USER0);
        kobject_unref(obj);
    }
    r->rights = rights;
    r->error = err;
    r->done = 1;
}

KTEST(objects_thread, handle_moves_to_another_table) {
    struct handle_table *mine = table_new(), *theirs = table_new();
    KT_ASSERT(t, mine != NULL && theirs != NULL);
    struct kobject *a, *b, *ev;
    KT_ASSERT(t, channel_create(&a, &b) == RZ_OK);
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    rz_handle_t he;
    uint32_t rights = RZ_RIGHT_TRANSFER | RZ_RIGHT_SIGNAL;
    KT_ASSERT(t, handle_alloc(mine, ev, rights, &he) == RZ_OK);
    struct receiver r = {theirs, b, 0, 0, 0};
    struct thread *th = thread_create("receiver", receiver_thread, &r, THREAD_PRIO_NORMAL, 0);
    KT_ASSERT(t, th != NULL);
    KT_EXPECT(t, until_blocked(th));
    KT_EXPECT_EQ(t, channel_write(mine, a, NULL, 0, &he, 1), RZ_OK);
    uint32_t observed = 0;
    KT_EXPECT_EQ(t, wait_one(ev, RZ_SIG_USER0, clock_ns() + 5000 * MS, &observed), RZ_OK);
    KT_EXPECT(t, until_done(&r.done));
    KT_EXPECT_EQ(t, r.error, RZ_OK);
    KT_EXPECT_EQ(t, r.rights, rights);
    struct kobject *gone;
    KT_EXPECT_EQ(t, handle_get(mine, he, RZ_OBJ_NONE, 0, &gone, NULL), RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, ev->handle_count, 1);
    table_free(theirs);
    KT_EXPECT_EQ(t, ev->handle_count, 0);
    table_free(mine);
    kobject_unref(a);
    kobject_unref(b);
    kobject_unref(ev);
}

/* ---------------------------------------------------------------- wake paths */

struct waiter {
    struct kobject *objs[3];
    uint32_t waitfor[3];
    uint32_t observed[3];
    size_t n;
    uint64_t deadline;
    volatile int result;
    volatile int done;
};

static void waiter_thread(void *arg) {
    struct waiter *w = arg;
    struct kobserver obs[3];
    w->result = wait_objects(w->objs, w->waitfor, w->observed, obs, w->n, w->deadline);
    w->done = 1;
}

static struct thread *start_waiter(struct waiter *w) {
    w->done = 0;
    w->result = 1;
    return thread_create("waiter", waiter_thread, w, THREAD_PRIO_NORMAL, 0);
}

KTEST(objects_thread, event_signal_wakes_waiter) {
    struct kobject *ev;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    struct waiter w = {.objs = {ev}, .waitfor = {RZ_SIG_USER0}, .n = 1, .deadline = DEADLINE_NEVER};
    struct thread *th = start_waiter(&w);
    KT_ASSERT(t, th != NULL);
    KT_EXPECT(t, until_blocked(th));
    KT_EXPECT_EQ(t, w.done, 0);
    kobject_signal(ev, 0, RZ_SIG_USER0);
    KT_EXPECT(t, until_done(&w.done));
    KT_EXPECT_EQ(t, w.result, RZ_OK);
    KT_EXPECT_EQ(t, w.observed[0], RZ_SIG_USER0);
    kobject_unref(ev);
}

KTEST(objects_thread, wait_many_wakes_on_one_of_three) {
    struct kobject *ev[3];
    for (int i = 0; i < 3; i++) {
        KT_ASSERT(t, event_create(&ev[i]) == RZ_OK);
    }
    struct waiter w = {.objs = {ev[0], ev[1], ev[2]},
                       .waitfor = {RZ_SIG_USER0, RZ_SIG_USER0, RZ_SIG_USER0},
                       .n = 3,
                       .deadline = DEADLINE_NEVER};
    struct thread *th = start_waiter(&w);
    KT_ASSERT(t, th != NULL);
    KT_EXPECT(t, until_blocked(th));
    kobject_signal(ev[1], 0, RZ_SIG_USER0);
    KT_EXPECT(t, until_done(&w.done));
    KT_EXPECT_EQ(t, w.result, RZ_OK);
    KT_EXPECT_EQ(t, w.observed[0], 0);
    KT_EXPECT_EQ(t, w.observed[1], RZ_SIG_USER0);
    KT_EXPECT_EQ(t, w.observed[2], 0);
    for (int i = 0; i < 3; i++) {
        KT_EXPECT(t, ev[i]->observers == NULL);
        kobject_unref(ev[i]);
    }
}

KTEST(objects_thread, peer_close_wakes_reader_with_peer_closed) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct kobject *a, *b;
    rz_handle_t ha;
    KT_ASSERT(t, channel_create(&a, &b) == RZ_OK);
    KT_ASSERT(t, handle_alloc(tab, a, RZ_DEFAULT_CHANNEL_RIGHTS, &ha) == RZ_OK);
    struct waiter w = {.objs = {b},
                       .waitfor = {RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED},
                       .n = 1,
                       .deadline = DEADLINE_NEVER};
    struct thread *th = start_waiter(&w);
    KT_ASSERT(t, th != NULL);
    KT_EXPECT(t, until_blocked(th));
    KT_EXPECT_EQ(t, handle_close(tab, ha), RZ_OK);
    KT_EXPECT(t, until_done(&w.done));
    KT_EXPECT_EQ(t, w.result, RZ_OK);
    KT_EXPECT_EQ(t, w.observed[0], RZ_SIG_PEER_CLOSED);
    table_free(tab);
    kobject_unref(a);
    kobject_unref(b);
}

KTEST(objects_thread, closing_waited_handle_cancels_wait) {
    struct handle_table *tab = table_new();
    KT_ASSERT(t, tab != NULL);
    struct kobject *ev;
    rz_handle_t he;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    KT_ASSERT(t, handle_alloc(tab, ev, RZ_DEFAULT_EVENT_RIGHTS, &he) == RZ_OK);
    struct waiter w = {.objs = {ev}, .waitfor = {RZ_SIG_USER0}, .n = 1, .deadline = DEADLINE_NEVER};
    struct thread *th = start_waiter(&w);
    KT_ASSERT(t, th != NULL);
    KT_EXPECT(t, until_blocked(th));
    KT_EXPECT_EQ(t, handle_close(tab, he), RZ_OK);
    KT_EXPECT(t, until_done(&w.done));
    KT_EXPECT_EQ(t, w.result, RZ_ERR_CANCELED);
    table_free(tab);
    kobject_unref(ev);
}

KTEST(objects_thread, kill_ends_wait_with_canceled) {
    struct kobject *ev;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    struct waiter w = {.objs = {ev}, .waitfor = {RZ_SIG_USER0}, .n = 1, .deadline = DEADLINE_NEVER};
    struct thread *th = start_waiter(&w);
    KT_ASSERT(t, th != NULL);
    KT_EXPECT(t, until_blocked(th));
    thread_kill(th);
    KT_EXPECT(t, until_done(&w.done));
    KT_EXPECT_EQ(t, w.result, RZ_ERR_CANCELED);
    KT_EXPECT(t, ev->observers == NULL);
    kobject_unref(ev);
}

KTEST(objects_thread, deadline_wakes_blocked_waiter) {
    struct kobject *ev;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    uint64_t deadline = clock_ns() + 20 * MS;
    struct waiter w = {.objs = {ev}, .waitfor = {RZ_SIG_USER0}, .n = 1, .deadline = deadline};
    struct thread *th = start_waiter(&w);
    KT_ASSERT(t, th != NULL);
    KT_EXPECT(t, until_done(&w.done));
    KT_EXPECT_EQ(t, w.result, RZ_ERR_TIMED_OUT);
    KT_EXPECT(t, clock_ns() >= deadline);
    kobject_unref(ev);
}
