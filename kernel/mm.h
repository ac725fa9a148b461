/*
 * Memory management bring-up and the kernel's single instances of the
 * frame allocator and the page tables. After mm_init: pmm_*(&mm_frames),
 * kmalloc/kfree and vmm_* are usable, the kernel runs on its own page
 * tables (text RX, rodata R, data RW, direct map of RAM RW, all but text
 * NX), and the boot identity map is gone.
 */
#ifndef RZ_KERNEL_MM_H
#define RZ_KERNEL_MM_H

#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "kernel/boot_info.h"
#include "kernel/pmm.h"

extern struct pmm mm_frames;
extern struct paging mm_paging;

/* Requires: the boot page tables (direct map of the first EARLY_MAP_GIB GiB)
 * and a filled boot_info. Panics when memory cannot be set up. */
void mm_init(const struct boot_info *bi);

/* Physical address of a direct-map pointer. */
static inline uint64_t mm_direct_to_phys(const void *p) {
    return (uint64_t)p - DIRECT_MAP_BASE;
}

#endif
