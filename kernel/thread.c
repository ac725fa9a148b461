/*
 * Thread creation and freeing. A thread is one vmm region, committed
 * up front: the stack from its base, then struct thread in the pages
 * above it (page-aligned, which XSAVE's 64-byte alignment needs). The
 * region before it in the window ends in an unmapped guard page, so an
 * overflow faults instead of running into other memory; the stack cannot
 * be committed lazily, because the page fault would need the very stack
 * page that is missing. Scheduling is in kernel/sched.c.
 */
#include "kernel/thread.h"

#include "arch/x86_64/layout.h"
#include "arch/x86_64/switch.h"
#include "kernel/panic.h"
#include "kernel/sched_internal.h"
#include "kernel/vm_prot.h"
#include "kernel/vmm.h"
#include "lib/string.h"

static size_t page_round_up(size_t n) {
    return (n + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
}

struct thread *thread_create(const char *name, void (*entry)(void *), void *arg, int priority,
                             size_t stack_size) {
    if (priority < THREAD_PRIO_MIN || priority > THREAD_PRIO_MAX) {
        panic("thread_create(%s): priority %d outside %d..%d", name, priority, THREAD_PRIO_MIN,
              THREAD_PRIO_MAX);
    }
    if (stack_size == 0) {
        stack_size = THREAD_STACK_DEFAULT;
    }
    if (stack_size < THREAD_STACK_MIN || stack_size > ((size_t)1 << 30)) {
        panic("thread_create(%s): stack of %zu bytes outside %d..1 GiB", name, stack_size,
              THREAD_STACK_MIN);
    }
    stack_size = page_round_up(stack_size);
    struct vmm_region *r = vmm_reserve(stack_size + page_round_up(sizeof(struct thread)), VM_RW, 0);
    if (r == NULL) {
        return NULL;
    }
    if (!vmm_commit(r, 0, r->size)) {
        vmm_release(r);
        return NULL;
    }
    struct thread *t = (struct thread *)(r->base + stack_size);
    memset(t, 0, sizeof(*t));
    strlcpy(t->name, name, sizeof(t->name));
    t->priority = priority;
    t->stack_base = r->base;
    t->stack_size = stack_size;
    t->stack_limit = r->base + THREAD_STACK_HEADROOM;
    t->region = r;
    t->entry = entry;
    t->arg = arg;
    list_init(&t->run_link);
    list_init(&t->sleep_link);
    list_init(&t->wait_link);
    fpu_state_init(&t->fpu);
    t->saved_rsp = arch_switch_frame_init(r->base + stack_size, sched_thread_start, t);
    sched_add(t);
    return t;
}

void thread_free(struct thread *t) {
    vmm_release(t->region);
}

bool thread_in_stack_guard(const struct thread *t, uintptr_t addr) {
    return t != NULL && t->region != NULL && addr < t->stack_base &&
           addr >= t->stack_base - PAGE_SIZE;
}
