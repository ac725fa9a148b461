/* Tests of kernel/guest_back.c: guest ranges are backed before the kernel
 * touches them, and running out of frames is an error, not a fault. */
#include "kernel/guest.h"

#include "arch/x86_64/paging.h"
#include "kernel/layout.h"
#include "kernel/mm.h"
#include "kernel/pmm.h"
#include "kernel/preempt.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"
#include "ktest.h"

static bool mapped(uint64_t va) {
    struct paging_mapping m;
    return paging_query(&mm_paging, va, &m);
}

KTEST(guest_back, backs_every_page_a_range_touches) {
    struct vmm_region *r = vmm_reserve(16 * PAGE_SIZE, VM_RW, 16 * PAGE_SIZE);
    KT_ASSERT(t, r != NULL);
    /* Two bytes across a page boundary, then an unaligned longer range. */
    KT_EXPECT(t, guest_back((void *)(r->base + PAGE_SIZE - 1), 2));
    KT_EXPECT(t, mapped(r->base) && mapped(r->base + PAGE_SIZE));
    KT_EXPECT(t, !mapped(r->base + 2 * PAGE_SIZE));
    KT_EXPECT(t, guest_back((void *)(r->base + 3 * PAGE_SIZE + 100), 5 * PAGE_SIZE));
    for (uint64_t i = 3; i <= 8; i++) {
        KT_EXPECT(t, mapped(r->base + i * PAGE_SIZE));
    }
    KT_EXPECT(t, !mapped(r->base + 9 * PAGE_SIZE));
    KT_EXPECT_EQ(t, r->committed, 8);
    vmm_release(r);
}

KTEST(guest_back, out_of_frames_is_an_error) {
    struct vmm_region *r = vmm_reserve(4 * PAGE_SIZE, VM_RW, 4 * PAGE_SIZE);
    KT_ASSERT(t, r != NULL);
    /* Take every free frame, chaining them through their own first word. */
    preempt_disable();
    uint64_t chain = 0, taken = 0, phys;
    while ((phys = pmm_alloc(&mm_frames)) != 0) {
        *(uint64_t *)phys_to_virt(phys) = chain;
        chain = phys;
        taken++;
    }
    bool backed = guest_back((void *)(r->base + PAGE_SIZE), 1);
    bool untouched = !mapped(r->base + PAGE_SIZE);
    while (chain != 0) {
        uint64_t next = *(uint64_t *)phys_to_virt(chain);
        pmm_free(&mm_frames, chain);
        chain = next;
    }
    preempt_enable();
    KT_EXPECT(t, taken > 0);
    KT_EXPECT(t, !backed);
    KT_EXPECT(t, untouched);
    KT_EXPECT(t, guest_back((void *)(r->base + PAGE_SIZE), 1));
    KT_EXPECT(t, mapped(r->base + PAGE_SIZE));
    vmm_release(r);
}
