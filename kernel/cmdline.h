/* Kernel command line options: whitespace-separated words `key` or `key=value`. */
#ifndef RZ_KERNEL_CMDLINE_H
#define RZ_KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when `key` appears as a word, alone or as key=value. The value
 * (empty when absent) is copied to value, truncated to value_size-1 bytes
 * and NUL-terminated; value may be NULL when only presence matters.
 */
bool cmdline_option(const char *cmdline, const char *key, char *value, size_t value_size);

#endif
