/*
 * The object syscalls fed random arguments: handles that are live, stale
 * or made up, guest pointers inside, across the end of and far outside
 * memory, lengths and counts that wrap. Every call must return RZ_OK or a
 * defined error code, never touch memory outside the guest's (ASan would
 * stop the run), and leave nothing behind once the table is destroyed
 * (LeakSanitizer would).
 */
#include "abi/errors.h"
#include "abi/rights.h"
#include "abi/signals.h"
#include "kernel/process.h"
#include "kernel/sys.h"
#include "kernel/thread.h"
#include "ktest.h"
#include "lib/string.h"

#define MEM 8192u
#define CALLS 20000

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)rng_state;
}

/* Mostly near the interesting edges of a MEM-byte memory. */
static uint32_t any_addr(void) {
    switch (rng() % 6) {
    case 0:
        return rng() % MEM;
    case 1:
        return MEM - rng() % 17;
    case 2:
        return 0xffffffffu - rng() % 17;
    case 3:
        return 0;
    default:
        return rng() % 512; /* where handles and items are written */
    }
}

static uint32_t any_len(void) {
    switch (rng() % 5) {
    case 0:
        return rng();
    case 1:
        return 0xffffffffu - rng() % 17;
    default:
        return rng() % 80;
    }
}

/* A handle some call returned earlier, a damaged one, or noise. */
static uint32_t any_handle(struct process *p) {
    uint32_t h;
    memcpy(&h, p->ctx.mem0_base + (rng() % 128) * 4, sizeof(h));
    switch (rng() % 4) {
    case 0:
        return rng();
    case 1:
        return h ^ (1u << (rng() % 32));
    default:
        return h;
    }
}

static int32_t one_call(struct process *p) {
    wasm_ctx_t *ctx = &p->ctx;
    switch (rng() % 14) {
    case 0:
        return sys_handle_close(ctx, any_handle(p));
    case 1:
        return sys_handle_duplicate(ctx, any_handle(p), rng(), any_addr());
    case 2:
        return sys_handle_replace(ctx, any_handle(p), rng(), any_addr());
    case 3:
        return sys_channel_create(ctx, any_addr(), any_addr());
    case 4:
        return sys_channel_write(ctx, any_handle(p), any_addr(), any_len(), any_addr(),
                                 any_len() % 70);
    case 5:
        return sys_channel_read(ctx, any_handle(p), any_addr(), any_len(), any_addr(), any_len(),
                                any_addr(), any_addr());
    case 6:
        return sys_event_create(ctx, any_addr());
    case 7:
        return sys_object_signal(ctx, any_handle(p), rng(), rng() & (rng() | RZ_SIG_USER_ALL));
    case 8:
        return sys_timer_create(ctx, any_addr());
    case 9:
        return sys_timer_set(ctx, any_handle(p), rng() % 4 == 0 ? UINT64_MAX : rng());
    case 10:
        return sys_timer_cancel(ctx, any_handle(p));
    case 11:
        /* Deadlines that come: the host double cannot wait forever. */
        return sys_wait_one(ctx, any_handle(p), rng(), rng() % 1000, any_addr());
    case 12:
        return sys_wait_many(ctx, any_addr(), any_len() % 70, rng() % 1000);
    default:
        return sys_debug_write(ctx, any_addr(), any_len() % 8);
    }
}

KTEST(sys_garbage, random_arguments_give_defined_results) {
    sched_double_reset();
    struct process *p = process_double_new(MEM);
    KT_ASSERT(t, p != NULL);
    int ok = 0, bad_code = 0;
    for (int i = 0; i < CALLS; i++) {
        int32_t r = one_call(p);
        if (r == RZ_OK) {
            ok++;
        } else if (r > 0 || r < RZ_ERR_LAST) {
            bad_code++;
        }
    }
    ktest_log("%d of %d calls succeeded", ok, CALLS);
    KT_EXPECT_EQ(t, bad_code, 0);
    KT_EXPECT(t, ok > CALLS / 50); /* the fuzzing reached past the checks */
    KT_EXPECT(t, !sched_double_hung());
    console_double_take();
    process_double_free(p);
}
