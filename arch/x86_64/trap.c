/*
 * trap_dispatch: every interrupt and exception comes through here from
 * isr.S. Exceptions go to the fault path; interrupt vectors go to the
 * handler installed with trap_set_handler and are then acknowledged at the
 * local APIC; then the scheduler may switch threads (sched_irq_exit). The spurious vector and the masked 8259's vectors need no
 * acknowledgement (SDM Vol. 3A 11.9; 8259A datasheet, spurious IRQ 7/15).
 */
#include "arch/x86_64/trap.h"

#include "arch/x86_64/fault.h"
#include "arch/x86_64/lapic.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/sched.h"

static struct {
    trap_handler_fn fn;
    void *ctx;
} handlers[256];

static unsigned long unexpected_count;

void trap_set_handler(unsigned vector, trap_handler_fn fn, void *ctx) {
    if (vector < VEC_EXCEPTIONS || vector >= 256 || handlers[vector].fn != NULL) {
        panic("trap_set_handler: vector %u invalid or taken", vector);
    }
    handlers[vector].ctx = ctx;
    handlers[vector].fn = fn;
}

void trap_clear_handler(unsigned vector) {
    if (vector < VEC_EXCEPTIONS || vector >= 256 || handlers[vector].fn == NULL) {
        panic("trap_clear_handler: vector %u invalid or free", vector);
    }
    handlers[vector].fn = NULL;
    handlers[vector].ctx = NULL;
}

bool trap_has_handler(unsigned vector) {
    return vector < 256 && handlers[vector].fn != NULL;
}

void trap_dispatch(struct trap_frame *tf) {
    unsigned v = (unsigned)tf->vector;
    if (v < VEC_EXCEPTIONS) {
        fault_handle(tf);
        return;
    }
    if (v == VEC_SPURIOUS || (v >= VEC_PIC_BASE && v < VEC_PIC_BASE + 16)) {
        return;
    }
    if (handlers[v].fn != NULL) {
        handlers[v].fn(tf, handlers[v].ctx);
    } else if (unexpected_count++ < 8) {
        kprintf("trap: unexpected interrupt vector 0x%x\n", v);
    }
    lapic_eoi();
    sched_irq_exit(tf);
}
