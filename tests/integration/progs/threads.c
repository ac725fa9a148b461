/*
 * Threads of one process: two threads spinning under preemption both make
 * progress; a token passed between two threads with events keeps a shared
 * count exact; recursion with frames on the shadow stack in two threads
 * at once gives each the right result; 250 create/exit cycles leak no
 * handle, frame or heap byte; memory.grow from two threads at once
 * hands out every page once; thread_create refuses garbage. Then, in
 * children (bin/threads_child.wasm), the ways a process with several
 * threads ends: a trap in a second thread, a stack overflow in one, a
 * kill while they spin, sleep and wait, process_exit from a second
 * thread, the main thread returning, every thread calling thread_exit;
 * each time every thread's handle signals RZ_SIG_TERMINATED.
 * Prints "threads: ok NAME" / "threads: not ok NAME (...)" lines and
 * "threads: done N checks, F failed"; exits with F.
 */
#include <stdbool.h>
#include <string.h>

#include "lib/fmt.h"
#include "rz/rz.h"

#define CHECK_PROGRAM "threads"
#include "check.h"
#include "rz/thread.h"

#define MS 1000000ull
#define TOKEN_ROUNDS 500
#define CYCLES 250

/* ---- both make progress under preemption */

static volatile uint32_t counts[2], seen_change[2];
static volatile uint64_t race_deadline;

/* Counts until it has seen the other thread's count move 3 times (each
 * move means the scheduler ran the other in between) or time is up. */
static void racer(uint32_t me) {
    uint32_t other = counts[1 - me];
    while (seen_change[me] < 3 && rz_clock_get() < race_deadline) {
        counts[me]++;
        if (counts[1 - me] != other) {
            other = counts[1 - me];
            seen_change[me]++;
        }
    }
}

static void preemption(void) {
    race_deadline = rz_clock_get() + 10000 * MS;
    rz_handle_t a, b;
    expect_eq("racer_a_starts", rz_thread_start(racer, 0, 0, &a), RZ_OK);
    expect_eq("racer_b_starts", rz_thread_start(racer, 1, 0, &b), RZ_OK);
    expect_eq("racer_a_joins", rz_thread_join(a, RZ_TIME_INFINITE), RZ_OK);
    expect_eq("racer_b_joins", rz_thread_join(b, RZ_TIME_INFINITE), RZ_OK);
    check_got(seen_change[0] >= 3 && seen_change[1] >= 3, "both_progress_under_preemption",
              seen_change[0], seen_change[1]);
}

/* ---- a token passed with events keeps a shared count exact */

static rz_handle_t turn[2];
static volatile uint32_t shared, out_of_turn;

static void token_player(uint32_t me) {
    for (uint32_t i = 0; i < TOKEN_ROUNDS; i++) {
        rz_wait_one(turn[me], RZ_SIG_USER0, RZ_TIME_INFINITE, NULL);
        rz_object_signal(turn[me], RZ_SIG_USER0, 0);
        out_of_turn += shared % 2 != me;
        uint32_t v = shared;
        rz_yield(); /* a read-modify-write across a switch: safe only with the token */
        shared = v + 1;
        rz_object_signal(turn[1 - me], 0, RZ_SIG_USER0);
    }
}

static void token(void) {
    rz_event_create(&turn[0]);
    rz_event_create(&turn[1]);
    rz_handle_t a, b;
    expect_eq("token_a_starts", rz_thread_start(token_player, 0, 0, &a), RZ_OK);
    expect_eq("token_b_starts", rz_thread_start(token_player, 1, 0, &b), RZ_OK);
    rz_object_signal(turn[0], 0, RZ_SIG_USER0);
    rz_thread_join(a, RZ_TIME_INFINITE);
    rz_thread_join(b, RZ_TIME_INFINITE);
    expect_eq("token_shared_count_exact", shared, 2 * TOKEN_ROUNDS);
    expect_eq("token_alternates", out_of_turn, 0);
    rz_handle_close(turn[0]);
    rz_handle_close(turn[1]);
}

