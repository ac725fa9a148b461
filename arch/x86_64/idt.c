/*
 * Builds and loads the IDT. Every vector is an interrupt gate (interrupts
 * stay off until the handler returns, so handlers need no reentrancy).
 * #DF, NMI and #MC switch to their own IST stacks because they can arrive
 * when the current stack is unusable.
 */
#include "arch/x86_64/idt.h"

#include <stdint.h>

#include "arch/x86_64/desc.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trap.h"

#define ISR_STUB_SIZE 16

extern char isr_stubs[];

static uint64_t idt[256][2] __attribute__((aligned(16)));

static uint8_t idt_ist(unsigned vector) {
    switch (vector) {
    case VEC_DF:
        return IST_DF;
    case VEC_NMI:
        return IST_NMI;
    case VEC_MC:
        return IST_MC;
    default:
        return 0;
    }
}

void idt_init(void) {
    for (unsigned v = 0; v < 256; v++) {
        desc_gate((uint64_t)(isr_stubs + v * ISR_STUB_SIZE), GDT_KERNEL_CODE, idt_ist(v),
                  DESC_INTR_GATE, idt[v]);
    }
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) p = {sizeof(idt) - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" : : "m"(p));
}
