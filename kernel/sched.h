/*
 * The scheduler: strict priorities, round robin within a priority with
 * SCHED_SLICE_NS slices, a sleep queue ordered by deadline, and an idle
 * thread that halts. It is tickless: the local APIC timer runs one-shot,
 * programmed for the nearest of the current slice's end (only when a peer
 * waits for the CPU) and the earliest sleeper's deadline.
 * docs/scheduler.md has the design; kernel/thread.h the thread API.
 */
#ifndef RZ_KERNEL_SCHED_H
#define RZ_KERNEL_SCHED_H

#include <stdint.h>

#include "arch/x86_64/trap.h"
#include "kernel/preempt.h"
#include "kernel/thread.h"

/* Makes the running boot context the idle thread (its stack is the boot
 * stack). Requires: interrupts disabled, clock_init and mm_init done. */
void sched_init(void);

/* Enables interrupts, runs every ready thread and, on the boot stack,
 * becomes the idle loop. */
_Noreturn void sched_start(void);

/*
 * Called by trap_dispatch when an interrupt handler has run (after the
 * EOI), on the interrupted thread's stack: switches threads if one is due
 * and preemption is enabled; then, once this thread runs again, calls the
 * preempt hook if the thread has a kill pending.
 */
void sched_irq_exit(struct trap_frame *tf);

/*
 * The kill hook: fn(tf) runs on the return path of every interrupt taken
 * by a thread whose kill_pending is set, with the interrupted frame, and
 * may redirect it (e.g. unwind a process thread stopped in compiled
 * code). Interrupts are disabled while it runs. NULL removes it.
 */
typedef void (*sched_preempt_hook_fn)(struct trap_frame *tf);
void sched_set_preempt_hook(sched_preempt_hook_fn fn);

/*
 * The switch hook: fn(next) runs in every switch from one thread to
 * another, just before `next` resumes, with interrupts disabled and the
 * scheduler's lock held (it takes no lock and cannot block). The process
 * layer swaps the per-thread values of a wasm instance there. NULL
 * removes it.
 */
typedef void (*sched_switch_hook_fn)(struct thread *next);
void sched_set_switch_hook(sched_switch_hook_fn fn);

/* Context switches since boot (diagnostics and tests). */
uint64_t sched_switch_count(void);

#endif
