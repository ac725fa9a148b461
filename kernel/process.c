/*
 * Process life cycle (see process.h).
 *
 * Each thread of a process (kernel/process_thread.c) runs its function
 * under wasm_run_guarded (inside wasm_invoke), which comes back in five
 * ways: the function returned; a trap (the fault path resumed the guard);
 * process_exit or thread_exit (unwound from the syscall with
 * wasm_platform_unwind); a kill (the scheduler's kill hook resumed the
 * guard from an interrupt in compiled code, or process_check_kill unwound
 * at the end of a syscall). The thread then tells process_thread_left,
 * which decides the process's end when it is the first to ask for one
 * and stops the other threads; the last thread to leave gives the
 * program's resources back and wakes waiters.
 *
 * The code cache and the engine's type interning are not reentrant; the
 * work done under them (lookup, compile, instantiate without a start
 * function) is bounded, so it runs with preemption disabled (one CPU; a
 * lock once there are more).
 */
#include "kernel/process.h"

#include "abi/errors.h"
#include "abi/signals.h"
#include "arch/x86_64/layout.h"
#include "error.h"
#include "kernel/archive.h"
#include "kernel/args.h"
#include "kernel/console.h"
#include "kernel/kmalloc.h"
#include "kernel/driver.h"
#include "kernel/loader.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/process_console.h"
#include "kernel/process_internal.h"
#include "kernel/sched.h"
#include "kernel/service.h"
#include "kernel/thread.h"
#include "kernel/vmm.h"
#include "kernel/wait.h"
#include "kernel/wasm_platform.h"
#include "lib/fmt.h"
#include "lib/string.h"

_Static_assert(offsetof(struct process, obj) == 0, "a process's kobject is its address");

static spinlock_t process_list_lock = SPINLOCK_INIT("processes");
/* Guarded by process_list_lock: */
static struct process *processes;
static uint32_t next_pid = 1;
static struct process *init_process; /* adopts orphans; NULL before and after it runs */
static struct process_stats stats;

/* The index of the function export PROCESS_ENTRY of type [] -> []. */
static bool find_entry(const wasm_module_t *m, uint32_t *out, wasm_error_t *err) {
    for (uint32_t i = 0; i < m->export_count; i++) {
        const wasm_export_t *x = &m->exports[i];
        if (x->kind == WASM_EXTERN_FUNC &&
            wasm_name_eq(x->name, PROCESS_ENTRY, sizeof PROCESS_ENTRY - 1)) {
            const wasm_functype_t *t = wasm_func_type(m, x->index);
            if (t->param_count != 0 || t->result_count != 0 || x->index < m->func_import_count) {
                wasm_error_set(err, x->offset, "%s must be a function of type [] -> []",
                               PROCESS_ENTRY);
                return false;
            }
            *out = x->index;
            return true;
        }
    }
    wasm_error_set(err, 0, "no %s export", PROCESS_ENTRY);
    return false;
}

/* The cell of the exported mutable i32 global `__stack_pointer` (the
 * shadow stack pointer clang keeps for C code), or NULL. */
static uint64_t *find_stack_pointer(wasm_instance_t *inst) {
    static const char name[] = "__stack_pointer";
    wasm_extern_t x;
    if (!wasm_instance_export(inst, name, sizeof name - 1, &x) || x.kind != WASM_EXTERN_GLOBAL ||
        x.global_type.type != WASM_I32 || !x.global_type.is_mutable) {
        return NULL;
    }
    return x.global;
}

/* Links and instantiates p's code. A start function would run inside
 * the spawner, unbounded: programs begin at PROCESS_ENTRY instead. */
static bool instantiate(struct process *p, wasm_error_t *err) {
    const wasm_module_t *m = p->code->module;
    if (m->has_start) {
        wasm_error_set(err, 0, "start functions are not supported (programs begin at %s)",
                       PROCESS_ENTRY);
        return false;
    }
    uint32_t n = m->import_count;
    wasm_extern_t *imports = kmalloc((n ? n : 1) * sizeof *imports);
    if (imports == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return false;
    }
    bool ok = find_entry(m, &p->entry, err) && loader_link(m, imports, err);
    if (ok) {
        p->inst = wasm_instantiate(&p->code->loaded, imports, err);
        ok = p->inst != NULL;
    }
    if (ok) {
        p->sp_cell = find_stack_pointer(p->inst);
    }
    kfree(imports);
    return ok;
}

