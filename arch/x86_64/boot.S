/*
 * Multiboot2 entry. GRUB jumps to _start in 32-bit protected mode with
 * paging off, EAX = Multiboot2 magic, EBX = physical address of the info.
 * We build the early page tables (identity map of the first EARLY_MAP_GIB
 * GiB for the jump, the same memory at DIRECT_MAP_BASE, and the first GiB at
 * KERNEL_VMA), enable long mode, and call kmain(magic, info_phys) on the
 * boot stack in the higher half. Everything here before the far jump runs
 * at physical addresses, so symbols of the higher half are used as
 * (symbol - KERNEL_VMA).
 */
#include "arch/x86_64/layout.h"

#define MB2_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define PHYS(sym) ((sym) - KERNEL_VMA)

#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80

    .section .multiboot2, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    /* end tag */
    .short 0
    .short 0
    .long 8
mb2_header_end:

    .section .boot.text, "ax"
    .code32
    .globl _start
_start:
    cli
    cld
    movl $PHYS(boot_stack_top), %esp
    movl %eax, %edi                 /* kmain's first argument */
    movl %ebx, %esi                 /* kmain's second argument */
    rdtsc                           /* the boot banner's time zero */
    movl %eax, PHYS(boot_entry_tsc)
    movl %edx, PHYS(boot_entry_tsc) + 4

    /* Long mode is required; without it there is nothing we can do. */
    movl $0x80000000, %eax
    cpuid
    cmpl $0x80000001, %eax
    jb no_long_mode
    movl $0x80000001, %eax
    cpuid
    testl $(1 << 29), %edx
    jz no_long_mode
    movl %edx, %ebp                 /* keep: bit 20 says NX exists */

    /* 2 MiB pages for the first EARLY_MAP_GIB GiB, in consecutive PDs. */
    movl $PHYS(early_pd), %ebx
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $(PTE_P | PTE_W | PTE_PS), %eax
    movl %eax, (%ebx, %ecx, 8)
    movl $0, 4(%ebx, %ecx, 8)
    incl %ecx
    cmpl $(512 * EARLY_MAP_GIB), %ecx
    jne 1b

    /* One PDPT entry per GiB; PML4[0] and PML4[256] share that PDPT. */
    movl $PHYS(early_pdpt), %ebx
    xorl %ecx, %ecx
2:  movl %ecx, %eax
    shll $12, %eax
    addl $(PHYS(early_pd) + PTE_P + PTE_W), %eax
    movl %eax, (%ebx, %ecx, 8)
    incl %ecx
    cmpl $EARLY_MAP_GIB, %ecx
    jne 2b

    /* KERNEL_VMA is PML4[511], PDPT[510]: map it to the first GiB. */
    movl $(PHYS(early_pd) + PTE_P + PTE_W), PHYS(early_pdpt_high) + 510 * 8
    movl $(PHYS(early_pdpt) + PTE_P + PTE_W), PHYS(early_pml4)
    movl $(PHYS(early_pdpt) + PTE_P + PTE_W), PHYS(early_pml4) + 256 * 8
    movl $(PHYS(early_pdpt_high) + PTE_P + PTE_W), PHYS(early_pml4) + 511 * 8

    movl %cr4, %eax
    orl $(1 << 5), %eax             /* PAE */
    movl %eax, %cr4
    movl $PHYS(early_pml4), %eax
    movl %eax, %cr3

    movl $0xc0000080, %ecx          /* EFER */
    rdmsr
    orl $(1 << 8), %eax             /* LME */
    testl $(1 << 20), %ebp
    jz 3f
    orl $(1 << 11), %eax            /* NXE, when the CPU has NX */
3:  wrmsr

    movl %cr0, %eax
    orl $((1 << 31) | (1 << 16) | 1), %eax  /* PG, WP, PE */
    movl %eax, %cr0

    lgdt early_gdt_ptr
    ljmp $0x08, $long_mode_low

no_long_mode:
    hlt
    jmp no_long_mode

    .code64
long_mode_low:
    xorl %eax, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    movl %eax, %fs
    movl %eax, %gs
    movabsq $long_mode_high, %rax
    jmp *%rax

    .section .boot.data, "aw"
    .balign 8
early_gdt:
    .quad 0
    .quad 0x00209a0000000000        /* 64-bit code, DPL 0 */
early_gdt_ptr:
    .short early_gdt_ptr - early_gdt - 1
    .long early_gdt

    .text
long_mode_high:
    movabsq $boot_stack_top, %rsp
    xorl %ebp, %ebp
    /* rdi = magic, rsi = info (zero-extended by the 32-bit moves above). */
    call kmain
4:  cli
    hlt
    jmp 4b

    .bss
    .balign 4096
    .globl early_pml4, early_pdpt
early_pml4:
    .skip 4096
early_pdpt:
    .skip 4096
early_pdpt_high:
    .skip 4096
early_pd:
    .skip 4096 * EARLY_MAP_GIB
    .globl boot_entry_tsc
boot_entry_tsc:
    .skip 8
    .balign 16
    .globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
    .skip 16384
boot_stack_top:
