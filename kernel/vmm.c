/*
 * Regions: address space from a vmspace window, bookkeeping in an AVL tree
 * keyed by base address (fault lookup in O(log n)), pages through the
 * kernel's page tables and frames from mm_frames.
 *
 * Lazy commit: a not-present fault inside a region, below its lazy limit,
 * whose access the region's protection allows, maps one zeroed frame and
 * retries. Everything else (a protection fault, an access past the limit
 * or in a guard page) is left to the caller of the hook as a real fault.
 *
 * Threads are preempted, so every entry point that reads or changes the
 * region tree, the windows or the page tables runs with interrupts
 * disabled (irq_save): on one CPU that makes it atomic. A second CPU will
 * need a lock here instead (docs/memory.md, Concurrency).
 */
#include "kernel/vmm.h"

#include "arch/x86_64/io.h"
#include "arch/x86_64/paging.h"
#include "kernel/kmalloc.h"
#include "kernel/layout.h"
#include "kernel/mm.h"
#include "kernel/panic.h"
#include "kernel/vm_prot.h"
#include "kernel/vmspace.h"

/* Page-fault error code bits (Intel SDM vol. 3A, 4.7). */
#define PF_PRESENT (1u << 0)
#define PF_WRITE (1u << 1)
#define PF_FETCH (1u << 4)

static struct vmspace vmm_windows[VMM_AREA_COUNT];
static struct avl_tree vmm_regions;

static struct vmm_region *region_of(const struct avl_node *n) {
    return (struct vmm_region *)n;
}

static int region_cmp(const struct avl_node *a, const struct avl_node *b) {
    uint64_t x = region_of(a)->base, y = region_of(b)->base;
    return x < y ? -1 : x > y;
}

static int region_probe(const void *key, const struct avl_node *n) {
    uint64_t a = *(const uint64_t *)key;
    const struct vmm_region *r = region_of(n);
    if (a < r->base) {
        return -1;
    }
    return a - r->base >= r->size;
}

static void *vmm_node_alloc(void *ctx) {
    return kmalloc(sizeof(struct vmspace_extent));
}

static void vmm_node_free(void *ctx, void *node) {
    kfree(node);
}

void vmm_init(void) {
    static const uint64_t windows[VMM_AREA_COUNT][2] = {
        [VMM_AREA_RESERVE] = {VM_RESERVE_BASE, VM_RESERVE_END},
        [VMM_AREA_CODE] = {VM_CODE_BASE, VM_CODE_END},
        [VMM_AREA_MMIO] = {VM_MMIO_BASE, VM_MMIO_END},
    };
    vmm_regions = (struct avl_tree){NULL, region_cmp, NULL};
    for (int a = 0; a < VMM_AREA_COUNT; a++) {
        if (!vmspace_init(&vmm_windows[a], windows[a][0], windows[a][1] - windows[a][0],
                          vmm_node_alloc, vmm_node_free, NULL)) {
            panic("vmm_init: out of memory");
        }
    }
}