/* Returns the instance (reservation, pages), the code reference and the
 * handles. Called once per process: at its end, or when a process that
 * never ran is killed or freed. Requires: no spinlock held (closing a
 * handle may close a channel). */
static void release_program(struct process *p) {
    uint64_t flags = spin_lock_irqsave(&p->lock);
    wasm_instance_t *inst = p->inst;
    p->inst = NULL; /* process_info reads it under the lock */
    spin_unlock_irqrestore(&p->lock, flags);
    preempt_disable(); /* the code cache (see the top of the file) */
    wasm_instance_free(inst);
    codecache_put(p->code);
    preempt_enable();
    handle_table_destroy(&p->handles);
    process_console_set(p, NULL);
    service_release_owner(&p->obj);
    /* After the handles: a claimed IRQ is free again only once its
     * interrupt object is gone. */
    preempt_disable();
    driver_release(p);
    preempt_enable();
}

static void process_destroy(struct kobject *obj);

static const struct kobject_ops process_ops = {
    .destroy = process_destroy,
};

struct process *process_spawn(const char *name, const uint8_t *bytes, size_t size,
                              wasm_error_t *err) {
    struct process *p = kmalloc(sizeof *p);
    if (p == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return NULL;
    }
    *p = (struct process){.state = PROCESS_READY, .ending = PROCESS_RUNNING, .next_tid = 1};
    list_init(&p->threads);
    strlcpy(p->name, name, sizeof p->name);
    spin_lock_init(&p->lock, "process");
    handle_table_init(&p->handles);
    preempt_disable(); /* the code cache and the engine (see the top of the file) */
    p->code = codecache_get(bytes, size, err);
    bool ok = p->code != NULL && driver_claim(p->name, p->code->module, p, err) &&
              instantiate(p, err);
    if (!ok && p->code != NULL) {
        driver_release(p);
        codecache_put(p->code);
    }
    preempt_enable();
    if (!ok) {
        handle_table_destroy(&p->handles);
        kfree(p);
        return NULL;
    }
    kobject_init(&p->obj, RZ_OBJ_PROCESS, &process_ops, 0);
    uint64_t flags = spin_lock_irqsave(&process_list_lock);
    p->pid = next_pid++;
    p->next = processes;
    processes = p;
    stats.live++;
    stats.spawned++;
    spin_unlock_irqrestore(&process_list_lock, flags);
    return p;
}

void process_set_args(struct process *p, const char *args, uint32_t len) {
    if (p->state != PROCESS_READY || len > sizeof p->args || !args_well_formed(args, len)) {
        panic("process_set_args: %s (pid %u) is started or the arguments are malformed",
              p->name, p->pid);
    }
    memcpy(p->args, args, len);
    p->args_len = len;
}

void process_set_parent(struct process *p, struct process *parent) {
    uint64_t flags = spin_lock_irqsave(&process_list_lock);
    p->parent = parent;
    spin_unlock_irqrestore(&process_list_lock, flags);
}

void process_set_init(struct process *p) {
    uint64_t flags = spin_lock_irqsave(&process_list_lock);
    init_process = p;
    spin_unlock_irqrestore(&process_list_lock, flags);
}

int process_open(struct process *caller, uint32_t pid, struct process **out) {
    int err = RZ_ERR_NOT_FOUND;
    uint64_t flags = spin_lock_irqsave(&process_list_lock);
    struct process *p = processes;
    while (p != NULL && p->pid != pid) {
        p = p->next;
    }
    if (p != NULL) {
        struct process *a = p->parent;
        while (a != NULL && a != caller) {
            a = a->parent;
        }
        if (a == NULL) {
            err = RZ_ERR_ACCESS_DENIED;
        } else if (kobject_try_ref(&p->obj)) { /* else being freed: as if gone */
            *out = p;
            err = RZ_OK;
        }
    }
    spin_unlock_irqrestore(&process_list_lock, flags);
    return err;
}

