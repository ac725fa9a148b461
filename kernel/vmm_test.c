/* Kernel tests of reservations, lazy commit, code and MMIO regions. */
#include "arch/x86_64/io.h"
#include "kernel/layout.h"
#include "kernel/mm.h"
#include "kernel/mm_test.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"
#include "ktest.h"

#define GiB (1ull << 30)

extern char __text_start[];

KTEST(vmm, reservation_commits_lazily_far_apart) {
    uint64_t used0 = pmm_used_count(&mm_frames);
    struct vmm_region *r = vmm_reserve(8 * GiB, VM_RW, 8 * GiB);
    KT_ASSERT(t, r != NULL);
    KT_EXPECT(t, r->base >= VM_RESERVE_BASE && r->base + r->size <= VM_RESERVE_END);
    KT_EXPECT_EQ(t, r->committed, 0);
    static const uint64_t offs[] = {0, GiB + 3 * 4096 + 5, 4 * GiB, 8 * GiB - 8};
    for (int i = 0; i < 4; i++) {
        *(volatile uint64_t *)(r->base + offs[i]) = 0x1111 * (uint64_t)(i + 1);
    }
    KT_EXPECT_EQ(t, r->committed, 4);
    uint64_t used = pmm_used_count(&mm_frames) - used0;
    /* 4 pages, a PT and a PD each (they lie in different GiB), and a PDPT
     * unless another reservation in the same 512 GiB already made it; the
     * first page's PT and PD may exist already when a region mapped before
     * lies in the same 2 MiB or GiB (the running thread's stack does). */
    KT_EXPECT(t, used >= 4 + 6 && used <= 4 + 9);
    for (int i = 0; i < 4; i++) {
        KT_EXPECT_EQ(t, *(volatile uint64_t *)(r->base + offs[i]), 0x1111 * (uint64_t)(i + 1));
    }
    KT_EXPECT_EQ(t, *(volatile uint64_t *)(r->base + 2 * GiB), 0); /* a read commits zero */
    KT_EXPECT_EQ(t, r->committed, 5);
    KT_EXPECT(t, vmm_find(r->base + 5 * GiB) == r);
    vmm_release(r);
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used0); /* frames and tables */
}

KTEST(vmm, access_past_lazy_limit_or_region_faults) {
    struct fault_catch fc;
    struct vmm_region *r = vmm_reserve(8 * GiB, VM_RW, 64 * 1024);
    KT_ASSERT(t, r != NULL);
    mm_test_write((void *)(r->base + 64 * 1024 - 1));
    KT_ASSERT(t, mm_test_faults(mm_test_write, (void *)(r->base + 64 * 1024), &fc));
    KT_EXPECT_EQ(t, fc.cr2, r->base + 64 * 1024);
    KT_EXPECT_EQ(t, fc.error_code & PF_ERR_PRESENT, 0);
    /* The guard page behind the region. */
    KT_EXPECT(t, mm_test_faults(mm_test_read, (void *)(r->base + r->size), &fc));
    /* What memory.grow does. */
    vmm_set_lazy(r, 128 * 1024);
    mm_test_write((void *)(r->base + 64 * 1024));
    KT_EXPECT_EQ(t, r->committed, 2);
    vmm_release(r);
}

KTEST(vmm, read_only_region_commits_on_read_and_rejects_writes) {
    struct fault_catch fc;
    struct vmm_region *r = vmm_reserve(1 << 20, VM_R, 1 << 20);
    KT_ASSERT(t, r != NULL);
    KT_EXPECT(t, mm_test_faults(mm_test_write, (void *)r->base, &fc));
    KT_EXPECT_EQ(t, r->committed, 0);
    KT_EXPECT_EQ(t, *(volatile char *)r->base, 0);
    KT_EXPECT(t, mm_test_faults(mm_test_write, (void *)r->base, &fc));
    KT_EXPECT_EQ(t, fc.error_code & (PF_ERR_PRESENT | PF_ERR_WRITE), PF_ERR_PRESENT | PF_ERR_WRITE);
    vmm_protect(r, VM_RW);
    mm_test_write((void *)r->base);
    vmm_release(r);
}

