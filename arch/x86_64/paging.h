/*
 * 4-level page tables: map, unmap, protect and query 4 KiB and 2 MiB pages
 * in one tree. Where the tables' memory comes from, how a table is reached
 * and how the TLB is flushed is left to a paging_env, so the same code runs
 * on the kernel's tables (arch/x86_64/mmu.c) and on fake ones in host tests.
 *
 * Every mistake by the caller panics with the address and what was wrong:
 * unaligned or non-canonical addresses, mapping over a mapping, touching a
 * page that is not mapped, a W+X protection (pte.c).
 * Locks: none; callers serialize.
 */
#ifndef RZ_ARCH_PAGING_H
#define RZ_ARCH_PAGING_H

#include <stdbool.h>
#include <stdint.h>

struct paging_env {
    uint64_t (*alloc_table)(void *ctx); /* a zeroed 4 KiB frame, 0 when none */
    void (*free_table)(void *ctx, uint64_t phys);
    uint64_t *(*table)(void *ctx, uint64_t phys); /* where the CPU reads it */
    void (*invalidate)(void *ctx, uint64_t va);   /* after a change at va */
    void *ctx;
};

struct paging {
    uint64_t root; /* physical address of the PML4 */
    const struct paging_env *env;
};

/* What paging_query found at an address. */
struct paging_mapping {
    uint64_t phys;      /* physical address of the queried byte */
    uint64_t page_size; /* PAGE_SIZE_4K or PAGE_SIZE_2M */
    unsigned prot;      /* VM_* */
};

/* Called with each frame a range unmap removes (mappings only; the tables
 * are returned through env->free_table). */
typedef void paging_release_fn(void *ctx, uint64_t phys);

/* Allocates an empty root table; panics when the env has no frame. */
void paging_init(struct paging *pg, const struct paging_env *env);

/* Map one 4 KiB (paging_map) or 2 MiB (paging_map_large) page. False when a
 * page-table frame could not be allocated (nothing is mapped then). */
bool paging_map(struct paging *pg, uint64_t va, uint64_t phys, unsigned prot);
bool paging_map_large(struct paging *pg, uint64_t va, uint64_t phys, unsigned prot);
/* Maps [va, va + size) to [phys, phys + size) with 2 MiB pages wherever
 * both sides are 2 MiB aligned, 4 KiB pages elsewhere. */
bool paging_map_range(struct paging *pg, uint64_t va, uint64_t phys, uint64_t size, unsigned prot);

/* Removes the 4 KiB mapping at va and returns its frame. */
uint64_t paging_unmap(struct paging *pg, uint64_t va);
/* Removes every mapping in [va, va + size) (holes allowed; a 2 MiB page must
 * lie wholly inside), hands each frame to release (if not NULL) and frees
 * page tables left empty. */
void paging_unmap_range(struct paging *pg, uint64_t va, uint64_t size, paging_release_fn *release,
                        void *ctx);

/* Changes the protection of every mapping in [va, va + size) (holes
 * allowed). */
void paging_protect_range(struct paging *pg, uint64_t va, uint64_t size, unsigned prot);

/* True when va is mapped; fills *out. */
bool paging_query(const struct paging *pg, uint64_t va, struct paging_mapping *out);

#endif
