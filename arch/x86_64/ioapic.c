/*
 * I/O APIC driver. Registers are reached indirectly: write the index to
 * IOREGSEL (offset 0), then read or write IOWIN (offset 0x10). Each input
 * has a 64-bit redirection entry at index 0x10 + 2 * input.
 */
#include "arch/x86_64/ioapic.h"

#include <stddef.h>

#include "arch/x86_64/io.h"
#include "arch/x86_64/layout.h"
#include "kernel/vmm.h"

#define IOAPIC_MAX 8
#define IOREGSEL 0
#define IOWIN 4 /* in 32-bit words */
#define REG_VERSION 0x01
#define REG_REDIRECTION 0x10

#define RED_ACTIVE_LOW (1ull << 13)
#define RED_LEVEL (1ull << 15)
#define RED_MASKED (1ull << 16)

static struct {
    volatile uint32_t *regs;
    uint32_t gsi_base;
    uint32_t inputs;
} ioapics[IOAPIC_MAX];
static size_t ioapic_count;

uint64_t ioapic_redirection(uint8_t vector, uint8_t dest_apic_id, bool active_low, bool level,
                            bool masked) {
    return (uint64_t)vector | (active_low ? RED_ACTIVE_LOW : 0) | (level ? RED_LEVEL : 0) |
           (masked ? RED_MASKED : 0) | (uint64_t)dest_apic_id << 56;
}

static uint32_t ioapic_read(volatile uint32_t *regs, uint32_t reg) {
    regs[IOREGSEL] = reg;
    return regs[IOWIN];
}

static void ioapic_write(volatile uint32_t *regs, uint32_t reg, uint32_t v) {
    regs[IOREGSEL] = reg;
    regs[IOWIN] = v;
}

static void ioapic_write_entry(volatile uint32_t *regs, uint32_t input, uint64_t entry) {
    uint64_t flags = irq_save();
    /* Mask while the halves disagree, write the high half, then the low. */
    ioapic_write(regs, REG_REDIRECTION + 2 * input, (uint32_t)RED_MASKED);
    ioapic_write(regs, REG_REDIRECTION + 2 * input + 1, (uint32_t)(entry >> 32));
    ioapic_write(regs, REG_REDIRECTION + 2 * input, (uint32_t)entry);
    irq_restore(flags);
}

bool ioapic_add(uint64_t phys, uint32_t gsi_base) {
    if (ioapic_count == IOAPIC_MAX) {
        return false;
    }
    volatile uint32_t *regs = vmm_map_mmio(phys, PAGE_SIZE);
    uint32_t inputs = ((ioapic_read(regs, REG_VERSION) >> 16) & 0xff) + 1;
    ioapics[ioapic_count].regs = regs;
    ioapics[ioapic_count].gsi_base = gsi_base;
    ioapics[ioapic_count].inputs = inputs;
    ioapic_count++;
    for (uint32_t i = 0; i < inputs; i++) {
        ioapic_write_entry(regs, i, RED_MASKED);
    }
    return true;
}

bool ioapic_route(uint32_t gsi, uint64_t entry) {
    for (size_t i = 0; i < ioapic_count; i++) {
        if (gsi >= ioapics[i].gsi_base && gsi - ioapics[i].gsi_base < ioapics[i].inputs) {
            ioapic_write_entry(ioapics[i].regs, gsi - ioapics[i].gsi_base, entry);
            return true;
        }
    }
    return false;
}
