/* Interrupt routing pieces that need no device: encoders and the MADT found at boot. */
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/trap.h"
#include "ktest.h"

#define TEST_VECTOR 0x80

static void record_vector(struct trap_frame *tf, void *ctx) {
    *(uint64_t *)ctx = tf->vector;
}

KTEST(trap, software_interrupt_reaches_handler) {
    static uint64_t seen;
    trap_set_handler(TEST_VECTOR, record_vector, &seen);
    __asm__ volatile("int $0x80" ::: "memory");
    KT_EXPECT_EQ(t, seen, TEST_VECTOR);
}

KTEST(ioapic, redirection_entry_encoding) {
    KT_EXPECT_EQ(t, ioapic_redirection(0x34, 0, false, false, false), 0x34);
    KT_EXPECT_EQ(t, ioapic_redirection(0x39, 3, true, true, false), 0x030000000000a039ull);
    KT_EXPECT_EQ(t, ioapic_redirection(0x30, 0, false, false, true), 0x10030);
}

KTEST(acpi, machine_has_madt_with_ioapic) {
    size_t len = 0;
    const void *table = acpi_find_table("APIC", &len);
    struct madt_info m;
    KT_ASSERT(t, table != NULL);
    KT_ASSERT(t, madt_parse(table, len, &m));
    KT_EXPECT(t, m.ioapic_count >= 1);
    KT_EXPECT(t, m.cpu_count >= 1);
    KT_EXPECT(t, acpi_find_table("ZZZZ", &len) == NULL);
}
