/*
 * Early CPU bring-up and the boot page tables' last touches. Dropping the
 * identity map that boot.S needed for the jump to the higher half makes
 * null and other small pointers fault from here on; physical memory is
 * reached through the direct map only. The memory manager later replaces
 * these tables with final ones (NX, W^X); until then the direct map must
 * at least cover what the memory map reports, so it is extended here with
 * 1 GiB pages, or 2 MiB pages from a small static pool on CPUs without.
 */
#include "arch/x86_64/arch.h"

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/layout.h"
#include "kernel/console.h"

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_PS 0x80ull
#define GIB (1ull << 30)
#define EXTRA_PDS 28                 /* 2 MiB-page directories for CPUs without 1 GiB pages */
#define EARLY_DIRECT_MAP_MAX_GIB 512 /* one PDPT */
#define CPUID_EXT_PDPE1GB (1u << 26)

extern uint64_t early_pml4[512];
extern uint64_t early_pdpt[512];

static uint64_t extra_pd[EXTRA_PDS][512] __attribute__((aligned(4096)));

void arch_init_cpu(void) {
    gdt_init();
    idt_init();
    early_pml4[0] = 0;
    write_cr3(read_cr3());
}

/* Maps GiB number g of physical memory in the direct map; false if out of
 * page-directory pool. */
static bool map_gib(uint64_t g, bool huge, size_t *pds_used) {
    if (huge) {
        early_pdpt[g] = g * GIB | PTE_P | PTE_W | PTE_PS;
        return true;
    }
    if (*pds_used == EXTRA_PDS) {
        return false;
    }
    uint64_t *pd = extra_pd[(*pds_used)++];
    for (uint64_t i = 0; i < 512; i++) {
        pd[i] = g * GIB + (i << 21) | PTE_P | PTE_W | PTE_PS;
    }
    early_pdpt[g] = kernel_virt_to_phys(pd) | PTE_P | PTE_W;
    return true;
}

uint64_t arch_extend_direct_map(const struct boot_info *info) {
    uint64_t top = 0;
    for (size_t i = 0; i < info->mem_count; i++) {
        uint64_t end = info->mem[i].base + info->mem[i].length;
        if (info->mem[i].type == BOOT_MEM_USABLE && end > top) {
            top = end;
        }
    }
    bool huge = (cpuid(0x80000001, 0).edx & CPUID_EXT_PDPE1GB) != 0;
    size_t pds_used = 0;
    uint64_t g = EARLY_MAP_GIB;
    for (; g * GIB < top && g < EARLY_DIRECT_MAP_MAX_GIB; g++) {
        if (!map_gib(g, huge, &pds_used)) {
            break;
        }
    }
    write_cr3(read_cr3());
    if (g * GIB < top) {
        kprintf("early direct map stops at %llu GiB; memory up to 0x%llx is not mapped yet\n",
                (unsigned long long)g, (unsigned long long)top);
    }
    return g * GIB;
}
