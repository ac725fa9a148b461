/*
 * x86-64 page-table entries (4-level paging), encoded and decoded by small
 * pure functions instead of bitfields, so the bit patterns are unit-tested
 * (pte_test.c). Intel SDM vol. 3, 4.5.
 */
#ifndef RZ_ARCH_PTE_H
#define RZ_ARCH_PTE_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_P (1ull << 0)   /* present */
#define PTE_W (1ull << 1)   /* writable */
#define PTE_U (1ull << 2)   /* user (never set: everything runs in ring 0) */
#define PTE_PWT (1ull << 3) /* write-through */
#define PTE_PCD (1ull << 4) /* cache disable; PCD+PWT = PAT entry 3 = UC */
#define PTE_A (1ull << 5)   /* accessed */
#define PTE_D (1ull << 6)   /* dirty */
#define PTE_PS (1ull << 7)  /* in a PD or PDPT entry: maps a large page */
#define PTE_G (1ull << 8)   /* global */
#define PTE_NX (1ull << 63) /* no execute (needs EFER.NXE) */

#define PTE_ADDR_MASK 0x000ffffffffff000ull
#define PTE_LARGE_ADDR_MASK 0x000fffffffe00000ull /* 2 MiB page frame */

#define PT_ENTRIES 512
#define PAGE_SIZE_4K 0x1000ull
#define PAGE_SIZE_2M 0x200000ull

/* Levels, counted as the SDM does from the leaf: 1 = PT, 2 = PD, 3 = PDPT,
 * 4 = PML4. */
static inline unsigned pte_index(uint64_t va, int level) {
    return (unsigned)(va >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

/* Bytes one entry of a table at `level` covers. */
static inline uint64_t pte_span(int level) {
    return 1ull << (12 + 9 * (level - 1));
}

static inline uint64_t pte_encode(uint64_t phys, uint64_t bits) {
    return (phys & PTE_ADDR_MASK) | bits;
}

static inline bool pte_present(uint64_t pte) {
    return (pte & PTE_P) != 0;
}

static inline bool pte_large(uint64_t pte) {
    return (pte & PTE_PS) != 0;
}

/* Frame of a 4 KiB leaf or of a next-level table. */
static inline uint64_t pte_phys(uint64_t pte) {
    return pte & PTE_ADDR_MASK;
}

/* Frame of a 2 MiB leaf (bit 12 would be PAT there, and is never set). */
static inline uint64_t pte_large_phys(uint64_t pte) {
    return pte & PTE_LARGE_ADDR_MASK;
}

/* True for addresses whose bits 63..47 are all equal (canonical, 48-bit). */
static inline bool va_canonical(uint64_t va) {
    uint64_t top = va >> 47;
    return top == 0 || top == 0x1ffff;
}

/* Leaf bits for a VM_* protection: P, then W or NX, PCD|PWT for VM_UC.
 * Panics on VM_W|VM_X, or on a protection without VM_R. */
uint64_t pte_bits_for_prot(unsigned prot);
/* The VM_* protection a leaf entry grants. */
unsigned pte_prot(uint64_t pte);

#endif
