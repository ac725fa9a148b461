/*
 * Spinlocks. Today there is one CPU, so taking a lock only disables
 * interrupts (which also stops preemption) and checks that the lock is
 * free: finding it held means a recursive acquisition or a missing
 * unlock, a bug that would deadlock on SMP, so it panics now. When a
 * second CPU starts, spin_lock gains an atomic exchange loop; callers do
 * not change.
 *
 *     uint64_t flags = spin_lock_irqsave(&obj->lock);
 *     ...
 *     spin_unlock_irqrestore(&obj->lock, flags);
 *
 * spin_lock/spin_unlock are for code that already runs with interrupts
 * disabled (thread_block re-takes its caller's lock with them).
 */
#ifndef RZ_KERNEL_SPINLOCK_H
#define RZ_KERNEL_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/io.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"

#define RFLAGS_IF (1ull << 9)

typedef struct spinlock {
    volatile bool locked;
    const char *name; /* for the panic messages */
} spinlock_t;

#define SPINLOCK_INIT(name_) {false, (name_)}

static inline void spin_lock_init(spinlock_t *l, const char *name) {
    l->locked = false;
    l->name = name;
}

static inline bool spin_held(const spinlock_t *l) {
    return l->locked;
}

/* Requires: interrupts disabled. */
static inline void spin_lock(spinlock_t *l) {
    if (l->locked) {
        panic("spinlock %s: acquired while already held", l->name);
    }
    l->locked = true;
    __asm__ volatile("" : : : "memory");
}

/* Requires: interrupts disabled, l held. */
static inline void spin_unlock(spinlock_t *l) {
    if (!l->locked) {
        panic("spinlock %s: released while not held", l->name);
    }
    __asm__ volatile("" : : : "memory");
    l->locked = false;
}

static inline uint64_t spin_lock_irqsave(spinlock_t *l) {
    uint64_t flags = irq_save();
    spin_lock(l);
    return flags;
}

/* Releases l and restores the interrupt flag from flags; a wakeup done
 * under the lock that asked for a switch takes effect here. */
static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags) {
    spin_unlock(l);
    irq_restore(flags);
    if ((flags & RFLAGS_IF) != 0 && preempt_state.need_resched) {
        sched_preempt_point();
    }
}

#endif
