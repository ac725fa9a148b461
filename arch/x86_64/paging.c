/*
 * The page-table walker. Single-page operations walk from the root to the
 * entry; range operations (unmap, protect) recurse through the tables and
 * skip whole absent subtrees, so releasing a sparse 8 GiB reservation costs
 * what is mapped in it, not its size. A range unmap frees every table it
 * leaves empty, which keeps page-table memory proportional to what is
 * mapped. Intermediate entries are always P|W without NX: the leaf alone
 * decides the protection.
 */
#include "arch/x86_64/paging.h"

#include "arch/x86_64/pte.h"
#include "kernel/panic.h"
#include "kernel/vm_prot.h"

#define VA_BITS_MASK 0x0000ffffffffffffull
#define VA_HALF (1ull << 47)

static uint64_t *pg_table(const struct paging *pg, uint64_t phys) {
    return pg->env->table(pg->env->ctx, phys);
}

/* A 48-bit walk address back in canonical form. */
static uint64_t pg_canonical(uint64_t va48) {
    return (va48 & VA_HALF) ? (va48 | ~VA_BITS_MASK) : va48;
}

static void pg_check_va(const char *who, uint64_t va, uint64_t align) {
    if (!va_canonical(va)) {
        panic("%s: 0x%llx is not a canonical address", who, (unsigned long long)va);
    }
    if (va % align != 0) {
        panic("%s: virtual address 0x%llx is not %s aligned", who, (unsigned long long)va,
              align == PAGE_SIZE_2M ? "2 MiB" : "4 KiB");
    }
}

static void pg_check_phys(const char *who, uint64_t phys, uint64_t align) {
    if (phys % align != 0 || (phys & ~PTE_ADDR_MASK) != 0) {
        panic("%s: physical address 0x%llx is not a %s-aligned frame", who,
              (unsigned long long)phys, align == PAGE_SIZE_2M ? "2 MiB" : "4 KiB");
    }
}

void paging_init(struct paging *pg, const struct paging_env *env) {
    pg->env = env;
    pg->root = env->alloc_table(env->ctx);
    if (pg->root == 0) {
        panic("paging_init: no frame for the root page table");
    }
}

/*
 * The entry for va in the table at `level`, creating the tables above it
 * when `create`. NULL when a table is absent (!create) or could not be
 * allocated. Panics when a large page lies on the way.
 */
static uint64_t *pg_entry(struct paging *pg, uint64_t va, int level, bool create, const char *who) {
    uint64_t table = pg->root;
    for (int l = 4; l > level; l--) {
        uint64_t *e = &pg_table(pg, table)[pte_index(va, l)];
        if (!pte_present(*e)) {
            if (!create) {
                return 0;
            }
            uint64_t fresh = pg->env->alloc_table(pg->env->ctx);
            if (fresh == 0) {
                return 0;
            }
            *e = pte_encode(fresh, PTE_P | PTE_W);
        } else if (pte_large(*e)) {
            panic("%s: 0x%llx is already mapped by the large page at 0x%llx", who,
                  (unsigned long long)va, (unsigned long long)(va & ~(pte_span(l) - 1)));
        }
        table = pte_phys(*e);
    }
    return &pg_table(pg, table)[pte_index(va, level)];
}

static bool pg_map_at(struct paging *pg, uint64_t va, uint64_t phys, unsigned prot, int level,
                      const char *who) {
    uint64_t size = pte_span(level);
    pg_check_va(who, va, size);
    pg_check_phys(who, phys, size);
    uint64_t bits = pte_bits_for_prot(prot) | (level == 2 ? PTE_PS : 0);
    uint64_t *e = pg_entry(pg, va, level, true, who);
    if (e == 0) {
        return false;
    }
    if (pte_present(*e)) {
        if (level == 2 && !pte_large(*e)) {
            panic("%s: 2 MiB page at 0x%llx would cover existing 4 KiB mappings", who,
                  (unsigned long long)va);
        }
        panic("%s: 0x%llx is already mapped (to 0x%llx)", who, (unsigned long long)va,
              (unsigned long long)pte_phys(*e));
    }
    *e = pte_encode(phys, bits);
    return true;
}

bool paging_map(struct paging *pg, uint64_t va, uint64_t phys, unsigned prot) {
    return pg_map_at(pg, va, phys, prot, 1, "paging_map");
}

bool paging_map_large(struct paging *pg, uint64_t va, uint64_t phys, unsigned prot) {
    return pg_map_at(pg, va, phys, prot, 2, "paging_map_large");
}

bool paging_map_range(struct paging *pg, uint64_t va, uint64_t phys, uint64_t size, unsigned prot) {
    uint64_t off = 0;
    while (off < size) {
        bool large = (va + off) % PAGE_SIZE_2M == 0 && (phys + off) % PAGE_SIZE_2M == 0 &&
                     size - off >= PAGE_SIZE_2M;
        bool ok = large ? pg_map_at(pg, va + off, phys + off, prot, 2, "paging_map_range")
                        : pg_map_at(pg, va + off, phys + off, prot, 1, "paging_map_range");
        if (!ok) {
            return false;
        }
        off += large ? PAGE_SIZE_2M : PAGE_SIZE_4K;
    }
    return true;
}

