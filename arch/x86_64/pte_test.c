/* PTE encodings checked against bit patterns worked out from the SDM. */
#include "arch/x86_64/pte.h"
#include "kernel/vm_prot.h"
#include "tests/host/panic_catch.h"

KTEST(pte, index_splits_address_into_four_levels) {
    /* 0xffffffff80201000: PML4 511, PDPT 510, PD 1, PT 1. */
    uint64_t va = 0xffffffff80201000ull;
    KT_EXPECT_EQ(t, pte_index(va, 4), 511);
    KT_EXPECT_EQ(t, pte_index(va, 3), 510);
    KT_EXPECT_EQ(t, pte_index(va, 2), 1);
    KT_EXPECT_EQ(t, pte_index(va, 1), 1);
    KT_EXPECT_EQ(t, pte_index(0xffff800000000000ull, 4), 256);
    KT_EXPECT_EQ(t, pte_span(2), 0x200000);
    KT_EXPECT_EQ(t, pte_span(3), 0x40000000);
}

KTEST(pte, prot_bits_match_known_patterns) {
    KT_EXPECT_EQ(t, pte_bits_for_prot(VM_R), 0x8000000000000001ull);
    KT_EXPECT_EQ(t, pte_bits_for_prot(VM_RW), 0x8000000000000003ull);
    KT_EXPECT_EQ(t, pte_bits_for_prot(VM_RX), 0x0000000000000001ull);
    KT_EXPECT_EQ(t, pte_bits_for_prot(VM_RW | VM_UC), 0x800000000000001bull);
    KT_EXPECT_EQ(t, pte_encode(0x123456000ull, pte_bits_for_prot(VM_RW)), 0x8000000123456003ull);
}

KTEST(pte, decode_recovers_address_and_prot) {
    uint64_t e = 0x8000000123456063ull; /* P W A D NX */
    KT_EXPECT(t, pte_present(e));
    KT_EXPECT(t, !pte_large(e));
    KT_EXPECT_EQ(t, pte_phys(e), 0x123456000ull);
    KT_EXPECT_EQ(t, pte_prot(e), VM_RW);
    KT_EXPECT_EQ(t, pte_prot(0x0000000000200081ull), VM_RX);
    KT_EXPECT_EQ(t, pte_large_phys(0x0000000000601083ull), 0x600000ull);
    KT_EXPECT_EQ(t, pte_prot(pte_bits_for_prot(VM_R | VM_UC)), VM_R | VM_UC);
    KT_EXPECT(t, !pte_present(0x8000000123456002ull));
}

KTEST(pte, canonical_addresses) {
    KT_EXPECT(t, va_canonical(0x00007fffffffffffull));
    KT_EXPECT(t, va_canonical(0xffff800000000000ull));
    KT_EXPECT(t, !va_canonical(0x0000800000000000ull));
    KT_EXPECT(t, !va_canonical(0xfff0000000000000ull));
}

KTEST(pte, writable_executable_panics) {
    KT_EXPECT_PANIC(t, pte_bits_for_prot(VM_R | VM_W | VM_X), "W^X");
    KT_EXPECT_PANIC(t, pte_bits_for_prot(VM_W), "invalid protection 0x2");
    KT_EXPECT_PANIC(t, pte_bits_for_prot(VM_R | 0x40), "invalid protection");
}
