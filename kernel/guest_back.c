/*
 * Backing guest ranges before the kernel touches them (kernel/guest.h):
 * linear memory is committed on first touch by the page-fault path, which
 * cannot report running out of frames to kernel code that touched it. So
 * every range a syscall is given is committed here first, where failure is
 * an error code. Committed pages stay (memories never shrink), so a range
 * backed once stays backed while the syscall uses it.
 */
#include "kernel/guest.h"

#include "arch/x86_64/layout.h"
#include "kernel/vmm.h"

/* Pages committed with interrupts off at once (vmm_commit disables them):
 * a huge range is backed in pieces. */
#define GUEST_BACK_CHUNK (16 * PAGE_SIZE)

bool guest_back(void *p, uint64_t len) {
    struct vmm_region *r = vmm_find((uint64_t)p);
    if (r == NULL) {
        return true; /* not a reservation: mapped for good (a test's static buffer) */
    }
    uint64_t start = ((uint64_t)p - r->base) & ~(uint64_t)(PAGE_SIZE - 1);
    uint64_t end = ((uint64_t)p - r->base + len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    for (uint64_t off = start; off < end; off += GUEST_BACK_CHUNK) {
        uint64_t n = end - off < GUEST_BACK_CHUNK ? end - off : GUEST_BACK_CHUNK;
        if (!vmm_commit(r, off, n)) {
            return false;
        }
    }
    return true;
}
