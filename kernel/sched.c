/*
 * The scheduler (design in docs/scheduler.md).
 *
 * Protocol, as in xv6: every scheduling decision happens in sched_switch()
 * with interrupts disabled and sched.lock held. The lock stays held across
 * arch_switch and is released by the thread that resumes (after its own
 * sched_switch call, or in sched_thread_start for a new thread), so the
 * outgoing thread's state change and its switch are one step.
 *
 * An interrupt arrives on the current thread's stack. When its handler
 * made a switch due, trap_dispatch calls sched_irq_exit, which switches
 * with the interrupt frame left on that stack; when the thread is picked
 * again, the switch returns, and the interrupt returns with iretq to
 * whatever was interrupted, JIT code included. Kernel C code never
 * touches FPU/SSE registers (-mno-sse), so between the interrupt and the
 * fpu_save in sched_switch they still hold the interrupted thread's values.
 */
#include "kernel/sched.h"

#include "arch/x86_64/lapic.h"
#include "arch/x86_64/switch.h"
#include "kernel/clock.h"
#include "kernel/panic.h"
#include "kernel/sched_internal.h"
#include "lib/string.h"

struct preempt_state preempt_state;

extern char boot_stack_bottom[], boot_stack_top[];

/* The boot stack's context, once sched_init ran. */
static struct thread idle_thread;

static struct {
    /* Protects everything below and the scheduling fields of every
     * struct thread (thread.h). Held with interrupts disabled. */
    spinlock_t lock;
    struct thread *current;
    struct list_node runq[SCHED_PRIORITIES]; /* READY threads, FIFO per priority */
    unsigned ready_mask;                     /* bit p set: runq[p] not empty */
    struct list_node sleepers;               /* BLOCKED with a deadline, earliest first */
    struct thread *dead;                     /* exited; freed right after the switch away */
    unsigned live;                           /* threads not yet freed */
    uint64_t switches;
    sched_preempt_hook_fn hook;
    sched_switch_hook_fn switch_hook;
} sched = {.lock = SPINLOCK_INIT("sched")};

static bool interrupts_enabled(void) {
    uint64_t flags;
    __asm__ volatile("pushfq; popq %0" : "=r"(flags));
    return (flags & RFLAGS_IF) != 0;
}

static void sched_timer_irq(struct trap_frame *tf, void *ctx);

/* Programs the one-shot timer for the next event: the earliest sleeper's
 * deadline, the end of the current slice if a peer of the same priority
 * waits, and a slice from now while the current thread has a kill
 * pending. Nothing to wait for stops the timer (tickless).
 *
 * The last: a killed thread that resumes in kernel code on its way back
 * into compiled code (past process_check_kill, say) is unwound only by the
 * kill hook of a later interrupt; running alone, it would otherwise get
 * none and spin in compiled code for ever. */
static void timer_rearm(uint64_t now) {
    uint64_t next = DEADLINE_NEVER;
    if (!list_empty(&sched.sleepers)) {
        next = list_entry(sched.sleepers.next, struct thread, sleep_link)->deadline_ns;
    }
    struct thread *cur = sched.current;
    if (cur != &idle_thread && (sched.ready_mask & (1u << cur->priority)) != 0 &&
        cur->slice_end_ns < next) {
        next = cur->slice_end_ns;
    }
    if (cur != &idle_thread && cur->kill_pending && now + SCHED_SLICE_NS < next) {
        next = now + SCHED_SLICE_NS;
    }
    if (next == DEADLINE_NEVER) {
        lapic_timer_stop();
    } else {
        lapic_timer_oneshot(next > now ? next - now : 1, sched_timer_irq, NULL);
    }
}

/* Requires: sched.lock. A running thread's slice is counted from the
 * moment a peer of its priority waits, not from when it last switched in
 * (it may have run alone for a long time). */
static void make_ready(struct thread *t) {
    struct thread *cur = sched.current;
    if (t->priority == cur->priority && (sched.ready_mask & (1u << t->priority)) == 0 &&
        cur->state == THREAD_RUNNING) {
        cur->slice_end_ns = clock_ns() + SCHED_SLICE_NS;
    }
    t->state = THREAD_READY;
    list_push_back(&sched.runq[t->priority], &t->run_link);
    sched.ready_mask |= 1u << t->priority;
    if (t->priority > cur->priority) {
        preempt_state.need_resched = true;
    }
}

