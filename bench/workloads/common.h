/*
 * What the benchmark workloads share: a deterministic generator for their
 * inputs, and one way to print the result line. Every workload is a WASI
 * command whose only output is that line, which the harness compares with
 * the native build's; the line goes out through write(2) alone, so a WASI
 * runner needs no more than fd_write (and proc_exit on failure) to run it.
 */
#ifndef BENCH_WORKLOADS_COMMON_H
#define BENCH_WORKLOADS_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* A 64-bit xorshift* generator: the same sequence on every target. */
typedef struct bench_rng {
    uint64_t state;
} bench_rng_t;

void bench_rng_seed(bench_rng_t *rng, uint64_t seed);
uint64_t bench_rng_next(bench_rng_t *rng);
/* Uniform in [0, bound); bound > 0. */
uint32_t bench_rng_below(bench_rng_t *rng, uint32_t bound);

/* Fills buf[0..size) with text-like bytes (words, spaces, punctuation,
 * newlines) drawn from a small vocabulary: compressible like prose. */
void bench_gen_text(bench_rng_t *rng, uint8_t *buf, size_t size);

/* 64-bit FNV-1a, continued from `hash` (start with BENCH_FNV_INIT). */
#define BENCH_FNV_INIT 0xcbf29ce484222325ull
uint64_t bench_fnv(uint64_t hash, const void *data, size_t size);

/* Prints "NAME: TEXT\n" on stdout, where TEXT is printf-formatted. */
void bench_report(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "NAME: FAILED: WHY" on stderr and exits with status 1: a
 * workload that checks its own result (a round trip, a known digest) stops
 * here instead of printing a checksum. */
void bench_fail(const char *name, const char *why) __attribute__((noreturn));

#endif
