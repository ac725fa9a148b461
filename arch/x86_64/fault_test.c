/*
 * The exception path, exercised for real: each test faults on purpose,
 * with console output captured, and checks both what the catch recorded
 * and the printed report.
 */
#include "arch/x86_64/fault.h"

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/lapic.h"
#include "kernel/backtrace.h"
#include "kernel/console.h"
#include "kernel/ksyms.h"
#include "ktest.h"
#include "lib/string.h"

static char report[4096];

/* An address in an unmapped PML4 slot of the kernel half. */
#define UNMAPPED_ADDR 0xffff808000000123ull

KTEST(fault, page_fault_write_is_reported_and_caught) {
    struct fault_catch fc;
    console_capture_begin(report, sizeof(report));
    if (FAULT_TRY(&fc)) {
        *(volatile uint64_t *)UNMAPPED_ADDR = 42;
        fault_catch_disarm();
        console_capture_end();
        KT_ASSERT(t, !"the write did not fault");
    }
    console_capture_end();
    KT_EXPECT_EQ(t, fc.vector, VEC_PF);
    KT_EXPECT_EQ(t, fc.cr2, UNMAPPED_ADDR);
    KT_EXPECT_EQ(t, fc.error_code & 3, 2); /* write to a not-present page */
    KT_EXPECT(t, strstr(report, "EXCEPTION #PF Page Fault (vector 14) error 0x2") != NULL);
    KT_EXPECT(t, strstr(report, "cr2 0xffff808000000123") != NULL);
    KT_EXPECT(t, strstr(report, "ktest_fn_fault_page_fault_write_is_reported_and_caught+") != NULL);
    KT_EXPECT(t, strstr(report, "rflags") != NULL && strstr(report, "r15") != NULL);
    KT_EXPECT(t, strstr(report, "backtrace:") != NULL);
    KT_EXPECT(t, !gdt_ist_stack_contains(IST_DF, fc.frame)); /* #PF uses the current stack */
}

KTEST(fault, null_read_faults_after_identity_map_dropped) {
    struct fault_catch fc;
    console_capture_begin(report, sizeof(report));
    if (FAULT_TRY(&fc)) {
        (void)*(volatile uint64_t *)8;
        fault_catch_disarm();
        console_capture_end();
        KT_ASSERT(t, !"reading address 8 did not fault");
    }
    console_capture_end();
    KT_EXPECT_EQ(t, fc.vector, VEC_PF);
    KT_EXPECT_EQ(t, fc.cr2, 8);
    KT_EXPECT_EQ(t, fc.error_code & 3, 0);
    KT_EXPECT(t, strstr(report, "[not-present read]") != NULL);
}

KTEST(fault, invalid_opcode_reports_rip) {
    struct fault_catch fc;
    uint64_t ud_rip;
    console_capture_begin(report, sizeof(report));
    __asm__ volatile("leaq 1f(%%rip), %0" : "=r"(ud_rip));
    if (FAULT_TRY(&fc)) {
        __asm__ volatile("1: ud2");
        fault_catch_disarm();
    }
    console_capture_end();
    KT_EXPECT_EQ(t, fc.vector, VEC_UD);
    KT_EXPECT_EQ(t, fc.rip, ud_rip);
    KT_EXPECT(t, strstr(report, "EXCEPTION #UD Invalid Opcode (vector 6)") != NULL);
}

KTEST(fault, divide_by_zero_is_caught) {
    struct fault_catch fc;
    volatile uint32_t divisor = 0;
    console_capture_begin(report, sizeof(report));
    if (FAULT_TRY(&fc)) {
        uint32_t q;
        __asm__ volatile("divl %2" : "=a"(q) : "a"(7), "r"(divisor), "d"(0));
        fault_catch_disarm();
        (void)q;
    }
    console_capture_end();
    KT_EXPECT_EQ(t, fc.vector, VEC_DE);
    KT_EXPECT(t, strstr(report, "EXCEPTION #DE Divide Error (vector 0)") != NULL);
}

/* With RSP pointing at unmapped memory, the #PF cannot push its frame:
 * the CPU raises #DF, which runs on its own IST stack and is reported. */
KTEST(fault, broken_stack_double_faults_onto_ist) {
    struct fault_catch fc;
    console_capture_begin(report, sizeof(report));
    if (FAULT_TRY(&fc)) {
        __asm__ volatile("movq %0, %%rsp\n"
                         "pushq $0"
                         :
                         : "r"(UNMAPPED_ADDR & ~0xfull)
                         : "memory");
    }
    console_capture_end();
    KT_EXPECT_EQ(t, fc.vector, VEC_DF);
    KT_EXPECT(t, strstr(report, "EXCEPTION #DF Double Fault (vector 8)") != NULL);
    KT_EXPECT(t, strstr(report, "rsp 0xffff808000000120") != NULL);
    KT_EXPECT(t, gdt_ist_stack_contains(IST_DF, fc.frame));
}

KTEST(fault, nmi_runs_on_its_ist_stack) {
    struct fault_catch fc;
    console_capture_begin(report, sizeof(report));
    if (FAULT_TRY(&fc)) {
        lapic_send_nmi_self();
        for (int i = 0; i < 1000000; i++) {
            cpu_relax(); /* the NMI arrives within a few instructions */
        }
        fault_catch_disarm();
    }
    console_capture_end();
    KT_EXPECT_EQ(t, fc.vector, VEC_NMI);
    KT_EXPECT(t, gdt_ist_stack_contains(IST_NMI, fc.frame));
    KT_EXPECT(t, strstr(report, "EXCEPTION NMI Non-Maskable Interrupt (vector 2)") != NULL);
}

KTEST(fault, names_cover_reserved_vectors) {
    KT_EXPECT_STREQ(t, fault_name(VEC_DF), "#DF Double Fault");
    KT_EXPECT_STREQ(t, fault_name(15), "reserved");
    KT_EXPECT_STREQ(t, fault_name(200), "reserved");
}

KTEST(ksyms, lookup_finds_function_and_offset) {
    uint64_t off = 99;
    const char *name = ksym_lookup((uint64_t)ksym_lookup + 3, &off);
    KT_EXPECT_STREQ(t, name, "ksym_lookup");
    KT_EXPECT_EQ(t, off, 3);
    KT_EXPECT(t, ksym_lookup((uint64_t)report, &off) == NULL);
    KT_EXPECT(t, ksym_lookup(0, &off) == NULL);
}

__attribute__((noinline)) static void backtrace_inner(void) {
    backtrace_here();
    __asm__ volatile("" ::: "memory"); /* keep the call from becoming a tail call */
}

__attribute__((noinline)) static void backtrace_outer(void) {
    backtrace_inner();
    __asm__ volatile("" ::: "memory");
}

KTEST(backtrace, walks_frames_in_call_order) {
    console_capture_begin(report, sizeof(report));
    backtrace_outer();
    console_capture_end();
    const char *inner = strstr(report, "#0 "), *in = strstr(report, "backtrace_inner+");
    const char *out = strstr(report, "backtrace_outer+");
    const char *test = strstr(report, "ktest_fn_backtrace_walks_frames_in_call_order+");
    KT_EXPECT(t, inner != NULL && in != NULL && out != NULL && test != NULL);
    KT_EXPECT(t, in < out && out < test);
    KT_EXPECT(t, strstr(report, "ktest_run_all+") != NULL);
}
