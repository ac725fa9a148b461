/* Kernel tests of the frame allocator, the kernel page tables and kmalloc,
 * on the real machine (QEMU). */
#include "arch/x86_64/io.h"
#include "arch/x86_64/pte.h"
#include "kernel/kmalloc.h"
#include "kernel/layout.h"
#include "kernel/mm.h"
#include "kernel/mm_test.h"
#include "kernel/vm_prot.h"
#include "ktest.h"

extern char __text_start[], __rodata_start[];

KTEST(mm, frame_alloc_free_keeps_counts_consistent) {
    uint64_t free0 = pmm_free_count(&mm_frames), used0 = pmm_used_count(&mm_frames);
    KT_EXPECT_EQ(t, free0 + used0, pmm_total_count(&mm_frames));
    uint64_t a = pmm_alloc(&mm_frames);
    KT_ASSERT(t, a != 0);
    KT_EXPECT_EQ(t, a % PAGE_SIZE, 0);
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used0 + 1);
    *(volatile uint64_t *)phys_to_virt(a) = 0x1234; /* the direct map reaches it */
    pmm_free(&mm_frames, a);
    KT_EXPECT_EQ(t, pmm_free_count(&mm_frames), free0);
}

KTEST(mm, frame_alloc_free_cost) {
    enum { N = 4096 };
    static uint64_t frames[N];
    uint64_t used0 = pmm_used_count(&mm_frames), distinct = 1;
    uint64_t t0 = rdtsc();
    for (int i = 0; i < N; i++) {
        frames[i] = pmm_alloc(&mm_frames);
    }
    uint64_t t1 = rdtsc();
    for (int i = 1; i < N; i++) {
        distinct += frames[i] > frames[i - 1]; /* lowest free first: ascending */
    }
    for (int i = 0; i < N; i++) {
        pmm_free(&mm_frames, frames[i]);
    }
    uint64_t t2 = rdtsc();
    KT_EXPECT_EQ(t, distinct, N);
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used0);
    ktest_log("pmm_alloc %llu cycles, pmm_free %llu cycles", (unsigned long long)((t1 - t0) / N),
              (unsigned long long)((t2 - t1) / N));
}

KTEST(mm, frame_run_is_aligned_and_owned) {
    uint64_t used0 = pmm_used_count(&mm_frames);
    uint64_t run = pmm_alloc_run(&mm_frames, 16, 64 * 1024);
    KT_ASSERT(t, run != 0);
    KT_EXPECT_EQ(t, run % (64 * 1024), 0);
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used0 + 16);
    __builtin_memset(phys_to_virt(run), 0xab, 16 * PAGE_SIZE);
    pmm_free_run(&mm_frames, run, 16);
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used0);
}

KTEST(mm, frames_run_out_and_come_back) {
    /* Take every frame, chaining them through their own first word. */
    uint64_t free0 = pmm_free_count(&mm_frames), head = 0, count = 0, misplaced = 0;
    for (uint64_t f = pmm_alloc(&mm_frames); f != 0; f = pmm_alloc(&mm_frames)) {
        misplaced += f < PMM_LOW_LIMIT ||
                     (f >= boot_info.kernel_phys_start && f < boot_info.kernel_phys_end) ||
                     (f >= mm_frames.meta.base && f < mm_frames.meta.end);
        *(uint64_t *)phys_to_virt(f) = head;
        head = f;
        count++;
    }
    KT_EXPECT_EQ(t, count, free0);
    KT_EXPECT_EQ(t, misplaced, 0); /* never the low 1 MiB, the kernel or the bitmaps */
    KT_EXPECT_EQ(t, pmm_free_count(&mm_frames), 0);
    KT_EXPECT_EQ(t, pmm_alloc_run(&mm_frames, 1, PAGE_SIZE), 0);
    KT_EXPECT(t, kmalloc(64 * 1024) == NULL);
    while (head != 0) {
        uint64_t next = *(uint64_t *)phys_to_virt(head);
        pmm_free(&mm_frames, head);
        head = next;
    }
    KT_EXPECT_EQ(t, pmm_free_count(&mm_frames), free0);
}

