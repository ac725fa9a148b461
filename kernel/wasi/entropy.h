/*
 * Random bytes for programs (WASI random_get): RDRAND when the CPU has
 * it, otherwise a SplitMix64 generator seeded from the TSC at each call
 * and stepped per word. The fallback is not cryptographic; it keeps
 * programs that want some randomness (hash seeds) running on CPUs without
 * RDRAND.
 */
#ifndef RZ_KERNEL_WASI_ENTROPY_H
#define RZ_KERNEL_WASI_ENTROPY_H

#include <stdbool.h>
#include <stddef.h>

/* Fills buf with n random bytes. force_fallback selects the TSC
 * generator even when RDRAND exists (tests use it). */
void entropy_fill(void *buf, size_t n, bool force_fallback);

#endif