struct process *process_spawn_from_archive(const char *path, wasm_error_t *err) {
    struct archive_entry e;
    enum archive_status s = loader_find_program(path, &e);
    if (s != ARCHIVE_OK) {
        wasm_error_set(err, 0, "%s",
                       s == ARCHIVE_END ? "not in the boot archive" : "boot archive is malformed");
        return NULL;
    }
    return process_spawn(loader_program_name(path), e.data, (size_t)e.size, err);
}

/* The name of function `func` from the name section, or "func[N]". */
static void func_name(const wasm_module_t *m, uint32_t func, char *out, size_t size) {
    if (func < m->func_count && m->funcs[func].name.len > 0) {
        fmt_snprintf(out, size, "%.*s", (int)m->funcs[func].name.len, m->funcs[func].name.bytes);
    } else {
        fmt_snprintf(out, size, "func[%u]", func);
    }
}

static void report(const struct process *p, enum process_state how, const wasm_trap_t *trap) {
    if (how == PROCESS_TRAPPED) {
        char fn[64], thread[24] = "";
        func_name(p->code->module, trap->func, fn, sizeof fn);
        if (p->trap_tid > 1) {
            fmt_snprintf(thread, sizeof thread, " (thread %u)", p->trap_tid);
        }
        kprintf("process %s (pid %u) trapped: %s in %s at offset 0x%x%s\n", p->name, p->pid,
                wasm_trap_message(trap->kind), fn, trap->wasm_offset, thread);
    } else if (how == PROCESS_KILLED) {
        kprintf("process %s (pid %u) killed\n", p->name, p->pid);
    }
}

/* p's children go to init (to no one when p is init). */
static void reparent_children_locked(struct process *p) {
    struct process *heir = p == init_process ? NULL : init_process;
    for (struct process *q = processes; q != NULL; q = q->next) {
        if (q->parent == p) {
            q->parent = heir;
        }
    }
    if (p == init_process) {
        init_process = NULL;
    }
}

/* The end of a process, as p->ending decided, once its last thread left:
 * report, resources back, state, children to init. Nothing changes
 * p->ending, exit_status or trap any more. The caller wakes the waiters
 * (process_thread_left). */
static void terminate(struct process *p) {
    enum process_state how = p->ending;
    report(p, how, &p->trap);
    release_program(p);
    uint64_t flags = spin_lock_irqsave(&process_list_lock);
    stats.trapped += how == PROCESS_TRAPPED;
    stats.killed += how == PROCESS_KILLED;
    reparent_children_locked(p);
    spin_unlock_irqrestore(&process_list_lock, flags);
    flags = spin_lock_irqsave(&p->lock);
    p->state = how;
    spin_unlock_irqrestore(&p->lock, flags);
}

void process_end_locked(struct process *p, enum process_state how, int32_t status,
                        const wasm_trap_t *trap, uint32_t tid) {
    if (p->ending != PROCESS_RUNNING) {
        return;
    }
    p->ending = how;
    p->exit_status = status;
    if (trap != NULL) {
        p->trap = *trap;
        p->trap_tid = tid;
    }
    for (struct list_node *n = p->threads.next; n != &p->threads; n = n->next) {
        struct proc_thread *pt = list_entry(n, struct proc_thread, link);
        if (pt->thread != NULL) {
            thread_kill(pt->thread); /* under p->lock: it cannot be freed meanwhile */
        }
    }
}

void process_thread_left(struct proc_thread *pt, enum process_state how, int32_t status,
                         const wasm_trap_t *trap) {
    struct process *p = pt->proc;
    uint64_t flags = spin_lock_irqsave(&p->lock);
    list_remove(&pt->link);
    pt->thread = NULL;
    bool last = --p->num_threads == 0;
    if (how != PROCESS_RUNNING) {
        process_end_locked(p, how, status, trap, pt->tid);
    } else if (last) {
        process_end_locked(p, PROCESS_EXITED, 0, NULL, 0); /* every thread called thread_exit */
    }
    spin_unlock_irqrestore(&p->lock, flags);
    if (last) {
        terminate(p);
    }
    /* Whoever the end wakes runs only once this thread holds p no more
     * (one CPU: no switch while preemption is disabled). A process
     * leaves the list when its last reference goes, so once the waiter
     * closes its handle p is gone: `kill 4` then `ps` in the shell does
     * not list pid 4. */
    preempt_disable();
    if (last) {
        kobject_signal(&p->obj, 0, RZ_SIG_TERMINATED);
    }
    kobject_signal(&pt->obj, 0, RZ_SIG_TERMINATED);
    kobject_unref(&pt->obj); /* the thread's */
    kobject_unref(&p->obj);  /* the thread's */
    preempt_enable();
}

