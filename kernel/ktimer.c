/* Timer objects; see ktimer.h. */
#include "kernel/ktimer.h"

#include "abi/errors.h"
#include "abi/signals.h"
#include "kernel/clock.h"
#include "kernel/kmalloc.h"

struct ktimer {
    struct kobject obj;
    bool armed;        /* guarded by kobject_lock */
    uint64_t deadline; /* guarded by kobject_lock; meaningful while armed */
};

static struct ktimer *to_timer(struct kobject *obj) {
    return (struct ktimer *)obj;
}

static void ktimer_destroy(struct kobject *obj) {
    kfree(to_timer(obj));
}

static uint64_t ktimer_poll(struct kobject *obj, uint64_t now) {
    struct ktimer *t = to_timer(obj);
    if (t->armed && now >= t->deadline) {
        t->armed = false;
        kobject_signal_locked(obj, 0, RZ_SIG_SIGNALED);
    }
    return t->armed ? t->deadline : UINT64_MAX;
}

static const struct kobject_ops ktimer_ops = {.destroy = ktimer_destroy, .poll = ktimer_poll};

int ktimer_create(struct kobject **out) {
    struct ktimer *t = kmalloc(sizeof(*t));
    if (t == NULL) {
        return RZ_ERR_NO_MEMORY;
    }
    kobject_init(&t->obj, RZ_OBJ_TIMER, &ktimer_ops, 0);
    t->armed = false;
    t->deadline = 0;
    *out = &t->obj;
    return RZ_OK;
}

void ktimer_set(struct kobject *obj, uint64_t deadline) {
    struct ktimer *t = to_timer(obj);
    uint64_t flags = spin_lock_irqsave(&kobject_lock);
    t->armed = true;
    t->deadline = deadline;
    obj->signals &= ~RZ_SIG_SIGNALED;
    ktimer_poll(obj, clock_ns());
    /* Waiters sleeping toward an older deadline recompute theirs. */
    kobject_kick_locked(obj);
    spin_unlock_irqrestore(&kobject_lock, flags);
}

void ktimer_cancel(struct kobject *obj) {
    struct ktimer *t = to_timer(obj);
    uint64_t flags = spin_lock_irqsave(&kobject_lock);
    t->armed = false;
    obj->signals &= ~RZ_SIG_SIGNALED;
    spin_unlock_irqrestore(&kobject_lock, flags);
}
