/*
 * Canonical function type ids: equal function types get equal ids, across
 * all modules, so call_indirect checks a signature with one compare.
 *
 * Ids start at 1 (0 marks a null table entry) and are never reused. Not
 * thread-safe yet: the kernel must take a lock around wasm_type_intern.
 */
#ifndef RZ_WASM_RUNTIME_TYPES_H
#define RZ_WASM_RUNTIME_TYPES_H

#include "wasm.h"

/* The id of t; 0 when out of memory. */
uint32_t wasm_type_intern(const wasm_functype_t *t);

#endif
