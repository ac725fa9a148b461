/*
 * Virtual memory: regions of address space, each a reservation whose pages
 * are committed on demand (vmm_commit) or lazily, by the page-fault
 * handler, below a per-region limit. Regions live in three windows
 * (kernel/layout.h): reservations (wasm linear memories of 8 GiB and more,
 * large kmalloc blocks), JIT code next to the kernel, and MMIO.
 *
 * Protections are per region: VM_R or VM_RW anywhere, VM_RX only for code
 * regions, which start RW and are sealed with vmm_protect(r, VM_RX) once
 * written (W^X: never both). Released regions return every frame and
 * every page table they used.
 * Locks: none; callers serialize (one CPU for now). The fault handler
 * runs with interrupts off and never allocates from the heap.
 */
#ifndef RZ_KERNEL_VMM_H
#define RZ_KERNEL_VMM_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/avl.h"

struct trap_frame;

enum vmm_area {
    VMM_AREA_RESERVE, /* VM_RESERVE_BASE .. VM_RESERVE_END */
    VMM_AREA_CODE,    /* VM_CODE_BASE .. VM_CODE_END */
    VMM_AREA_MMIO,    /* VM_MMIO_BASE .. VM_MMIO_END */
    VMM_AREA_COUNT,
};

/* Pages of a reservation that map memory the region does not own: a
 * driver's device registers, or a DMA buffer. They are mapped whole when
 * the window is made and unmapped, never lazily committed or decommitted,
 * when the region is released. */
struct vmm_window {
    uint64_t offset, size; /* page aligned, inside the region */
    uint64_t phys;         /* what offset maps */
    bool owned;            /* frames of mm_frames, returned at release (DMA) */
    struct vmm_window *next;
};

struct vmm_region {
    struct avl_node node; /* in the region tree, by base */
    uint64_t base, size;  /* [base, base + size); an unmapped guard page follows */
    uint64_t lazy_limit;  /* a fault at offset < lazy_limit commits a zeroed page */
    uint64_t committed;   /* frames mapped (not counting MMIO) */
    unsigned prot;        /* VM_* of every mapped page outside windows */
    enum vmm_area area;
    struct vmm_window *windows; /* reservations only; disjoint */
};

/* Sets up the windows; needs kmalloc. */
void vmm_init(void);

/* A region of `size` bytes (rounded up to pages) with nothing committed;
 * faults below lazy_limit bytes commit pages. prot is VM_R or VM_RW. NULL
 * when address space or memory for the bookkeeping runs out. */
struct vmm_region *vmm_reserve(uint64_t size, unsigned prot, uint64_t lazy_limit);

/* A fully committed VM_RW region for generated code, within +-2 GiB of
 * kernel text; seal it with vmm_protect(r, VM_RX). NULL when out of memory. */
struct vmm_region *vmm_code_alloc(uint64_t size);

/* Commits zeroed frames to every page of [offset, offset + len) not yet
 * committed. False when frames ran out (pages committed so far stay). */
bool vmm_commit(struct vmm_region *r, uint64_t offset, uint64_t len);
/* Returns the frames of [offset, offset + len) (page aligned) to the frame
 * allocator; later accesses fault again (and commit anew if lazy). */
void vmm_decommit(struct vmm_region *r, uint64_t offset, uint64_t len);
/* Changes the region's protection, for mapped and future pages. Panics on
 * W+X, and on VM_X outside the code window. */
void vmm_protect(struct vmm_region *r, unsigned prot);
/* Faults at offsets below `limit` bytes commit lazily from now on. */
void vmm_set_lazy(struct vmm_region *r, uint64_t limit);
/* Unmaps everything, returns frames and page tables, frees the region.
 * Window pages go back to the frame allocator only when owned. */
void vmm_release(struct vmm_region *r);

/* Whether [offset, offset + size) shares a page with a window of r. */
bool vmm_window_overlaps(const struct vmm_region *r, uint64_t offset, uint64_t size);

/*
 * Makes [offset, offset + size) of reservation r a window onto device
 * memory [phys, phys + size) with protection prot (VM_R or VM_RW; VM_UC is
 * added): the frames committed there go back to the frame allocator, then
 * each page maps its device page. The device pages are never given to the
 * frame allocator.
 * Requires: all page aligned, size > 0, inside r, no overlap with a window
 * (panics otherwise). False, nothing changed, when memory for the
 * bookkeeping or the page tables ran out.
 */
bool vmm_map_device(struct vmm_region *r, uint64_t offset, uint64_t phys, uint64_t size,
                    unsigned prot);

/* Like vmm_map_device, VM_RW and cached, onto size bytes of physically
 * contiguous zeroed frames the region then owns (returned at release);
 * their first physical address in *phys. False, nothing changed, when no
 * such run of frames is free or memory ran out. */
bool vmm_map_buffer(struct vmm_region *r, uint64_t offset, uint64_t size, uint64_t *phys);

/* The region containing addr, or NULL. O(log regions). */
struct vmm_region *vmm_find(uint64_t addr);

/* Maps device memory [phys, phys + size) uncached, read-write, no-execute,
 * and returns the address of phys. Panics when the MMIO window is full. */
void *vmm_map_mmio(uint64_t phys, uint64_t size);
void vmm_unmap_mmio(void *p);

/* The #PF hook: true when the fault was a first touch of a lazily
 * committed page and the page is now mapped (retry the access); false for
 * every other fault (a real fault: trap or kernel bug). */
bool vmm_handle_page_fault(uint64_t fault_addr, uint64_t error_code, struct trap_frame *tf);

#endif
