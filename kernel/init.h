/*
 * init, the kernel's side of it for now: runs the boot archive's boot.conf
 * (kernel/bootconf.h) at boot, reporting each program's end on the
 * console. Once the userland has an init program, boot.conf names it.
 */
#ifndef RZ_KERNEL_INIT_H
#define RZ_KERNEL_INIT_H

#include <stddef.h>

/* The boot configuration's name in the boot archive. */
#define INIT_CONFIG "boot.conf"

/* Runs the commands of a configuration text, in order. */
void init_run(const char *text, size_t len);

/* Runs INIT_CONFIG from the boot archive; says so when there is none. */
void init_boot(void);

#endif