/* The scheduler calls this on the way out of every interrupt taken by a
 * thread with a kill pending. */
static void kill_hook(struct trap_frame *tf) {
    if (thread_current()->owner != NULL) {
        wasm_platform_unwind_frame(tf);
    }
}

bool process_start(struct process *p) {
    sched_set_preempt_hook(kill_hook); /* the same hook every time */
    uint64_t flags = spin_lock_irqsave(&p->lock);
    if (p->state != PROCESS_READY) {
        /* Killed before it started: by another thread of the spawner,
         * which already holds the handle process_spawn allocates, or by
         * an ancestor that opened it by pid (process_open). */
        spin_unlock_irqrestore(&p->lock, flags);
        return false;
    }
    p->state = PROCESS_RUNNING;
    spin_unlock_irqrestore(&p->lock, flags);
    struct proc_thread *main = proc_thread_new(p, p->entry, 0, p->sp_cell ? *p->sp_cell : 0);
    bool ok = main != NULL && proc_thread_start(main) == RZ_OK;
    if (main != NULL) {
        kobject_unref(&main->obj); /* its thread keeps it */
    }
    if (!ok) {
        flags = spin_lock_irqsave(&p->lock);
        p->state = PROCESS_READY;
        spin_unlock_irqrestore(&p->lock, flags);
    }
    return ok;
}

bool process_wait(struct process *p, uint64_t deadline_ns) {
    struct kobject *objs[1] = {&p->obj};
    uint32_t waitfor = RZ_SIG_TERMINATED, observed;
    struct kobserver observer;
    return wait_objects(objs, &waitfor, &observed, &observer, 1, deadline_ns) == RZ_OK;
}

void process_kill(struct process *p) {
    uint64_t flags = spin_lock_irqsave(&p->lock);
    if (p->state == PROCESS_READY) {
        p->state = PROCESS_KILLED;
        spin_unlock_irqrestore(&p->lock, flags);
        release_program(p);
        flags = spin_lock_irqsave(&process_list_lock);
        stats.killed++;
        reparent_children_locked(p);
        spin_unlock_irqrestore(&process_list_lock, flags);
        kobject_signal(&p->obj, 0, RZ_SIG_TERMINATED);
        return;
    }
    if (p->state == PROCESS_RUNNING) {
        process_end_locked(p, PROCESS_KILLED, 0, NULL, 0);
    }
    spin_unlock_irqrestore(&p->lock, flags);
}

void process_release(struct process *p) {
    kobject_unref(&p->obj);
}

/* The last reference is gone: nothing can reach p any more. */
static void process_destroy(struct kobject *obj) {
    struct process *p = (struct process *)obj;
    uint64_t flags = spin_lock_irqsave(&process_list_lock);
    struct process **link = &processes;
    while (*link != p) {
        link = &(*link)->next;
    }
    *link = p->next;
    stats.live--;
    reparent_children_locked(p); /* none once it ended; this keeps parents alive */
    spin_unlock_irqrestore(&process_list_lock, flags);
    if (p->state == PROCESS_READY) {
        release_program(p); /* spawned, never started */
    }
    /* Handles moved into a process killed before it started, after its
     * program was released (see process_start). */
    handle_table_destroy(&p->handles);
    kfree(p);
}

struct process *process_from_ctx(wasm_ctx_t *ctx) {
    struct process *p = thread_current()->owner;
    if (p == NULL || p->inst == NULL || &p->inst->ctx != ctx) {
        panic("process_from_ctx: %p is not the current process's context", (void *)ctx);
    }
    return p;
}

void process_exit(struct process *p, int32_t status) {
    struct proc_thread *pt = proc_thread_current();
    if (pt->proc != p) {
        panic("process_exit: %s (pid %u) is not the caller's process", p->name, p->pid);
    }
    pt->note = PT_NOTE_PROCESS_EXIT;
    pt->exit_status = status;
    wasm_platform_unwind();
}

