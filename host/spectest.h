/*
 * The "spectest" host module that spec scripts import from: print
 * functions (which ignore their arguments), four globals holding 666 or
 * 666.6, a table of 10 funcref entries (at most 20) and a memory of one
 * page (at most 2). One instance per process, reset before each script so
 * that no script sees another's writes.
 */
#ifndef RZ_HOST_SPECTEST_H
#define RZ_HOST_SPECTEST_H

#include <stdbool.h>

#include "runtime/instance.h"

/* Reserves the memory on first use and restores every value to its
 * initial state; false if the memory cannot be reserved. */
bool spectest_reset(void);

/* The export called `name`; false if spectest has none. */
bool spectest_export(wasm_name_t name, wasm_extern_t *out);

#endif
