/*
 * Timer objects: one-shot, RZ_SIG_SIGNALED from the deadline on. They
 * fire through ops->poll (object.h, "Time"): every wait involving a timer
 * sleeps no later than its deadline and sets the signal when it passes.
 */
#ifndef RZ_KERNEL_KTIMER_H
#define RZ_KERNEL_KTIMER_H

#include <stdint.h>

#include "kernel/object.h"

/* A new, disarmed timer (refcount 1), or RZ_ERR_NO_MEMORY. */
int ktimer_create(struct kobject **out);
/* Requires: obj is a timer. Clears SIGNALED and arms for deadline
 * (clock_ns time); a past deadline fires at once. */
void ktimer_set(struct kobject *obj, uint64_t deadline);
/* Requires: obj is a timer. Disarms and clears SIGNALED. */
void ktimer_cancel(struct kobject *obj);

#endif
