/* ACPI decoders against hand-built tables. */
#include "arch/x86_64/acpi.h"

#include "ktest.h"
#include "lib/string.h"

static uint8_t madt[128];

/* A MADT like QEMU's: two CPUs (one disabled), one I/O APIC, two overrides. */
static size_t build_madt(void) {
    static const uint8_t entries[] = {
        0, 8,  0, 0,  1,    0,    0,    0,                   /* LAPIC 0, enabled */
        0, 8,  1, 1,  0,    0,    0,    0,                   /* LAPIC 1, disabled */
        1, 12, 5, 0,  0x00, 0x00, 0xc0, 0xfe, 0,    0, 0, 0, /* I/O APIC 5 @ fec00000 */
        2, 10, 0, 0,  2,    0,    0,    0,    0,    0,       /* IRQ 0 -> GSI 2 */
        2, 10, 0, 9,  9,    0,    0,    0,    0x0d, 0,       /* IRQ 9 level, high */
        2, 10, 0, 11, 11,   0,    0,    0,    0x0f, 0,       /* IRQ 11 level, low */
    };
    size_t len = 44 + sizeof(entries);
    memset(madt, 0, sizeof(madt));
    memcpy(madt, "APIC", 4);
    madt[4] = (uint8_t)len;
    madt[36] = 0x00, madt[37] = 0x00, madt[38] = 0xe0, madt[39] = 0xfe; /* LAPIC fee00000 */
    memcpy(madt + 44, entries, sizeof(entries));
    return len;
}

KTEST(acpi, madt_decodes_apics_and_overrides) {
    struct madt_info m;
    size_t len = build_madt();
    KT_ASSERT(t, madt_parse(madt, len, &m));
    KT_EXPECT_EQ(t, m.lapic_phys, 0xfee00000);
    KT_EXPECT_EQ(t, m.cpu_count, 1);
    KT_ASSERT(t, m.ioapic_count == 1);
    KT_EXPECT_EQ(t, m.ioapics[0].id, 5);
    KT_EXPECT_EQ(t, m.ioapics[0].phys, 0xfec00000);
    KT_EXPECT_EQ(t, m.override_count, 3);
}

KTEST(acpi, isa_route_applies_overrides) {
    struct madt_info m;
    KT_ASSERT(t, madt_parse(madt, build_madt(), &m));
    struct irq_route r = madt_isa_route(&m, 0);
    KT_EXPECT_EQ(t, r.gsi, 2);
    KT_EXPECT(t, !r.active_low && !r.level);
    r = madt_isa_route(&m, 4);
    KT_EXPECT_EQ(t, r.gsi, 4);
    KT_EXPECT(t, !r.active_low && !r.level);
    r = madt_isa_route(&m, 9);
    KT_EXPECT(t, !r.active_low && r.level);
    r = madt_isa_route(&m, 11);
    KT_EXPECT(t, r.active_low && r.level);
}

KTEST(acpi, madt_rejects_truncated_entries) {
    struct madt_info m;
    size_t len = build_madt();
    madt[44 + 16 + 1] = 200; /* I/O APIC entry claims to run past the end */
    KT_EXPECT(t, !madt_parse(madt, len, &m));
    build_madt();
    madt[44 + 1] = 0; /* zero-length entry would loop forever */
    KT_EXPECT(t, !madt_parse(madt, len, &m));
    build_madt();
    KT_EXPECT(t, !madt_parse(madt, len - 1, &m)); /* length field disagrees */
}

KTEST(acpi, hpet_base_and_checksum) {
    uint8_t hpet[56];
    memset(hpet, 0, sizeof(hpet));
    memcpy(hpet, "HPET", 4);
    hpet[4] = 56;
    hpet[44] = 0x00, hpet[45] = 0x00, hpet[46] = 0xd0, hpet[47] = 0xfe;
    KT_EXPECT_EQ(t, hpet_table_base(hpet, sizeof(hpet)), 0xfed00000);
    KT_EXPECT_EQ(t, hpet_table_base(hpet, 40), 0);
    hpet[40] = 1; /* I/O space: not something we can use */
    KT_EXPECT_EQ(t, hpet_table_base(hpet, sizeof(hpet)), 0);

    uint8_t sum = 0;
    for (size_t i = 0; i < sizeof(hpet); i++) {
        sum = (uint8_t)(sum + hpet[i]);
    }
    hpet[9] = (uint8_t)(hpet[9] - sum);
    KT_EXPECT(t, acpi_checksum_ok(hpet, sizeof(hpet)));
    hpet[10]++;
    KT_EXPECT(t, !acpi_checksum_ok(hpet, sizeof(hpet)));
}
