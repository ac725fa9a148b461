/*
 * Host double of kernel/process.h: what the syscall layer needs of a
 * process (its handle table, found from the instance context), with a
 * plain buffer as linear memory.
 */
#ifndef RZ_KERNEL_PROCESS_H
#define RZ_KERNEL_PROCESS_H

#include <stddef.h>

#include "compile/ctx.h"
#include "kernel/handle.h"

struct process {
    struct handle_table handles;
    wasm_ctx_t ctx;      /* memory 0 is mem0, over a heap buffer */
    wasm_memory_t mem0;
};

struct process *process_from_ctx(wasm_ctx_t *ctx);

/* Test controls: a process with mem_size bytes of zeroed memory. */
struct process *process_double_new(size_t mem_size);
void process_double_free(struct process *p);
/* What console_write printed since the last call (then forgets it). */
const char *console_double_take(void);

#endif
