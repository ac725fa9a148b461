/* Tests of kernel/channel.c's queue, signals and handle moving (one thread). */
#include "kernel/channel.h"

#include "abi/errors.h"
#include "abi/rights.h"
#include "abi/signals.h"
#include "kernel/event.h"
#include "kernel/kmalloc.h"
#include "kernel/param.h"
#include "ktest.h"
#include "lib/string.h"

struct chan_fixture {
    struct handle_table *tab;
    struct kobject *a, *b; /* the test's own references */
    rz_handle_t ha, hb;
};

static bool fixture_init(struct chan_fixture *f) {
    f->tab = kmalloc(sizeof(*f->tab));
    if (f->tab == NULL) {
        return false;
    }
    handle_table_init(f->tab);
    return channel_create(&f->a, &f->b) == RZ_OK &&
           handle_alloc(f->tab, f->a, RZ_DEFAULT_CHANNEL_RIGHTS, &f->ha) == RZ_OK &&
           handle_alloc(f->tab, f->b, RZ_DEFAULT_CHANNEL_RIGHTS, &f->hb) == RZ_OK;
}

/* A new event with a handle to it in f's table, holding `rights`. */
static bool fixture_event(struct chan_fixture *f, uint32_t rights, struct kobject **ev,
                          rz_handle_t *h) {
    return event_create(ev) == RZ_OK && handle_alloc(f->tab, *ev, rights, h) == RZ_OK;
}

static void fixture_fini(struct chan_fixture *f) {
    handle_table_destroy(f->tab);
    kfree(f->tab);
    kobject_unref(f->a);
    kobject_unref(f->b);
}

KTEST(channel, write_then_read_both_directions) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    KT_EXPECT_EQ(t, f.a->signals, RZ_SIG_WRITABLE);
    KT_EXPECT_EQ(t, channel_write(f.tab, f.a, "ping", 4, NULL, 0), RZ_OK);
    KT_EXPECT_EQ(t, f.b->signals, RZ_SIG_WRITABLE | RZ_SIG_READABLE);
    KT_EXPECT_EQ(t, channel_write(f.tab, f.b, "pong!", 5, NULL, 0), RZ_OK);
    char buf[8] = {0};
    uint32_t nb = 0, nh = 99;
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, buf, sizeof(buf), NULL, 0, &nb, &nh), RZ_OK);
    KT_EXPECT_EQ(t, nb, 4);
    KT_EXPECT_EQ(t, nh, 0);
    KT_EXPECT_BYTES(t, buf, 4, "ping", 4);
    KT_EXPECT_EQ(t, f.b->signals, RZ_SIG_WRITABLE);
    KT_EXPECT_EQ(t, channel_read(f.tab, f.a, buf, sizeof(buf), NULL, 0, &nb, &nh), RZ_OK);
    KT_EXPECT_BYTES(t, buf, 5, "pong!", 5);
    KT_EXPECT_EQ(t, channel_read(f.tab, f.a, buf, sizeof(buf), NULL, 0, &nb, &nh),
                 RZ_ERR_SHOULD_WAIT);
    fixture_fini(&f);
}

KTEST(channel, messages_keep_their_order) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    for (uint8_t i = 0; i < 5; i++) {
        KT_EXPECT_EQ(t, channel_write(f.tab, f.a, &i, 1, NULL, 0), RZ_OK);
    }
    for (uint8_t i = 0; i < 5; i++) {
        uint8_t got = 0xff;
        uint32_t nb, nh;
        KT_EXPECT_EQ(t, channel_read(f.tab, f.b, &got, 1, NULL, 0, &nb, &nh), RZ_OK);
        KT_EXPECT_EQ(t, got, i);
    }
    fixture_fini(&f);
}

KTEST(channel, full_queue_should_wait_and_clears_writable) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    for (uint32_t i = 0; i < CHANNEL_MAX_QUEUED; i++) {
        KT_ASSERT(t, channel_write(f.tab, f.a, "x", 1, NULL, 0) == RZ_OK);
    }
    KT_EXPECT_EQ(t, f.a->signals & RZ_SIG_WRITABLE, 0);
    KT_EXPECT_EQ(t, channel_write(f.tab, f.a, "x", 1, NULL, 0), RZ_ERR_SHOULD_WAIT);
    char c;
    uint32_t nb, nh;
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, &c, 1, NULL, 0, &nb, &nh), RZ_OK);
    KT_EXPECT(t, (f.a->signals & RZ_SIG_WRITABLE) != 0);
    KT_EXPECT_EQ(t, channel_write(f.tab, f.a, "x", 1, NULL, 0), RZ_OK);
    fixture_fini(&f);
}

