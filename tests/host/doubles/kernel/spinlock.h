/*
 * Host double of kernel/spinlock.h for host unit tests of the object
 * layer: single-threaded, so a lock only records that it is held and a
 * double acquire fails the test run loudly.
 */
#ifndef RZ_KERNEL_SPINLOCK_H
#define RZ_KERNEL_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct spinlock {
    bool locked;
    const char *name;
} spinlock_t;

#define SPINLOCK_INIT(name_) {false, (name_)}

void spin_lock_init(spinlock_t *l, const char *name);
uint64_t spin_lock_irqsave(spinlock_t *l);
void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags);

#endif
