/* What kernel/thread.c and kernel/sched.c share and nobody else uses. */
#ifndef RZ_KERNEL_SCHED_INTERNAL_H
#define RZ_KERNEL_SCHED_INTERNAL_H

#include "kernel/thread.h"

/* Counts t as alive and makes it ready. */
void sched_add(struct thread *t);

/* Where a new thread starts (arch_switch_frame_init's start): finishes
 * the switch that entered it, enables interrupts, runs t->entry. */
_Noreturn void sched_thread_start(void *t);

/* Returns t's stack and struct to the vmm. Requires: t is not running
 * and never will again. */
void thread_free(struct thread *t);

#endif
