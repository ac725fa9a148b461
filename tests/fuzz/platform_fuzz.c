/*
 * wasm/platform.h for the fuzz target and its replayer: the C library, as
 * in host/platform_linux.c, plus a switch that makes every allocation from
 * a chosen one on fail, so the fuzzer also walks the engine's out-of-memory
 * paths (leaks, double frees and half-built modules hide there).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_platform.h"
#include "platform.h"

static size_t fuzz_allocations;   /* since fuzz_alloc_reset() */
static size_t fuzz_fail_from = 0; /* 0: never fail */

void fuzz_alloc_reset(size_t fail_from) {
    fuzz_allocations = 0;
    fuzz_fail_from = fail_from;
}

size_t fuzz_alloc_count(void) {
    return fuzz_allocations;
}

static bool fuzz_alloc_fails(void) {
    fuzz_allocations++;
    return fuzz_fail_from != 0 && fuzz_allocations >= fuzz_fail_from;
}

void *wasm_alloc(size_t size) {
    return fuzz_alloc_fails() ? NULL : malloc(size);
}

void *wasm_realloc(void *ptr, size_t size) {
    return fuzz_alloc_fails() ? NULL : realloc(ptr, size);
}

void wasm_free(void *ptr) {
    free(ptr);
}

int wasm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    return vsnprintf(buf, size, fmt, ap);
}
