/* Host double of processes for the syscall tests; see doubles/kernel/process.h. */
#include <stdlib.h>

#include "kernel/console.h"
#include "kernel/process.h"
#include "lib/string.h"

static char console_buf[256];
static size_t console_len;

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
    p->mem0 = (wasm_memory_t){.base = p->ctx.mem0_base, .size = mem_size};
    p->ctx.mem0 = &p->mem0;
    handle_table_init(&p->handles);
    return p;
}

void process_double_free(struct process *p) {
    handle_table_destroy(&p->handles);
    free(p->ctx.mem0_base);
    free(p);
}

/* The double's memory is a heap buffer, backed from the start. */
bool guest_back(void *p, uint64_t len) {
    return true;
}

void console_write(const char *s, size_t n) {
    size_t room = sizeof(console_buf) - 1 - console_len;
    n = n < room ? n : room;
    memcpy(console_buf + console_len, s, n);
    console_len += n;
    console_buf[console_len] = '\0';
}

const char *console_double_take(void) {
    static char taken[sizeof(console_buf)];
    memcpy(taken, console_buf, console_len + 1);
    console_len = 0;
    console_buf[0] = '\0';
    return taken;
}
