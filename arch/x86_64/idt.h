/* The IDT: all 256 vectors lead to isr.S stubs and from there to trap_dispatch. */
#ifndef RZ_ARCH_IDT_H
#define RZ_ARCH_IDT_H

void idt_init(void);

#endif
