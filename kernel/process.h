/*
 * Processes: software-isolated. A process is an instance of a compiled
 * module (shared through the code cache) with its own linear memory in its
 * own 8 GiB reservation, committed lazily.
 *
 * Containment: a trap ends the process it happened in and nothing else.
 * The console gets one report naming the process, the trap kind, the wasm
 * function (by its name-section name when it has one) and the instruction
 * offset; then the instance (its reservation and every page), and the
 * process's reference to the compiled code are returned.
 *
 * Today a process runs on the thread that calls process_run, to the end of
 * its entry function, an exit or a trap. The scheduler will give each
 * process its own thread, and objects its handle table and kernel-object
 * header (TERMINATED for waiters); see the report in docs.
 * Locks: none yet; callers serialize (one CPU, one thread).
 */
#ifndef RZ_KERNEL_PROCESS_H
#define RZ_KERNEL_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/codecache.h"
#include "runtime/instance.h"

#define PROCESS_NAME_MAX 32
/* The export a process starts at: a WASI command's entry, () -> (). */
#define PROCESS_ENTRY "_start"

enum process_state {
    PROCESS_READY,   /* spawned, not run yet */
    PROCESS_RUNNING, /* in process_run */
    PROCESS_EXITED,  /* its entry returned (status 0) or it called exit */
    PROCESS_TRAPPED, /* a wasm trap ended it; see trap */
};

struct process {
    char name[PROCESS_NAME_MAX];
    uint32_t pid;
    enum process_state state;
    int32_t exit_status; /* PROCESS_EXITED */
    wasm_trap_t trap;    /* PROCESS_TRAPPED */
    struct code_entry *code;
    wasm_instance_t *inst;
    uint32_t entry; /* function index of PROCESS_ENTRY */
    struct process *next; /* in the list of every process */
};

struct process_stats {
    uint64_t live;    /* spawned, not yet destroyed */
    uint64_t spawned; /* since boot */
    uint64_t trapped; /* since boot */
};

/*
 * A new process running `bytes` (a wasm module; copied by the code cache
 * if it compiles it). NULL with err filled in when the module is invalid,
 * does not compile, imports something that is not a syscall, has no
 * PROCESS_ENTRY of type () -> (), cannot be instantiated, or memory runs out.
 */
struct process *process_spawn(const char *name, const uint8_t *bytes, size_t size,
                              wasm_error_t *err);

/* As process_spawn, for the regular file `path` of the boot archive. */
struct process *process_spawn_from_archive(const char *path, wasm_error_t *err);

/* Runs p's entry on the calling thread until it returns, exits or traps.
 * Requires: p is READY. Ensures: p is EXITED or TRAPPED. */
void process_run(struct process *p);

/* Returns everything p holds. Requires: p is not RUNNING. */
void process_destroy(struct process *p);

/* The process whose instance context this is (what a syscall receives). */
struct process *process_from_ctx(wasm_ctx_t *ctx);

/* Ends the running process p with `status`. Requires: called from a
 * syscall of p (it unwinds p's wasm frames and does not return). */
_Noreturn void process_exit(struct process *p, int32_t status);

struct process_stats process_stats(void);

#endif