KTEST(channel, size_limits_are_out_of_range) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    KT_EXPECT_EQ(t, channel_write(f.tab, f.a, NULL, RZ_CHANNEL_MAX_BYTES + 1, NULL, 0),
                 RZ_ERR_OUT_OF_RANGE);
    KT_EXPECT_EQ(t, channel_write(f.tab, f.a, NULL, 0, NULL, RZ_CHANNEL_MAX_HANDLES + 1),
                 RZ_ERR_OUT_OF_RANGE);
    uint8_t *big = kmalloc(RZ_CHANNEL_MAX_BYTES);
    KT_ASSERT(t, big != NULL);
    memset(big, 0x5a, RZ_CHANNEL_MAX_BYTES);
    KT_EXPECT_EQ(t, channel_write(f.tab, f.a, big, RZ_CHANNEL_MAX_BYTES, NULL, 0), RZ_OK);
    memset(big, 0, RZ_CHANNEL_MAX_BYTES);
    uint32_t nb, nh;
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, big, RZ_CHANNEL_MAX_BYTES, NULL, 0, &nb, &nh), RZ_OK);
    KT_EXPECT_EQ(t, nb, RZ_CHANNEL_MAX_BYTES);
    KT_EXPECT_EQ(t, big[RZ_CHANNEL_MAX_BYTES - 1], 0x5a);
    kfree(big);
    fixture_fini(&f);
}

KTEST(channel, too_small_buffer_reports_sizes_and_keeps_message) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    struct kobject *ev;
    rz_handle_t he;
    KT_ASSERT(t, fixture_event(&f, RZ_DEFAULT_EVENT_RIGHTS, &ev, &he));
    KT_ASSERT(t, channel_write(f.tab, f.a, "hello", 5, &he, 1) == RZ_OK);
    char buf[8];
    rz_handle_t got[2];
    uint32_t nb = 0, nh = 0;
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, buf, 4, got, 2, &nb, &nh), RZ_ERR_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, nb, 5);
    KT_EXPECT_EQ(t, nh, 1);
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, buf, 8, got, 0, &nb, &nh), RZ_ERR_BUFFER_TOO_SMALL);
    KT_EXPECT(t, (f.b->signals & RZ_SIG_READABLE) != 0);
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, buf, 8, got, 2, &nb, &nh), RZ_OK);
    struct kobject *back;
    KT_EXPECT_EQ(t, handle_get(f.tab, got[0], RZ_OBJ_EVENT, RZ_RIGHT_SIGNAL, &back, NULL), RZ_OK);
    KT_EXPECT(t, back == ev);
    kobject_unref(back);
    fixture_fini(&f);
    kobject_unref(ev);
}

KTEST(channel, handles_move_with_rights_and_leave_sender) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    struct kobject *ev;
    rz_handle_t he;
    KT_ASSERT(t, fixture_event(&f, RZ_RIGHT_TRANSFER | RZ_RIGHT_WAIT, &ev, &he));
    KT_ASSERT(t, channel_write(f.tab, f.a, NULL, 0, &he, 1) == RZ_OK);
    struct kobject *x;
    KT_EXPECT_EQ(t, handle_get(f.tab, he, RZ_OBJ_NONE, 0, &x, NULL), RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, ev->handle_count, 1); /* in flight */
    rz_handle_t got;
    uint32_t nb, nh;
    KT_ASSERT(t, channel_read(f.tab, f.b, NULL, 0, &got, 1, &nb, &nh) == RZ_OK);
    uint32_t rights = 0;
    KT_EXPECT_EQ(t, handle_get(f.tab, got, RZ_OBJ_EVENT, 0, &x, &rights), RZ_OK);
    KT_EXPECT_EQ(t, rights, RZ_RIGHT_TRANSFER | RZ_RIGHT_WAIT);
    kobject_unref(x);
    fixture_fini(&f);
    kobject_unref(ev);
}

KTEST(channel, write_with_bad_handle_moves_nothing) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    struct kobject *ev;
    rz_handle_t hs[2];
    KT_ASSERT(t, fixture_event(&f, RZ_DEFAULT_EVENT_RIGHTS, &ev, &hs[0]));
    hs[1] = 0x7fffffffu;
    KT_EXPECT_EQ(t, channel_write(f.tab, f.a, "m", 1, hs, 2), RZ_ERR_BAD_HANDLE);
    rz_handle_t self[1] = {f.ha};
    KT_EXPECT_EQ(t, channel_write(f.tab, f.a, "m", 1, self, 1), RZ_ERR_INVALID_ARGS);
    struct kobject *x;
    KT_EXPECT_EQ(t, handle_get(f.tab, hs[0], RZ_OBJ_EVENT, 0, &x, NULL), RZ_OK);
    kobject_unref(x);
    KT_EXPECT_EQ(t, f.b->signals & RZ_SIG_READABLE, 0);
    rz_handle_t peer[1] = {f.hb};
    KT_EXPECT_EQ(t, channel_write(f.tab, f.a, "m", 1, peer, 1), RZ_ERR_INVALID_ARGS);
    fixture_fini(&f);
    kobject_unref(ev);
}

