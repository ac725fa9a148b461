/*
 * The kernel heap's allocator logic, separate from where its pages come
 * from (a heap_pages provider), so the same code runs in the kernel
 * (kernel/kmalloc.c: frames and vmm) and in host tests (malloc'd pages).
 *
 * Small requests (<= HEAP_MAX_SMALL) come from slabs: one page holding a
 * header and equal-sized objects of one size class, with a bitmap of free
 * objects. Larger requests get their own run of pages with a small header
 * in front. Every page goes back to the provider as soon as it holds
 * nothing: an empty slab is returned on the free that empties it.
 * Bad frees panic with the pointer and the reason.
 * Locks: none; callers serialize.
 */
#ifndef RZ_KERNEL_HEAP_H
#define RZ_KERNEL_HEAP_H

#include <stddef.h>
#include <stdint.h>

#define HEAP_PAGE 4096u
#define HEAP_ALIGN 16u
#define HEAP_CLASSES 7 /* 16, 32, ..., 1024 */
#define HEAP_MAX_SMALL 1024u

struct heap_pages {
    void *(*alloc)(void *ctx, size_t pages); /* page aligned, NULL when none */
    void (*free)(void *ctx, void *p, size_t pages);
    void *ctx;
};

struct heap_slab;

struct heap {
    struct heap_pages pages;
    struct heap_slab *partial[HEAP_CLASSES]; /* slabs with a free object */
    uint64_t pages_held;                     /* pages taken from the provider */
    uint64_t bytes_live;                     /* bytes handed out, as rounded */
};

void heap_init(struct heap *h, const struct heap_pages *pages);

/* At least `size` bytes aligned to HEAP_ALIGN, or NULL when the provider
 * has no page. size 0 is treated as 1. */
void *heap_alloc(struct heap *h, size_t size);
/* NULL is a no-op; anything not returned by heap_alloc, or freed twice,
 * panics. */
void heap_free(struct heap *h, void *p);
/* C realloc semantics: NULL p allocates; on failure NULL and p stays. */
void *heap_realloc(struct heap *h, void *p, size_t size);
/* The bytes usable at p (its size class or page run). */
size_t heap_usable_size(void *p);

#endif
