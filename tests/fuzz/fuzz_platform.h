/* Allocation-failure control of tests/fuzz/platform_fuzz.c. */
#ifndef RZ_TESTS_FUZZ_PLATFORM_H
#define RZ_TESTS_FUZZ_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>

/* Restarts the allocation count; allocation number `fail_from` (counting
 * from 1) and all later ones fail. 0: none fails. */
void fuzz_alloc_reset(size_t fail_from);

/* Allocations (wasm_alloc and wasm_realloc calls) since the last reset. */
size_t fuzz_alloc_count(void);

#endif