/* ---- each thread's shadow stack is its own */

/* A leaf whose frame lives on the shadow stack: called after a yield, it
 * overwrites the other thread's frames if the two shared one stack. */
static __attribute__((noinline)) uint32_t scribble(uint32_t seed, uint32_t depth) {
    volatile uint32_t scratch[16];
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 16; i++) {
        scratch[i] = seed * 131 + depth + i;
    }
    for (uint32_t i = 0; i < 16; i++) {
        sum += scratch[i];
    }
    return sum;
}

/* A recursion whose frames live on the shadow stack (a volatile array),
 * yielding on the way down and on the way up so that two threads running
 * it interleave, with fresh frames pushed after each yield. */
static uint32_t stacked_sum(uint32_t depth, uint32_t seed) {
    volatile uint32_t frame[8];
    for (uint32_t i = 0; i < 8; i++) {
        frame[i] = seed * 31 + depth * 7 + i;
    }
    if (depth % 16 == 0) {
        rz_yield();
    }
    uint32_t sum = depth == 0 ? 0 : stacked_sum(depth - 1, seed);
    if (depth % 16 == 8) {
        rz_yield();
    }
    sum += scribble(seed, depth);
    for (uint32_t i = 0; i < 8; i++) {
        sum = sum * 3 + (frame[i] ^ i);
    }
    return sum;
}

static volatile uint32_t results[2];

static void recurse(uint32_t which) {
    results[which] = stacked_sum(300, which + 1);
}

static void shadow_stacks(void) {
    uint32_t want0 = stacked_sum(300, 1), want1 = stacked_sum(300, 2);
    rz_handle_t a, b;
    expect_eq("recursion_a_starts", rz_thread_start(recurse, 0, 32 * 1024, &a), RZ_OK);
    expect_eq("recursion_b_starts", rz_thread_start(recurse, 1, 32 * 1024, &b), RZ_OK);
    rz_thread_join(a, RZ_TIME_INFINITE);
    rz_thread_join(b, RZ_TIME_INFINITE);
    check_got(results[0] == want0, "recursion_a_result", results[0], want0);
    check_got(results[1] == want1, "recursion_b_result", results[1], want1);
}

/* ---- create/exit cycles leak nothing */

static volatile uint32_t cycle_sum;

static void short_life(uint32_t i) {
    cycle_sum += i;
    if (i % 2 == 1) {
        rz_thread_exit(); /* half end with thread_exit, half return */
    }
}

static rz_memory_stats_t settled_stats(void) {
    rz_memory_stats_t s;
    rz_yield(); /* the last ended thread's stack is freed by the next to run */
    rz_sleep_until(rz_clock_get() + 10 * MS);
    rz_memory_stats(&s, sizeof s);
    return s;
}

static void cycles(void) {
    rz_handle_t h;
    rz_thread_start(short_life, 0, 0, &h); /* warms up malloc and the handle table */
    rz_thread_join(h, RZ_TIME_INFINITE);
    uint32_t room_before = handle_table_room();
    rz_memory_stats_t before = settled_stats();
    uint32_t errors = 0, want = 0;
    cycle_sum = 0;
    for (uint32_t i = 0; i < CYCLES; i++) {
        want += i;
        errors += rz_thread_start(short_life, i, 0, &h) != RZ_OK;
        errors += rz_thread_join(h, RZ_TIME_INFINITE) != RZ_OK;
    }
    rz_memory_stats_t after = settled_stats();
    expect_eq("cycles_no_errors", errors, 0);
    expect_eq("cycles_every_thread_ran", cycle_sum, want);
    expect_eq("cycles_no_frame_leaked", after.frames_used, before.frames_used);
    expect_eq("cycles_no_heap_leaked", after.heap_bytes, before.heap_bytes);
    expect_eq("cycles_no_handle_leaked", handle_table_room(), room_before);
}

/* ---- a process has at most RZ_PROCESS_THREADS_MAX threads */

#define THREADS_MAX RZ_PROCESS_THREADS_MAX

static rz_handle_t gate; /* the waiters below sleep on it until it is signaled */

