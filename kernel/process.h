/*
 * Processes: software-isolated. A process is an instance of a compiled
 * module (shared through the code cache) with its own linear memory in its
 * own 8 GiB reservation, committed lazily, run by its threads: the main
 * thread, which runs PROCESS_ENTRY, and those it creates with thread_create
 * (kernel/process_thread.h).
 *
 * A process is a kernel object (RZ_OBJ_PROCESS) with its own handle table.
 *
 * Life cycle: process_spawn (validate, compile or find in the cache, link,
 * instantiate: READY) -> process_start (a thread runs PROCESS_ENTRY:
 * RUNNING) -> EXITED (the entry returned: status 0, or process_exit),
 * TRAPPED (a wasm trap) or KILLED (process_kill). At that moment
 * everything the program used is returned (instance, reservation and
 * pages, code reference, every handle in its table) and the object
 * signals RZ_SIG_TERMINATED; the struct lives while references remain.
 *
 * Containment: a trap ends the process it happened in and nothing else.
 * The console gets one report naming the process, the trap kind, the wasm
 * function (its name-section name when it has one), the instruction
 * offset and, for a thread other than the main one, the thread.
 *
 * Family: a process spawned by another (process_spawn) records it as its
 * parent; when a process ends, its children go to init (process_set_init),
 * or to no one when init itself ends. A process may open a handle to any
 * of its descendants by pid (process_open), not to anyone else.
 *
 * Kill: process_kill works wherever the victim's threads are. Stopped by an interrupt
 * inside compiled code, it is unwound by the scheduler's kill hook when it
 * next runs; blocked in the kernel, it is woken with WAKE_KILLED; running
 * kernel code, it leaves at the end of the kernel call
 * (process_check_kill, which every syscall calls before returning).
 */
#ifndef RZ_KERNEL_PROCESS_H
#define RZ_KERNEL_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include "abi/types.h"
#include "kernel/codecache.h"
#include "kernel/handle.h"
#include "kernel/list.h"
#include "kernel/object.h"
#include "kernel/param.h"
#include "kernel/spinlock.h"
#include "runtime/instance.h"

/* The export a process starts at: a WASI command's entry, () -> (). */
#define PROCESS_ENTRY "_start"

enum process_state {
    PROCESS_READY,   /* spawned, not started */
    PROCESS_RUNNING, /* its threads run (or are about to) */
    PROCESS_EXITED,  /* its entry returned (status 0) or it called exit */
    PROCESS_TRAPPED, /* a wasm trap ended it; see trap */
    PROCESS_KILLED,  /* process_kill ended it */
};

struct proc_thread;

struct process {
    struct kobject obj;          /* RZ_OBJ_PROCESS; refcount is the struct's lifetime */
    struct handle_table handles; /* emptied at termination */
    char name[PROCESS_NAME_MAX]; /* fixed at spawn */
    /* Fixed before start (process_set_args): NUL-terminated arguments,
     * one after the other. */
    char args[RZ_PROCESS_ARGS_MAX];
    uint32_t args_len;
    uint32_t pid;                /* fixed at spawn */
    struct code_entry *code;     /* fixed at spawn; its reference dropped at termination */
    uint32_t entry;              /* function index of PROCESS_ENTRY */
    spinlock_t lock;
    /* Guarded by lock: */
    enum process_state state;
    int32_t exit_status; /* PROCESS_EXITED */
    wasm_trap_t trap;    /* PROCESS_TRAPPED */
    /* How the process ends, once decided (PROCESS_RUNNING until then):
     * exit_status and trap are set at the same moment, and every thread
     * is asked to stop. state takes this value when the last one left. */
    enum process_state ending;
    uint32_t trap_tid;         /* PROCESS_TRAPPED: the thread that trapped */
    struct list_node threads;  /* struct proc_thread.link: those not yet ended */
    uint32_t num_threads;      /* on that list */
    uint32_t next_tid;         /* the next thread's id (the main thread is 1) */
    /* Used by the process's threads while RUNNING; set to NULL under lock
     * (then freed) when the program is released. */
    wasm_instance_t *inst;
    /* The cell of the module's exported `__stack_pointer` (i32, mutable),
     * or NULL: fixed at spawn. Its value and inst->ctx.stack_limit are
     * per thread; ctx_thread is the thread whose values they hold
     * (kernel/process_thread.c; changed with interrupts disabled). */
    uint64_t *sp_cell;
    struct proc_thread *ctx_thread;
    /* The console (kernel/process_console.h): a channel endpoint with a
     * reference and a handle count, or NULL. Guarded by lock; dropped
     * when the program is released. */
    struct kobject *console;
    /* The handles process_spawn moved in, by their index in the spawner's
     * array; RZ_HANDLE_INVALID once startup_handle returned one. */
    rz_handle_t startup[RZ_CHANNEL_MAX_HANDLES];
    uint32_t num_startup;
    struct process *next;        /* in the list of all processes; process_list_lock */
    /* Guarded by process_list_lock: who spawned it (NULL: the kernel, or
     * an orphan once init has ended). A parent is always READY or
     * RUNNING: children move on when it ends (and, for one that never
     * ran, when it is freed), so the pointer needs no reference. */
    struct process *parent;
};

