/*
 * Program arguments as process_spawn takes them and a process keeps them:
 * NUL-terminated strings one after the other ("a\0b c\0" is two). Plain C,
 * tested on the host: the spawn syscall checks the form here, and the
 * WASI layer counts and walks them here to build argv.
 */
#ifndef RZ_KERNEL_ARGS_H
#define RZ_KERNEL_ARGS_H

#include <stdbool.h>
#include <stdint.h>

/* True when args[0..len) is empty or ends with a NUL (every byte is then
 * inside some argument). */
bool args_well_formed(const char *args, uint32_t len);

/* How many arguments a well-formed args[0..len) holds: its NULs. */
uint32_t args_count(const char *args, uint32_t len);

/* Where the argument after the one starting at off starts (len after the
 * last). Requires: well-formed args, off < len at an argument's start. */
uint32_t args_next(const char *args, uint32_t len, uint32_t off);

#endif
