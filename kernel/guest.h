/*
 * Guest memory: the only door from a guest address to a kernel pointer.
 *
 * A guest address is an offset into the calling instance's linear memory
 * 0 and has its own type so that it is never dereferenced by mistake.
 * Every syscall argument that names guest memory goes through one of the
 * functions below, which check, without overflow, that [addr, addr + len)
 * lies inside the memory's current size (ctx->mem0->size, through
 * wasm_ctx_mem0_range). A range that passed stays valid while the instance
 * lives: wasm memories only grow, and a read-only window is mapped only
 * while the process has one thread (kernel/sys_mmio.c), so never under a
 * range another thread's syscall holds.
 *
 * All but guest_pages also refuse ranges touching the memory's read-only
 * span (a driver's read-only device registers, wasm_memory_t in
 * compile/ctx.h), and back the range with memory before returning it
 * (guest_back): linear memory is committed lazily, and a first touch by
 * the kernel that found no free frame would fault in kernel code. So the
 * kernel never faults on a guest's behalf. They return RZ_OK,
 * RZ_ERR_OUT_OF_BOUNDS or RZ_ERR_NO_MEMORY (frames ran out backing the
 * range; pages backed so far stay) and touch nothing on failure. A
 * zero-length range is valid at any addr <= size.
 */
#ifndef RZ_KERNEL_GUEST_H
#define RZ_KERNEL_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile/ctx.h"

typedef uint32_t guest_addr_t;

/* Backs [p, p + len), inside a linear memory, with memory: true, or
 * false when frames ran out. The platform's part (kernel: the vmm). */
bool guest_back(void *p, uint64_t len);

/* Ensures: on RZ_OK, *kptr points at guest byte addr, len bytes usable. */
int guest_range(wasm_ctx_t *ctx, guest_addr_t addr, uint64_t len, void **kptr);
int guest_copy_in(wasm_ctx_t *ctx, void *dst, guest_addr_t src, uint64_t len);
int guest_copy_out(wasm_ctx_t *ctx, guest_addr_t dst, const void *src, uint64_t len);

/* For calls that replace guest pages rather than read or write them
 * (mmio_map, dma_map): whether [addr, addr + len) lies inside the memory,
 * read-only span or not. RZ_OK or RZ_ERR_OUT_OF_BOUNDS. */
int guest_pages(wasm_ctx_t *ctx, guest_addr_t addr, uint64_t len);

/* Element arrays: count elements of size elem, checked for overflow of
 * count * elem before the range check. */
int guest_array(wasm_ctx_t *ctx, guest_addr_t addr, uint64_t count, uint64_t elem, void **kptr);

#endif
