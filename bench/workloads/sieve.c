/*
 * Sieve of Eratosthenes over a byte array, run several times. Measures
 * tight integer loops over memory: byte stores with a stride, and a linear
 * scan. In wasm every access is a linear-memory access, so this shows what
 * a runtime's memory addressing costs. The checksum is the prime count and
 * the sum of all primes found.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define LIMIT 16000000
#define ROUNDS 16

int main(void) {
    uint8_t *composite = malloc(LIMIT + 1);
    if (composite == NULL) {
        bench_fail("sieve", "out of memory");
    }
    uint64_t count = 0, sum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        memset(composite, 0, LIMIT + 1);
        count = 0;
        sum = 0;
        for (uint32_t i = 2; i <= LIMIT; i++) {
            if (composite[i]) {
                continue;
            }
            count++;
            sum += i;
            for (uint64_t j = (uint64_t)i * i; j <= LIMIT; j += i) {
                composite[j] = 1;
            }
        }
    }
    bench_report("sieve", "primes below %d: %llu, sum %llu", LIMIT, (unsigned long long)count,
                 (unsigned long long)sum);
    free(composite);
    return 0;
}
