/*
 * Pure ACPI table decoders (ACPI 6.4: 5.2.12 MADT, 5.2.12.5 interrupt
 * source override; IA-PC HPET specification 1.0a, 3.2.4). Every structure
 * is bounds-checked against the table length before it is read.
 */
#include "arch/x86_64/acpi.h"

#include "lib/string.h"

#define SDT_HEADER 36
#define MADT_ENTRIES 44
#define MADT_LAPIC 0
#define MADT_IOAPIC 1
#define MADT_OVERRIDE 2
#define MADT_LAPIC_ADDR_OVERRIDE 5

#define INTI_POLARITY_MASK 0x3
#define INTI_POLARITY_LOW 0x3
#define INTI_TRIGGER_MASK 0xc
#define INTI_TRIGGER_LEVEL 0xc

static uint32_t get32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t get64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

bool acpi_checksum_ok(const void *p, size_t len) {
    const uint8_t *b = p;
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++) {
        sum = (uint8_t)(sum + b[i]);
    }
    return sum == 0;
}

static void madt_entry(const uint8_t *e, uint8_t type, uint8_t len, struct madt_info *out) {
    switch (type) {
    case MADT_LAPIC:
        if (len >= 8 && (get32(e + 4) & 1) != 0) {
            out->cpu_count++;
        }
        break;
    case MADT_IOAPIC:
        if (len >= 12 && out->ioapic_count < MADT_MAX_IOAPICS) {
            struct madt_ioapic *io = &out->ioapics[out->ioapic_count++];
            io->id = e[2];
            io->phys = get32(e + 4);
            io->gsi_base = get32(e + 8);
        }
        break;
    case MADT_OVERRIDE:
        if (len >= 10 && e[2] == 0 && out->override_count < MADT_MAX_OVERRIDES) {
            struct madt_override *o = &out->overrides[out->override_count++];
            o->isa_irq = e[3];
            o->gsi = get32(e + 4);
            o->flags = (uint16_t)(e[8] | e[9] << 8);
        }
        break;
    case MADT_LAPIC_ADDR_OVERRIDE:
        if (len >= 12) {
            out->lapic_phys = get64(e + 4);
        }
        break;
    default:
        break;
    }
}

bool madt_parse(const void *table, size_t len, struct madt_info *out) {
    const uint8_t *t = table;
    memset(out, 0, sizeof(*out));
    if (len < MADT_ENTRIES || memcmp(t, "APIC", 4) != 0 || get32(t + 4) != len) {
        return false;
    }
    out->lapic_phys = get32(t + SDT_HEADER);
    for (size_t off = MADT_ENTRIES; off < len;) {
        if (len - off < 2) {
            return false;
        }
        uint8_t type = t[off], elen = t[off + 1];
        if (elen < 2 || elen > len - off) {
            return false;
        }
        madt_entry(t + off, type, elen, out);
        off += elen;
    }
    return true;
}

struct irq_route madt_isa_route(const struct madt_info *m, unsigned irq) {
    struct irq_route r = {irq, false, false};
    for (size_t i = 0; i < m->override_count; i++) {
        const struct madt_override *o = &m->overrides[i];
        if (o->isa_irq != irq) {
            continue;
        }
        r.gsi = o->gsi;
        /* "Conforms to the bus" means ISA: active high, edge. */
        r.active_low = (o->flags & INTI_POLARITY_MASK) == INTI_POLARITY_LOW;
        r.level = (o->flags & INTI_TRIGGER_MASK) == INTI_TRIGGER_LEVEL;
    }
    return r;
}

uint64_t hpet_table_base(const void *table, size_t len) {
    const uint8_t *t = table;
    /* Event timer block ID at 36, then the base address GAS at 40:
     * space id (0 = memory), bit width, bit offset, access size, address. */
    if (len < 56 || memcmp(t, "HPET", 4) != 0 || t[40] != 0) {
        return 0;
    }
    return get64(t + 44);
}
