/*
 * wasm/platform.h for the kernel: the engine's heap is kmalloc, its
 * formatting lib/fmt, its code memory the vmm's code window (near kernel
 * text, so JIT code and kernel functions call each other with call rel32),
 * its linear memories 8 GiB vmm reservations committed lazily.
 *
 * Traps. wasm_run_guarded records a recovery point (struct kjmp: the
 * callee-saved registers, rsp and the return address of kjmp_set) in a
 * guard on its own stack, tagged with the current thread. A CPU exception
 * reaches fault_handle, which asks wasm_platform_fault before treating the
 * fault as a kernel bug; if the pc is a trap site of a registered code
 * region (and, for #PF, the address lies in a registered reservation
 * beyond the committed size: faults below it were lazy commits, already
 * resolved by the vmm), the handler rewrites the trap frame to resume at
 * the current thread's innermost guard, whose kjmp_set returns 1. The wasm
 * frames in between own nothing, so abandoning them is all the unwinding
 * there is. The same resumption ends a thread stopped in compiled code by
 * an interrupt (wasm_platform_unwind_frame, for kills) and a thread in a
 * host call (wasm_platform_unwind, for exit).
 *
 * Locks: guards_lock (interrupts off) protects the list of active guards
 * of every thread; a thread's guards are pushed and popped in LIFO order,
 * so the first guard of the current thread found from the head is its
 * innermost. The fault path reads the list with interrupts off (the fault
 * cannot have interrupted an update: updates touch only the list and
 * guards already written).
 */
#include "kernel/wasm_platform.h"

#include "arch/x86_64/fault.h"
#include "kernel/guest.h"
#include "kernel/kmalloc.h"
#include "kernel/layout.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"
#include "lib/fmt.h"
#include "platform.h"
#include "runtime/code.h"

void *wasm_alloc(size_t size) {
    return kmalloc(size);
}

void *wasm_realloc(void *ptr, size_t size) {
    return krealloc(ptr, size);
}

void wasm_free(void *ptr) {
    kfree(ptr);
}

int wasm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    return fmt_vsnprintf(buf, size, fmt, ap);
}

/* The region starting exactly at p; panics otherwise (the engine passes
 * back only what these functions returned). */
static struct vmm_region *region_at(const void *p, const char *who) {
    struct vmm_region *r = vmm_find((uint64_t)p);
    if (r == NULL || r->base != (uint64_t)p) {
        panic("%s: %p is not the start of a region", who, p);
    }
    return r;
}

void *wasm_code_alloc(size_t size) {
    struct vmm_region *r = vmm_code_alloc(size);
    return r == NULL ? NULL : (void *)r->base;
}

bool wasm_code_seal(void *code, size_t size) {
    vmm_protect(region_at(code, "wasm_code_seal"), VM_RX);
    return true;
}

void wasm_code_free(void *code, size_t size) {
    if (code != NULL) {
        vmm_release(region_at(code, "wasm_code_free"));
    }
}

void *wasm_mem_reserve(uint64_t size) {
    struct vmm_region *r = vmm_reserve(size, VM_RW, 0);
    return r == NULL ? NULL : (void *)r->base;
}

/* Commitment is lazy: raising the lazy limit makes the first touch of each
 * page map a zeroed frame. When frames run out at that touch, the fault is
 * not resolved and the access traps (out of bounds), ending the guest, not
 * the kernel. */
bool wasm_mem_commit(void *base, uint64_t size) {
    struct vmm_region *r = vmm_find((uint64_t)base);
    if (r == NULL || r->area != VMM_AREA_RESERVE) {
        panic("wasm_mem_commit: %p is not in a reservation", base);
    }
    uint64_t end = (uint64_t)base - r->base + size;
    if (end > r->lazy_limit) {
        vmm_set_lazy(r, end);
    }
    return true;
}

bool wasm_mem_back(void *p, uint64_t len) {
    return len == 0 || guest_back(p, len);
}

void wasm_mem_release(void *base, uint64_t size) {
    if (base != NULL) {
        vmm_release(region_at(base, "wasm_mem_release"));
    }
}

/* The thread's limit already includes the headroom for host calls and
 * interrupt frames (THREAD_STACK_HEADROOM in kernel/param.h). */
uintptr_t wasm_stack_limit(void) {
    return thread_current()->stack_limit;
}

/* One active wasm_run_guarded. */
struct guard {
    struct kjmp env;
    struct wasm_trap *trap;
    struct thread *thread;
    struct guard *next; /* in guards, newest first */
};

static spinlock_t guards_lock = SPINLOCK_INIT("wasm guards");
static struct guard *guards; /* guarded by guards_lock */
static uint64_t traps_delivered;

static void guard_push(struct guard *g) {
    uint64_t flags = spin_lock_irqsave(&guards_lock);
    g->next = guards;
    guards = g;
    spin_unlock_irqrestore(&guards_lock, flags);
}

static void guard_pop(struct guard *g) {
    uint64_t flags = spin_lock_irqsave(&guards_lock);
    struct guard **link = &guards;
    while (*link != g) {
        link = &(*link)->next;
    }
    *link = g->next;
    spin_unlock_irqrestore(&guards_lock, flags);
}

/* The current thread's innermost guard, or NULL. Requires: interrupts off. */
static struct guard *innermost_guard(void) {
    struct thread *self = thread_current();
    for (struct guard *g = guards; g != NULL; g = g->next) {
        if (g->thread == self) {
            return g;
        }
    }
    return NULL;
}

bool wasm_run_guarded(void (*fn)(void *arg), void *arg, struct wasm_trap *trap) {
    struct guard g = {.trap = trap, .thread = thread_current()};
    if (kjmp_set(&g.env) != 0) {
        guard_pop(&g);
        return false;
    }
    guard_push(&g);
    fn(arg);
    guard_pop(&g);
    return true;
}

bool wasm_platform_fault(struct trap_frame *tf, uint64_t cr2) {
    struct guard *g = innermost_guard();
    wasm_trap_t trap;
    if (g == NULL || (tf->vector != VEC_DE && tf->vector != VEC_UD && tf->vector != VEC_PF)) {
        return false;
    }
    if (!wasm_code_trap_at(tf->rip, tf->vector == VEC_PF, cr2, &trap)) {
        return false;
    }
    *g->trap = trap;
    traps_delivered++;
    kjmp_resume(tf, &g->env);
    return true;
}

void wasm_platform_unwind(void) {
    uint64_t flags = irq_save();
    struct guard *g = innermost_guard();
    irq_restore(flags);
    if (g == NULL) {
        panic("wasm_platform_unwind outside wasm_run_guarded");
    }
    *g->trap = (struct wasm_trap){WASM_TRAP_NONE, 0, 0};
    kjmp_jump(&g->env);
}

bool wasm_platform_unwind_frame(struct trap_frame *tf) {
    struct guard *g = innermost_guard();
    if (g == NULL || tf->rip < VM_CODE_BASE || tf->rip >= VM_CODE_END) {
        return false;
    }
    *g->trap = (struct wasm_trap){WASM_TRAP_NONE, 0, 0};
    kjmp_resume(tf, &g->env);
    return true;
}

uint64_t wasm_platform_trap_count(void) {
    return traps_delivered;
}
