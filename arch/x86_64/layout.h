/*
 * The virtual address-space layout, shared by C and assembly. One address
 * space holds everything (see docs/boot.md for the picture):
 *   0xffff800000000000  DIRECT_MAP_BASE: all physical memory, linearly
 *   0xffffffff80000000  KERNEL_VMA: the kernel image (physical + KERNEL_VMA)
 * The lower half is left unmapped after boot so that null and small
 * pointers fault.
 */
#ifndef RZ_ARCH_LAYOUT_H
#define RZ_ARCH_LAYOUT_H

#define KERNEL_VMA 0xffffffff80000000
#define DIRECT_MAP_BASE 0xffff800000000000
#define KERNEL_PHYS 0x200000

/* Size the early page tables map in the direct map (and identity map). */
#define EARLY_MAP_GIB 4

#define PAGE_SIZE 4096

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Kernel pointer to any physical address covered by the direct map. */
static inline void *phys_to_virt(uint64_t phys) {
    return (void *)(phys + DIRECT_MAP_BASE);
}

/* Physical address of a kernel-image symbol (text, data, bss). */
static inline uint64_t kernel_virt_to_phys(const void *p) {
    return (uint64_t)p - KERNEL_VMA;
}
#endif

#endif
