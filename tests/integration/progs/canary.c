/*
 * The canary: runs before and after the hostile programs and must print
 * the same correct line each time, so their traps and garbage left the
 * kernel and other processes intact. It fills 64 KiB of its memory,
 * checks the sum, and checks a recursive computation.
 */
#include <stdbool.h>

#include "rz/rz.h"

static uint32_t words[16384];

static uint32_t fib(uint32_t n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(void) {
    uint64_t sum = 0;
    for (uint32_t i = 0; i < 16384; i++) {
        words[i] = i * 7u;
    }
    for (uint32_t i = 0; i < 16384; i++) {
        sum += words[i];
    }
    uint32_t f = fib(20);
    bool good = sum == 7ull * 16383ull * 16384ull / 2ull && f == 6765;
    rz_printf("canary: sum %u fib %u %s\n", (unsigned)sum, (unsigned)f, good ? "ok" : "BAD");
    return good ? 0 : 1;
}
