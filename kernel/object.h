/*
 * Kernel objects: the common header of everything a handle can name.
 *
 * Lifetime. `refcount` counts every pointer the kernel holds (handles,
 * handles in flight inside channel messages, waits in progress, the kernel
 * itself); the last kobject_unref calls ops->destroy. `handle_count` counts
 * handles only (in tables and in flight); when it drops to zero the object
 * learns that no program can reach it any more: waits on it end with
 * RZ_ERR_CANCELED and ops->on_last_handle runs (a channel endpoint tells
 * its peer PEER_CLOSED).
 *
 * Signals and observers. Each object has 32 signal bits
 * (include/abi/signals.h). A thread waits by putting an observer on each
 * object it waits for and blocking; kobject_signal changes the bits and
 * wakes every observer whose waitfor mask now matches. All signal words
 * and observer lists are protected by one lock, kobject_lock: a wait on
 * many objects registers on all of them and blocks atomically under a
 * single lock, which thread_block releases while the thread sleeps. (One
 * CPU today; on SMP this lock would be split per object with a waiter lock,
 * but the protocol stays the same.)
 *
 * Time. An object whose signals depend on the clock (a timer) provides
 * ops->poll: called under kobject_lock with the current time by every wait
 * that involves it, it brings the signals up to date and returns the next
 * time they change, which bounds the waiter's sleep. So a timer needs no
 * interrupt handler of its own: it fires for whoever is watching.
 */
#ifndef RZ_KERNEL_OBJECT_H
#define RZ_KERNEL_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/types.h"
#include "kernel/spinlock.h"

struct kobject;
struct thread;

struct kobject_ops {
    /* Frees the object; called once, when refcount reaches 0. */
    void (*destroy)(struct kobject *obj);
    /* Optional; called once when handle_count reaches 0, without locks held. */
    void (*on_last_handle)(struct kobject *obj);
    /* Optional; see "Time" above. Locks: kobject_lock held. */
    uint64_t (*poll)(struct kobject *obj, uint64_t now);
};

/* One thread's wait, shared by the observers it registered. A wakeup
 * only makes the waiter look at the signals again (wait.c); being
 * canceled is the one thing it cannot see there. */
struct kwaiter {
    struct thread *thread;
    bool canceled; /* a watched object lost its last handle */
};

/* A waiter's registration on one object. */
struct kobserver {
    struct kobserver *next; /* in obj->observers */
    struct kobject *obj;
    struct kwaiter *waiter;
    uint32_t waitfor;
};

struct kobject {
    uint32_t type;                 /* RZ_OBJ_*; fixed at init */
    uint32_t refcount;             /* atomic */
    uint32_t handle_count;         /* atomic */
    uint32_t signals;              /* guarded by kobject_lock */
    struct kobserver *observers;   /* guarded by kobject_lock */
    const struct kobject_ops *ops; /* fixed at init */
};

extern spinlock_t kobject_lock;

/* Ensures: refcount 1 (the caller's), no handles, signals as given. */
void kobject_init(struct kobject *obj, uint32_t type, const struct kobject_ops *ops,
                  uint32_t signals);
void kobject_ref(struct kobject *obj);
void kobject_unref(struct kobject *obj);
/* As kobject_ref, unless the last reference is already gone (the object
 * is being destroyed): then false. For objects found through a list that
 * holds no reference. */
bool kobject_try_ref(struct kobject *obj);

/* A handle to obj was created / dropped (handle.c and channel messages).
 * Dropping the last one cancels waits and runs on_last_handle. Requires:
 * no spinlock held by the caller when dropping. */
void kobject_handle_added(struct kobject *obj);
void kobject_handle_dropped(struct kobject *obj);

/* signals = (signals & ~clear_mask) | set_mask, then wakes the observers
 * it satisfies. The _locked form requires kobject_lock held. */
void kobject_signal(struct kobject *obj, uint32_t clear_mask, uint32_t set_mask);
void kobject_signal_locked(struct kobject *obj, uint32_t clear_mask, uint32_t set_mask);

/* Wakes every observer of obj without setting anything, so that it
 * re-evaluates its wait (e.g. a timer's deadline moved). Locks: kobject_lock held. */
void kobject_kick_locked(struct kobject *obj);

/* Observer registration for waits. Locks: kobject_lock held. */
void kobject_observe_locked(struct kobject *obj, struct kobserver *o, struct kwaiter *w,
                            uint32_t waitfor);
void kobject_unobserve_locked(struct kobserver *o);

#endif