void process_check_kill(void) {
    struct thread *self = thread_current();
    if (self->owner != NULL && self->kill_pending) {
        wasm_platform_unwind();
    }
}

_Static_assert(PROCESS_NAME_MAX == RZ_PROCESS_NAME_MAX, "process names are ABI");
_Static_assert(PROCESS_READY == RZ_PROCESS_READY && PROCESS_RUNNING == RZ_PROCESS_RUNNING &&
                   PROCESS_EXITED == RZ_PROCESS_EXITED && PROCESS_TRAPPED == RZ_PROCESS_TRAPPED &&
                   PROCESS_KILLED == RZ_PROCESS_KILLED,
               "process states are ABI");
_Static_assert(WASM_TRAP_UNREACHABLE == RZ_TRAP_UNREACHABLE &&
                   WASM_TRAP_MEMORY_OOB == RZ_TRAP_MEMORY_OUT_OF_BOUNDS &&
                   WASM_TRAP_DIV_ZERO == RZ_TRAP_DIVIDE_BY_ZERO &&
                   WASM_TRAP_INT_OVERFLOW == RZ_TRAP_INTEGER_OVERFLOW &&
                   WASM_TRAP_INVALID_CONVERSION == RZ_TRAP_INVALID_CONVERSION &&
                   WASM_TRAP_UNDEFINED_ELEMENT == RZ_TRAP_UNDEFINED_ELEMENT &&
                   WASM_TRAP_UNINITIALIZED_ELEMENT == RZ_TRAP_UNINITIALIZED_ELEMENT &&
                   WASM_TRAP_SIGNATURE_MISMATCH == RZ_TRAP_SIGNATURE_MISMATCH &&
                   WASM_TRAP_STACK_EXHAUSTED == RZ_TRAP_STACK_EXHAUSTED &&
                   WASM_TRAP_TABLE_OOB == RZ_TRAP_TABLE_OUT_OF_BOUNDS &&
                   WASM_TRAP_PORT_DENIED == RZ_TRAP_PORT_DENIED &&
                   WASM_TRAP_KIND_COUNT == RZ_TRAP_PORT_DENIED + 1,
               "trap kinds are ABI");

void process_info(struct process *p, rz_process_info_t *out) {
    uint64_t flags = spin_lock_irqsave(&p->lock);
    *out = (rz_process_info_t){.pid = p->pid, .state = p->state};
    if (p->state == PROCESS_EXITED) {
        out->exit_status = p->exit_status;
    } else if (p->state == PROCESS_TRAPPED) {
        out->trap = p->trap.kind;
    }
    if (p->inst != NULL && p->inst->memory != NULL) { /* its own memory 0 */
        struct vmm_region *r = vmm_find((uint64_t)(uintptr_t)p->inst->memory);
        out->memory_size = p->inst->memory_own.size;
        out->memory_committed = r != NULL ? r->committed * PAGE_SIZE : 0;
    }
    spin_unlock_irqrestore(&p->lock, flags);
}

struct process_stats process_stats(void) {
    uint64_t flags = spin_lock_irqsave(&process_list_lock);
    struct process_stats s = stats;
    spin_unlock_irqrestore(&process_list_lock, flags);
    return s;
}

size_t process_list(uint32_t first_pid, rz_process_entry_t *out, size_t cap) {
    uint64_t flags = spin_lock_irqsave(&process_list_lock);
    /* The list is newest first and pids only grow: decreasing pids. Skip
     * the highest ones beyond cap, then fill from the end. */
    size_t matching = 0;
    for (struct process *p = processes; p != NULL; p = p->next) {
        matching += p->pid >= first_pid;
    }
    size_t n = matching < cap ? matching : cap;
    size_t skip = matching - n, i = n;
    for (struct process *p = processes; p != NULL && i > 0; p = p->next) {
        if (p->pid < first_pid) {
            continue;
        }
        if (skip > 0) {
            skip--;
            continue;
        }
        rz_process_entry_t *e = &out[--i];
        process_info(p, &e->info); /* p->lock nests inside the list lock */
        memset(e->name, 0, sizeof e->name);
        strlcpy(e->name, p->name, sizeof e->name);
    }
    spin_unlock_irqrestore(&process_list_lock, flags);
    return n;
}
