/* Host double of processes for the syscall tests; see doubles/kernel/process.h. */
#include <stdlib.h>

#include "kernel/process.h"

struct process *process_from_ctx(wasm_ctx_t *ctx) {
    return (struct process *)((char *)ctx - offsetof(struct process, ctx));
}

struct process *process_double_new(size_t mem_size) {
    struct process *p = calloc(1, sizeof(*p));
    if (p == NULL) {
        return NULL;
    }
    p->ctx.mem0_base = calloc(1, mem_size);
    if (p->ctx.mem0_base == NULL) {
        free(p);
        return NULL;
    }
    p->ctx.mem0_size = mem_size;
    handle_table_init(&p->handles);
    return p;
}

void process_double_free(struct process *p) {
    handle_table_destroy(&p->handles);
    free(p->ctx.mem0_base);
    free(p);
}
