/* kjmp_set: see fault.h. There is no kjmp_jump: the fault handler resumes
 * a kjmp by rewriting the trap frame it returns through. */
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
