/* Random bytes (entropy.h). */
#include "kernel/wasi/entropy.h"

#include <stdint.h>

#include "arch/x86_64/io.h"
#include "lib/string.h"

#define CPUID_1_ECX_RDRAND (1u << 30)
/* Intel's advice: RDRAND may underflow transiently; retry ten times. */
#define RDRAND_RETRIES 10

static bool rdrand64(uint64_t *out) {
    for (int i = 0; i < RDRAND_RETRIES; i++) {
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
        if (ok) {
            return true;
        }
    }
    return false;
}

static uint64_t splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void entropy_fill(void *buf, size_t n, bool force_fallback) {
    bool hw = !force_fallback && (cpuid(1, 0).ecx & CPUID_1_ECX_RDRAND) != 0;
    uint64_t state = rdtsc();
    uint8_t *p = buf;
    while (n > 0) {
        uint64_t word;
        if (!hw || !rdrand64(&word)) {
            word = splitmix64(&state);
        }
        size_t k = n < sizeof(word) ? n : sizeof(word);
        memcpy(p, &word, k);
        p += k;
        n -= k;
    }
}
