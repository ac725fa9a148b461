/* Bringing up the boot CPU, in the order kmain calls it. */
#ifndef RZ_ARCH_ARCH_H
#define RZ_ARCH_ARCH_H

/* GDT/TSS, IDT, and drops the boot identity map. Before this, a fault
 * triple-faults the machine; after it, faults are reported. */
void arch_init_cpu(void);

#endif
