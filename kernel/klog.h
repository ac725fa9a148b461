/*
 * The kernel log ring: a byte ring that kprintf fills while a driver owns
 * the serial line (kernel/console.h), and that the driver drains with
 * log_read. It never blocks its writer: when the ring is full the oldest
 * bytes are dropped and counted, and the next reader is told how many.
 *
 * Plain data, host-tested. Locks: none; the console serializes.
 */
#ifndef RZ_KERNEL_KLOG_H
#define RZ_KERNEL_KLOG_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/param.h"

_Static_assert((KLOG_RING_SIZE & (KLOG_RING_SIZE - 1)) == 0, "KLOG_RING_SIZE: a power of two");

struct klog_ring {
    char buf[KLOG_RING_SIZE];
    uint64_t head, tail; /* free-running: written, read */
    uint64_t lost;       /* bytes dropped since the last klog_ring_take */
};

/* Appends s[0..n); drops the oldest bytes that no longer fit (all of s
 * but its last KLOG_RING_SIZE bytes when n is larger still). */
void klog_ring_put(struct klog_ring *r, const char *s, size_t n);

/* Takes up to cap of the oldest bytes into out; returns how many. *lost
 * gets the bytes dropped before them (since the previous take), saturated
 * at UINT32_MAX, and the count starts again. */
size_t klog_ring_take(struct klog_ring *r, char *out, size_t cap, uint32_t *lost);

/* Bytes waiting. */
size_t klog_ring_used(const struct klog_ring *r);

#endif
