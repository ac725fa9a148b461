/*
 * CPU exceptions in kernel code. Every exception prints a full report
 * (name, vector, error code, CR2 for #PF, registers, symbolized backtrace)
 * and stops the machine, unless a test armed a catch with FAULT_TRY, in
 * which case execution resumes there after the report:
 *
 *     struct fault_catch fc;
 *     if (FAULT_TRY(&fc)) {
 *         ... code expected to fault ...
 *         fault_catch_disarm();          // reached only if it did not fault
 *     } else {
 *         ... fc.vector, fc.error_code, fc.cr2, fc.rip describe the fault ...
 *     }
 */
#ifndef RZ_ARCH_FAULT_H
#define RZ_ARCH_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/trap.h"

/* Callee-saved registers plus rsp and rip: enough to resume a C caller. */
struct kjmp {
    uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;
};

/* Returns 0 when called; returns 1 a second time when a fault handler
 * resumes at it (isr.S restores the registers through the trap frame). */
int kjmp_set(struct kjmp *j) __attribute__((returns_twice));

/* Rewrites a trap frame so that returning through it continues as if
 * kjmp_set(j) returned 1 (the only way to jump to a kjmp). */
void kjmp_resume(struct trap_frame *tf, const struct kjmp *j);

/* Continues at j as if kjmp_set(j) returned 1, abandoning every frame
 * between here and there. Requires: kjmp_set's caller has not returned. */
_Noreturn void kjmp_jump(const struct kjmp *j);

struct fault_catch {
    struct kjmp env;
    /* Filled in when a fault is caught; frame is where the trap frame was
     * (tells which stack the handler ran on). */
    uint64_t vector, error_code, cr2, rip, frame;
};

/* Makes c the one active catch (catches do not nest). */
void fault_catch_arm(struct fault_catch *c);
void fault_catch_disarm(void);

/* True on the first pass; false after a fault was caught (and the catch
 * disarmed). */
#define FAULT_TRY(c) (fault_catch_arm(c), kjmp_set(&(c)->env) == 0)

/* "#PF Page Fault" etc.; "reserved" for vectors without a name. */
const char *fault_name(unsigned vector);

/* trap_dispatch's handler for vectors 0..31. */
void fault_handle(struct trap_frame *tf);

#endif
