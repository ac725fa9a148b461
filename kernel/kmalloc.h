/*
 * The kernel heap: kernel/heap.c's allocator over frames (one-page slabs
 * and page runs come from the direct map) and vmm regions (multi-page
 * blocks, so they need no physically contiguous memory).
 */
#ifndef RZ_KERNEL_KMALLOC_H
#define RZ_KERNEL_KMALLOC_H

#include <stddef.h>

#include "kernel/heap.h"

extern struct heap kernel_heap;

void kmalloc_init(void);

/* 16-byte aligned, or NULL when out of memory. */
void *kmalloc(size_t size);
/* NULL is a no-op; a pointer not from kmalloc, or freed twice, panics. */
void kfree(void *p);
void *krealloc(void *p, size_t size);

#endif
