/*
 * The small runtime of rz-native programs: console output on top of the
 * console_write syscall. The C library (wasi-libc) supplies string and
 * formatting functions; anything of it that would import WASI functions
 * is not for rz-native programs (the Makefile checks every program's
 * imports).
 */
#ifndef RZ_SDK_RZ_H
#define RZ_SDK_RZ_H

#include <stdarg.h>

#include "rz/syscalls.h"

/* Writes a NUL-terminated string to the console. */
void rz_print(const char *s);

/* printf to the console (the conversions of lib/fmt.h); output longer
 * than RZ_PRINTF_MAX - 1 bytes is cut. */
#define RZ_PRINTF_MAX 1024
void rz_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A short name of an RZ_OK / RZ_ERR_* code ("not found"), for messages. */
const char *rz_error_name(int32_t err);

#endif
