/*
 * Wait queues: threads waiting for one condition, woken in FIFO order.
 * A waitq has no lock of its own: it is protected by the lock of the
 * object it belongs to, which every call below requires held (with
 * interrupts disabled, i.e. taken with spin_lock_irqsave).
 *
 *     flags = spin_lock_irqsave(&ch->lock);
 *     while (ch->empty) {
 *         int r = waitq_wait(&ch->readers, &ch->lock, deadline);
 *         if (r < 0) { ...timed out or killed... }
 *     }
 *     spin_unlock_irqrestore(&ch->lock, flags);
 */
#ifndef RZ_KERNEL_WAITQ_H
#define RZ_KERNEL_WAITQ_H

#include <stdint.h>

#include "kernel/list.h"
#include "kernel/spinlock.h"

struct waitq {
    struct list_node waiters; /* struct thread.wait_link, oldest first */
};

void waitq_init(struct waitq *q);

/*
 * Queues the current thread and blocks (thread_block(lock, deadline_ns)).
 * Returns the reason a waitq_wake_* call passed, or WAKE_TIMED_OUT /
 * WAKE_KILLED; in those cases the thread has left the queue. A wakeup is
 * never lost: when the deadline or a kill races with a waitq_wake_one
 * that already chose this thread, the wake's reason is returned.
 */
int waitq_wait(struct waitq *q, spinlock_t *lock, uint64_t deadline_ns);

/* Wakes the oldest waiter / every waiter with `reason` (>= 0). */
void waitq_wake_one(struct waitq *q, int reason);
void waitq_wake_all(struct waitq *q, int reason);

#endif