uint64_t paging_unmap(struct paging *pg, uint64_t va) {
    pg_check_va("paging_unmap", va, PAGE_SIZE_4K);
    uint64_t *e = pg_entry(pg, va, 1, false, "paging_unmap");
    if (e == 0 || !pte_present(*e)) {
        panic("paging_unmap: 0x%llx is not mapped", (unsigned long long)va);
    }
    uint64_t phys = pte_phys(*e);
    *e = 0;
    pg->env->invalidate(pg->env->ctx, va);
    return phys;
}

/* One range operation: unmap (release frames) or protect (new leaf bits). */
struct pg_walk {
    struct paging *pg;
    bool unmap;
    uint64_t bits;
    paging_release_fn *release;
    void *ctx;
    const char *who;
};

static bool pg_table_empty(const uint64_t *t) {
    for (int i = 0; i < PT_ENTRIES; i++) {
        if (pte_present(t[i])) {
            return false;
        }
    }
    return true;
}

static void pg_walk_leaf(struct pg_walk *w, uint64_t *e, int level, uint64_t va) {
    uint64_t phys = level == 1 ? pte_phys(*e) : pte_large_phys(*e);
    if (w->unmap) {
        *e = 0;
        if (w->release != 0) {
            w->release(w->ctx, phys);
        }
    } else {
        *e = pte_encode(phys, w->bits | (level == 1 ? 0 : PTE_PS));
    }
    w->pg->env->invalidate(w->pg->env->ctx, pg_canonical(va));
}

/*
 * Applies w to [start, end) (48-bit addresses) inside the table at `level`
 * that begins at `base`. Returns true when an unmap left the table empty.
 */
static bool pg_walk_range(struct pg_walk *w, uint64_t table, int level, uint64_t base,
                          uint64_t start, uint64_t end) {
    const struct paging_env *env = w->pg->env;
    uint64_t *t = pg_table(w->pg, table);
    uint64_t span = pte_span(level);
    for (uint64_t i = (start - base) / span; i <= (end - 1 - base) / span; i++) {
        uint64_t va = base + i * span;
        uint64_t *e = &t[i];
        if (!pte_present(*e)) {
            continue;
        }
        if (level == 1 || pte_large(*e)) {
            if (va < start || va + span > end) {
                panic("%s: range [0x%llx, 0x%llx) splits the large page at 0x%llx", w->who,
                      (unsigned long long)pg_canonical(start),
                      (unsigned long long)pg_canonical(end - 1) + 1,
                      (unsigned long long)pg_canonical(va));
            }
            pg_walk_leaf(w, e, level, va);
            continue;
        }
        uint64_t child = pte_phys(*e);
        uint64_t cs = start > va ? start : va;
        uint64_t ce = end < va + span ? end : va + span;
        if (pg_walk_range(w, child, level - 1, va, cs, ce)) {
            *e = 0;
            env->free_table(env->ctx, child);
            /* INVLPG also drops cached paging-structure entries. */
            env->invalidate(env->ctx, pg_canonical(va));
        }
    }
    return w->unmap && pg_table_empty(t);
}

static void pg_range(struct pg_walk *w, uint64_t va, uint64_t size) {
    pg_check_va(w->who, va, PAGE_SIZE_4K);
    uint64_t start = va & VA_BITS_MASK;
    uint64_t limit = (start < VA_HALF) ? VA_HALF : VA_BITS_MASK + 1;
    if (size % PAGE_SIZE_4K != 0 || size > limit - start) {
        panic("%s: size 0x%llx at 0x%llx is unaligned or leaves the canonical half", w->who,
              (unsigned long long)size, (unsigned long long)va);
    }
    if (size != 0) {
        pg_walk_range(w, w->pg->root, 4, 0, start, start + size);
    }
}

void paging_unmap_range(struct paging *pg, uint64_t va, uint64_t size, paging_release_fn *release,
                        void *ctx) {
    struct pg_walk w = {pg, true, 0, release, ctx, "paging_unmap_range"};
    pg_range(&w, va, size);
}

void paging_protect_range(struct paging *pg, uint64_t va, uint64_t size, unsigned prot) {
    struct pg_walk w = {pg, false, pte_bits_for_prot(prot), 0, 0, "paging_protect_range"};
    pg_range(&w, va, size);
}

bool paging_query(const struct paging *pg, uint64_t va, struct paging_mapping *out) {
    uint64_t table = pg->root;
    for (int l = 4; l >= 1; l--) {
        uint64_t e = pg_table(pg, table)[pte_index(va, l)];
        if (!pte_present(e)) {
            return false;
        }
        if (l == 1 || pte_large(e)) {
            uint64_t span = pte_span(l);
            out->page_size = span;
            out->phys = (pte_phys(e) & ~(span - 1)) + (va & (span - 1));
            out->prot = pte_prot(e);
            return true;
        }
        table = pte_phys(e);
    }
    return false;
}