static const char mm_test_rodata[] = "read only";
static char mm_test_data[64];

KTEST(mm, kernel_sections_have_their_protections) {
    struct paging_mapping m;
    KT_ASSERT(t, paging_query(&mm_paging, (uint64_t)__text_start, &m));
    KT_EXPECT_EQ(t, m.prot, VM_RX);
    KT_EXPECT_EQ(t, m.phys, (uint64_t)__text_start - KERNEL_VMA);
    KT_ASSERT(t, paging_query(&mm_paging, (uint64_t)mm_test_rodata, &m));
    KT_EXPECT_EQ(t, m.prot, VM_R);
    KT_ASSERT(t, paging_query(&mm_paging, (uint64_t)mm_test_data, &m));
    KT_EXPECT_EQ(t, m.prot, VM_RW);
    KT_ASSERT(t, paging_query(&mm_paging, DIRECT_MAP_BASE + 0x100000, &m));
    KT_EXPECT_EQ(t, m.prot, VM_RW);
    KT_EXPECT_EQ(t, m.phys, 0x100000);
    KT_EXPECT(t, !paging_query(&mm_paging, 0x1000, &m)); /* no identity map */
    KT_EXPECT(t, rdmsr(0xc0000080) & (1ull << 11));      /* EFER.NXE */
    KT_EXPECT(t, read_cr0() & (1ull << 16));             /* CR0.WP */
}

/* Between the MMIO window and the kernel image: nothing else maps here. */
#define MM_TEST_VA 0xffffd00000000000ull

KTEST(mm, paging_map_unmap_on_live_tables) {
    struct fault_catch fc;
    struct paging_mapping m;
    uint64_t used0 = pmm_used_count(&mm_frames);
    uint64_t f = pmm_alloc(&mm_frames);
    KT_ASSERT(t, paging_map(&mm_paging, MM_TEST_VA + 0x3000, f, VM_RW));
    *(volatile uint64_t *)(MM_TEST_VA + 0x3008) = 0xfeedface;
    KT_EXPECT_EQ(t, *(volatile uint64_t *)((char *)phys_to_virt(f) + 8), 0xfeedface);
    KT_ASSERT(t, paging_query(&mm_paging, MM_TEST_VA + 0x3008, &m));
    KT_EXPECT_EQ(t, m.phys, f + 8);
    paging_protect_range(&mm_paging, MM_TEST_VA, 0x10000, VM_R);
    KT_EXPECT(t, mm_test_faults(mm_test_write, (void *)(MM_TEST_VA + 0x3000), &fc));
    paging_unmap_range(&mm_paging, MM_TEST_VA, 0x10000, NULL, NULL);
    KT_EXPECT(t, mm_test_faults(mm_test_read, (void *)(MM_TEST_VA + 0x3000), &fc));
    KT_EXPECT_EQ(t, fc.error_code & PF_ERR_PRESENT, 0);
    pmm_free(&mm_frames, f);
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used0); /* its tables were freed too */
}

KTEST(mm, executing_data_faults_with_fetch_bit) {
    struct fault_catch fc;
    static uint8_t code[16] __attribute__((aligned(16)));
    code[0] = 0xc3; /* ret */
    KT_ASSERT(t, mm_test_faults(mm_test_call, code, &fc));
    KT_EXPECT_EQ(t, fc.vector, VEC_PF);
    KT_EXPECT_EQ(t, fc.cr2, (uint64_t)code);
    KT_EXPECT_EQ(t, fc.error_code & (PF_ERR_PRESENT | PF_ERR_FETCH), PF_ERR_PRESENT | PF_ERR_FETCH);
    /* Same through the direct map. */
    uint64_t f = pmm_alloc(&mm_frames);
    uint8_t *p = phys_to_virt(f);
    p[0] = 0xc3;
    KT_EXPECT(t, mm_test_faults(mm_test_call, p, &fc));
    KT_EXPECT_EQ(t, fc.error_code & PF_ERR_FETCH, PF_ERR_FETCH);
    pmm_free(&mm_frames, f);
}

