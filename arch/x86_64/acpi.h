/*
 * The little of ACPI the kernel needs: find tables through the RSDP the
 * boot loader handed over, and decode the MADT (APICs, interrupt source
 * overrides) and the HPET table. The decoders are pure functions over the
 * table bytes so that the host tests can feed them synthetic tables.
 */
#ifndef RZ_ARCH_ACPI_H
#define RZ_ARCH_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MADT_MAX_IOAPICS 8
#define MADT_MAX_OVERRIDES 16

struct madt_ioapic {
    uint8_t id;
    uint32_t phys;
    uint32_t gsi_base;
};

struct madt_override {
    uint8_t isa_irq;
    uint32_t gsi;
    uint16_t flags; /* MPS INTI flags: polarity bits 1:0, trigger bits 3:2 */
};

struct madt_info {
    uint64_t lapic_phys;
    size_t cpu_count; /* enabled local APICs */
    struct madt_ioapic ioapics[MADT_MAX_IOAPICS];
    size_t ioapic_count;
    struct madt_override overrides[MADT_MAX_OVERRIDES];
    size_t override_count;
};

/* How an ISA IRQ reaches the I/O APIC. */
struct irq_route {
    uint32_t gsi;
    bool active_low;
    bool level;
};

/* True when the len bytes sum to 0 mod 256, as every ACPI structure must. */
bool acpi_checksum_ok(const void *p, size_t len);

/* Decodes a whole MADT (header included); false if it is malformed. */
bool madt_parse(const void *table, size_t len, struct madt_info *out);

/* Route of ISA IRQ irq: identity, edge, active high unless overridden. */
struct irq_route madt_isa_route(const struct madt_info *m, unsigned irq);

/* Physical base of the HPET registers from an HPET table; 0 if malformed. */
uint64_t hpet_table_base(const void *table, size_t len);

/*
 * Kernel side: remembers the RSDP copy (boot_info.acpi_rsdp) and returns
 * the table with the given signature, checksum verified, or NULL. *len
 * receives its length.
 */
void acpi_init(const uint8_t *rsdp, size_t rsdp_len);
const void *acpi_find_table(const char signature[4], size_t *len);

#endif
