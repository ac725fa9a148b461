/*
 * Interrupt entry. One 16-byte-aligned stub per vector pushes a zero error
 * code (unless the CPU pushed one), then the vector number, and jumps to
 * the common path, which saves the general registers into a struct
 * trap_frame (trap.h) and calls trap_dispatch. The exit path restores
 * whatever the frame then holds and returns with iretq. FPU/SSE state is
 * not saved here: kernel C code does not use it.
 */
    .text

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
                      (v) == 29 || (v) == 30)

    .balign 16
    .globl isr_stubs
isr_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    .if !HAS_ERROR(vec)
    pushq $0
    .endif
    pushq $vec
    jmp isr_common
    .set vec, vec + 1
    .endr

isr_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    cld
    movq %rsp, %rdi
    /* The CPU aligned RSP to 16 before pushing its 5 (or 6) quadwords;
     * with the stub's and ours the frame is 22 quadwords, so RSP is
     * 16-aligned here as the ABI wants. */
    call trap_dispatch
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp
    iretq
