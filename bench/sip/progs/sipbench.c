/*
 * The kernel side of the SIP benchmarks (bench/sip/run), from inside a
 * wasm process. Times with clock_get (nanoseconds from the TSC); the
 * runner converts to cycles with the TSC frequency the kernel printed at
 * boot. Prints "sipbench: NAME NS OPS" per figure: the median of several
 * batches of OPS operations, NS for the whole batch.
 *
 *   null_syscall        handle_close(RZ_HANDLE_INVALID): call, decode, error
 *   clock_get           the cheapest syscall that does something
 *   channel_round_trip  write a->b, read at b, write b->a, read at a: both
 *                       directions in one process (two processes need
 *                       process_spawn, which the kernel lacks yet)
 */
#include "rz/rz.h"

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
    report("channel_round_trip", ns, OPS);
}

int main(void) {
    bench_null_syscall();
    bench_clock_get();
    bench_channel();
    return 0;
}
