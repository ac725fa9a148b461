/*
 * The threads of a process (process_thread.h).
 *
 * Per-thread values. The threads of a process share one wasm instance,
 * and so one instance context (wasm/compile/ctx.h) and one set of
 * globals. Two of those values belong to a thread, not to the instance:
 * ctx.stack_limit, which every function prologue compares rsp with (each
 * thread runs on its own kernel stack), and the global in which clang's C
 * code keeps its shadow stack pointer (each thread has its own shadow
 * stack in linear memory). A module that wants threads exports that
 * global as `__stack_pointer` (the SDK links every program with
 * -Wl,--export=__stack_pointer); thread_create refuses a module without
 * it. Other globals stay shared, as memory is.
 *
 * Single-CPU assumption: at most one thread of a process runs at any
 * moment, so the instance holds the values of exactly one thread,
 * p->ctx_thread, and the others' values wait in their struct proc_thread.
 * The scheduler's switch hook (switch_in) runs whenever a thread is about
 * to resume: for a process thread whose values are not the loaded ones,
 * it saves the loaded thread's values into that thread's struct and loads
 * its own. A process with one thread always has its values loaded, so
 * the hook costs a few loads and a compare, as does a switch to a kernel
 * thread or between threads of different processes. With more than one
 * CPU, threads of one process could run at once and each would need an
 * instance context of its own.
 *
 * Growth. The engine's memory.grow and table.grow helpers assume one
 * caller at a time, and compiled code reads a table's entry array without
 * a lock (call_indirect loads the array's address, then the entry). Once a
 * process has a second thread, its instance calls threaded_helpers: each
 * grow runs with preemption disabled (atomic on one CPU), and a table no
 * longer grows beyond the entries already allocated, which would move the
 * array under a thread stopped between those two loads; table.grow then
 * fails (returns -1), as the spec allows. Memory never moves.
 *
 * A thread that leaves its wasm code for good drops its claim on the
 * instance (owner_thread and, if it holds them, ctx_thread set to NULL)
 * with interrupts disabled, so the hook never touches an instance after
 * its last thread left and the program was released.
 */
#include "kernel/process_thread.h"

#include "abi/errors.h"
#include "abi/signals.h"
#include "kernel/kmalloc.h"
#include "kernel/preempt.h"
#include "kernel/panic.h"
#include "kernel/process_internal.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/wasm_platform.h"
#include "runtime/helpers.h"

_Static_assert(offsetof(struct proc_thread, obj) == 0, "a thread's kobject is its address");

/* The switch hook (see the top of the file). Requires: interrupts
 * disabled. */
static void switch_in(struct thread *next) {
    struct proc_thread *pt = next->owner_thread;
    if (pt == NULL) {
        return;
    }
    struct process *p = pt->proc;
    struct proc_thread *loaded = p->ctx_thread;
    if (loaded == pt) {
        return;
    }
    wasm_ctx_t *ctx = &p->inst->ctx;
    if (loaded != NULL) {
        loaded->saved_stack_limit = ctx->stack_limit;
        if (p->sp_cell != NULL) {
            loaded->saved_sp = *p->sp_cell;
        }
    }
    ctx->stack_limit = pt->saved_stack_limit;
    if (p->sp_cell != NULL) {
        *p->sp_cell = pt->saved_sp;
    }
    p->ctx_thread = pt;
}

static uint32_t threaded_memory_grow(wasm_ctx_t *ctx, uint32_t delta_pages) {
    preempt_disable();
    uint32_t old = wasm_rt_memory_grow(ctx, delta_pages);
    preempt_enable();
    return old;
}

static uint32_t threaded_table_grow(wasm_ctx_t *ctx, uint32_t table, uint64_t init,
                                    uint32_t delta) {
    const wasm_table_t *t = ctx->tables[table];
    preempt_disable();
    uint32_t old = (uint64_t)t->size + delta > t->capacity
                       ? 0xffffffffu
                       : wasm_rt_table_grow(ctx, table, init, delta);
    preempt_enable();
    return old;
}

/* The engine's helpers, with growth made safe for threads (see the top of
 * the file). */
static const wasm_helpers_t threaded_helpers = {
    threaded_memory_grow, wasm_rt_memory_fill, wasm_rt_memory_copy, wasm_rt_memory_init,
    wasm_rt_data_drop,    threaded_table_grow, wasm_rt_table_fill,  wasm_rt_table_copy,
    wasm_rt_table_init,   wasm_rt_elem_drop,
};

static void proc_thread_destroy(struct kobject *obj) {
    kfree((struct proc_thread *)obj);
}

static const struct kobject_ops proc_thread_ops = {
    .destroy = proc_thread_destroy,
};

struct proc_thread *proc_thread_new(struct process *p, uint32_t func, uint32_t arg, uint64_t sp) {
    struct proc_thread *pt = kmalloc(sizeof *pt);
    if (pt == NULL) {
        return NULL;
    }
    *pt = (struct proc_thread){.proc = p, .func = func, .arg = arg, .saved_sp = sp};
    list_init(&pt->link);
    kobject_init(&pt->obj, RZ_OBJ_THREAD, &proc_thread_ops, 0);
    return pt;
}

