/*
 * Kernel page tables live in ordinary frames, reached through the direct
 * map. Before mmu_activate the boot tables map the first EARLY_MAP_GIB GiB
 * there, which holds every table built at init because the frame allocator
 * hands out the lowest frames first.
 */
#include "arch/x86_64/mmu.h"

#include "arch/x86_64/io.h"
#include "arch/x86_64/layout.h"
#include "kernel/panic.h"

#define MSR_EFER 0xc0000080u
#define EFER_NXE (1ull << 11)
#define CR0_WP (1ull << 16)
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_EDX_NX (1u << 20)

static uint64_t mmu_alloc_table(void *ctx) {
    uint64_t phys = pmm_alloc(ctx);
    if (phys != 0) {
        __builtin_memset(phys_to_virt(phys), 0, PAGE_SIZE);
    }
    return phys;
}

static void mmu_free_table(void *ctx, uint64_t phys) {
    pmm_free(ctx, phys);
}

static uint64_t *mmu_table(void *ctx, uint64_t phys) {
    return phys_to_virt(phys);
}

static void mmu_invalidate(void *ctx, uint64_t va) {
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void mmu_env_init(struct paging_env *env, struct pmm *frames) {
    *env = (struct paging_env){mmu_alloc_table, mmu_free_table, mmu_table, mmu_invalidate, frames};
}

void mmu_activate(uint64_t root) {
    if (!(cpuid(CPUID_EXT_FEATURES, 0).edx & CPUID_EDX_NX)) {
        panic("mmu: the CPU has no NX bit; W^X cannot be enforced");
    }
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
    write_cr0(read_cr0() | CR0_WP);
    write_cr3(root);
}
