/*
 * printf-style formatting without a C library, for the kernel console and
 * the wasm engine's platform layer. Conversions: %d %i %u %x %X %c %s %p %%
 * with length modifiers hh h l ll z, a width (digits or *), the '-' and '0'
 * flags, and a precision (digits or *) on %s. Integers and strings follow
 * C99 printf; %p prints 0x and lowercase hex digits (also for NULL).
 * An unknown conversion is copied to the output as written.
 */
#ifndef RZ_LIB_FMT_H
#define RZ_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives output in pieces; n bytes at s, not NUL-terminated. */
typedef void (*fmt_sink_fn)(void *ctx, const char *s, size_t n);

/* Formats to a sink. Returns the number of bytes produced. */
int fmt_vformat(fmt_sink_fn sink, void *ctx, const char *fmt, va_list ap);

/* C99 vsnprintf: writes at most size-1 bytes plus a NUL when size > 0 and
 * returns the length the whole output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
