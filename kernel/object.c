/* Kernel object lifetime and signals; the protocol is in object.h. */
#include "kernel/object.h"

#include "kernel/panic.h"
#include "kernel/thread.h"

spinlock_t kobject_lock = SPINLOCK_INIT("kobject");

void kobject_init(struct kobject *obj, uint32_t type, const struct kobject_ops *ops,
                  uint32_t signals) {
    obj->type = type;
    obj->refcount = 1;
    obj->handle_count = 0;
    obj->signals = signals;
    obj->observers = NULL;
    obj->ops = ops;
}

void kobject_ref(struct kobject *obj) {
    uint32_t old = __atomic_fetch_add(&obj->refcount, 1, __ATOMIC_RELAXED);
    if (old == 0) {
        panic("kobject_ref: object %p (type %u) already freed", (void *)obj, obj->type);
    }
}

bool kobject_try_ref(struct kobject *obj) {
    uint32_t old = __atomic_load_n(&obj->refcount, __ATOMIC_RELAXED);
    do {
        if (old == 0) {
            return false;
        }
    } while (!__atomic_compare_exchange_n(&obj->refcount, &old, old + 1, true, __ATOMIC_RELAXED,
                                          __ATOMIC_RELAXED));
    return true;
}

void kobject_unref(struct kobject *obj) {
    uint32_t old = __atomic_fetch_sub(&obj->refcount, 1, __ATOMIC_ACQ_REL);
    if (old == 0) {
        panic("kobject_unref: object %p (type %u) already freed", (void *)obj, obj->type);
    }
    if (old == 1) {
        if (obj->observers != NULL) {
            panic("kobject_unref: object %p freed while observed", (void *)obj);
        }
        obj->ops->destroy(obj);
    }
}

void kobject_handle_added(struct kobject *obj) {
    __atomic_fetch_add(&obj->handle_count, 1, __ATOMIC_RELAXED);
}

void kobject_handle_dropped(struct kobject *obj) {
    uint32_t old = __atomic_fetch_sub(&obj->handle_count, 1, __ATOMIC_ACQ_REL);
    if (old == 0) {
        panic("kobject_handle_dropped: object %p has no handle", (void *)obj);
    }
    if (old != 1) {
        return;
    }
    uint64_t flags = spin_lock_irqsave(&kobject_lock);
    for (struct kobserver *o = obj->observers; o != NULL; o = o->next) {
        o->waiter->canceled = true;
        thread_unblock(o->waiter->thread, WAKE_OK);
    }
    spin_unlock_irqrestore(&kobject_lock, flags);
    if (obj->ops->on_last_handle != NULL) {
        obj->ops->on_last_handle(obj);
    }
}

static void wake_matching(struct kobject *obj) {
    for (struct kobserver *o = obj->observers; o != NULL; o = o->next) {
        if ((obj->signals & o->waitfor) != 0) {
            thread_unblock(o->waiter->thread, WAKE_OK);
        }
    }
}

void kobject_signal_locked(struct kobject *obj, uint32_t clear_mask, uint32_t set_mask) {
    obj->signals = (obj->signals & ~clear_mask) | set_mask;
    wake_matching(obj);
}

void kobject_signal(struct kobject *obj, uint32_t clear_mask, uint32_t set_mask) {
    uint64_t flags = spin_lock_irqsave(&kobject_lock);
    kobject_signal_locked(obj, clear_mask, set_mask);
    spin_unlock_irqrestore(&kobject_lock, flags);
}

void kobject_kick_locked(struct kobject *obj) {
    for (struct kobserver *o = obj->observers; o != NULL; o = o->next) {
        thread_unblock(o->waiter->thread, WAKE_OK);
    }
}

void kobject_observe_locked(struct kobject *obj, struct kobserver *o, struct kwaiter *w,
                            uint32_t waitfor) {
    o->obj = obj;
    o->waiter = w;
    o->waitfor = waitfor;
    o->next = obj->observers;
    obj->observers = o;
}

void kobject_unobserve_locked(struct kobserver *o) {
    struct kobserver **pp = &o->obj->observers;
    while (*pp != o) {
        if (*pp == NULL) {
            panic("kobject_unobserve_locked: observer %p not registered", (void *)o);
        }
        pp = &(*pp)->next;
    }
    *pp = o->next;
}
