/*
 * pmm: the physical frame allocator. It owns every 4 KiB frame of usable RAM
 * (from the boot memory map, minus what is reserved) and hands them out one
 * at a time or as aligned contiguous runs. It never touches frame contents,
 * so the same code runs in the kernel and, over a fake memory map, on the
 * host. Design in docs/memory.md.
 *
 * Locks: none. Callers serialize (today: one CPU, and no allocation from
 * interrupt handlers other than the page-fault path, which never interrupts
 * the allocator itself).
 */
#ifndef RZ_KERNEL_PMM_H
#define RZ_KERNEL_PMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PMM_FRAME_SIZE 4096ull
/* Frames below this address are never handed out (real-mode and BIOS
 * structures), which also lets 0 mean "no frame". */
#define PMM_LOW_LIMIT 0x100000ull
/* Enough summary levels for 2^(12 + 6 * 6) bytes = 256 TiB of RAM. */
#define PMM_MAX_LEVELS 6

/* A physical byte range [base, end). */
struct pmm_range {
    uint64_t base, end;
};

struct pmm {
    uint64_t frame_count; /* frames 0 .. frame_count-1 are described */
    int levels;
    /* free[0]: one bit per frame, 1 = free. free[k]: one bit per word of
     * free[k-1], 1 = that word is non-zero (has a free frame). */
    uint64_t *free[PMM_MAX_LEVELS];
    uint64_t words[PMM_MAX_LEVELS]; /* length of each level, in words */
    uint64_t *managed;              /* 1 = frame belongs to the allocator */
    uint64_t *ever;                 /* 1 = frame was handed out at least once */
    uint64_t managed_frames, free_frames;
    struct pmm_range meta; /* where the bitmaps themselves live */
};

/*
 * Builds the allocator over `usable` RAM minus `reserved` (both in any
 * order, unaligned edges are rounded inward/outward) and minus the low
 * 1 MiB. The bitmaps are placed in the first usable frames that fit and
 * reached through map_meta(phys, size), which returns a writable pointer.
 * Panics when no usable range can hold the bitmaps.
 */
void pmm_init(struct pmm *p, const struct pmm_range *usable, size_t usable_count,
              const struct pmm_range *reserved, size_t reserved_count,
              void *(*map_meta)(uint64_t phys, uint64_t size));

/* Bytes of bitmap needed to describe RAM up to max_phys. */
uint64_t pmm_meta_size(uint64_t max_phys);

/* One frame, or 0 when none is free. */
uint64_t pmm_alloc(struct pmm *p);
/* `count` contiguous frames starting at a multiple of `align` bytes (a power
 * of two, at least PMM_FRAME_SIZE), or 0 when no such run is free. */
uint64_t pmm_alloc_run(struct pmm *p, uint64_t count, uint64_t align);

/* Panics (naming the frame and the reason) on an unaligned address, a frame
 * the allocator does not own, a double free, or a frame never allocated. */
void pmm_free(struct pmm *p, uint64_t phys);
void pmm_free_run(struct pmm *p, uint64_t phys, uint64_t count);

static inline uint64_t pmm_free_count(const struct pmm *p) {
    return p->free_frames;
}

static inline uint64_t pmm_used_count(const struct pmm *p) {
    return p->managed_frames - p->free_frames;
}

static inline uint64_t pmm_total_count(const struct pmm *p) {
    return p->managed_frames;
}

#endif
