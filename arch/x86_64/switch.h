/*
 * The context switch: only the callee-saved registers and rsp change
 * hands (the C caller saved the rest); FPU state is switched by the
 * scheduler around it, and CR3 never changes (one address space).
 */
#ifndef RZ_ARCH_SWITCH_H
#define RZ_ARCH_SWITCH_H

#include <stdint.h>

/* Pushes rbp, rbx, r12-r15, stores rsp in *save_rsp, loads new_rsp, pops
 * the same registers from it and returns to whatever it holds.
 * Requires: interrupts disabled. */
void arch_switch(uint64_t *save_rsp, uint64_t new_rsp);

/*
 * Builds the first switch frame of a new thread below stack_top and
 * returns its rsp: arch_switch to it enters start(arg) with rbp = 0 (the
 * end of a backtrace) and an ABI-aligned stack. start must not return.
 */
uint64_t arch_switch_frame_init(uintptr_t stack_top, void (*start)(void *), void *arg);

#endif