/* Every process thread runs this: its function under the guard of
 * wasm_invoke, then the report of how it came back. */
static void thread_main(void *arg) {
    struct proc_thread *pt = arg;
    struct process *p = pt->proc;
    struct thread *self = thread_current();
    uint64_t flags = spin_lock_irqsave(&p->lock);
    pt->thread = self; /* from now on, process_end_locked can stop it */
    bool go = p->ending == PROCESS_RUNNING;
    spin_unlock_irqrestore(&p->lock, flags);
    pt->saved_stack_limit = self->stack_limit;
    flags = irq_save();
    self->owner = p;
    self->owner_thread = pt;
    switch_in(self);
    irq_restore(flags);

    uint64_t vals[1] = {pt->arg};
    wasm_trap_t trap = {WASM_TRAP_NONE, 0, 0};
    bool returned = go && !self->kill_pending && wasm_invoke(p->inst, pt->func, vals, &trap);

    flags = irq_save();
    if (p->ctx_thread == pt) {
        p->ctx_thread = NULL;
    }
    self->owner_thread = NULL;
    irq_restore(flags);
    enum process_state how = PROCESS_RUNNING; /* the thread alone ends */
    int32_t status = 0;
    if (returned) {
        how = pt->tid == 1 ? PROCESS_EXITED : PROCESS_RUNNING; /* main returned from its entry */
    } else if (trap.kind != WASM_TRAP_NONE) {
        how = PROCESS_TRAPPED;
    } else if (pt->note == PT_NOTE_PROCESS_EXIT) {
        how = PROCESS_EXITED;
        status = pt->exit_status;
    } /* else thread_exit, or stopped: by a kill or by the process's end */
    self->owner = NULL;
    process_thread_left(pt, how, status, how == PROCESS_TRAPPED ? &trap : NULL);
}

int proc_thread_start(struct proc_thread *pt) {
    struct process *p = pt->proc;
    sched_set_switch_hook(switch_in); /* the same hook every time */
    uint64_t flags = spin_lock_irqsave(&p->lock);
    if (p->state != PROCESS_RUNNING || p->ending != PROCESS_RUNNING) {
        spin_unlock_irqrestore(&p->lock, flags);
        return RZ_ERR_CANCELED;
    }
    if (p->num_threads >= RZ_PROCESS_THREADS_MAX) {
        spin_unlock_irqrestore(&p->lock, flags);
        return RZ_ERR_NO_RESOURCES; /* each holds a kernel stack: one program may not take all */
    }
    pt->tid = p->next_tid++;
    if (pt->tid == 2) {
        p->inst->ctx.helpers = &threaded_helpers; /* before the second thread runs */
    }
    list_push_back(&p->threads, &pt->link); /* counted before it can run and leave */
    p->num_threads++;
    spin_unlock_irqrestore(&p->lock, flags);
    kobject_ref(&pt->obj); /* the thread's */
    kobject_ref(&p->obj);  /* the thread's */
    if (thread_create(p->name, thread_main, pt, THREAD_PRIO_NORMAL, PROCESS_STACK_SIZE) != NULL) {
        return RZ_OK;
    }
    flags = spin_lock_irqsave(&p->lock);
    list_remove(&pt->link);
    p->num_threads--;
    spin_unlock_irqrestore(&p->lock, flags);
    kobject_unref(&pt->obj); /* not the last: the caller holds one */
    kobject_unref(&p->obj);  /* not the last: the caller's process */
    return RZ_ERR_NO_MEMORY;
}

struct proc_thread *proc_thread_current(void) {
    struct proc_thread *pt = thread_current()->owner_thread;
    if (pt == NULL) {
        panic("proc_thread_current: %s is not running wasm code", thread_current()->name);
    }
    return pt;
}

void proc_thread_exit(void) {
    proc_thread_current()->note = PT_NOTE_THREAD_EXIT;
    wasm_platform_unwind();
}

bool proc_thread_resolve_entry(wasm_instance_t *inst, uint32_t index, uint32_t *func) {
    const wasm_module_t *m = inst->loaded->module;
    if (m->table_count == 0 || inst->ctx.tables[0]->elem != WASM_FUNCREF) {
        return false;
    }
    const wasm_table_t *t = inst->ctx.tables[0];
    uint64_t flags = irq_save();
    uint64_t ref = index < t->size ? t->entries[index] : 0;
    irq_restore(flags);
    /* A reference to a function of this instance points into func_refs. */
    uintptr_t base = (uintptr_t)inst->func_refs, at = (uintptr_t)ref;
    if (at < base || (at - base) % sizeof(wasm_func_ref_t) != 0 ||
        (at - base) / sizeof(wasm_func_ref_t) >= m->func_count) {
        return false;
    }
    uint32_t i = (uint32_t)((at - base) / sizeof(wasm_func_ref_t));
    const wasm_functype_t *type = wasm_func_type(m, i);
    if (i < m->func_import_count || type->param_count != 1 || type->result_count != 0 ||
        type->types[0] != WASM_I32) {
        return false;
    }
    *func = i;
    return true;
}
