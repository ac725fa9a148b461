/* Interrupt objects; see interrupt.h. */
#include "kernel/interrupt.h"

#include "abi/errors.h"
#include "abi/signals.h"
#include "arch/x86_64/irq.h"
#include "kernel/kmalloc.h"
#include "kernel/spinlock.h"

struct interrupt {
    struct kobject obj;
    unsigned irq;
};

/* Serializes line registration (a create racing another create). */
static spinlock_t interrupt_lock = SPINLOCK_INIT("interrupt");

static struct interrupt *to_interrupt(struct kobject *obj) {
    return (struct interrupt *)obj;
}

/* Interrupt context: mask first, so the line stays quiet until acked. */
static void on_irq(struct trap_frame *tf, void *ctx) {
    struct interrupt *in = ctx;
    irq_set_masked(in->irq, true);
    kobject_signal(&in->obj, 0, RZ_SIG_SIGNALED);
}

static void interrupt_destroy(struct kobject *obj) {
    uint64_t flags = spin_lock_irqsave(&interrupt_lock);
    irq_unregister(to_interrupt(obj)->irq);
    spin_unlock_irqrestore(&interrupt_lock, flags);
    kfree(to_interrupt(obj));
}

static const struct kobject_ops interrupt_ops = {.destroy = interrupt_destroy};

int interrupt_create(unsigned irq, struct kobject **out) {
    struct interrupt *in = kmalloc(sizeof *in);
    if (in == NULL) {
        return RZ_ERR_NO_MEMORY;
    }
    kobject_init(&in->obj, RZ_OBJ_INTERRUPT, &interrupt_ops, 0);
    in->irq = irq;
    uint64_t flags = spin_lock_irqsave(&interrupt_lock);
    bool free = irq_available(irq);
    if (free) {
        irq_register(irq, on_irq, in);
    }
    spin_unlock_irqrestore(&interrupt_lock, flags);
    if (!free) {
        kfree(in);
        return RZ_ERR_BAD_STATE;
    }
    *out = &in->obj;
    return RZ_OK;
}

void interrupt_ack(struct kobject *obj) {
    kobject_signal(obj, RZ_SIG_SIGNALED, 0);
    irq_set_masked(to_interrupt(obj)->irq, false);
}