KTEST(channel, peer_closed_keeps_queued_messages_readable) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    KT_ASSERT(t, channel_write(f.tab, f.a, "last", 4, NULL, 0) == RZ_OK);
    KT_ASSERT(t, handle_close(f.tab, f.ha) == RZ_OK);
    KT_EXPECT_EQ(t, f.b->signals, RZ_SIG_READABLE | RZ_SIG_PEER_CLOSED);
    KT_EXPECT_EQ(t, channel_write(f.tab, f.b, "x", 1, NULL, 0), RZ_ERR_PEER_CLOSED);
    char buf[4];
    uint32_t nb, nh;
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, buf, 4, NULL, 0, &nb, &nh), RZ_OK);
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, buf, 4, NULL, 0, &nb, &nh), RZ_ERR_PEER_CLOSED);
    fixture_fini(&f);
}

KTEST(channel, closing_reader_drops_queued_handles) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    struct kobject *ev;
    rz_handle_t he;
    KT_ASSERT(t, fixture_event(&f, RZ_DEFAULT_EVENT_RIGHTS, &ev, &he));
    KT_ASSERT(t, channel_write(f.tab, f.a, NULL, 0, &he, 1) == RZ_OK);
    KT_EXPECT_EQ(t, ev->refcount, 2);
    KT_ASSERT(t, handle_close(f.tab, f.hb) == RZ_OK);
    KT_EXPECT_EQ(t, ev->handle_count, 0);
    KT_EXPECT_EQ(t, ev->refcount, 1);
    KT_EXPECT(t, (f.a->signals & RZ_SIG_PEER_CLOSED) != 0);
    KT_EXPECT_EQ(t, f.a->signals & RZ_SIG_WRITABLE, 0);
    fixture_fini(&f);
    kobject_unref(ev);
}

KTEST(channel, read_with_full_table_keeps_message) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    struct kobject *ev;
    rz_handle_t he, filler;
    KT_ASSERT(t, fixture_event(&f, RZ_DEFAULT_EVENT_RIGHTS, &ev, &he));
    KT_ASSERT(t, channel_write(f.tab, f.a, NULL, 0, &he, 1) == RZ_OK);
    while (handle_alloc(f.tab, ev, 0, &filler) == RZ_OK) {
    }
    rz_handle_t got;
    uint32_t nb, nh;
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, NULL, 0, &got, 1, &nb, &nh), RZ_ERR_NO_RESOURCES);
    KT_ASSERT(t, handle_close(f.tab, filler) == RZ_OK);
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, NULL, 0, &got, 1, &nb, &nh), RZ_OK);
    fixture_fini(&f);
    kobject_unref(ev);
}

/* Regression: dropping a queue closed the handles inside recursively, so
 * channels nested N deep in messages used N levels of kernel stack. */
KTEST(channel, closing_deeply_nested_channels_uses_no_recursion) {
    enum { DEPTH = 3000 };
    struct handle_table *tab = kmalloc(sizeof(*tab));
    KT_ASSERT(t, tab != NULL);
    handle_table_init(tab);
    struct kobject *first_r = NULL;
    rz_handle_t inner = 0; /* read end of the previous level */
    for (int i = 0; i < DEPTH; i++) {
        struct kobject *w, *r;
        rz_handle_t hw, hr;
        KT_ASSERT(t, channel_create(&w, &r) == RZ_OK);
        KT_ASSERT(t, handle_alloc(tab, w, RZ_DEFAULT_CHANNEL_RIGHTS, &hw) == RZ_OK);
        KT_ASSERT(t, handle_alloc(tab, r, RZ_DEFAULT_CHANNEL_RIGHTS, &hr) == RZ_OK);
        if (i == 0) {
            first_r = r;
            kobject_ref(first_r);
        } else {
            KT_ASSERT(t, channel_write(tab, w, NULL, 0, &inner, 1) == RZ_OK);
        }
        KT_ASSERT(t, handle_close(tab, hw) == RZ_OK);
        kobject_unref(w);
        kobject_unref(r);
        inner = hr;
    }
    KT_EXPECT_EQ(t, first_r->handle_count, 1);
    KT_EXPECT_EQ(t, handle_close(tab, inner), RZ_OK); /* the outermost level */
    KT_EXPECT_EQ(t, first_r->handle_count, 0);
    KT_EXPECT_EQ(t, tab->free_count, HANDLE_TABLE_CAPACITY);
    kobject_unref(first_r);
    handle_table_destroy(tab);
    kfree(tab);
}

