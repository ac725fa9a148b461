/*
 * Walks the frame-pointer chain: at each frame, [rbp] is the caller's rbp
 * and [rbp+8] the return address. The walk stops at a null rbp (boot.S
 * starts the chain with one), at a frame outside the kernel half and the
 * current thread's stack (thread stacks are vmm regions in the lower
 * half), or when
 * the chain does not move up the stack, so a corrupted chain ends the
 * trace instead of looping.
 */
#include "kernel/backtrace.h"

#include "arch/x86_64/layout.h"
#include "kernel/console.h"
#include "kernel/ksyms.h"
#include "kernel/thread.h"

#define BACKTRACE_MAX_DEPTH 32
#define BACKTRACE_MAX_FRAME 65536 /* bytes between consecutive frames */

static void backtrace_line(int depth, uint64_t addr, uint64_t lookup) {
    uint64_t offset;
    const char *name = ksym_lookup(lookup, &offset);
    if (name != NULL) {
        kprintf("  #%d 0x%016llx %s+0x%llx\n", depth, (unsigned long long)addr, name,
                (unsigned long long)(offset + (addr - lookup)));
    } else {
        kprintf("  #%d 0x%016llx ?\n", depth, (unsigned long long)addr);
    }
}

static bool frame_readable(uint64_t rbp) {
    const struct thread *t = thread_current();
    if (t != NULL && rbp >= t->stack_base && rbp + 16 <= t->stack_base + t->stack_size) {
        return true;
    }
    return rbp >= DIRECT_MAP_BASE;
}

void backtrace_print(uint64_t rip, uint64_t rbp) {
    kprintf("backtrace:\n");
    backtrace_line(0, rip, rip);
    for (int depth = 1; depth < BACKTRACE_MAX_DEPTH; depth++) {
        if (!frame_readable(rbp) || rbp % 8 != 0) {
            return;
        }
        const uint64_t *frame = (const uint64_t *)rbp;
        uint64_t ret = frame[1];
        if (ret == 0) {
            return;
        }
        /* A return address points after the call; look up the call itself,
         * which matters when the call was the function's last instruction. */
        backtrace_line(depth, ret, ret - 1);
        uint64_t next = frame[0];
        if (next <= rbp || next - rbp > BACKTRACE_MAX_FRAME) {
            return;
        }
        rbp = next;
    }
}

__attribute__((noinline)) void backtrace_here(void) {
    uint64_t *frame = __builtin_frame_address(0);
    /* Start at our caller: its rip is our return address, its rbp our saved one. */
    backtrace_print(frame[1], frame[0]);
}
