/*
 * The thread syscalls (include/abi/syscalls.def): thread_create decodes
 * its arguments (the handle slot, the module's shadow stack pointer, the
 * stack top, the entry in table 0) before it creates anything; the new
 * thread is the last step, undone (its handle closed) when it finds no
 * memory.
 */
#include "abi/errors.h"
#include "abi/rights.h"
#include "kernel/process.h"
#include "kernel/process_thread.h"
#include "kernel/sys.h"
#include "lib/string.h"

/* Shadow stacks keep the 16-byte alignment clang's C code assumes. */
#define THREAD_STACK_ALIGN 16u

int32_t sys_thread_create(wasm_ctx_t *ctx, uint32_t entry, uint32_t arg, guest_addr_t stack_top,
                          guest_addr_t out) {
    void *kout, *ktop;
    int err = guest_range(ctx, out, sizeof(rz_handle_t), &kout);
    if (err != RZ_OK) {
        return err;
    }
    struct process *p = process_from_ctx(ctx);
    if (p->sp_cell == NULL) {
        return RZ_ERR_NOT_SUPPORTED;
    }
    err = guest_range(ctx, stack_top, 0, &ktop); /* the top may be the memory's end */
    if (err != RZ_OK) {
        return err;
    }
    uint32_t func;
    if (stack_top % THREAD_STACK_ALIGN != 0 || !proc_thread_resolve_entry(p->inst, entry, &func)) {
        return RZ_ERR_INVALID_ARGS;
    }
    struct proc_thread *pt = proc_thread_new(p, func, arg, stack_top);
    if (pt == NULL) {
        return RZ_ERR_NO_MEMORY;
    }
    struct handle_table *tab = sys_handles(ctx);
    rz_handle_t h;
    err = handle_alloc(tab, &pt->obj, RZ_DEFAULT_THREAD_RIGHTS, &h);
    if (err == RZ_OK) {
        err = proc_thread_start(pt);
        if (err != RZ_OK) {
            handle_close(tab, h);
        }
    }
    if (err == RZ_OK) {
        memcpy(kout, &h, sizeof h);
    }
    kobject_unref(&pt->obj); /* the handle and the thread keep it */
    return err;
}

void sys_thread_exit(wasm_ctx_t *ctx) {
    process_from_ctx(ctx); /* panics unless a process thread calls */
    proc_thread_exit();
}
