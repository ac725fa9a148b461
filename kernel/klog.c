/* The kernel log ring; see klog.h. */
#include "kernel/klog.h"

#include "lib/string.h"

size_t klog_ring_used(const struct klog_ring *r) {
    return (size_t)(r->head - r->tail);
}

void klog_ring_put(struct klog_ring *r, const char *s, size_t n) {
    if (n > KLOG_RING_SIZE) {
        r->lost += n - KLOG_RING_SIZE;
        s += n - KLOG_RING_SIZE;
        n = KLOG_RING_SIZE;
    }
    size_t room = KLOG_RING_SIZE - klog_ring_used(r);
    if (n > room) {
        r->lost += n - room;
        r->tail += n - room;
    }
    while (n > 0) {
        size_t at = (size_t)(r->head % KLOG_RING_SIZE);
        size_t chunk = KLOG_RING_SIZE - at < n ? KLOG_RING_SIZE - at : n;
        memcpy(r->buf + at, s, chunk);
        r->head += chunk;
        s += chunk;
        n -= chunk;
    }
}

size_t klog_ring_take(struct klog_ring *r, char *out, size_t cap, uint32_t *lost) {
    *lost = r->lost > UINT32_MAX ? UINT32_MAX : (uint32_t)r->lost;
    r->lost = 0;
    size_t used = klog_ring_used(r);
    size_t n = cap < used ? cap : used;
    for (size_t done = 0; done < n;) {
        size_t at = (size_t)(r->tail % KLOG_RING_SIZE);
        size_t chunk = KLOG_RING_SIZE - at < n - done ? KLOG_RING_SIZE - at : n - done;
        memcpy(out + done, r->buf + at, chunk);
        r->tail += chunk;
        done += chunk;
    }
    return n;
}