KTEST(vmm, decommit_returns_frames_and_next_touch_reads_zero) {
    struct vmm_region *r = vmm_reserve(16 * PAGE_SIZE, VM_RW, 16 * PAGE_SIZE);
    KT_ASSERT(t, r != NULL);
    KT_ASSERT(t, vmm_commit(r, 0, 16 * PAGE_SIZE));
    KT_EXPECT_EQ(t, r->committed, 16);
    __builtin_memset((void *)r->base, 0x5a, 16 * PAGE_SIZE);
    uint64_t used = pmm_used_count(&mm_frames);
    vmm_decommit(r, 8 * PAGE_SIZE, 8 * PAGE_SIZE);
    KT_EXPECT_EQ(t, r->committed, 8);
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used - 8);
    KT_EXPECT_EQ(t, *(volatile uint8_t *)(r->base + 7 * PAGE_SIZE), 0x5a);
    KT_EXPECT_EQ(t, *(volatile uint8_t *)(r->base + 8 * PAGE_SIZE), 0);
    vmm_release(r);
}

KTEST(vmm, four_thousand_8gib_reservations) {
    enum { N = 4096 };
    static struct vmm_region *r[N];
    uint64_t used0 = pmm_used_count(&mm_frames);
    int misses = 0;
    uint64_t t0 = rdtsc();
    for (int i = 0; i < N; i++) {
        r[i] = vmm_reserve(8 * GiB, VM_RW, 8 * GiB);
        KT_ASSERT(t, r[i] != NULL);
        *(volatile uint32_t *)(r[i]->base + (uint64_t)(i % 8) * GiB) = (uint32_t)i;
    }
    uint64_t t1 = rdtsc();
    for (int i = 0; i < N; i++) {
        uint64_t inner = r[i]->base + (uint64_t)(i % 8) * GiB;
        misses += vmm_find(inner) != r[i] || *(volatile uint32_t *)inner != (uint32_t)i;
    }
    KT_EXPECT_EQ(t, misses, 0);
    KT_EXPECT(t, r[N - 1]->base + 8 * GiB <= VM_RESERVE_END);
    uint64_t t2 = rdtsc();
    for (int i = N - 1; i >= 0; i--) { /* newest first, as in the kmalloc test */
        vmm_release(r[i]);
    }
    uint64_t t3 = rdtsc();
    ktest_log("per reservation: reserve + first-touch fault %llu cycles, release %llu cycles",
              (unsigned long long)((t1 - t0) / N), (unsigned long long)((t3 - t2) / N));
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used0);
}

KTEST(vmm, code_region_is_near_kernel_and_sealed_rx) {
    struct fault_catch fc;
    static const uint8_t ret42[] = {0xb8, 42, 0, 0, 0, 0xc3}; /* mov eax, 42; ret */
    struct vmm_region *c = vmm_code_alloc(PAGE_SIZE);
    KT_ASSERT(t, c != NULL);
    int64_t dist = (int64_t)(c->base - (uint64_t)__text_start);
    KT_EXPECT(t, dist > -(int64_t)(2 * GiB) && dist + (int64_t)c->size < (int64_t)(2 * GiB));
    __builtin_memcpy((void *)c->base, ret42, sizeof ret42);
    KT_EXPECT(t, mm_test_faults(mm_test_call, (void *)c->base, &fc)); /* still RW: NX */
    KT_EXPECT_EQ(t, fc.error_code & PF_ERR_FETCH, PF_ERR_FETCH);
    vmm_protect(c, VM_RX);
    KT_EXPECT_EQ(t, ((int (*)(void))c->base)(), 42);
    KT_EXPECT(t, mm_test_faults(mm_test_write, (void *)c->base, &fc));
    KT_EXPECT_EQ(t, fc.error_code & PF_ERR_WRITE, PF_ERR_WRITE);
    vmm_release(c);
}

KTEST(vmm, mmio_maps_local_apic_uncached) {
    struct paging_mapping m;
    uint64_t apic = rdmsr(0x1b) & ~0xfffull;
    volatile uint32_t *version = vmm_map_mmio(apic + 0x30, 4);
    KT_EXPECT_EQ(t, (uint64_t)version & 0xfff, 0x30);
    uint32_t v = *version & 0xff;
    KT_EXPECT(t, v >= 0x10 && v <= 0x15); /* an integrated APIC */
    KT_ASSERT(t, paging_query(&mm_paging, (uint64_t)version, &m));
    KT_EXPECT_EQ(t, m.prot, VM_RW | VM_UC);
    KT_EXPECT_EQ(t, m.phys, apic + 0x30);
    vmm_unmap_mmio((void *)version);
    KT_EXPECT(t, !paging_query(&mm_paging, (uint64_t)version, &m));
}