static struct thread *pick_next(void) {
    if (sched.ready_mask == 0) {
        return &idle_thread;
    }
    int p = 31 - __builtin_clz(sched.ready_mask);
    struct thread *t = list_entry(list_pop_front(&sched.runq[p]), struct thread, run_link);
    if (list_empty(&sched.runq[p])) {
        sched.ready_mask &= ~(1u << p);
    }
    return t;
}

/* Runs on the thread that was just switched to, sched.lock still held. */
static void finish_switch(void) {
    struct thread *dead = sched.dead;
    if (dead != NULL) {
        sched.dead = NULL;
        sched.live--;
        thread_free(dead);
    }
}

/*
 * Picks the next thread and switches to it; returns when the caller is
 * picked again (never for a DEAD caller). A RUNNING caller goes to the
 * tail of its run queue; a BLOCKED or DEAD one was taken care of by the
 * caller. Requires: sched.lock held, interrupts disabled.
 */
static void sched_switch(void) {
    struct thread *prev = sched.current;
    uint64_t now = clock_ns();
    if (prev->state == THREAD_RUNNING && prev != &idle_thread) {
        make_ready(prev);
    }
    struct thread *next = pick_next();
    preempt_state.need_resched = false;
    prev->runtime_ns += now - prev->run_start_ns;
    next->run_start_ns = now;
    next->slice_end_ns = now + SCHED_SLICE_NS;
    next->state = THREAD_RUNNING;
    sched.current = next;
    timer_rearm(now);
    if (next == prev) {
        return;
    }
    sched.switches++;
    next->dispatches++;
    if (prev->state != THREAD_DEAD) {
        fpu_save(&prev->fpu);
    }
    fpu_restore(&next->fpu);
    if (sched.switch_hook != NULL) {
        sched.switch_hook(next);
    }
    arch_switch(&prev->saved_rsp, next->saved_rsp);
    finish_switch();
}

static void check_may_switch(const char *who) {
    if (preempt_state.count != 0) {
        panic("%s with preemption disabled (count %u)", who, preempt_state.count);
    }
}

void sched_init(void) {
    for (int p = 0; p < SCHED_PRIORITIES; p++) {
        list_init(&sched.runq[p]);
    }
    list_init(&sched.sleepers);
    struct thread *t = &idle_thread;
    strlcpy(t->name, "idle", sizeof(t->name));
    t->priority = THREAD_PRIO_IDLE;
    t->state = THREAD_RUNNING;
    t->stack_base = (uintptr_t)boot_stack_bottom;
    t->stack_size = (size_t)(boot_stack_top - boot_stack_bottom);
    t->stack_limit = t->stack_base;
    list_init(&t->run_link);
    list_init(&t->sleep_link);
    list_init(&t->wait_link);
    fpu_state_init(&t->fpu);
    t->run_start_ns = clock_ns();
    sched.current = t;
    sched.live = 1;
}

_Noreturn void sched_start(void) {
    for (;;) {
        __asm__ volatile("cli");
        if (sched.ready_mask != 0) {
            spin_lock(&sched.lock);
            sched_switch();
            spin_unlock(&sched.lock);
        }
        /* sti takes effect after the next instruction: an interrupt that
         * makes a thread ready ends the hlt, it cannot slip in before it. */
        __asm__ volatile("sti; hlt");
    }
}

_Noreturn void sched_thread_start(void *arg) {
    struct thread *t = arg;
    finish_switch();
    spin_unlock(&sched.lock);
    __asm__ volatile("sti");
    t->entry(t->arg);
    thread_exit();
}

void sched_add(struct thread *t) {
    uint64_t flags = spin_lock_irqsave(&sched.lock);
    sched.live++;
    make_ready(t);
    timer_rearm(clock_ns());
    spin_unlock_irqrestore(&sched.lock, flags);
}

struct thread *thread_current(void) {
    return sched.current;
}

unsigned thread_count(void) {
    return sched.live;
}

uint64_t sched_switch_count(void) {
    return sched.switches;
}

void thread_yield(void) {
    check_may_switch("thread_yield");
    uint64_t flags = spin_lock_irqsave(&sched.lock);
    sched_switch();
    spin_unlock(&sched.lock);
    irq_restore(flags);
}

_Noreturn void thread_exit(void) {
    check_may_switch("thread_exit");
    __asm__ volatile("cli");
    spin_lock(&sched.lock);
    struct thread *t = sched.current;
    if (t == &idle_thread) {
        panic("thread_exit: the idle thread cannot exit");
    }
    t->state = THREAD_DEAD;
    sched.dead = t;
    sched_switch();
    panic("thread_exit: dead thread %s was resumed", t->name);
}

