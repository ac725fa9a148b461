/*
 * External interrupts. ISA IRQ numbers are translated through the MADT's
 * interrupt source overrides to an I/O APIC input (GSI), which is
 * delivered on vector VEC_IRQ_BASE + GSI to the boot CPU.
 */
#ifndef RZ_ARCH_IRQ_H
#define RZ_ARCH_IRQ_H

#include "arch/x86_64/trap.h"

/* Reads the MADT (or assumes one I/O APIC at 0xfec00000 when there is
 * none), starts the local APIC and the I/O APICs with every input masked. */
void irq_init(void);

/*
 * Routes ISA IRQ irq to fn, which runs in interrupt context with the
 * interrupted frame and ctx; the line is unmasked on return. Panics if the
 * IRQ cannot be routed or already has a handler.
 */
void irq_register(unsigned irq, trap_handler_fn fn, void *ctx);

/* Whether ISA IRQ irq can be routed and has no handler yet. */
bool irq_available(unsigned irq);

/* Masks or unmasks a registered IRQ's I/O APIC input. */
void irq_set_masked(unsigned irq, bool masked);

/* Masks a registered IRQ and removes its handler. */
void irq_unregister(unsigned irq);

#endif
