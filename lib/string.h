/*
 * The C library's string and memory functions, for freestanding code (the
 * kernel). The compiler emits calls to memcpy/memset/memmove/memcmp on its
 * own, so these names are fixed by the C standard, not by our style.
 * Host unit tests compile string.c with each name prefixed by `lib_` (see
 * the Makefile) so that they test this code and not the host C library.
 */
#ifndef RZ_LIB_STRING_H
#define RZ_LIB_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
/* Copies at most size-1 bytes and always NUL-terminates when size > 0;
 * returns strlen(src), so truncation is `result >= size` (BSD semantics). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