static uint64_t vmm_page_up(uint64_t n) {
    return (n + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

/* Panics unless prot is allowed in the region's window (W+X itself is
 * refused where every mapping is made: pte_bits_for_prot). */
static void vmm_check_prot(enum vmm_area area, unsigned prot, const char *who) {
    if ((prot & VM_X) && area != VMM_AREA_CODE) {
        panic("%s: executable protection 0x%x outside the code window", who, prot);
    }
}

/* A region of `size` bytes plus a guard page in `area`, or NULL. */
static struct vmm_region *vmm_region_new(enum vmm_area area, uint64_t size, unsigned prot) {
    size = vmm_page_up(size);
    if (size == 0 || size > VM_RESERVE_END - VM_RESERVE_BASE) {
        return NULL;
    }
    struct vmm_region *r = kmalloc(sizeof *r);
    if (r == NULL) {
        return NULL;
    }
    uint64_t base = vmspace_alloc(&vmm_windows[area], size + PAGE_SIZE);
    if (base == 0) {
        kfree(r);
        return NULL;
    }
    *r = (struct vmm_region){.base = base, .size = size, .prot = prot, .area = area};
    avl_insert(&vmm_regions, &r->node);
    return r;
}

struct vmm_region *vmm_reserve(uint64_t size, unsigned prot, uint64_t lazy_limit) {
    vmm_check_prot(VMM_AREA_RESERVE, prot, "vmm_reserve");
    uint64_t flags = irq_save();
    struct vmm_region *r = vmm_region_new(VMM_AREA_RESERVE, size, prot);
    irq_restore(flags);
    if (r != NULL) {
        vmm_set_lazy(r, lazy_limit);
    }
    return r;
}

struct vmm_region *vmm_code_alloc(uint64_t size) {
    uint64_t flags = irq_save();
    struct vmm_region *r = vmm_region_new(VMM_AREA_CODE, size, VM_RW);
    irq_restore(flags);
    if (r != NULL && !vmm_commit(r, 0, r->size)) {
        vmm_release(r);
        return NULL;
    }
    return r;
}

/* Panics unless [offset, offset + len) is a page-aligned part of r and r
 * holds frames (not a device). */
static void vmm_check_range(const struct vmm_region *r, uint64_t offset, uint64_t len,
                            const char *who) {
    if (r->area == VMM_AREA_MMIO) {
        panic("%s: region at 0x%llx maps a device", who, (unsigned long long)r->base);
    }
    if (offset % PAGE_SIZE != 0 || len % PAGE_SIZE != 0 || offset > r->size ||
        len > r->size - offset) {
        panic("%s: [+0x%llx, +0x%llx) is unaligned or outside the region at 0x%llx "
              "(0x%llx bytes)",
              who, (unsigned long long)offset, (unsigned long long)(offset + len),
              (unsigned long long)r->base, (unsigned long long)r->size);
    }
}

/* Maps one zeroed frame at va; false when frames ran out. */
static bool vmm_commit_page(struct vmm_region *r, uint64_t va) {
    uint64_t phys = pmm_alloc(&mm_frames);
    if (phys == 0) {
        return false;
    }
    __builtin_memset(phys_to_virt(phys), 0, PAGE_SIZE);
    if (!paging_map(&mm_paging, va, phys, r->prot)) {
        pmm_free(&mm_frames, phys);
        return false;
    }
    r->committed++;
    return true;
}

bool vmm_commit(struct vmm_region *r, uint64_t offset, uint64_t len) {
    struct paging_mapping m;
    vmm_check_range(r, offset, len, "vmm_commit");
    bool ok = true;
    uint64_t flags = irq_save();
    for (uint64_t off = offset; ok && off < offset + len; off += PAGE_SIZE) {
        ok = paging_query(&mm_paging, r->base + off, &m) || vmm_commit_page(r, r->base + off);
    }
    irq_restore(flags);
    return ok;
}

static void vmm_free_frame(void *ctx, uint64_t phys) {
    struct vmm_region *r = ctx;
    r->committed--;
    pmm_free(&mm_frames, phys);
}

void vmm_decommit(struct vmm_region *r, uint64_t offset, uint64_t len) {
    vmm_check_range(r, offset, len, "vmm_decommit");
    if (vmm_window_overlaps(r, offset, len)) {
        panic("vmm_decommit: [+0x%llx, +0x%llx) of the region at 0x%llx holds a window",
              (unsigned long long)offset, (unsigned long long)(offset + len),
              (unsigned long long)r->base);
    }
    uint64_t flags = irq_save();
    paging_unmap_range(&mm_paging, r->base + offset, len, vmm_free_frame, r);
    irq_restore(flags);
}

void vmm_protect(struct vmm_region *r, unsigned prot) {
    vmm_check_prot(r->area, prot, "vmm_protect");
    if (r->windows != NULL) {
        panic("vmm_protect: the region at 0x%llx has windows with their own protection",
              (unsigned long long)r->base);
    }
    uint64_t flags = irq_save();
    r->prot = prot;
    paging_protect_range(&mm_paging, r->base, r->size, prot);
    irq_restore(flags);
}

void vmm_set_lazy(struct vmm_region *r, uint64_t limit) {
    if (limit > r->size) {
        panic("vmm_set_lazy: limit 0x%llx beyond the region at 0x%llx (0x%llx bytes)",
              (unsigned long long)limit, (unsigned long long)r->base, (unsigned long long)r->size);
    }
    r->lazy_limit = limit;
}

void vmm_release(struct vmm_region *r) {
    uint64_t flags = irq_save();
    while (r->windows != NULL) {
        struct vmm_window *w = r->windows;
        r->windows = w->next;
        paging_unmap_range(&mm_paging, r->base + w->offset, w->size, NULL, NULL);
        if (w->owned) {
            pmm_free_run(&mm_frames, w->phys, w->size / PAGE_SIZE);
        }
        kfree(w);
    }
    paging_unmap_range(&mm_paging, r->base, r->size,
                       r->area == VMM_AREA_MMIO ? NULL : vmm_free_frame, r);
    if (r->committed != 0) {
        panic("vmm_release: region at 0x%llx still counts %llu frames after unmapping",
              (unsigned long long)r->base, (unsigned long long)r->committed);
    }
    avl_remove(&vmm_regions, &r->node);
    vmspace_free(&vmm_windows[r->area], r->base, r->size + PAGE_SIZE);
    kfree(r);
    irq_restore(flags);
}

bool vmm_window_overlaps(const struct vmm_region *r, uint64_t offset, uint64_t size) {
    for (const struct vmm_window *w = r->windows; w != NULL; w = w->next) {
        if (offset < w->offset + w->size && w->offset < offset + size) {
            return true;
        }
    }
    return false;
}

/* vmm_map_device, and vmm_map_buffer once it has the frames. */
static bool vmm_map_window(struct vmm_region *r, uint64_t offset, uint64_t phys, uint64_t size,
                           unsigned prot, bool owned) {
    vmm_check_range(r, offset, size, "vmm_map_window");
    vmm_check_prot(r->area, prot, "vmm_map_window");
    if (r->area != VMM_AREA_RESERVE || size == 0 || phys % PAGE_SIZE != 0 ||
        vmm_window_overlaps(r, offset, size)) {
        panic("vmm_map_window: [+0x%llx, +0x%llx) -> 0x%llx: empty, unaligned, not in a "
              "reservation, or over a window",
              (unsigned long long)offset, (unsigned long long)(offset + size),
              (unsigned long long)phys);
    }
    struct vmm_window *w = kmalloc(sizeof *w);
    if (w == NULL) {
        return false;
    }
    uint64_t flags = irq_save();
    /* Committing first allocates every page table the window needs, so
     * replacing the pages one by one below cannot fail halfway; committed
     * zeroed pages are invisible to the region's user if it fails. */
    if (!vmm_commit(r, offset, size)) {
        irq_restore(flags);
        kfree(w);
        return false;
    }
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        uint64_t va = r->base + offset + off;
        vmm_free_frame(r, paging_unmap(&mm_paging, va));
        if (!paging_map(&mm_paging, va, phys + off, prot)) {
            panic("vmm_map_window: the page table of 0x%llx vanished", (unsigned long long)va);
        }
    }
    *w = (struct vmm_window){offset, size, phys, owned, r->windows};
    r->windows = w;
    irq_restore(flags);
    return true;
}

bool vmm_map_device(struct vmm_region *r, uint64_t offset, uint64_t phys, uint64_t size,
                    unsigned prot) {
    return vmm_map_window(r, offset, phys, size, prot | VM_UC, false);
}

bool vmm_map_buffer(struct vmm_region *r, uint64_t offset, uint64_t size, uint64_t *phys) {
    uint64_t flags = irq_save();
    uint64_t run = pmm_alloc_run(&mm_frames, size / PAGE_SIZE, PAGE_SIZE);
    bool ok = run != 0;
    if (ok) {
        __builtin_memset(phys_to_virt(run), 0, size);
        ok = vmm_map_window(r, offset, run, size, VM_RW, true);
        if (!ok) {
            pmm_free_run(&mm_frames, run, size / PAGE_SIZE);
        }
    }
    irq_restore(flags);
    *phys = run;
    return ok;
}

struct vmm_region *vmm_find(uint64_t addr) {
    uint64_t flags = irq_save();
    struct vmm_region *r = (struct vmm_region *)avl_find(&vmm_regions, &addr, region_probe);
    irq_restore(flags);
    return r;
}

void *vmm_map_mmio(uint64_t phys, uint64_t size) {
    uint64_t first = phys & ~(uint64_t)(PAGE_SIZE - 1);
    uint64_t len = vmm_page_up(phys + size) - first;
    uint64_t flags = irq_save();
    struct vmm_region *r = vmm_region_new(VMM_AREA_MMIO, len, VM_RW | VM_UC);
    bool mapped = r != NULL && paging_map_range(&mm_paging, r->base, first, len, VM_RW | VM_UC);
    irq_restore(flags);
    if (!mapped) {
        panic("vmm_map_mmio: cannot map [0x%llx, +0x%llx)", (unsigned long long)phys,
              (unsigned long long)size);
    }
    return (void *)(r->base + (phys - first));
}

void vmm_unmap_mmio(void *p) {
    struct vmm_region *r = vmm_find((uint64_t)p);
    if (r == NULL || r->area != VMM_AREA_MMIO) {
        panic("vmm_unmap_mmio: %p is not an MMIO mapping", p);
    }
    vmm_release(r);
}

bool vmm_handle_page_fault(uint64_t fault_addr, uint64_t error_code, struct trap_frame *tf) {
    struct vmm_region *r = vmm_find(fault_addr);
    if (r == NULL || (error_code & PF_PRESENT) || fault_addr - r->base >= r->lazy_limit) {
        return false;
    }
    if (((error_code & PF_WRITE) && !(r->prot & VM_W)) ||
        ((error_code & PF_FETCH) && !(r->prot & VM_X))) {
        return false;
    }
    return vmm_commit_page(r, fault_addr & ~(uint64_t)(PAGE_SIZE - 1));
}
