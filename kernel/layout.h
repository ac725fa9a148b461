/*
 * The whole virtual address space, in one picture (docs/memory.md has the
 * reasons). arch/x86_64/layout.h holds what boot.S needs too (the direct
 * map and kernel image addresses); everything else is placed here.
 *
 *   0x0000000000000000 - 0x000000ffffffffff  never mapped: null and small
 *                                            pointers fault (1 TiB)
 *   0x0000010000000000 - 0x00007fffffffffff  reservations: wasm linear
 *                                            memories, large kmalloc blocks
 *                                            (127 TiB, ~15,800 of 8 GiB)
 *   0xffff800000000000 - 0xffffbfffffffffff  direct map of memory (64 TiB)
 *   0xffffc00000000000 - 0xffffc0ffffffffff  MMIO mappings (1 TiB)
 *   0xffffffff80000000 - 0xffffffffbfffffff  kernel image (KERNEL_VMA)
 *   0xffffffffc0000000 - 0xffffffffffdfffff  JIT code, within +-2 GiB of
 *                                            kernel text (call rel32)
 *   0xffffffffffe00000 - 0xffffffffffffffff  never mapped
 */
#ifndef RZ_KERNEL_LAYOUT_H
#define RZ_KERNEL_LAYOUT_H

#include "arch/x86_64/layout.h"

#define DIRECT_MAP_SIZE 0x0000400000000000ull

#define VM_RESERVE_BASE 0x0000010000000000ull
#define VM_RESERVE_END 0x0000800000000000ull

#define VM_MMIO_BASE 0xffffc00000000000ull
#define VM_MMIO_END 0xffffc10000000000ull

#define VM_CODE_BASE 0xffffffffc0000000ull
#define VM_CODE_END 0xffffffffffe00000ull

_Static_assert(DIRECT_MAP_BASE + DIRECT_MAP_SIZE <= VM_MMIO_BASE, "direct map below MMIO");
_Static_assert(VM_CODE_END - KERNEL_VMA <= 0x80000000ull, "JIT code within 2 GiB of the kernel");

#endif