static void waiter(uint32_t unused) {
    rz_wait_one(gate, RZ_SIG_USER0, RZ_TIME_INFINITE, 0);
}

static void thread_limit(void) {
    static rz_handle_t hs[THREADS_MAX];
    rz_event_create(&gate);
    uint32_t started = 0;
    int32_t err = RZ_OK;
    while (started < THREADS_MAX && (err = rz_thread_start(waiter, 0, 4096, &hs[started])) == RZ_OK) {
        started++;
    }
    expect_eq("limit_threads_besides_main", started, THREADS_MAX - 1);
    expect_eq("limit_refused_with_no_resources", err, RZ_ERR_NO_RESOURCES);
    rz_object_signal(gate, 0, RZ_SIG_USER0);
    uint32_t joined = 0;
    for (uint32_t i = 0; i < started; i++) {
        joined += rz_thread_join(hs[i], rz_clock_get() + 10000 * MS) == RZ_OK;
    }
    expect_eq("limit_every_waiter_joined", joined, started);
    rz_handle_t h;
    expect_eq("limit_room_again_after_joins", rz_thread_start(short_life, 0, 0, &h), RZ_OK);
    rz_thread_join(h, RZ_TIME_INFINITE);
    rz_handle_close(gate);
}

/* ---- memory.grow from two threads at once */

#define GROWS 40

static volatile uint32_t grown_from[2][GROWS];

static void grower(uint32_t me) {
    for (uint32_t i = 0; i < GROWS; i++) {
        grown_from[me][i] = (uint32_t)__builtin_wasm_memory_grow(0, 1);
        rz_yield();
    }
}

static void concurrent_growth(void) {
    uint32_t before = (uint32_t)__builtin_wasm_memory_size(0);
    rz_handle_t a, b;
    rz_thread_start(grower, 0, 0, &a);
    rz_thread_start(grower, 1, 0, &b);
    rz_thread_join(a, RZ_TIME_INFINITE);
    rz_thread_join(b, RZ_TIME_INFINITE);
    /* Every page count from before to before + 2 * GROWS - 1 came back once. */
    uint32_t missing = 0;
    for (uint32_t page = before; page < before + 2 * GROWS; page++) {
        uint32_t n = 0;
        for (uint32_t i = 0; i < GROWS; i++) {
            n += (grown_from[0][i] == page) + (grown_from[1][i] == page);
        }
        missing += n != 1;
    }
    expect_eq("memory_grow_each_old_size_once", missing, 0);
    expect_eq("memory_grow_final_size", __builtin_wasm_memory_size(0), before + 2 * GROWS);
}

/* ---- garbage */

static void wrong_type(void) {
}

static uint64_t stack_area[64] __attribute__((aligned(16)));

