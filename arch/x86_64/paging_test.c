/*
 * Host tests of the page-table walker over tables in host memory: a table's
 * "physical address" is its host address, so the walker's reads and writes
 * are checked by ASan and every table can be counted.
 */
#include <stdlib.h>
#include <string.h>

#include "arch/x86_64/paging.h"
#include "arch/x86_64/pte.h"
#include "kernel/vm_prot.h"
#include "tests/host/panic_catch.h"

struct fake_env {
    int tables;      /* tables currently allocated */
    int budget;      /* allocations left before alloc_table fails */
    int invalidated; /* invalidate calls */
    uint64_t last_invalidated;
    uint64_t released; /* sum of frames handed to release */
    int release_count;
};

static uint64_t fake_alloc(void *ctx) {
    struct fake_env *f = ctx;
    if (f->budget == 0) {
        return 0;
    }
    f->budget--;
    void *p = aligned_alloc(PAGE_SIZE_4K, PAGE_SIZE_4K);
    memset(p, 0, PAGE_SIZE_4K);
    f->tables++;
    return (uint64_t)(uintptr_t)p;
}

static void fake_free(void *ctx, uint64_t phys) {
    struct fake_env *f = ctx;
    f->tables--;
    free((void *)(uintptr_t)phys);
}

static uint64_t *fake_table(void *ctx, uint64_t phys) {
    return (uint64_t *)(uintptr_t)phys;
}

static void fake_invalidate(void *ctx, uint64_t va) {
    struct fake_env *f = ctx;
    f->invalidated++;
    f->last_invalidated = va;
}

static void fake_release(void *ctx, uint64_t phys) {
    struct fake_env *f = ctx;
    f->released += phys;
    f->release_count++;
}

static struct fake_env fake;
static const struct paging_env fake_paging_env = {fake_alloc, fake_free, fake_table,
                                                  fake_invalidate, &fake};

static void setup(struct paging *pg) {
    memset(&fake, 0, sizeof fake);
    fake.budget = -1;
    paging_init(pg, &fake_paging_env);
}

/* Unmaps both canonical halves, then frees the root: no table may leak. */
static void teardown(struct ktest *t, struct paging *pg) {
    paging_unmap_range(pg, 0, 1ull << 47, 0, 0);
    paging_unmap_range(pg, 0xffff800000000000ull, 1ull << 47, 0, 0);
    KT_EXPECT_EQ(t, fake.tables, 1);
    fake_free(&fake, pg->root);
}

#define KVA 0xffffffff80000000ull

KTEST(paging, map_then_query_returns_frame_and_prot) {
    struct paging pg;
    struct paging_mapping m;
    setup(&pg);
    KT_EXPECT(t, paging_map(&pg, KVA + 0x5000, 0x1234000, VM_RX));
    KT_ASSERT(t, paging_query(&pg, KVA + 0x5123, &m));
    KT_EXPECT_EQ(t, m.phys, 0x1234123);
    KT_EXPECT_EQ(t, m.page_size, PAGE_SIZE_4K);
    KT_EXPECT_EQ(t, m.prot, VM_RX);
    KT_EXPECT(t, !paging_query(&pg, KVA + 0x6000, &m));
    KT_EXPECT(t, !paging_query(&pg, 0x5000, &m));
    KT_EXPECT_EQ(t, fake.tables, 4); /* root, PDPT, PD, PT */
    teardown(t, &pg);
}

KTEST(paging, large_page_query_and_range_choice) {
    struct paging pg;
    struct paging_mapping m;
    setup(&pg);
    /* 4 KiB up to the first 2 MiB boundary, one 2 MiB page, 4 KiB after. */
    uint64_t va = 0xffff800000000000ull + 0x1ff000;
    KT_EXPECT(t, paging_map_range(&pg, va, 0x1ff000, 0x202000, VM_RW));
    KT_ASSERT(t, paging_query(&pg, va, &m));
    KT_EXPECT_EQ(t, m.page_size, PAGE_SIZE_4K);
    KT_ASSERT(t, paging_query(&pg, va + 0x1000 + 0x12345, &m));
    KT_EXPECT_EQ(t, m.page_size, PAGE_SIZE_2M);
    KT_EXPECT_EQ(t, m.phys, 0x200000 + 0x12345);
    KT_EXPECT_EQ(t, m.prot, VM_RW);
    KT_ASSERT(t, paging_query(&pg, va + 0x201000, &m));
    KT_EXPECT_EQ(t, m.page_size, PAGE_SIZE_4K);
    KT_EXPECT_EQ(t, m.phys, 0x400000);
    teardown(t, &pg);
}

KTEST(paging, unmap_returns_frame_and_invalidates) {
    struct paging pg;
    struct paging_mapping m;
    setup(&pg);
    KT_EXPECT(t, paging_map(&pg, 0x40000000, 0x777000, VM_RW));
    KT_EXPECT_EQ(t, paging_unmap(&pg, 0x40000000), 0x777000);
    KT_EXPECT_EQ(t, fake.last_invalidated, 0x40000000);
    KT_EXPECT(t, !paging_query(&pg, 0x40000000, &m));
    KT_EXPECT_PANIC(t, paging_unmap(&pg, 0x40000000), "0x40000000 is not mapped");
    KT_EXPECT_PANIC(t, paging_unmap(&pg, 0x80000000), "0x80000000 is not mapped");
    teardown(t, &pg);
}

