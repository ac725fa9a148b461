/*
 * The runtime functions behind memory.grow and the bulk memory
 * instructions, as the table compiled code calls through its context.
 */
#ifndef RZ_WASM_RUNTIME_MEMORY_H
#define RZ_WASM_RUNTIME_MEMORY_H

#include "runtime/instance.h"

extern const wasm_helpers_t wasm_memory_helpers;

#endif
