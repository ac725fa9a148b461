/*
 * The threads of a process: kernel objects (RZ_OBJ_THREAD) that signal
 * RZ_SIG_TERMINATED when the thread ends. Every thread of a process,
 * the main one included, is a struct proc_thread running on a kernel
 * thread of its own (its own kernel stack and guard page, its own stack
 * limit) and on its own shadow stack in linear memory (the module's
 * `__stack_pointer` global). How the per-thread values are switched is
 * described at the top of kernel/process_thread.c; how a process ends
 * with several threads in kernel/process.h.
 */
#ifndef RZ_KERNEL_PROCESS_THREAD_H
#define RZ_KERNEL_PROCESS_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/object.h"
#include "runtime/instance.h"

struct process;
struct thread;

/* How a thread's wasm code was unwound from a syscall. */
enum proc_thread_note {
    PT_NOTE_NONE,
    PT_NOTE_THREAD_EXIT,  /* thread_exit */
    PT_NOTE_PROCESS_EXIT, /* process_exit (status) */
};

struct proc_thread {
    struct kobject obj;   /* RZ_OBJ_THREAD; refcount is the struct's lifetime */
    struct process *proc; /* fixed; holds a reference while the thread runs */
    uint32_t tid;         /* 1 for the main thread, then in creation order; fixed */
    uint32_t func;        /* the function it runs; fixed */
    uint32_t arg;         /* its argument (none for the main thread); fixed */
    /* Guarded by proc->lock: */
    struct thread *thread; /* its kernel thread, from its start until it ended */
    struct list_node link; /* in proc->threads from proc_thread_start until it ended */
    /* The thread's own: */
    enum proc_thread_note note;
    int32_t exit_status; /* PT_NOTE_PROCESS_EXIT */
    /* Its per-thread values while another thread's are in the instance
     * (interrupts disabled; see kernel/process_thread.c). */
    uint64_t saved_sp;
    uintptr_t saved_stack_limit;
};

/* A new thread of p that will run function `func` (a function p's module
 * defines, of type [] -> [] for the main thread, [i32] -> [] otherwise)
 * with `arg`, its shadow stack pointer starting at `sp`; not started. The
 * caller holds its one reference. NULL when out of memory. */
struct proc_thread *proc_thread_new(struct process *p, uint32_t func, uint32_t arg, uint64_t sp);

/* Starts pt (from proc_thread_new) on a kernel thread of its own.
 * Errors: RZ_ERR_CANCELED (the process is ending or not running),
 * RZ_ERR_NO_MEMORY. On error pt never runs. */
int proc_thread_start(struct proc_thread *pt);

/* The calling thread's struct proc_thread. Requires: a process thread. */
struct proc_thread *proc_thread_current(void);

/* Ends the calling thread. Requires: called from a syscall of a process
 * thread; unwinds its wasm frames. */
_Noreturn void proc_thread_exit(void);

/* The function that table 0 of inst holds at `index`, when it is one the
 * module defines of type [i32] -> [] (thread_create's entry): its index
 * in *func. Safe while other threads of the process run (single CPU:
 * the table is read with interrupts disabled, so it cannot grow and move
 * meanwhile). */
bool proc_thread_resolve_entry(wasm_instance_t *inst, uint32_t index, uint32_t *func);

#endif
