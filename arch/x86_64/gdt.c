/*
 * The GDT: segmentation is off in long mode, but CS must name a 64-bit
 * code descriptor, and the TSS must be reachable through the task register
 * because it holds the interrupt stacks (IST) for faults that can arrive
 * on a broken stack: #DF, NMI and #MC (gates set in idt.c).
 */
#include "arch/x86_64/gdt.h"

#include "arch/x86_64/desc.h"
#include "arch/x86_64/trap.h"

#define IST_STACK_SIZE 16384

static uint64_t gdt[5] __attribute__((aligned(16)));
static struct tss tss __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

_Static_assert(IST_DF == 1 && IST_NMI == 2 && IST_MC == 3, "ist_stacks[ist - 1]");

bool gdt_ist_stack_contains(unsigned ist, uint64_t addr) {
    if (ist < IST_DF || ist > IST_MC) {
        return false;
    }
    uint64_t bottom = (uint64_t)ist_stacks[ist - 1];
    return addr >= bottom && addr - bottom < IST_STACK_SIZE;
}

struct descriptor_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

void gdt_init(void) {
    gdt[0] = 0;
    gdt[GDT_KERNEL_CODE / 8] = desc_segment(0, 0xfffff, DESC_CODE64, DESC_FLAG_LONG | DESC_FLAG_4K);
    gdt[GDT_KERNEL_DATA / 8] = desc_segment(0, 0xfffff, DESC_DATA, DESC_FLAG_DB32 | DESC_FLAG_4K);
    for (unsigned ist = IST_DF; ist <= IST_MC; ist++) {
        tss.ist[ist - 1] = (uint64_t)(ist_stacks[ist - 1] + IST_STACK_SIZE);
    }
    tss.iomap_base = sizeof(tss); /* no I/O bitmap */
    desc_tss((uint64_t)&tss, sizeof(tss) - 1, &gdt[GDT_TSS / 8]);

    struct descriptor_pointer p = {sizeof(gdt) - 1, (uint64_t)gdt};
    __asm__ volatile("lgdt %0" : : "m"(p));
    /* Reload CS with a far return, then the data segments and TR. */
    __asm__ volatile("pushq %[cs]\n"
                     "leaq 1f(%%rip), %%rax\n"
                     "pushq %%rax\n"
                     "lretq\n"
                     "1:\n"
                     "movl %[ds], %%eax\n"
                     "movl %%eax, %%ds\n"
                     "movl %%eax, %%es\n"
                     "movl %%eax, %%ss\n"
                     "xorl %%eax, %%eax\n"
                     "movl %%eax, %%fs\n"
                     "movl %%eax, %%gs\n"
                     "ltr %w[tr]\n"
                     :
                     : [cs] "i"(GDT_KERNEL_CODE), [ds] "i"(GDT_KERNEL_DATA), [tr] "r"(GDT_TSS)
                     : "rax", "memory");
}
