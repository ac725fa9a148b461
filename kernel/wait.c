/*
 * wait_objects: the loop every wait runs. Under kobject_lock it brings
 * time-driven signals up to date (ops->poll), checks whether it is done,
 * and otherwise registers one observer per object and blocks until the
 * earliest of its deadline and the objects' next time events. Any wakeup
 * (a signal, a kick, a timeout) just runs the loop again, so spurious
 * wakeups are harmless and the deadline is judged against the clock, not
 * against the wake reason.
 */
#include "kernel/wait.h"

#include "abi/errors.h"
#include "kernel/clock.h"
#include "kernel/thread.h"

/* Locks: kobject_lock held. Returns whether an item is satisfied, and
 * lowers *wake_at to the next time event of the objects. */
static bool poll_all(struct kobject *const *objs, const uint32_t *waitfor, uint32_t *observed,
                     size_t n, uint64_t now, uint64_t *wake_at) {
    bool ready = false;
    for (size_t i = 0; i < n; i++) {
        if (objs[i]->ops->poll != NULL) {
            uint64_t next = objs[i]->ops->poll(objs[i], now);
            *wake_at = next < *wake_at ? next : *wake_at;
        }
        observed[i] = objs[i]->signals;
        ready |= (observed[i] & waitfor[i]) != 0;
    }
    return ready;
}

int wait_objects(struct kobject *const *objs, const uint32_t *waitfor, uint32_t *observed,
                 struct kobserver *obs, size_t n, uint64_t deadline) {
    struct kwaiter w = {.thread = thread_current()};
    uint64_t flags = spin_lock_irqsave(&kobject_lock);
    int result;
    for (;;) {
        uint64_t now = clock_ns();
        uint64_t wake_at = deadline;
        if (poll_all(objs, waitfor, observed, n, now, &wake_at)) {
            result = RZ_OK;
            break;
        }
        if (w.canceled) {
            result = RZ_ERR_CANCELED;
            break;
        }
        if (now >= deadline) {
            result = RZ_ERR_TIMED_OUT;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            kobject_observe_locked(objs[i], &obs[i], &w, waitfor[i]);
        }
        int why = thread_block(&kobject_lock, wake_at);
        for (size_t i = 0; i < n; i++) {
            kobject_unobserve_locked(&obs[i]);
        }
        if (why == WAKE_KILLED) {
            wake_at = UINT64_MAX;
            poll_all(objs, waitfor, observed, n, clock_ns(), &wake_at);
            result = RZ_ERR_CANCELED;
            break;
        }
    }
    spin_unlock_irqrestore(&kobject_lock, flags);
    return result;
}
