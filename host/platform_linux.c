/*
 * wasm/platform.h over the C library, for every host program that links the
 * engine: the `rz` tool, the unit tests and the fuzz targets. The memory and
 * string functions platform.h declares come from libc itself.
 */
#include <stdio.h>
#include <stdlib.h>

#include "platform.h"

void *wasm_alloc(size_t size) {
    return malloc(size);
}

void *wasm_realloc(void *ptr, size_t size) {
    return realloc(ptr, size);
}

void wasm_free(void *ptr) {
    free(ptr);
}

int wasm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    return vsnprintf(buf, size, fmt, ap);
}
