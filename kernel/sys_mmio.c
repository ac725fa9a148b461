/*
 * Device memory and DMA buffers in a driver's linear memory (docs/drivers.md,
 * "MMIO and DMA"; docs/syscalls.md: mmio_map, dma_map). Both calls replace
 * page-aligned pages inside the caller's memory 0 by a window of its vmm
 * reservation (kernel/vmm.h): the claimed manifest decides what may be
 * mapped, the memory's current size where. Since the window lies inside
 * the size, it is reached by the same loads and stores as the rest of the
 * memory in both of the compiler's memory modes (guard reservation or
 * explicit bounds checks), and an access past the size still traps.
 *
 * Threads of one process share its memory and claim, so from the first
 * check of a window's place to its mapping each call runs with preemption
 * disabled: two threads cannot both find a range free, or both take the
 * same DMA record (one CPU; a second will need a lock here).
 */
#include "abi/errors.h"
#include "abi/manifest.h"
#include "arch/x86_64/layout.h"
#include "kernel/driver.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/process.h"
#include "kernel/sys.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"

static bool page_aligned(uint64_t v) {
    return v % PAGE_SIZE == 0;
}

/* Decodes the destination both calls share: [addr, addr + size) whole
 * pages inside the caller's memory. */
static int window_dest(wasm_ctx_t *ctx, uint64_t size, uint32_t addr) {
    if (size == 0 || !page_aligned(size) || !page_aligned(addr)) {
        return RZ_ERR_INVALID_ARGS;
    }
    return guest_pages(ctx, addr, size);
}

/* The reservation of the caller's memory 0 (which window_dest found to
 * have pages). */
static struct vmm_region *memory_region(wasm_ctx_t *ctx) {
    struct vmm_region *r = vmm_find((uint64_t)ctx->mem0->base);
    if (r == NULL) {
        panic("memory at %p is not a vmm reservation", (void *)ctx->mem0->base);
    }
    return r;
}

/* Widens the memory's read-only span to cover [addr, addr + size). */
static void readonly_add(wasm_memory_t *m, uint64_t addr, uint64_t size) {
    if (m->readonly_lo == m->readonly_hi || addr < m->readonly_lo) {
        m->readonly_lo = addr;
    }
    if (addr + size > m->readonly_hi) {
        m->readonly_hi = addr + size;
    }
}

/* Whether p has one thread. A read-only window is mapped only then:
 * another thread could be in a syscall holding a guest range it checked
 * before the window existed, and would fault writing it. */
static bool single_threaded(struct process *p) {
    uint64_t flags = spin_lock_irqsave(&p->lock);
    bool one = p->num_threads == 1;
    spin_unlock_irqrestore(&p->lock, flags);
    return one;
}

/* mmio_map once its arguments are in the memory: the claim, the place,
 * the mapping. Requires: preemption disabled. */
static int mmio_map_claimed(wasm_ctx_t *ctx, uint64_t phys, uint64_t size, uint32_t addr) {
    struct process *p = process_from_ctx(ctx);
    if (!driver_holds_mmio(p, phys, size, RZ_ACCESS_READ)) {
        return RZ_ERR_ACCESS_DENIED;
    }
    struct vmm_region *r = memory_region(ctx);
    if (vmm_window_overlaps(r, addr, size)) {
        return RZ_ERR_BAD_STATE;
    }
    bool writable = driver_holds_mmio(p, phys, size, RZ_ACCESS_RW);
    if (!writable && !single_threaded(p)) {
        return RZ_ERR_BAD_STATE;
    }
    if (!vmm_map_device(r, addr, phys, size, writable ? VM_RW : VM_R)) {
        return RZ_ERR_NO_MEMORY;
    }
    if (!writable) {
        readonly_add(ctx->mem0, addr, size);
    }
    return RZ_OK;
}

int32_t sys_mmio_map(wasm_ctx_t *ctx, uint64_t phys, uint64_t size, uint32_t addr) {
    int err = page_aligned(phys) ? window_dest(ctx, size, addr) : RZ_ERR_INVALID_ARGS;
    if (err == RZ_OK) {
        preempt_disable();
        err = mmio_map_claimed(ctx, phys, size, addr);
        preempt_enable();
    }
    return err;
}

/* dma_map once its arguments are in the memory; out is the physical
 * address's slot. Requires: preemption disabled. */
static int dma_map_claimed(wasm_ctx_t *ctx, uint64_t size, uint32_t addr, void *out) {
    struct process *p = process_from_ctx(ctx);
    int record = driver_dma_pick(p, size);
    if (record < 0) {
        return RZ_ERR_ACCESS_DENIED;
    }
    struct vmm_region *r = memory_region(ctx);
    if (vmm_window_overlaps(r, addr, size)) {
        return RZ_ERR_BAD_STATE;
    }
    uint64_t phys;
    if (!vmm_map_buffer(r, addr, size, &phys)) {
        return RZ_ERR_NO_MEMORY;
    }
    driver_dma_use(p, record);
    /* out was checked writable, and stays so: only device windows are
     * read-only, and a DMA buffer over out is RAM */
    __builtin_memcpy(out, &phys, sizeof phys);
    return RZ_OK;
}

int32_t sys_dma_map(wasm_ctx_t *ctx, uint64_t size, uint32_t addr, guest_addr_t phys_out) {
    void *out;
    int err = window_dest(ctx, size, addr);
    if (err == RZ_OK) {
        /* out is checked with preemption off too: no read-only window can
         * appear over it before it is written */
        preempt_disable();
        err = guest_range(ctx, phys_out, sizeof(uint64_t), &out);
        if (err == RZ_OK) {
            err = dma_map_claimed(ctx, size, addr, out);
        }
        preempt_enable();
    }
    return err;
}
