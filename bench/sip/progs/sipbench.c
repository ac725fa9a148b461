/*
 * The kernel side of the SIP benchmarks (bench/sip/run), from inside a
 * wasm process. Times with clock_get (nanoseconds from the TSC); the
 * runner converts to cycles with the TSC frequency the kernel printed at
 * boot. Prints "sipbench: NAME NS OPS" per figure: the median of several
 * batches of OPS operations, NS for the whole batch.
 *
 *   null_syscall        handle_close(RZ_HANDLE_INVALID): call, decode, error
 *   clock_get           the cheapest syscall that does something
 *   channel_round_trip  write, then wait for and read the reply of
 *                       bin/sipecho.wasm, a second process that got the
 *                       other endpoint as its startup handle 0
 *   channel_round_trip_self  write a->b, read at b, write b->a, read at a:
 *                       both directions in one process, no thread switch
 *   spawn_exit_cached   process_spawn of bin/quick.wasm (code in the cache
 *                       after the first), wait for RZ_SIG_TERMINATED, close
 *   spawn_exit_uncached the same for bin/variant0.wasm, bin/variant1.wasm,
 *                       ...: copies of quick.wasm with distinct hashes, each
 *                       validated and compiled (one batch of one per copy)
 *   thread_yield_wasm   yield between two threads of this process: each
 *                       yield of the measuring thread lets the other run
 *                       once, two switches (with the per-thread values
 *                       swapped each time), reported per switch
 */
#include <stdbool.h>
#include <string.h>

#include "lib/fmt.h"
#include "rz/rz.h"
#include "rz/thread.h"

#define BATCHES 7

static void sort(uint64_t *v, int n) {
    for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    }
}

static void report(const char *name, uint64_t ns[BATCHES], uint32_t ops) {
    sort(ns, BATCHES);
    rz_printf("sipbench: %s %llu %u\n", name, (unsigned long long)ns[BATCHES / 2], ops);
}

static void bench_null_syscall(void) {
    enum { OPS = 20000 };
    uint64_t ns[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = rz_clock_get();
        for (int i = 0; i < OPS; i++) {
            rz_handle_close(RZ_HANDLE_INVALID);
        }
        ns[b] = rz_clock_get() - start;
    }
    report("null_syscall", ns, OPS);
}

static void bench_clock_get(void) {
    enum { OPS = 20000 };
    uint64_t ns[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = rz_clock_get();
        for (int i = 0; i < OPS; i++) {
            rz_clock_get();
        }
        ns[b] = rz_clock_get() - start;
    }
    report("clock_get", ns, OPS);
}

static void bench_channel(void) {
    enum { OPS = 5000 };
    rz_handle_t a, b;
    if (rz_channel_create(&a, &b) != RZ_OK) {
        rz_print("sipbench: channel_create failed\n");
        return;
    }
    uint64_t ns[BATCHES];
    char msg[8] = "ping";
    uint32_t nbytes, nhandles;
    for (int k = 0; k < BATCHES; k++) {
        uint64_t start = rz_clock_get();
        for (int i = 0; i < OPS; i++) {
            rz_channel_write(a, msg, 4, 0, 0);
            rz_channel_read(b, msg, sizeof(msg), 0, 0, &nbytes, &nhandles);
            rz_channel_write(b, msg, 4, 0, 0);
            rz_channel_read(a, msg, sizeof(msg), 0, 0, &nbytes, &nhandles);
        }
        ns[k] = rz_clock_get() - start;
    }
    rz_handle_close(a);
    rz_handle_close(b);
    report("channel_round_trip_self", ns, OPS);
}

static void bench_channel_two_processes(void) {
    enum { OPS = 2000 };
    static const char echo[] = "bin/sipecho.wasm";
    rz_handle_t mine, theirs, child;
    if (rz_channel_create(&mine, &theirs) != RZ_OK ||
        rz_process_spawn(echo, sizeof echo - 1, NULL, 0, &theirs, 1, &child) != RZ_OK) {
        rz_print("sipbench: cannot start bin/sipecho.wasm\n");
        return;
    }
    uint64_t ns[BATCHES];
    char msg[8] = "ping";
    uint32_t nbytes, nhandles;
    for (int k = 0; k < BATCHES; k++) {
        uint64_t start = rz_clock_get();
        for (int i = 0; i < OPS; i++) {
            rz_channel_write(mine, msg, 4, 0, 0);
            rz_wait_one(mine, RZ_SIG_READABLE, RZ_TIME_INFINITE, 0);
            rz_channel_read(mine, msg, sizeof(msg), 0, 0, &nbytes, &nhandles);
        }
        ns[k] = rz_clock_get() - start;
    }
    rz_handle_close(mine);
    rz_wait_one(child, RZ_SIG_TERMINATED, RZ_TIME_INFINITE, NULL);
    rz_handle_close(child);
    report("channel_round_trip", ns, OPS);
}

/* Spawns `name`, waits for its end and closes it: false if it cannot. */
static bool spawn_and_wait(const char *name) {
    rz_handle_t child;
    if (rz_process_spawn(name, (uint32_t)strlen(name), NULL, 0, NULL, 0, &child) != RZ_OK) {
        return false;
    }
    rz_wait_one(child, RZ_SIG_TERMINATED, RZ_TIME_INFINITE, NULL);
    rz_handle_close(child);
    return true;
}

static void bench_spawn_cached(void) {
    enum { OPS = 50 };
    uint64_t ns[BATCHES];
    if (!spawn_and_wait("bin/quick.wasm")) { /* fills the code cache */
        rz_print("sipbench: bin/quick.wasm cannot be spawned\n");
        return;
    }
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = rz_clock_get();
        for (int i = 0; i < OPS; i++) {
            spawn_and_wait("bin/quick.wasm");
        }
        ns[b] = rz_clock_get() - start;
    }
    report("spawn_exit_cached", ns, OPS);
}

/* One timing per variant; the median of the first BATCHES. */
static void bench_spawn_uncached(void) {
    uint64_t ns[BATCHES];
    int n = 0;
    for (; n < BATCHES; n++) {
        char name[32];
        fmt_snprintf(name, sizeof(name), "bin/variant%d.wasm", n);
        uint64_t start = rz_clock_get();
        if (!spawn_and_wait(name)) {
            break;
        }
        ns[n] = rz_clock_get() - start;
    }
    if (n < BATCHES) {
        rz_printf("sipbench: only %d of %d variants found\n", n, BATCHES);
        return;
    }
    report("spawn_exit_uncached", ns, 1);
}

static volatile bool yield_stop;

static void yielder(uint32_t arg) {
    while (!yield_stop) {
        rz_yield();
    }
}

static void bench_thread_yield(void) {
    enum { OPS = 5000 };
    rz_handle_t other;
    yield_stop = false;
    if (rz_thread_start(yielder, 0, 0, &other) != RZ_OK) {
        rz_print("sipbench: thread_start failed\n");
        return;
    }
    rz_yield(); /* let it start */
    uint64_t ns[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = rz_clock_get();
        for (int i = 0; i < OPS; i++) {
            rz_yield();
        }
        ns[b] = rz_clock_get() - start;
    }
    yield_stop = true;
    rz_thread_join(other, RZ_TIME_INFINITE);
    report("thread_yield_wasm", ns, 2 * OPS);
}

int main(void) {
    bench_null_syscall();
    bench_clock_get();
    bench_channel();
    bench_channel_two_processes();
    bench_spawn_cached();
    bench_spawn_uncached();
    bench_thread_yield();
    return 0;
}
