/*
 * The kernel's part in booting the userland: it applies the grant lines
 * of boot.conf (policy stays in the kernel) and starts init, a wasm
 * program (user/init), which runs every other line (docs/boot.md).
 */
#ifndef RZ_KERNEL_INIT_H
#define RZ_KERNEL_INIT_H

#include <stddef.h>

#include "kernel/grant.h"

/* The boot configuration's name in the boot archive. */
#define INIT_CONFIG "boot.conf"

/* The init program in the boot archive; it gets pid 1 and no arguments. */
#define INIT_PROGRAM "bin/init.wasm"

/* Adds the grant lines of a configuration text to t, in order. A grant
 * that is malformed or conflicts with an earlier one is reported
 * ("kernel: boot.conf line N: why") and skipped; any other malformed line
 * stops the reading there, silently: init reads the same text and
 * reports it. */
void init_grants(const char *text, size_t len, struct grant_table *t);

/* Applies INIT_CONFIG's grants to grant_boot_table, then starts
 * INIT_PROGRAM (it adopts orphaned processes) and waits for its end,
 * which it reports. When init cannot be started, panics saying why. */
void init_start(void);

#endif