KTEST(channel, kernel_write_moves_an_object_and_read_takes_a_stream) {
    struct chan_fixture f;
    KT_ASSERT(t, fixture_init(&f));
    struct kobject *ev;
    KT_ASSERT(t, event_create(&ev) == RZ_OK);
    KT_EXPECT_EQ(t, channel_write_kernel(f.a, "hi", 2, ev, RZ_DEFAULT_EVENT_RIGHTS), RZ_OK);
    KT_EXPECT_EQ(t, ev->handle_count, 1); /* the message's */
    char buf[8];
    rz_handle_t h = 0;
    uint32_t nb = 0, nh = 0;
    KT_EXPECT_EQ(t, channel_read(f.tab, f.b, buf, sizeof buf, &h, 1, &nb, &nh), RZ_OK);
    KT_EXPECT_EQ(t, nh, 1);
    struct kobject *got;
    KT_EXPECT_EQ(t, handle_get(f.tab, h, RZ_OBJ_EVENT, RZ_RIGHT_SIGNAL, &got, NULL), RZ_OK);
    KT_EXPECT(t, got == ev);
    kobject_unref(got);
    /* A long message read a few bytes at a time, then the next one. */
    KT_EXPECT_EQ(t, channel_write_kernel(f.a, "abcdefg", 7, NULL, 0), RZ_OK);
    KT_EXPECT_EQ(t, channel_write_kernel(f.a, "Z", 1, NULL, 0), RZ_OK);
    uint32_t n = 0;
    KT_EXPECT_EQ(t, channel_read_kernel(f.b, buf, 3, &n), RZ_OK);
    KT_EXPECT_BYTES(t, buf, n, "abc", 3);
    KT_EXPECT_EQ(t, channel_read_kernel(f.b, buf, 3, &n), RZ_OK);
    KT_EXPECT_BYTES(t, buf, n, "def", 3);
    KT_EXPECT_EQ(t, channel_read_kernel(f.b, buf, 8, &n), RZ_OK);
    KT_EXPECT_BYTES(t, buf, n, "g", 1);
    KT_EXPECT_EQ(t, channel_read_kernel(f.b, buf, 8, &n), RZ_OK);
    KT_EXPECT_BYTES(t, buf, n, "Z", 1);
    KT_EXPECT_EQ(t, f.b->signals & RZ_SIG_READABLE, 0);
    KT_EXPECT_EQ(t, channel_read_kernel(f.b, buf, 8, &n), RZ_ERR_SHOULD_WAIT);
    /* Handles in a message the kernel reads as a stream are closed. */
    kobject_ref(ev);
    KT_EXPECT_EQ(t, channel_write_kernel(f.a, "x", 1, ev, RZ_DEFAULT_EVENT_RIGHTS), RZ_OK);
    KT_EXPECT_EQ(t, ev->handle_count, 2);
    KT_EXPECT_EQ(t, channel_read_kernel(f.b, buf, 8, &n), RZ_OK);
    KT_EXPECT_EQ(t, ev->handle_count, 1);
    /* A full queue refuses, leaving the object with the caller. */
    for (uint32_t i = 0; i < CHANNEL_MAX_QUEUED; i++) {
        KT_ASSERT(t, channel_write_kernel(f.a, "q", 1, NULL, 0) == RZ_OK);
    }
    KT_EXPECT_EQ(t, channel_write_kernel(f.a, "q", 1, ev, RZ_DEFAULT_EVENT_RIGHTS),
                 RZ_ERR_SHOULD_WAIT);
    KT_EXPECT_EQ(t, ev->handle_count, 1);
    KT_EXPECT_EQ(t, channel_write_kernel(f.a, NULL, RZ_CHANNEL_MAX_BYTES + 1, NULL, 0),
                 RZ_ERR_OUT_OF_RANGE);
    KT_EXPECT_EQ(t, handle_close(f.tab, f.ha), RZ_OK); /* a's last handle: b sees the close */
    for (uint32_t i = 0; i < CHANNEL_MAX_QUEUED; i++) {
        KT_ASSERT(t, channel_read_kernel(f.b, buf, 8, &n) == RZ_OK);
    }
    KT_EXPECT_EQ(t, channel_read_kernel(f.b, buf, 8, &n), RZ_ERR_PEER_CLOSED);
    KT_EXPECT_EQ(t, channel_write_kernel(f.b, "x", 1, NULL, 0), RZ_ERR_PEER_CLOSED);
    fixture_fini(&f);
}
