/*
 * Host tests of the object syscalls (kernel/sys_*.c) as a program sees
 * them: arguments are guest addresses into a fake process's memory, and
 * hostile values (0xffffffff, lengths that wrap, ranges ending one byte
 * past the memory) must give RZ_ERR_OUT_OF_BOUNDS and change nothing.
 */
#include "abi/errors.h"
#include "abi/rights.h"
#include "abi/signals.h"
#include "kernel/clock.h"
#include "kernel/process.h"
#include "kernel/sys.h"
#include "kernel/thread.h"
#include "ktest.h"
#include "lib/string.h"

#define MEM 65536u

/* Guest addresses the tests use. */
#define G_OUT0 16u
#define G_OUT1 20u
#define G_NB 24u
#define G_NH 28u
#define G_HANDLES 64u
#define G_ITEMS 256u
#define G_BUF 1024u

static uint32_t peek32(struct process *p, guest_addr_t a) {
    uint32_t v;
    memcpy(&v, p->ctx.mem0_base + a, sizeof(v));
    return v;
}

static void poke32(struct process *p, guest_addr_t a, uint32_t v) {
    memcpy(p->ctx.mem0_base + a, &v, sizeof(v));
}

KTEST(sys, channel_round_trip_through_guest_memory) {
    struct process *p = process_double_new(MEM);
    KT_ASSERT(t, p != NULL);
    wasm_ctx_t *ctx = &p->ctx;
    KT_ASSERT(t, sys_channel_create(ctx, G_OUT0, G_OUT1) == RZ_OK);
    rz_handle_t a = peek32(p, G_OUT0), b = peek32(p, G_OUT1);
    KT_EXPECT(t, a != b && a != 0 && b != 0);
    memcpy(p->ctx.mem0_base + G_BUF, "hello", 5);
    KT_EXPECT_EQ(t, sys_channel_write(ctx, a, G_BUF, 5, 0, 0), RZ_OK);
    KT_EXPECT_EQ(t, sys_channel_read(ctx, b, G_BUF + 100, 3, G_HANDLES, 0, G_NB, G_NH),
                 RZ_ERR_BUFFER_TOO_SMALL);
    KT_EXPECT_EQ(t, peek32(p, G_NB), 5);
    KT_EXPECT_EQ(t, sys_channel_read(ctx, b, G_BUF + 100, 5, G_HANDLES, 0, G_NB, G_NH), RZ_OK);
    KT_EXPECT_BYTES(t, p->ctx.mem0_base + G_BUF + 100, 5, "hello", 5);
    KT_EXPECT_EQ(t, peek32(p, G_NH), 0);
    process_double_free(p);
}

KTEST(sys, channel_write_moves_handles_from_guest_array) {
    struct process *p = process_double_new(MEM);
    KT_ASSERT(t, p != NULL);
    wasm_ctx_t *ctx = &p->ctx;
    KT_ASSERT(t, sys_channel_create(ctx, G_OUT0, G_OUT1) == RZ_OK);
    rz_handle_t a = peek32(p, G_OUT0), b = peek32(p, G_OUT1);
    KT_ASSERT(t, sys_event_create(ctx, G_HANDLES) == RZ_OK);
    rz_handle_t ev = peek32(p, G_HANDLES);
    KT_EXPECT_EQ(t, sys_channel_write(ctx, a, 0, 0, G_HANDLES, 1), RZ_OK);
    KT_EXPECT_EQ(t, sys_handle_close(ctx, ev), RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, sys_channel_read(ctx, b, 0, 0, G_HANDLES + 8, 1, G_NB, G_NH), RZ_OK);
    KT_EXPECT_EQ(t, peek32(p, G_NH), 1);
    rz_handle_t got = peek32(p, G_HANDLES + 8);
    KT_EXPECT_EQ(t, sys_object_signal(ctx, got, 0, RZ_SIG_USER0), RZ_OK);
    process_double_free(p);
}

