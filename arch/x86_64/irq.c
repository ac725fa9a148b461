/*
 * IRQ routing policy: one place that knows ISA IRQ -> GSI -> vector. The
 * MADT is read once here; without one (no ACPI) we fall back to the PC
 * defaults: one I/O APIC at 0xfec00000 serving GSI 0..23, identity ISA
 * mapping, and the local APIC at the address its MSR reports.
 */
#include "arch/x86_64/irq.h"

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "kernel/console.h"
#include "kernel/panic.h"

#define DEFAULT_IOAPIC_PHYS 0xfec00000u

static struct madt_info madt;

void irq_init(void) {
    size_t len;
    const void *table = acpi_find_table("APIC", &len);
    if (table == NULL || !madt_parse(table, len, &madt) || madt.ioapic_count == 0) {
        kprintf("irq: no usable MADT, assuming an I/O APIC at 0x%x\n", DEFAULT_IOAPIC_PHYS);
        madt = (struct madt_info){.ioapic_count = 1};
        madt.ioapics[0].phys = DEFAULT_IOAPIC_PHYS;
    }
    lapic_init(madt.lapic_phys);
    for (size_t i = 0; i < madt.ioapic_count; i++) {
        if (!ioapic_add(madt.ioapics[i].phys, madt.ioapics[i].gsi_base)) {
            kprintf("irq: ignoring I/O APIC %u\n", madt.ioapics[i].id);
        }
    }
}

/* Points irq's I/O APIC input at its vector, masked or not. */
static void route(unsigned irq, bool masked) {
    struct irq_route r = madt_isa_route(&madt, irq);
    uint8_t vector = (uint8_t)(VEC_IRQ_BASE + r.gsi);
    uint64_t entry = ioapic_redirection(vector, (uint8_t)lapic_id(), r.active_low, r.level, masked);
    if (!ioapic_route(r.gsi, entry)) {
        panic("irq: no I/O APIC serves GSI %u (IRQ %u)", r.gsi, irq);
    }
}

void irq_register(unsigned irq, trap_handler_fn fn, void *ctx) {
    struct irq_route r = madt_isa_route(&madt, irq);
    if (r.gsi >= VEC_IRQ_COUNT) {
        panic("irq_register: IRQ %u maps to GSI %u, beyond the vectors reserved", irq, r.gsi);
    }
    trap_set_handler(VEC_IRQ_BASE + r.gsi, fn, ctx);
    route(irq, false);
}

bool irq_available(unsigned irq) {
    struct irq_route r = madt_isa_route(&madt, irq);
    return r.gsi < VEC_IRQ_COUNT && !trap_has_handler(VEC_IRQ_BASE + r.gsi);
}

void irq_set_masked(unsigned irq, bool masked) {
    route(irq, masked);
}

void irq_unregister(unsigned irq) {
    route(irq, true);
    trap_clear_handler(VEC_IRQ_BASE + madt_isa_route(&madt, irq).gsi);
}
