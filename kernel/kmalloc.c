/*
 * Page provider of the kernel heap. A single page is a frame seen through
 * the direct map (cheap, and what every slab uses); a run of pages is a
 * committed vmm region, so large blocks never need contiguous frames and
 * get an unmapped guard page behind them.
 *
 * Threads are preempted, so the heap's entry points run with interrupts
 * disabled: atomic on one CPU; a second CPU will need a lock here.
 */
#include "kernel/kmalloc.h"

#include "arch/x86_64/io.h"
#include "arch/x86_64/layout.h"
#include "kernel/mm.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"

struct heap kernel_heap;

static void *kheap_alloc_pages(void *ctx, size_t pages) {
    if (pages == 1) {
        uint64_t phys = pmm_alloc(&mm_frames);
        return phys != 0 ? phys_to_virt(phys) : NULL;
    }
    struct vmm_region *r = vmm_reserve(pages * PAGE_SIZE, VM_RW, 0);
    if (r == NULL) {
        return NULL;
    }
    if (!vmm_commit(r, 0, r->size)) {
        vmm_release(r);
        return NULL;
    }
    return (void *)r->base;
}

static void kheap_free_pages(void *ctx, void *p, size_t pages) {
    if (pages == 1) {
        pmm_free(&mm_frames, mm_direct_to_phys(p));
    } else {
        vmm_release(vmm_find((uint64_t)p));
    }
}

void kmalloc_init(void) {
    static const struct heap_pages provider = {kheap_alloc_pages, kheap_free_pages, NULL};
    heap_init(&kernel_heap, &provider);
}

void *kmalloc(size_t size) {
    uint64_t flags = irq_save();
    void *p = heap_alloc(&kernel_heap, size);
    irq_restore(flags);
    return p;
}

void kfree(void *p) {
    uint64_t flags = irq_save();
    heap_free(&kernel_heap, p);
    irq_restore(flags);
}

void *krealloc(void *p, size_t size) {
    uint64_t flags = irq_save();
    void *q = heap_realloc(&kernel_heap, p, size);
    irq_restore(flags);
    return q;
}
