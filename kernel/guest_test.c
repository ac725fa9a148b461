/* Tests of kernel/guest.c: every boundary of the range check. */
#include "kernel/guest.h"

#include "abi/errors.h"
#include "ktest.h"
#include "lib/string.h"

#define MEM_SIZE 4096u

static uint8_t guest_mem[MEM_SIZE];
static wasm_memory_t guest_mem0 = {.base = guest_mem, .size = MEM_SIZE};

static wasm_ctx_t make_ctx(void) {
    wasm_ctx_t ctx = {0};
    ctx.mem0_base = guest_mem;
    ctx.mem0 = &guest_mem0;
    return ctx;
}

KTEST(guest, range_inside_gives_pointer) {
    wasm_ctx_t ctx = make_ctx();
    void *p = NULL;
    KT_EXPECT_EQ(t, guest_range(&ctx, 16, 32, &p), RZ_OK);
    KT_EXPECT(t, p == guest_mem + 16);
}

KTEST(guest, range_ending_exactly_at_end_is_valid) {
    wasm_ctx_t ctx = make_ctx();
    void *p = NULL;
    KT_EXPECT_EQ(t, guest_range(&ctx, MEM_SIZE - 8, 8, &p), RZ_OK);
    KT_EXPECT(t, p == guest_mem + MEM_SIZE - 8);
    KT_EXPECT_EQ(t, guest_range(&ctx, 0, MEM_SIZE, &p), RZ_OK);
    KT_EXPECT_EQ(t, guest_range(&ctx, MEM_SIZE, 0, &p), RZ_OK);
}

KTEST(guest, range_one_past_end_is_out_of_bounds) {
    wasm_ctx_t ctx = make_ctx();
    void *p = guest_mem;
    KT_EXPECT_EQ(t, guest_range(&ctx, MEM_SIZE - 8, 9, &p), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, guest_range(&ctx, MEM_SIZE + 1, 0, &p), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, guest_range(&ctx, 0, MEM_SIZE + 1, &p), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT(t, p == guest_mem); /* untouched on failure */
}

KTEST(guest, range_garbage_addr_and_wrapping_len_are_out_of_bounds) {
    wasm_ctx_t ctx = make_ctx();
    void *p;
    KT_EXPECT_EQ(t, guest_range(&ctx, 0xffffffffu, 1, &p), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, guest_range(&ctx, 0xffffffffu, 0, &p), RZ_ERR_OUT_OF_BOUNDS);
    /* addr + len wraps to a small number in 32 and in 64 bits. */
    KT_EXPECT_EQ(t, guest_range(&ctx, 16, 0xfffffff8u, &p), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, guest_range(&ctx, 16, UINT64_MAX - 8, &p), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, guest_range(&ctx, 16, UINT64_MAX, &p), RZ_ERR_OUT_OF_BOUNDS);
}

KTEST(guest, range_without_memory_allows_only_empty) {
    wasm_ctx_t ctx = {0};
    void *p;
    KT_EXPECT_EQ(t, guest_range(&ctx, 0, 0, &p), RZ_OK);
    KT_EXPECT_EQ(t, guest_range(&ctx, 0, 1, &p), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, guest_range(&ctx, 1, 0, &p), RZ_ERR_OUT_OF_BOUNDS);
}

KTEST(guest, array_count_times_size_overflow_is_out_of_bounds) {
    wasm_ctx_t ctx = make_ctx();
    void *p;
    KT_EXPECT_EQ(t, guest_array(&ctx, 0, 4, 16, &p), RZ_OK);
    KT_EXPECT_EQ(t, guest_array(&ctx, 0, MEM_SIZE / 16, 16, &p), RZ_OK);
    KT_EXPECT_EQ(t, guest_array(&ctx, 0, MEM_SIZE / 16 + 1, 16, &p), RZ_ERR_OUT_OF_BOUNDS);
    /* 2^60 * 16 wraps to 0 in 64 bits. */
    KT_EXPECT_EQ(t, guest_array(&ctx, 0, 1ull << 60, 16, &p), RZ_ERR_OUT_OF_BOUNDS);
}

KTEST(guest, copy_in_and_out_round_trip) {
    wasm_ctx_t ctx = make_ctx();
    const uint8_t src[4] = {1, 2, 3, 4};
    uint8_t back[4] = {0};
    KT_EXPECT_EQ(t, guest_copy_out(&ctx, MEM_SIZE - 4, src, 4), RZ_OK);
    KT_EXPECT_EQ(t, guest_copy_in(&ctx, back, MEM_SIZE - 4, 4), RZ_OK);
    KT_EXPECT_BYTES(t, back, 4, src, 4);
}

KTEST(guest, copy_out_of_bounds_writes_nothing) {
    wasm_ctx_t ctx = make_ctx();
    memset(guest_mem, 0xaa, MEM_SIZE);
    const uint8_t src[8] = {0};
    KT_EXPECT_EQ(t, guest_copy_out(&ctx, MEM_SIZE - 4, src, 8), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, guest_mem[MEM_SIZE - 4], 0xaa);
    uint8_t dst[8] = {0};
    KT_EXPECT_EQ(t, guest_copy_in(&ctx, dst, 0xfffffffcu, 8), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, dst[0], 0);
}

KTEST(guest, range_touching_the_read_only_span_is_out_of_bounds) {
    wasm_ctx_t ctx = make_ctx();
    wasm_memory_t mem = {
        .base = guest_mem, .size = MEM_SIZE, .readonly_lo = 1024, .readonly_hi = 2048};
    ctx.mem0 = &mem;
    void *p = NULL;
    KT_EXPECT_EQ(t, guest_range(&ctx, 1000, 24, &p), RZ_OK); /* ends where it starts */
    KT_EXPECT_EQ(t, guest_range(&ctx, 2048, 8, &p), RZ_OK);  /* starts where it ends */
    KT_EXPECT_EQ(t, guest_range(&ctx, 1024, 0, &p), RZ_OK);  /* empty */
    KT_EXPECT_EQ(t, guest_range(&ctx, 1000, 25, &p), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, guest_range(&ctx, 2047, 8, &p), RZ_ERR_OUT_OF_BOUNDS);
    KT_EXPECT_EQ(t, guest_range(&ctx, 0, MEM_SIZE, &p), RZ_ERR_OUT_OF_BOUNDS); /* around it */
    KT_EXPECT_EQ(t, guest_copy_out(&ctx, 1500, "x", 1), RZ_ERR_OUT_OF_BOUNDS);
    /* remapping pages minds only the memory's size */
    KT_EXPECT_EQ(t, guest_pages(&ctx, 0, MEM_SIZE), RZ_OK);
    KT_EXPECT_EQ(t, guest_pages(&ctx, 1024, MEM_SIZE - 1023), RZ_ERR_OUT_OF_BOUNDS);
}
