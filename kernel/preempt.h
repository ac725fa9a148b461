/*
 * Preemption control for the current CPU. The timer interrupt never
 * switches threads inside a section between preempt_disable and
 * preempt_enable: it only sets need_resched, and the outermost
 * preempt_enable performs the switch. Interrupt-disabled sections
 * (spin_lock_irqsave) are not preemptible either; spin_unlock_irqrestore
 * is the preemption point that ends them.
 */
#ifndef RZ_KERNEL_PREEMPT_H
#define RZ_KERNEL_PREEMPT_H

#include <stdbool.h>

/* One per CPU once there are several. */
struct preempt_state {
    volatile unsigned count;     /* nesting of preempt_disable */
    volatile bool need_resched;  /* a higher-priority thread or slice end is waiting */
};

extern struct preempt_state preempt_state;

static inline void preempt_disable(void) {
    preempt_state.count++;
    __asm__ volatile("" : : : "memory");
}

/* Re-enables preemption; the outermost call switches threads when the
 * timer or a wakeup asked for it meanwhile (and interrupts are enabled). */
void preempt_enable(void);

/* Switches threads now if one is due and this is a legal place to do it
 * (preemption and interrupts enabled). */
void sched_preempt_point(void);

#endif
