/* Tests of the service registry (kernel/service.c) with kernel threads. */
#include "kernel/service.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "abi/signals.h"
#include "kernel/channel.h"
#include "kernel/clock.h"
#include "kernel/event.h"
#include "kernel/grant.h"
#include "kernel/kmalloc.h"
#include "kernel/thread.h"
#include "ktest.h"
#include "lib/string.h"

#define MS 1000000ull

/* Grants the test's program its names once (the boot table only grows). */
static void grant_test_names(void) {
    static bool done;
    const char *names[] = {"t.echo", "t.late"};
    for (size_t i = 0; !done && i < 2; i++) {
        struct grant g = {.program = "service_test"};
        strlcpy(g.service, names[i], sizeof g.service);
        const char *why;
        grant_add(&grant_boot_table, &g, &why);
    }
    done = true;
}

/* Takes the server's end of the connection waiting on listener: its
 * handle stays in tab (closing it would close the connection). */
static struct kobject *accept(struct handle_table *tab, struct kobject *listener) {
    rz_handle_t h = 0;
    uint32_t nb = 0, nh = 0;
    struct kobject *ep = NULL;
    if (channel_read(tab, listener, NULL, 0, &h, 1, &nb, &nh) == RZ_OK && nb == 0 && nh == 1) {
        handle_get(tab, h, RZ_OBJ_CHANNEL, RZ_RIGHT_READ | RZ_RIGHT_WRITE, &ep, NULL);
    }
    return ep;
}

KTEST(service, register_connect_talk_unregister) {
    grant_test_names();
    struct handle_table *tab = kmalloc(sizeof *tab);
    KT_ASSERT(t, tab != NULL);
    handle_table_init(tab);
    struct kobject *listener, *other, *client;
    KT_ASSERT(t, service_register("service_test", NULL, "t.echo", &listener) == RZ_OK);
    KT_EXPECT_EQ(t, service_register("service_test", NULL, "t.echo", &other),
                 RZ_ERR_ALREADY_EXISTS);
    KT_EXPECT_EQ(t, service_register("intruder", NULL, "t.late", &other), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, service_register("service_test", NULL, "t.nogrant", &other),
                 RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, service_connect("t.nobody", 0, &client), RZ_ERR_TIMED_OUT);
    uint64_t start = clock_ns();
    KT_EXPECT_EQ(t, service_connect("t.nobody", start + 20 * MS, &client), RZ_ERR_TIMED_OUT);
    KT_EXPECT(t, clock_ns() >= start + 20 * MS);

    KT_ASSERT(t, service_connect("t.echo", 0, &client) == RZ_OK);
    struct kobject *server = accept(tab, listener);
    KT_ASSERT(t, server != NULL);
    char buf[8];
    uint32_t n = 0;
    KT_EXPECT_EQ(t, channel_write_kernel(client, "ping", 4, NULL, 0), RZ_OK);
    KT_EXPECT_EQ(t, channel_read_kernel(server, buf, sizeof buf, &n), RZ_OK);
    KT_EXPECT_BYTES(t, buf, n, "ping", 4);
    KT_EXPECT_EQ(t, channel_write_kernel(server, "pong", 4, NULL, 0), RZ_OK);
    KT_EXPECT_EQ(t, channel_read_kernel(client, buf, sizeof buf, &n), RZ_OK);
    KT_EXPECT_BYTES(t, buf, n, "pong", 4);
    kobject_unref(server);
    kobject_unref(client);

    /* The server's listener goes: the name is free, connections wait. */
    kobject_unref(listener);
    KT_EXPECT_EQ(t, service_connect("t.echo", 0, &client), RZ_ERR_TIMED_OUT);
    KT_ASSERT(t, service_register("service_test", NULL, "t.echo", &listener) == RZ_OK);
    KT_EXPECT_EQ(t, service_connect("t.echo", 0, &client), RZ_OK);
    kobject_unref(client);
    kobject_unref(listener);
    handle_table_destroy(tab);
    kfree(tab);
}

/* A server that registers its name late. The connection it wakes may
 * run before service_register has returned and stored the listener, so
 * the test waits for `done` before it looks. */
struct late_registration {
    struct kobject *listener;
    volatile int done;
};

static void late_server(void *arg) {
    struct late_registration *l = arg;
    thread_sleep_until(clock_ns() + 20 * MS);
    service_register("service_test", NULL, "t.late", &l->listener);
    l->done = 1;
}

KTEST(service, connect_waits_for_the_name) {
    grant_test_names();
    static struct late_registration late;
    late = (struct late_registration){NULL, 0};
    struct kobject *client = NULL;
    KT_ASSERT(t, thread_create("late", late_server, &late, THREAD_PRIO_NORMAL, 0) != NULL);
    KT_EXPECT_EQ(t, service_connect("t.late", clock_ns() + 2000 * MS, &client), RZ_OK);
    uint64_t end = clock_ns() + 2000 * MS;
    while (!late.done && clock_ns() < end) {
        thread_sleep_until(clock_ns() + MS);
    }
    struct kobject *listener = late.listener;
    KT_EXPECT(t, listener != NULL);
    KT_EXPECT(t, listener != NULL && (listener->signals & RZ_SIG_READABLE) != 0);
    if (client != NULL) {
        kobject_unref(client);
    }
    if (listener != NULL) {
        kobject_unref(listener);
    }
}

/* The registering process's end frees the name even while its listener
 * lives on (hidden where nothing closes it): an event stands in for the
 * process here. */
KTEST(service, owner_terminated_frees_the_name) {
    grant_test_names();
    struct kobject *owner, *listener, *client, *again;
    KT_ASSERT(t, event_create(&owner) == RZ_OK);
    KT_ASSERT(t, service_register("service_test", owner, "t.echo", &listener) == RZ_OK);
    KT_EXPECT_EQ(t, service_connect("t.echo", 0, &client), RZ_OK);
    kobject_unref(client);
    kobject_signal(owner, 0, RZ_SIG_TERMINATED);
    KT_EXPECT_EQ(t, service_connect("t.echo", 0, &client), RZ_ERR_TIMED_OUT);
    KT_EXPECT_EQ(t, owner->refcount, 1u); /* the sweep dropped the registry's */
    KT_ASSERT(t, service_register("service_test", NULL, "t.echo", &again) == RZ_OK);
    kobject_unref(again);
    kobject_unref(listener);
    kobject_unref(owner);
}

KTEST(service, release_owner_unregisters_at_once) {
    grant_test_names();
    struct kobject *owner, *listener, *client;
    KT_ASSERT(t, event_create(&owner) == RZ_OK);
    KT_ASSERT(t, service_register("service_test", owner, "t.echo", &listener) == RZ_OK);
    KT_EXPECT_EQ(t, owner->refcount, 2u); /* the test's and the registry's */
    service_release_owner(owner);
    KT_EXPECT_EQ(t, owner->refcount, 1u); /* no sweep needed: the process is not kept */
    KT_EXPECT_EQ(t, service_connect("t.echo", 0, &client), RZ_ERR_TIMED_OUT);
    kobject_unref(listener);
    kobject_unref(owner);
}