KTEST(mm, writing_text_or_rodata_faults) {
    struct fault_catch fc;
    KT_ASSERT(t, mm_test_faults(mm_test_write, __text_start, &fc));
    KT_EXPECT_EQ(t, fc.error_code & (PF_ERR_PRESENT | PF_ERR_WRITE), PF_ERR_PRESENT | PF_ERR_WRITE);
    KT_ASSERT(t, mm_test_faults(mm_test_write, (void *)mm_test_rodata, &fc));
    KT_EXPECT_EQ(t, fc.cr2, (uint64_t)mm_test_rodata);
    KT_EXPECT(t, mm_test_faults(mm_test_read, (void *)0x10, &fc));
}

/* Counts leaves under a table at `level` that are writable and executable;
 * *leaves counts all present leaves. */
static uint64_t count_wx(uint64_t table, int level, uint64_t *leaves) {
    const uint64_t *e = phys_to_virt(table);
    uint64_t wx = 0;
    for (int i = 0; i < PT_ENTRIES; i++) {
        if (!pte_present(e[i])) {
            continue;
        }
        if (level == 1 || pte_large(e[i])) {
            (*leaves)++;
            wx += (e[i] & PTE_W) && !(e[i] & PTE_NX);
        } else {
            wx += count_wx(pte_phys(e[i]), level - 1, leaves);
        }
    }
    return wx;
}

KTEST(mm, no_page_is_writable_and_executable) {
    uint64_t leaves = 0;
    KT_EXPECT_EQ(t, read_cr3() & PTE_ADDR_MASK, mm_paging.root);
    KT_EXPECT_EQ(t, count_wx(mm_paging.root, 4, &leaves), 0);
    KT_EXPECT(t, leaves > 100);
}

KTEST(kmalloc, many_sizes_intact_and_memory_returns) {
    enum { N = 300 };
    static unsigned char *p[N];
    static size_t n[N];
    uint64_t used0 = pmm_used_count(&mm_frames);
    uint64_t live0 = kernel_heap.bytes_live;
    size_t corrupt = 0;
    uint64_t t0 = rdtsc();
    for (int k = 0; k < 1000; k++) {
        kfree(kmalloc(64));
    }
    ktest_log("kmalloc(64) + kfree: %llu cycles", (unsigned long long)((rdtsc() - t0) / 1000));
    for (int i = 0; i < N; i++) {
        n[i] = (size_t)(i * 37 % 1100) + (i % 10 == 0 ? (size_t)i * 300 : 0);
        p[i] = kmalloc(n[i]);
        KT_ASSERT(t, p[i] != NULL);
        __builtin_memset(p[i], i & 0xff, n[i]);
    }
    /* Freed newest first, the bookkeeping (vmm regions, free-extent nodes)
     * unwinds exactly, so every page must come back. In other orders a
     * surviving node may sit in a different slab page. */
    for (int i = N - 1; i >= 0; i--) {
        for (size_t k = 0; k < n[i]; k++) {
            corrupt += p[i][k] != (i & 0xff);
        }
        kfree(p[i]);
    }
    KT_EXPECT_EQ(t, corrupt, 0);
    KT_EXPECT_EQ(t, kernel_heap.bytes_live, live0);
    KT_EXPECT_EQ(t, pmm_used_count(&mm_frames), used0);
}

KTEST(kmalloc, large_block_ends_at_a_guard_page) {
    struct fault_catch fc;
    size_t size = 3 * PAGE_SIZE;
    char *p = kmalloc(size);
    KT_ASSERT(t, p != NULL);
    p[size - 1] = 1;
    /* The block's run is 4 pages (header included); the page after it is
     * the region's guard. */
    char *end = (char *)(((uint64_t)p & ~(uint64_t)(PAGE_SIZE - 1)) + 4 * PAGE_SIZE);
    KT_EXPECT(t, mm_test_faults(mm_test_write, end, &fc));
    KT_EXPECT_EQ(t, fc.cr2, (uint64_t)end);
    kfree(p);
}
