/*
 * Wait queues over thread_block (kernel/waitq.h). The queue membership is
 * protected by the owner's lock, the thread's state by the scheduler's;
 * waitq_wake_one takes the thread off the queue itself and records the
 * reason in wake_reason first, so a waiter whose deadline expires at the
 * same moment still sees that it was chosen (it is no longer queued).
 */
#include "kernel/waitq.h"

#include "kernel/thread.h"

void waitq_init(struct waitq *q) {
    list_init(&q->waiters);
}

int waitq_wait(struct waitq *q, spinlock_t *lock, uint64_t deadline_ns) {
    struct thread *t = thread_current();
    list_push_back(&q->waiters, &t->wait_link);
    t->wait_reason = WAKE_OK;
    int r = thread_block(lock, deadline_ns);
    if (!list_linked(&t->wait_link)) {
        return t->wait_reason; /* a waker chose this thread */
    }
    list_remove(&t->wait_link);
    return r;
}

static void wake(struct list_node *n, int reason) {
    struct thread *t = list_entry(n, struct thread, wait_link);
    t->wait_reason = reason;
    thread_unblock(t, reason);
}

void waitq_wake_one(struct waitq *q, int reason) {
    struct list_node *n = list_pop_front(&q->waiters);
    if (n != NULL) {
        wake(n, reason);
    }
}

void waitq_wake_all(struct waitq *q, int reason) {
    struct list_node *n;
    while ((n = list_pop_front(&q->waiters)) != NULL) {
        wake(n, reason);
    }
}
