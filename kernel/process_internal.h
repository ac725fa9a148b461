/* What kernel/process.c and kernel/process_thread.c share and nobody else
 * uses. */
#ifndef RZ_KERNEL_PROCESS_INTERNAL_H
#define RZ_KERNEL_PROCESS_INTERNAL_H

#include "kernel/process.h"
#include "kernel/process_thread.h"

/*
 * Decides how p ends (a no-op when that is already decided): `how` with
 * status, trap (PROCESS_TRAPPED) and the trapping thread's id, and asks
 * every thread still on p->threads to stop. Requires: p->lock held.
 */
void process_end_locked(struct process *p, enum process_state how, int32_t status,
                        const wasm_trap_t *trap, uint32_t tid);

/*
 * pt has left its wasm code for good; `how` (PROCESS_RUNNING: nothing)
 * is the end it asks of its process (see process_end_locked). Takes pt
 * off p's list; when it was the last thread, ends p as decided (status 0
 * when nothing was: its threads all called thread_exit), giving back
 * everything p used. Then signals RZ_SIG_TERMINATED (p's when it ended,
 * and pt's) and drops the thread's references to pt and p, no waiter
 * running in between. Requires: called by pt's own thread, which no
 * longer runs wasm code and holds one reference to each.
 */
void process_thread_left(struct proc_thread *pt, enum process_state how, int32_t status,
                         const wasm_trap_t *trap);

#endif
