/*
 * Early CPU bring-up. Dropping the identity map that boot.S needed for the
 * jump to the higher half makes null and other small pointers fault from
 * here on; physical memory is reached through the direct map only.
 */
#include "arch/x86_64/arch.h"

#include <stdint.h>

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/io.h"

extern uint64_t early_pml4[512];

void arch_init_cpu(void) {
    gdt_init();
    idt_init();
    early_pml4[0] = 0;
    write_cr3(read_cr3());
}