struct process_stats {
    uint64_t live;    /* spawned, not yet freed */
    uint64_t spawned; /* since boot */
    uint64_t trapped; /* since boot */
    uint64_t killed;  /* since boot */
};

/*
 * A new READY process running `bytes` (a wasm module; the code cache keeps
 * its own copy if it compiles it); the caller holds one reference (a
 * kobject reference: process_release or kobject_unref drops it). NULL
 * with err filled in when the module is invalid, does not compile, has a
 * start function, imports anything but a syscall, has no PROCESS_ENTRY of
 * type [] -> [], cannot be instantiated, or memory runs out.
 */
struct process *process_spawn(const char *name, const uint8_t *bytes, size_t size,
                              wasm_error_t *err);

/* As process_spawn, for the regular file `path` of the boot archive. */
struct process *process_spawn_from_archive(const char *path, wasm_error_t *err);

/* Gives a READY process its arguments: len bytes (at most
 * RZ_PROCESS_ARGS_MAX), each argument ending with a NUL. */
void process_set_args(struct process *p, const char *args, uint32_t len);

/* Records parent (RUNNING) as the READY process p's parent. */
void process_set_parent(struct process *p, struct process *parent);

/* Makes the READY process p init: from now on the children of a process
 * that ends become its children. */
void process_set_init(struct process *p);

/* A reference to the process numbered pid, when caller is one of its
 * ancestors: RZ_OK and *out, RZ_ERR_NOT_FOUND when no process (spawned,
 * not yet freed) has that pid, RZ_ERR_ACCESS_DENIED when caller is not
 * an ancestor (a process is not its own). */
int process_open(struct process *caller, uint32_t pid, struct process **out);

/* Gives a READY process its main thread. False when out of memory (p
 * stays READY) or when p was killed before it started (handles put in
 * its table since then close when it is freed). */
bool process_start(struct process *p);

/* Blocks until p signals RZ_SIG_TERMINATED (true) or deadline_ns passes
 * or the caller is killed (false). */
bool process_wait(struct process *p, uint64_t deadline_ns);

/* Ends p however it is running; a no-op once it has terminated. A READY
 * process becomes KILLED at once. */
void process_kill(struct process *p);

/* Drops the caller's reference; the last one frees p (which has
 * terminated or never started). */
void process_release(struct process *p);

/* The process whose instance context this is (what a syscall receives):
 * the current thread's. Panics when it is not (a kernel bug). */
struct process *process_from_ctx(wasm_ctx_t *ctx);

/* Ends the calling process with `status`, whatever its other threads are
 * doing. Requires: called from a syscall of the current thread's process;
 * unwinds its wasm frames. */
_Noreturn void process_exit(struct process *p, int32_t status);

/* The end of every syscall: if the calling process is being killed,
 * unwinds it now instead of returning into compiled code. */
void process_check_kill(void);

/* A consistent snapshot of p's state for process_info (abi/types.h). */
void process_info(struct process *p, rz_process_info_t *out);

struct process_stats process_stats(void);

/* Fills out[0..n) with the processes that exist (spawned, not yet freed)
 * whose pid is at least first_pid, the n lowest such pids in increasing
 * order, n at most cap; returns n. */
size_t process_list(uint32_t first_pid, rz_process_entry_t *out, size_t cap);

#endif