KTEST(sys, hostile_pointers_are_out_of_bounds) {
    struct process *p = process_double_new(MEM);
    KT_ASSERT(t, p != NULL);
    wasm_ctx_t *ctx = &p->ctx;
    KT_EXPECT_EQ(t, sys_channel_create(ctx, 0xffffffffu, G_OUT1), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_channel_create(ctx, G_OUT0, MEM - 3), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_event_create(ctx, MEM), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_timer_create(ctx, 0xfffffffeu), RZ_ERR_OUT_OF_BOUNDS);
    /* Nothing was created: the table is still empty. */
    KT_EXPECT_EQ(t, p->handles.free_count, HANDLE_TABLE_CAPACITY);
    KT_EXPECT_EQ(t, sys_event_create(ctx, MEM - 4), RZ_OK); /* exactly at the end */
    KT_ASSERT(t, sys_channel_create(ctx, G_OUT0, G_OUT1) == RZ_OK);
    rz_handle_t a = peek32(p, G_OUT0), b = peek32(p, G_OUT1);
    KT_EXPECT_EQ(t, sys_channel_write(ctx, a, MEM - 4, 5, 0, 0), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_channel_write(ctx, a, 0xffffffffu, 2, 0, 0), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_channel_write(ctx, a, G_BUF, 1, MEM - 4, 2), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_channel_write(ctx, a, G_BUF, 0xffffffffu, 0, 0), RZ_ERR_OUT_OF_RANGE);
    KT_EXPECT_EQ(t, sys_channel_write(ctx, a, G_BUF, 1, 0, 0x40000001u), RZ_ERR_OUT_OF_RANGE);
    KT_EXPECT_EQ(t, sys_channel_write(ctx, a, MEM - 4, 4, 0, 0), RZ_OK);
    KT_EXPECT_EQ(t, sys_channel_read(ctx, b, G_BUF, 16, 0xfffffff0u, 0x10, G_NB, G_NH),
                 RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_channel_read(ctx, b, G_BUF, 16, 0, 0x40000000u, G_NB, G_NH),
                 RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_channel_read(ctx, b, G_BUF, 16, 0, 0, MEM - 2, G_NH), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_channel_read(ctx, b, G_BUF, 16, 0, 0, G_NB, G_NH), RZ_OK); /* still queued */
    KT_EXPECT_EQ(t, sys_handle_duplicate(ctx, a, RZ_RIGHT_READ, MEM), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_wait_one(ctx, a, RZ_SIG_WRITABLE, 0, 0xffffffffu), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_wait_many(ctx, MEM - 16, 2, 0), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_wait_many(ctx, 0, 0x10000001u, 0), RZ_ERR_OUT_OF_RANGE);
    process_double_free(p);
}

KTEST(sys, handles_rights_and_types_are_checked) {
    struct process *p = process_double_new(MEM);
    KT_ASSERT(t, p != NULL);
    wasm_ctx_t *ctx = &p->ctx;
    KT_ASSERT(t, sys_event_create(ctx, G_OUT0) == RZ_OK);
    rz_handle_t ev = peek32(p, G_OUT0);
    KT_EXPECT_EQ(t, sys_timer_set(ctx, ev, 0), RZ_ERR_WRONG_TYPE);
    KT_EXPECT_EQ(t, sys_channel_write(ctx, ev, 0, 0, 0, 0), RZ_ERR_WRONG_TYPE);
    KT_EXPECT_EQ(t, sys_object_signal(ctx, ev, 0, RZ_SIG_READABLE), RZ_ERR_INVALID_ARGS);
    KT_EXPECT_EQ(t, sys_object_signal(ctx, 0x12345u, 0, RZ_SIG_USER0), RZ_ERR_BAD_HANDLE);
    KT_ASSERT(t, sys_handle_replace(ctx, ev, RZ_RIGHT_WAIT, G_OUT1) == RZ_OK);
    rz_handle_t weak = peek32(p, G_OUT1);
    KT_EXPECT_EQ(t, sys_object_signal(ctx, weak, 0, RZ_SIG_USER0), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, sys_handle_duplicate(ctx, weak, RZ_RIGHT_WAIT, G_OUT1), RZ_ERR_ACCESS_DENIED);
    KT_EXPECT_EQ(t, sys_handle_close(ctx, ev), RZ_ERR_BAD_HANDLE); /* replaced */
    KT_EXPECT_EQ(t, sys_handle_close(ctx, weak), RZ_OK);
    process_double_free(p);
}

