/* kjmp_set: see fault.h. A fault handler resumes a kjmp by rewriting the
 * trap frame it returns through (kjmp_resume); C code jumps with kjmp_jump. */
    .text
    .globl kjmp_set
kjmp_set:
    movq %rbx, 0(%rdi)
    movq %rbp, 8(%rdi)
    movq %r12, 16(%rdi)
    movq %r13, 24(%rdi)
    movq %r14, 32(%rdi)
    movq %r15, 40(%rdi)
    leaq 8(%rsp), %rdx              /* rsp after our return */
    movq %rdx, 48(%rdi)
    movq (%rsp), %rdx               /* our return address */
    movq %rdx, 56(%rdi)
    xorl %eax, %eax
    ret

/* kjmp_jump: see fault.h. From C (not a fault): restore and jump. */
    .globl kjmp_jump
kjmp_jump:
    movq 0(%rdi), %rbx
    movq 8(%rdi), %rbp
    movq 16(%rdi), %r12
    movq 24(%rdi), %r13
    movq 32(%rdi), %r14
    movq 40(%rdi), %r15
    movq 48(%rdi), %rsp
    movl $1, %eax
    jmpq *56(%rdi)
