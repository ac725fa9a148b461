/*
 * The CPU side of the kernel's page tables: the paging_env that keeps
 * tables in frames from the frame allocator (reached through the direct
 * map, flushed with INVLPG), and switching the CPU onto a new root with
 * NX and write protection enforced.
 */
#ifndef RZ_ARCH_MMU_H
#define RZ_ARCH_MMU_H

#include <stdint.h>

#include "arch/x86_64/paging.h"
#include "kernel/pmm.h"

/* A paging_env whose tables come from (and return to) `frames`. */
void mmu_env_init(struct paging_env *env, struct pmm *frames);

/* Turns on EFER.NXE and CR0.WP (panics on a CPU without NX, since W^X
 * could not be enforced) and loads `root` into CR3. */
void mmu_activate(uint64_t root);

#endif