void preempt_enable(void) {
    __asm__ volatile("" : : : "memory");
    if (preempt_state.count == 0) {
        panic("preempt_enable without preempt_disable");
    }
    if (--preempt_state.count == 0 && preempt_state.need_resched) {
        sched_preempt_point();
    }
}

void sched_preempt_point(void) {
    if (preempt_state.count != 0 || !interrupts_enabled()) {
        return;
    }
    __asm__ volatile("cli");
    spin_lock(&sched.lock);
    if (preempt_state.need_resched) {
        sched_switch();
    }
    spin_unlock(&sched.lock);
    __asm__ volatile("sti");
}

/* Requires: sched.lock. */
static void sleep_insert(struct thread *t) {
    struct list_node *at = sched.sleepers.next;
    while (at != &sched.sleepers &&
           list_entry(at, struct thread, sleep_link)->deadline_ns <= t->deadline_ns) {
        at = at->next;
    }
    list_insert_before(at, &t->sleep_link);
}

int thread_block(spinlock_t *lock, uint64_t deadline_ns) {
    check_may_switch("thread_block");
    if (interrupts_enabled()) {
        panic("thread_block with interrupts enabled");
    }
    struct thread *t = sched.current;
    if (t->kill_pending) {
        return WAKE_KILLED;
    }
    if (deadline_ns != DEADLINE_NEVER && clock_ns() >= deadline_ns) {
        return WAKE_TIMED_OUT;
    }
    spin_lock(&sched.lock);
    t->state = THREAD_BLOCKED;
    t->wake_reason = WAKE_OK;
    if (deadline_ns != DEADLINE_NEVER) {
        t->deadline_ns = deadline_ns;
        sleep_insert(t);
    }
    if (lock != NULL) {
        spin_unlock(lock);
    }
    sched_switch();
    spin_unlock(&sched.lock);
    if (lock != NULL) {
        spin_lock(lock);
    }
    return t->wake_reason;
}

/* Requires: sched.lock. */
static void unblock_locked(struct thread *t, int reason) {
    if (t->state != THREAD_BLOCKED) {
        return;
    }
    if (list_linked(&t->sleep_link)) {
        list_remove(&t->sleep_link);
    }
    t->wake_reason = reason;
    make_ready(t);
}

void thread_unblock(struct thread *t, int reason) {
    uint64_t flags = spin_lock_irqsave(&sched.lock);
    unblock_locked(t, reason);
    timer_rearm(clock_ns());
    spin_unlock_irqrestore(&sched.lock, flags);
}

void thread_kill(struct thread *t) {
    uint64_t flags = spin_lock_irqsave(&sched.lock);
    t->kill_pending = true;
    unblock_locked(t, WAKE_KILLED);
    timer_rearm(clock_ns());
    spin_unlock_irqrestore(&sched.lock, flags);
}

void thread_sleep_until(uint64_t deadline_ns) {
    uint64_t flags = irq_save();
    thread_block(NULL, deadline_ns);
    irq_restore(flags);
}

/* The one-shot timer: wakes sleepers whose deadline passed and ends the
 * current slice when a peer waits; sched_irq_exit then switches. */
static void sched_timer_irq(struct trap_frame *tf, void *ctx) {
    (void)tf;
    (void)ctx;
    spin_lock(&sched.lock);
    uint64_t now = clock_ns();
    while (!list_empty(&sched.sleepers)) {
        struct thread *t = list_entry(sched.sleepers.next, struct thread, sleep_link);
        if (t->deadline_ns > now) {
            break;
        }
        unblock_locked(t, WAKE_TIMED_OUT);
    }
    struct thread *cur = sched.current;
    if (cur != &idle_thread && now >= cur->slice_end_ns &&
        (sched.ready_mask >> cur->priority) != 0) {
        preempt_state.need_resched = true;
    }
    timer_rearm(now);
    spin_unlock(&sched.lock);
}

void sched_irq_exit(struct trap_frame *tf) {
    struct thread *t = sched.current;
    if (t == NULL) {
        return; /* before sched_init */
    }
    if (preempt_state.need_resched && preempt_state.count == 0) {
        spin_lock(&sched.lock);
        sched_switch();
        spin_unlock(&sched.lock);
    }
    if (t->kill_pending && sched.hook != NULL) {
        sched.hook(tf);
    }
}

void sched_set_preempt_hook(sched_preempt_hook_fn fn) {
    sched.hook = fn;
}

void sched_set_switch_hook(sched_switch_hook_fn fn) {
    sched.switch_hook = fn;
}
