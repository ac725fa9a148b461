/*
 * vmspace: hands out page-aligned ranges of one virtual-address window
 * (the reservation area, the JIT code area, the MMIO area). Free space is a
 * set of extents in an AVL tree ordered by address, each node also knowing
 * the largest extent in its subtree, so a first-fit allocation and a free
 * with coalescing both take O(log n).
 *
 * Freeing never fails for want of memory: every allocation takes one spare
 * tree node up front (from alloc_node), which the matching free may need
 * to describe a new extent. Spares beyond the number of live allocations
 * go back through free_node.
 * Locks: none; callers serialize.
 */
#ifndef RZ_KERNEL_VMSPACE_H
#define RZ_KERNEL_VMSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/avl.h"

struct vmspace_extent {
    struct avl_node node;
    uint64_t base, size;
    uint64_t max_size; /* largest size in this subtree */
};

struct vmspace {
    struct avl_tree extents;
    uint64_t base, end;      /* the window [base, end) */
    uint64_t free_bytes;     /* sum of extent sizes */
    uint64_t live;           /* allocations not yet freed */
    struct avl_node *spares; /* spare nodes, linked through .left */
    uint64_t spare_count;
    void *(*alloc_node)(void *ctx); /* a struct vmspace_extent, NULL when none */
    void (*free_node)(void *ctx, void *node);
    void *ctx;
};

/* The window [base, base + size) starts out entirely free. base and size
 * are page aligned and base is not 0. Returns false when no node could be
 * allocated for it. */
bool vmspace_init(struct vmspace *s, uint64_t base, uint64_t size, void *(*alloc_node)(void *ctx),
                  void (*free_node)(void *ctx, void *node), void *ctx);

/* The lowest free range of `size` bytes (page multiple, > 0), or 0 when none
 * is large enough or no tree node is available. */
uint64_t vmspace_alloc(struct vmspace *s, uint64_t size);

/* Returns [base, base + size) to the window. Panics when the range is not
 * page aligned, leaves the window, or overlaps free space (a double free). */
void vmspace_free(struct vmspace *s, uint64_t base, uint64_t size);

#endif