static void garbage(void) {
    rz_handle_t h;
    void *top = &stack_area[64];
    expect_eq("create_entry_past_table", rz_thread_create(0xffffffu, 0, top, &h),
              RZ_ERR_INVALID_ARGS);
    expect_eq("create_entry_null_slot", rz_thread_create(0, 0, top, &h), RZ_ERR_INVALID_ARGS);
    void (*wrong)(void) = wrong_type;
    expect_eq("create_entry_wrong_signature",
              rz_thread_create((uint32_t)(uintptr_t)wrong, 0, top, &h), RZ_ERR_INVALID_ARGS);
    uint32_t entry = (uint32_t)(uintptr_t)short_life;
    expect_eq("create_out_far_out", rz_thread_create(entry, 0, top, (void *)(uintptr_t)0xfffffffeu),
              RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("create_stack_beyond_memory",
              rz_thread_create(entry, 0, (void *)(uintptr_t)0xfffffff0u, &h), RZ_ERR_OUT_OF_BOUNDS);
    expect_eq("create_stack_misaligned", rz_thread_create(entry, 0, (char *)top - 4, &h),
              RZ_ERR_INVALID_ARGS);
    expect_eq("join_unknown_handle", rz_thread_join(12345, 0), RZ_ERR_NOT_FOUND);
    expect_eq("create_valid_still_works", rz_thread_create(entry, 2, top, &h), RZ_OK);
    expect_eq("thread_handle_waits", rz_wait_one(h, RZ_SIG_TERMINATED, RZ_TIME_INFINITE, NULL),
              RZ_OK);
    expect_eq("thread_handle_not_a_process", rz_process_kill(h), RZ_ERR_WRONG_TYPE);
    rz_handle_close(h);
}

/* ---- ways a process with threads ends, in children */

struct ending {
    const char *mode;
    uint32_t state;
    int32_t status; /* exit status, or trap kind */
    uint32_t threads;
};

static void child(const struct ending *e) {
    char name[64];
    rz_handle_t mine, theirs, proc;
    rz_channel_create(&mine, &theirs);
    const char *path = "bin/threads_child.wasm";
    uint32_t args_len = (uint32_t)strlen(e->mode) + 1;
    int32_t err =
        rz_process_spawn(path, (uint32_t)strlen(path), e->mode, args_len, &theirs, 1, &proc);
    fmt_snprintf(name, sizeof name, "%s_spawns", e->mode);
    expect_eq(name, err, RZ_OK);
    if (err != RZ_OK) {
        return;
    }
    rz_handle_t threads[4];
    uint32_t nb = 0, nh = 0;
    rz_wait_one(mine, RZ_SIG_READABLE, rz_clock_get() + 10000 * MS, NULL);
    err = rz_channel_read(mine, NULL, 0, threads, 4, &nb, &nh);
    fmt_snprintf(name, sizeof name, "%s_threads_reported", e->mode);
    expect_eq(name, nh, e->threads);
    if (strcmp(e->mode, "kill") == 0) {
        rz_sleep_until(rz_clock_get() + 30 * MS); /* let them spin, sleep and wait */
        expect_eq("kill_returns_ok", rz_process_kill(proc), RZ_OK);
    }
    fmt_snprintf(name, sizeof name, "%s_process_ends", e->mode);
    expect_eq(name, rz_wait_one(proc, RZ_SIG_TERMINATED, rz_clock_get() + 10000 * MS, NULL), RZ_OK);
    rz_process_info_t info = {0};
    rz_process_info(proc, &info, sizeof info);
    fmt_snprintf(name, sizeof name, "%s_state", e->mode);
    expect_eq(name, info.state, e->state);
    fmt_snprintf(name, sizeof name, "%s_%s", e->mode,
                 e->state == RZ_PROCESS_TRAPPED ? "trap_kind" : "exit_status");
    expect_eq(name, e->state == RZ_PROCESS_TRAPPED ? (int32_t)info.trap : info.exit_status,
              e->status);
    uint32_t ended = 0;
    for (uint32_t i = 0; i < nh; i++) {
        uint32_t observed = 0;
        rz_wait_one(threads[i], RZ_SIG_TERMINATED, 0, &observed);
        ended += (observed & RZ_SIG_TERMINATED) != 0;
        rz_handle_close(threads[i]);
    }
    fmt_snprintf(name, sizeof name, "%s_every_thread_terminated", e->mode);
    expect_eq(name, ended, nh);
    rz_handle_close(proc);
    rz_handle_close(mine);
}

static const struct ending endings[] = {
    {"trap", RZ_PROCESS_TRAPPED, RZ_TRAP_DIVIDE_BY_ZERO, 2},
    {"overflow", RZ_PROCESS_TRAPPED, RZ_TRAP_STACK_EXHAUSTED, 1},
    {"kill", RZ_PROCESS_KILLED, 0, 3},
    {"exit", RZ_PROCESS_EXITED, 5, 2},
    {"mainret", RZ_PROCESS_EXITED, 7, 1},
    {"allexit", RZ_PROCESS_EXITED, 0, 1},
};

int main(void) {
    preemption();
    token();
    shadow_stacks();
    cycles();
    thread_limit();
    concurrent_growth();
    garbage();
    for (uint32_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        child(&endings[i]);
    }
    return check_done();
}
