/*
 * The exception path: report, then either resume at an armed catch (tests)
 * or stop. The report is printed in both cases so that a test can check
 * it, and so that a caught fault still leaves a trace in the log.
 */
#include "arch/x86_64/fault.h"

#include <stddef.h>

#include "arch/x86_64/io.h"
#include "kernel/backtrace.h"
#include "kernel/console.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/thread.h"
#include "kernel/vmm.h"

static const char *const fault_names[VEC_EXCEPTIONS] = {
    [0] = "#DE Divide Error",
    [1] = "#DB Debug",
    [2] = "NMI Non-Maskable Interrupt",
    [3] = "#BP Breakpoint",
    [4] = "#OF Overflow",
    [5] = "#BR BOUND Range Exceeded",
    [6] = "#UD Invalid Opcode",
    [7] = "#NM Device Not Available",
    [8] = "#DF Double Fault",
    [9] = "Coprocessor Segment Overrun",
    [10] = "#TS Invalid TSS",
    [11] = "#NP Segment Not Present",
    [12] = "#SS Stack-Segment Fault",
    [13] = "#GP General Protection",
    [14] = "#PF Page Fault",
    [16] = "#MF x87 Floating-Point Error",
    [17] = "#AC Alignment Check",
    [18] = "#MC Machine Check",
    [19] = "#XM SIMD Floating-Point Exception",
    [20] = "#VE Virtualization Exception",
    [21] = "#CP Control Protection",
    [28] = "#HV Hypervisor Injection",
    [29] = "#VC VMM Communication",
    [30] = "#SX Security Exception",
};

static struct fault_catch *active_catch;

const char *fault_name(unsigned vector) {
    if (vector < VEC_EXCEPTIONS && fault_names[vector] != NULL) {
        return fault_names[vector];
    }
    return "reserved";
}

void fault_catch_arm(struct fault_catch *c) {
    active_catch = c;
}

void fault_catch_disarm(void) {
    active_catch = NULL;
}

static void print_pf_error(uint64_t e) {
    kprintf(" [%s %s%s%s%s]", (e & 1) ? "protection" : "not-present", (e & 2) ? "write" : "read",
            (e & 4) ? " user" : "", (e & 8) ? " reserved-bit" : "", (e & 16) ? " fetch" : "");
}

static void fault_report(const struct trap_frame *tf, uint64_t cr2) {
    uint64_t offset;
    const char *fn = ksym_lookup(tf->rip, &offset);
    kprintf("\nEXCEPTION %s (vector %llu) error 0x%llx", fault_name((unsigned)tf->vector),
            (unsigned long long)tf->vector, (unsigned long long)tf->error_code);
    if (tf->vector == VEC_PF) {
        print_pf_error(tf->error_code);
    }
    kprintf("\n  at rip 0x%016llx %s+0x%llx\n", (unsigned long long)tf->rip, fn ? fn : "?",
            fn ? (unsigned long long)offset : 0ull);
    if (tf->vector == VEC_PF) {
        kprintf("  cr2 0x%016llx (fault address)\n", (unsigned long long)cr2);
    }
    /* An overflow faults on the guard page, and usually again pushing the
     * #PF frame there: then it is a #DF and CR2 holds the guard address. */
    struct thread *t = thread_current();
    if ((tf->vector == VEC_PF || tf->vector == VEC_DF) && thread_in_stack_guard(t, read_cr2())) {
        kprintf("  stack overflow: thread %s ran into the guard page below its stack "
                "(0x%llx-0x%llx)\n", t->name, (unsigned long long)t->stack_base,
                (unsigned long long)(t->stack_base + t->stack_size));
    }
    const struct {
        const char *name;
        uint64_t value;
    } regs[] = {
        {"rax", tf->rax},    {"rbx", tf->rbx},    {"rcx", tf->rcx},       {"rdx", tf->rdx},
        {"rsi", tf->rsi},    {"rdi", tf->rdi},    {"rbp", tf->rbp},       {"rsp", tf->rsp},
        {"r8", tf->r8},      {"r9", tf->r9},      {"r10", tf->r10},       {"r11", tf->r11},
        {"r12", tf->r12},    {"r13", tf->r13},    {"r14", tf->r14},       {"r15", tf->r15},
        {"rip", tf->rip},    {"cs", tf->cs},      {"rflags", tf->rflags}, {"ss", tf->ss},
        {"cr0", read_cr0()}, {"cr3", read_cr3()}, {"cr4", read_cr4()},    {"cr2", read_cr2()},
    };
    for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
        kprintf("%s%6s 0x%016llx", i % 4 == 0 ? "  " : " ", regs[i].name,
                (unsigned long long)regs[i].value);
        if (i % 4 == 3) {
            kprintf("\n");
        }
    }
    backtrace_print(tf->rip, tf->rbp);
}

/* Makes the interrupted context continue as if kjmp_set returned 1. */
static void resume_at_catch(struct trap_frame *tf, struct fault_catch *c, uint64_t cr2) {
    c->vector = tf->vector;
    c->error_code = tf->error_code;
    c->cr2 = cr2;
    c->rip = tf->rip;
    c->frame = (uint64_t)tf;
    tf->rbx = c->env.rbx;
    tf->rbp = c->env.rbp;
    tf->r12 = c->env.r12;
    tf->r13 = c->env.r13;
    tf->r14 = c->env.r14;
    tf->r15 = c->env.r15;
    tf->rsp = c->env.rsp;
    tf->rip = c->env.rip;
    tf->rax = 1;
}

void fault_handle(struct trap_frame *tf) {
    static bool reporting;
    uint64_t cr2 = tf->vector == VEC_PF ? read_cr2() : 0;
    if (tf->vector == VEC_PF && vmm_handle_page_fault(cr2, tf->error_code, tf)) {
        return; /* a lazily committed page is now mapped: retry */
    }
    if (reporting) {
        kprintf("\nEXCEPTION %s (vector %llu) while reporting a fault, rip 0x%llx\n",
                fault_name((unsigned)tf->vector), (unsigned long long)tf->vector,
                (unsigned long long)tf->rip);
        kernel_halt();
    }
    reporting = true;
    fault_report(tf, cr2);
    reporting = false;
    struct fault_catch *c = active_catch;
    if (c != NULL) {
        active_catch = NULL;
        kprintf("(fault caught by test; resuming)\n");
        resume_at_catch(tf, c, cr2);
        return;
    }
    kernel_halt();
}
