/*
 * wasm/platform.h for the kernel: the engine's heap is kmalloc, its
 * formatting lib/fmt, its code memory the vmm's code window (near kernel
 * text, so JIT code and kernel functions call each other with call rel32),
 * its linear memories 8 GiB vmm reservations committed lazily.
 *
 * Traps. wasm_run_guarded records a recovery point (struct kjmp: the
 * callee-saved registers, rsp and the return address of kjmp_set) on a
 * chain of active guards. A CPU exception reaches fault_handle, which asks
 * wasm_platform_fault before treating the fault as a kernel bug; if the pc
 * is a trap site of a registered code region (and, for #PF, the address
 * lies in a registered reservation beyond the committed size: faults below
 * it were lazy commits, already resolved by the vmm), the handler rewrites
 * the trap frame to resume at the innermost guard's kjmp_set, returning 1.
 * The wasm frames in between own nothing, so abandoning them is all the
 * unwinding there is.
 *
 * Locks: none yet. One CPU and, until the scheduler lands, one thread of
 * control, so the guard chain is a single global; it becomes per-thread
 * when threads do (a preempted thread must keep its own chain).
 */
#include "kernel/wasm_platform.h"

#include "arch/x86_64/fault.h"
#include "kernel/kmalloc.h"
#include "kernel/panic.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"
#include "lib/fmt.h"
#include "platform.h"
#include "runtime/code.h"

/*
 * Stack kept free below compiled code: the deepest kernel call a syscall
 * makes (console output through lib/fmt is the deepest today) plus an
 * interrupt frame, with margin. Compiled code's prologue traps with
 * "call stack exhausted" when it would go lower.
 */
#define WASM_STACK_HEADROOM (6 * 1024)

extern char boot_stack_bottom[], boot_stack_top[];

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

void wasm_mem_release(void *base, uint64_t size) {
    if (base != NULL) {
        vmm_release(region_at(base, "wasm_mem_release"));
    }
}

/* Until the scheduler gives every thread its own stack, wasm runs on the
 * boot stack, the only stack there is. */
uintptr_t wasm_stack_limit(void) {
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    if (sp < (uintptr_t)boot_stack_bottom || sp >= (uintptr_t)boot_stack_top) {
        return UINTPTR_MAX; /* unknown stack: every call reports exhaustion */
    }
    return (uintptr_t)boot_stack_bottom + WASM_STACK_HEADROOM;
}

/* One active wasm_run_guarded; they nest. */
struct guard {
    struct kjmp env;
    struct wasm_trap *trap;
    struct guard *outer;
};

static struct guard *current_guard;
static uint64_t traps_delivered;

bool wasm_run_guarded(void (*fn)(void *arg), void *arg, struct wasm_trap *trap) {
    struct guard g = {.trap = trap, .outer = current_guard};
    if (kjmp_set(&g.env) != 0) {
        current_guard = g.outer;
        return false;
    }
    current_guard = &g;
    fn(arg);
    current_guard = g.outer;
    return true;
}

bool wasm_platform_fault(struct trap_frame *tf, uint64_t cr2) {
    struct guard *g = current_guard;
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
    struct guard *g = current_guard;
    if (g == NULL) {
        panic("wasm_platform_unwind outside wasm_run_guarded");
    }
    *g->trap = (struct wasm_trap){WASM_TRAP_NONE, 0, 0};
    kjmp_jump(&g->env);
}

uint64_t wasm_platform_trap_count(void) {
    return traps_delivered;
}
