/* Bringing up the boot CPU, in the order kmain calls it. */
#ifndef RZ_ARCH_ARCH_H
#define RZ_ARCH_ARCH_H

#include <stdint.h>

#include "kernel/boot_info.h"

/* GDT/TSS, IDT, and drops the boot identity map. Before this, a fault
 * triple-faults the machine; after it, faults are reported. */
void arch_init_cpu(void);

/*
 * Extends the boot direct map (first EARLY_MAP_GIB GiB) over every region
 * of the memory map, up to EARLY_DIRECT_MAP_MAX_GIB. Returns the end of
 * the physical range the direct map now covers.
 */
uint64_t arch_extend_direct_map(const struct boot_info *info);

#endif
