/*
 * Host doubles of the scheduler, the clock and the heap for the object
 * layer's host unit tests; see doubles/kernel/thread.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kernel/clock.h"
#include "kernel/kmalloc.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"

static struct thread the_thread = {.name = "host"};
static uint64_t fake_now;
static void (*meanwhile_fn)(void *);
static void *meanwhile_arg;
static int blocks;
static bool hung;

void spin_lock_init(spinlock_t *l, const char *name) {
    l->locked = false;
    l->name = name;
}

uint64_t spin_lock_irqsave(spinlock_t *l) {
    if (l->locked) {
        fprintf(stderr, "sched_double: lock %s taken twice\n", l->name);
        abort();
    }
    l->locked = true;
    return 0;
}

void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags) {
    if (!l->locked) {
        fprintf(stderr, "sched_double: lock %s released but not held\n", l->name);
        abort();
    }
    l->locked = false;
}

struct thread *thread_current(void) {
    return &the_thread;
}

int thread_block(spinlock_t *lock, uint64_t deadline_ns) {
    struct thread *t = &the_thread;
    blocks++;
    t->blocked = true;
    t->wake_reason = 0;
    spin_unlock_irqrestore(lock, 0);
    if (t->kill_pending) {
        t->blocked = false;
        t->wake_reason = WAKE_KILLED;
    } else {
        /* Whatever the other side does while this thread sleeps; a
         * callback may install the next one (more time passing). */
        while (t->blocked && meanwhile_fn != NULL) {
            void (*fn)(void *) = meanwhile_fn;
            meanwhile_fn = NULL;
            fn(meanwhile_arg);
        }
    }
    spin_lock_irqsave(lock);
    if (t->blocked) {
        t->blocked = false;
        if (deadline_ns == DEADLINE_NEVER) {
            hung = true;
            return WAKE_KILLED; /* end the wait; the test checks hung */
        }
        if (fake_now < deadline_ns) {
            fake_now = deadline_ns;
        }
        return WAKE_TIMED_OUT;
    }
    return t->wake_reason;
}

void thread_unblock(struct thread *t, int reason) {
    if (t->blocked) {
        t->blocked = false;
        t->wake_reason = reason;
    }
}

void thread_yield(void) {
}

void thread_sleep_until(uint64_t deadline_ns) {
    if (fake_now < deadline_ns) {
        fake_now = deadline_ns;
    }
}

uint64_t clock_ns(void) {
    return fake_now;
}

void *kmalloc(size_t size) {
    return malloc(size);
}

void kfree(void *p) {
    free(p);
}

void sched_double_reset(void) {
    the_thread.blocked = false;
    the_thread.kill_pending = false;
    meanwhile_fn = NULL;
    blocks = 0;
    hung = false;
    fake_now = 1000;
}

void sched_double_meanwhile(void (*fn)(void *), void *arg) {
    meanwhile_fn = fn;
    meanwhile_arg = arg;
}

int sched_double_blocks(void) {
    return blocks;
}

bool sched_double_hung(void) {
    return hung;
}

void sched_double_set_time(uint64_t ns) {
    fake_now = ns;
}
