/*
 * arch_switch (switch.h). The switch frame is, from the saved rsp up:
 * r15, r14, r13, r12, rbx, rbp, return address. A new thread's frame
 * (switch_frame.c) returns into arch_thread_entry with r12 = start
 * and r13 its argument.
 */
    .text

    .globl arch_switch
    .type arch_switch, @function
arch_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size arch_switch, . - arch_switch

/* Entered by the ret of arch_switch with rsp 16-byte aligned; the call
 * leaves start an ABI-conforming stack. */
    .globl arch_thread_entry
    .type arch_thread_entry, @function
arch_thread_entry:
    movq %r13, %rdi
    call *%r12
    ud2
    .size arch_thread_entry, . - arch_thread_entry
