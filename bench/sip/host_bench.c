/*
 * The Linux side of the SIP benchmarks (bench/sip/run), measured in TSC
 * cycles in the same run as the kernel side: getpid (a null syscall),
 * sched_yield between two threads pinned to one CPU, a one-byte pipe round
 * trip between two threads, and posix_spawn + waitpid of a program that
 * exits at once. Prints one line per figure: "NAME CYCLES_PER_OP OPS"
 * (the median of several batches).
 * Usage: host_bench EXIT_PROGRAM
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <x86intrin.h>

#define BATCHES 7

extern char **environ;

static uint64_t cycles(void) {
    _mm_lfence();
    uint64_t t = __rdtsc();
    _mm_lfence();
    return t;
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *name, uint64_t per_batch[BATCHES], uint64_t ops) {
    qsort(per_batch, BATCHES, sizeof(per_batch[0]), compare_u64);
    printf("%s %.1f %llu\n", name, (double)per_batch[BATCHES / 2] / (double)ops,
           (unsigned long long)ops);
}

static void bench_getpid(void) {
    enum { OPS = 200000 };
    uint64_t t[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = cycles();
        for (int i = 0; i < OPS; i++) {
            syscall(SYS_getpid); /* glibc no longer caches getpid, but be sure */
        }
        t[b] = cycles() - start;
    }
    report("null_syscall", t, OPS);
}

static void pin_to_cpu0(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

enum { YIELD_OPS = 100000 };
static volatile int yield_stop;

static void *yielder(void *arg) {
    (void)arg;
    pin_to_cpu0();
    while (!yield_stop) {
        sched_yield();
    }
    return NULL;
}

/* Each sched_yield of the measuring thread lets the other run once: two
 * switches per iteration, reported per yield (switch). */
static void bench_yield(void) {
    pthread_t other;
    pin_to_cpu0();
    yield_stop = 0;
    pthread_create(&other, NULL, yielder, NULL);
    uint64_t t[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = cycles();
        for (int i = 0; i < YIELD_OPS; i++) {
            sched_yield();
        }
        t[b] = (cycles() - start) / 2;
    }
    yield_stop = 1;
    pthread_join(other, NULL);
    report("thread_yield", t, YIELD_OPS);
}

static int ping[2], pong[2];

static void *echoer(void *arg) {
    (void)arg;
    char c;
    while (read(ping[0], &c, 1) == 1 && c != 'q') {
        if (write(pong[1], &c, 1) != 1) {
            break;
        }
    }
    return NULL;
}

static void bench_pipe(void) {
    enum { OPS = 50000 };
    pthread_t other;
    if (pipe(ping) != 0 || pipe(pong) != 0) {
        perror("pipe");
        exit(1);
    }
    pthread_create(&other, NULL, echoer, NULL);
    uint64_t t[BATCHES];
    char c = 'x';
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = cycles();
        for (int i = 0; i < OPS; i++) {
            if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1) {
                perror("pipe round trip");
                exit(1);
            }
        }
        t[b] = cycles() - start;
    }
    c = 'q';
    if (write(ping[1], &c, 1) != 1) {
        perror("pipe");
    }
    pthread_join(other, NULL);
    report("channel_round_trip", t, OPS);
}

static void bench_spawn(const char *program) {
    enum { OPS = 200 };
    uint64_t t[BATCHES];
    char *argv[] = {(char *)program, NULL};
    for (int b = 0; b < BATCHES; b++) {
        uint64_t start = cycles();
        for (int i = 0; i < OPS; i++) {
            pid_t pid;
            int status;
            if (posix_spawn(&pid, program, NULL, NULL, argv, environ) != 0 ||
                waitpid(pid, &status, 0) != pid) {
                perror("posix_spawn");
                exit(1);
            }
        }
        t[b] = cycles() - start;
    }
    report("process_spawn_exit", t, OPS);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: host_bench EXIT_PROGRAM\n");
        return 2;
    }
    bench_getpid();
    bench_spawn(argv[1]); /* before pinning: spawn may use every CPU */
    bench_yield();
    bench_pipe();
    return 0;
}