KTEST(sys, wait_many_writes_observed_into_items) {
    sched_double_reset();
    struct process *p = process_double_new(MEM);
    KT_ASSERT(t, p != NULL);
    wasm_ctx_t *ctx = &p->ctx;
    KT_ASSERT(t, sys_event_create(ctx, G_OUT0) == RZ_OK);
    KT_ASSERT(t, sys_timer_create(ctx, G_OUT1) == RZ_OK);
    rz_handle_t ev = peek32(p, G_OUT0), tm = peek32(p, G_OUT1);
    rz_wait_item_t items[2] = {{ev, RZ_SIG_USER0, 0, 0}, {tm, RZ_SIG_SIGNALED, 0, 0}};
    memcpy(p->ctx.mem0_base + G_ITEMS, items, sizeof(items));
    KT_EXPECT_EQ(t, sys_wait_many(ctx, G_ITEMS, 0, 0), RZ_ERR_INVALID_ARGS);
    KT_EXPECT_EQ(t, sys_wait_many(ctx, G_ITEMS, 2, clock_ns() + 10), RZ_ERR_TIMED_OUT);
    KT_EXPECT_EQ(t, sys_timer_set(ctx, tm, clock_ns() + 50), RZ_OK);
    KT_EXPECT_EQ(t, sys_wait_many(ctx, G_ITEMS, 2, DEADLINE_NEVER), RZ_OK);
    memcpy(items, p->ctx.mem0_base + G_ITEMS, sizeof(items));
    KT_EXPECT_EQ(t, items[0].observed, 0);
    KT_EXPECT_EQ(t, items[1].observed, RZ_SIG_SIGNALED);
    poke32(p, G_ITEMS + 12, 1); /* reserved */
    KT_EXPECT_EQ(t, sys_wait_many(ctx, G_ITEMS, 2, 0), RZ_ERR_INVALID_ARGS);
    poke32(p, G_ITEMS + 12, 0);
    poke32(p, G_ITEMS + 16, 0x777u); /* second handle bad */
    KT_EXPECT_EQ(t, sys_wait_many(ctx, G_ITEMS, 2, 0), RZ_ERR_BAD_HANDLE);
    KT_EXPECT_EQ(t, sys_wait_one(ctx, ev, RZ_SIG_USER0, clock_ns() + 5, G_NB), RZ_ERR_TIMED_OUT);
    KT_EXPECT_EQ(t, sys_wait_one(ctx, ev, RZ_SIG_USER0, 0, 0), RZ_ERR_TIMED_OUT);
    KT_EXPECT(t, !sched_double_hung());
    process_double_free(p);
}

KTEST(sys, full_table_is_no_resources_and_channel_create_leaves_nothing) {
    struct process *p = process_double_new(MEM);
    KT_ASSERT(t, p != NULL);
    wasm_ctx_t *ctx = &p->ctx;
    uint32_t made = 0;
    while (sys_event_create(ctx, G_OUT0) == RZ_OK) {
        made++;
    }
    KT_EXPECT_EQ(t, made, HANDLE_TABLE_CAPACITY);
    KT_EXPECT_EQ(t, sys_event_create(ctx, G_OUT0), RZ_ERR_NO_RESOURCES);
    rz_handle_t last = peek32(p, G_OUT0);
    KT_ASSERT(t, sys_handle_close(ctx, last) == RZ_OK);
    KT_EXPECT_EQ(t, sys_channel_create(ctx, G_OUT0, G_OUT1), RZ_ERR_NO_RESOURCES);
    KT_EXPECT_EQ(t, p->handles.free_count, 1);
    process_double_free(p);
}

KTEST(sys, debug_write_prints_checked_range_only) {
    struct process *p = process_double_new(MEM);
    KT_ASSERT(t, p != NULL);
    wasm_ctx_t *ctx = &p->ctx;
    console_double_take();
    memcpy(p->ctx.mem0_base + MEM - 3, "end", 3);
    KT_EXPECT_EQ(t, sys_debug_write(ctx, MEM - 3, 3), RZ_OK);
    KT_EXPECT_STREQ(t, console_double_take(), "end");
    KT_EXPECT_EQ(t, sys_debug_write(ctx, MEM - 3, 4), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_debug_write(ctx, 0xffffffffu, 2), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, sys_debug_write(ctx, 0, 4097), RZ_ERR_OUT_OF_RANGE);
    KT_EXPECT_STREQ(t, console_double_take(), "");
    process_double_free(p);
}
