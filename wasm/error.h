/*
 * The engine's one way of reporting a rejection (see wasm_error_t in wasm.h).
 */
#ifndef RZ_WASM_ERROR_H
#define RZ_WASM_ERROR_H

#include <stddef.h>

#include "wasm.h"

/* Formats the message (platform.h's printf subset) and records the offset. */
void wasm_error_set(wasm_error_t *err, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* snprintf over platform.h, for building pieces of a message. */
void wasm_format(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
