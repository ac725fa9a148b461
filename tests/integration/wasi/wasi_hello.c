/*
 * A WASI program as any toolchain builds it (Debian's clang, wasi-libc,
 * its own _start): stdio, argv, environment, the monotonic clock and
 * random bytes, and an exit status through proc_exit. The kernel runs it
 * unchanged; tests/integration/run checks its output and status.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

int main(int argc, char **argv) {
    printf("wasi: hello, world\n");
    printf("wasi: argc %d argv0 %s\n", argc, argc > 0 ? argv[0] : "(none)");
    printf("wasi: HOME %s\n", getenv("HOME") != NULL ? getenv("HOME") : "unset");
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_MONOTONIC, &b);
    bool forward = b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec);
    printf("wasi: clock %s\n", a.tv_sec + a.tv_nsec > 0 && forward ? "ok" : "BAD");
    unsigned char r1[16], r2[16];
    int got = getentropy(r1, sizeof(r1)) == 0 && getentropy(r2, sizeof(r2)) == 0;
    printf("wasi: random %s\n", got && memcmp(r1, r2, sizeof(r1)) != 0 ? "ok" : "BAD");
    fprintf(stderr, "wasi: stderr works\n");
    fflush(stdout);
    return 7;
}
