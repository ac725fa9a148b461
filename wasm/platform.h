/*
 * The wasm engine's only window on the world. Everything under wasm/
 * includes freestanding C headers (stdint, stddef, stdbool, stdarg, limits)
 * and this file, nothing else from outside wasm/. Two implementations exist:
 * host/platform_linux.c (libc) and the kernel's (kernel heap, console).
 *
 * Later tiers add code memory (write, then seal read+execute) and fault
 * hooks here; each new hook gets a contract below.
 */
#ifndef RZ_WASM_PLATFORM_H
#define RZ_WASM_PLATFORM_H

#include <stdarg.h>
#include <stddef.h>

/* Heap. Returns NULL when out of memory (never aborts); free(NULL) is a no-op. */
void *wasm_alloc(size_t size);
void *wasm_realloc(void *ptr, size_t size);
void wasm_free(void *ptr);

/* Formatting with C99 snprintf semantics for the conversions
 * %d %i %u %x %X %c %s %p %% with l, ll, z length modifiers, width, '-' and
 * '0' flags, and precision on %s. Always NUL-terminates when size > 0. */
int wasm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* The C library's memory functions, which the compiler may also emit. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