KTEST(paging, caller_mistakes_panic_with_address) {
    struct paging pg;
    setup(&pg);
    KT_EXPECT(t, paging_map(&pg, KVA, 0x200000, VM_R));
    KT_EXPECT_PANIC(t, paging_map(&pg, KVA, 0x300000, VM_R),
                    "0xffffffff80000000 is already mapped (to 0x200000)");
    KT_EXPECT_PANIC(t, paging_map(&pg, KVA + 0x10, 0x300000, VM_R),
                    "virtual address 0xffffffff80000010 is not 4 KiB aligned");
    KT_EXPECT_PANIC(t, paging_map(&pg, KVA + 0x1000, 0x300010, VM_R),
                    "physical address 0x300010 is not a 4 KiB-aligned frame");
    KT_EXPECT_PANIC(t, paging_map(&pg, 0x0000800000000000ull, 0x300000, VM_R),
                    "not a canonical address");
    KT_EXPECT_PANIC(t, paging_map(&pg, KVA + 0x1000, 0x300000, VM_R | VM_W | VM_X), "W^X");
    KT_EXPECT_PANIC(t, paging_map_large(&pg, KVA, 0x400000, VM_R),
                    "would cover existing 4 KiB mappings");
    KT_EXPECT_PANIC(t, paging_map_large(&pg, KVA + 0x1000, 0x400000, VM_R), "not 2 MiB aligned");
    KT_EXPECT(t, paging_map_large(&pg, KVA + 0x200000, 0x400000, VM_RW));
    KT_EXPECT_PANIC(t, paging_map(&pg, KVA + 0x201000, 0x300000, VM_R),
                    "already mapped by the large page at 0xffffffff80200000");
    KT_EXPECT_PANIC(t, paging_unmap_range(&pg, KVA + 0x200000, 0x1000, 0, 0),
                    "splits the large page at 0xffffffff80200000");
    teardown(t, &pg);
}

KTEST(paging, unmap_range_releases_frames_and_frees_tables) {
    struct paging pg;
    setup(&pg);
    /* Three pages far apart inside an 8 GiB range, like a lazily committed
     * wasm memory: each needs its own tables. */
    uint64_t base = 0x10000000000ull;
    uint64_t offs[] = {0, 0x40000000, 0x1ffffe000};
    for (int i = 0; i < 3; i++) {
        KT_EXPECT(t, paging_map(&pg, base + offs[i], 0x1000 * (uint64_t)(i + 1), VM_RW));
    }
    KT_EXPECT(t, paging_map(&pg, base + (8ull << 30), 0x9000, VM_RW)); /* outside */
    int tables_before = fake.tables;
    paging_unmap_range(&pg, base, 8ull << 30, fake_release, &fake);
    KT_EXPECT_EQ(t, fake.release_count, 3);
    KT_EXPECT_EQ(t, fake.released, 0x1000 + 0x2000 + 0x3000);
    /* Each page sits in its own GiB, so each had its own PD and PT; only
     * the PDPT is shared with the page outside and must stay. */
    KT_EXPECT_EQ(t, fake.tables, tables_before - 6);
    struct paging_mapping m;
    KT_EXPECT(t, paging_query(&pg, base + (8ull << 30), &m));
    teardown(t, &pg);
}

KTEST(paging, protect_range_changes_leaves_only) {
    struct paging pg;
    struct paging_mapping m;
    setup(&pg);
    KT_EXPECT(t, paging_map(&pg, KVA, 0x100000, VM_RW));
    KT_EXPECT(t, paging_map(&pg, KVA + 0x2000, 0x101000, VM_RW));
    int inv = fake.invalidated;
    paging_protect_range(&pg, KVA, 0x4000, VM_RX);
    KT_EXPECT_EQ(t, fake.invalidated - inv, 2);
    KT_ASSERT(t, paging_query(&pg, KVA + 0x2000, &m));
    KT_EXPECT_EQ(t, m.prot, VM_RX);
    KT_EXPECT_EQ(t, m.phys, 0x101000);
    KT_EXPECT(t, !paging_query(&pg, KVA + 0x1000, &m));
    KT_EXPECT_PANIC(t, paging_protect_range(&pg, KVA, 0x1000, VM_RW | VM_X), "W^X");
    teardown(t, &pg);
}

KTEST(paging, map_reports_table_exhaustion) {
    struct paging pg;
    struct paging_mapping m;
    setup(&pg);
    fake.budget = 2; /* PDPT and PD, but no PT */
    KT_EXPECT(t, !paging_map(&pg, KVA, 0x100000, VM_R));
    KT_EXPECT(t, !paging_query(&pg, KVA, &m));
    fake.budget = -1;
    KT_EXPECT(t, paging_map(&pg, KVA, 0x100000, VM_R));
    teardown(t, &pg);
}
