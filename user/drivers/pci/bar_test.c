/* Tests of BAR decoding against values QEMU's devices and the PCI spec give. */
#include "user/drivers/pci/bar.h"

#include "ktest.h"

static rz_pci_bar_t decode(uint32_t value, uint32_t mask, uint32_t hi, uint32_t hi_mask) {
    rz_pci_bar_t bar;
    pci_bar_decode(value, mask, hi, hi_mask, &bar);
    return bar;
}

KTEST(pci_bar, io_bar_size_from_the_address_bits) {
    rz_pci_bar_t bar = decode(0xc001, 0xffffffe1u, 0, 0);
    KT_EXPECT_EQ(t, bar.flags, RZ_PCI_BAR_IO);
    KT_EXPECT_EQ(t, bar.base, 0xc000u);
    KT_EXPECT_EQ(t, bar.size, 0x20u);
}

KTEST(pci_bar, io_bar_reading_back_zero_upper_half_is_16_bit) {
    rz_pci_bar_t bar = decode(0xc041, 0x0000ffc1u, 0, 0);
    KT_EXPECT_EQ(t, bar.base, 0xc040u);
    KT_EXPECT_EQ(t, bar.size, 0x40u);
}

KTEST(pci_bar, memory_32_bit) {
    rz_pci_bar_t bar = decode(0xfebf0000u, 0xfffff000u, 0x1234, 0xffffffffu);
    KT_EXPECT_EQ(t, bar.flags, 0u);
    KT_EXPECT_EQ(t, bar.base, 0xfebf0000u);
    KT_EXPECT_EQ(t, bar.size, 0x1000u);
}

KTEST(pci_bar, memory_32_bit_prefetchable) {
    rz_pci_bar_t bar = decode(0xfd000008u, 0xff000008u, 0, 0);
    KT_EXPECT_EQ(t, bar.flags, RZ_PCI_BAR_PREFETCH);
    KT_EXPECT_EQ(t, bar.base, 0xfd000000u);
    KT_EXPECT_EQ(t, bar.size, 0x1000000u);
}

KTEST(pci_bar, memory_64_bit_takes_the_upper_half_from_the_next_slot) {
    rz_pci_bar_t bar = decode(0xfe00000cu, 0xffffc00cu, 0x1, 0xffffffffu);
    KT_EXPECT_EQ(t, bar.flags, RZ_PCI_BAR_64BIT | RZ_PCI_BAR_PREFETCH);
    KT_EXPECT_EQ(t, bar.base, 0x1fe000000ull);
    KT_EXPECT_EQ(t, bar.size, 0x4000u);
}

KTEST(pci_bar, memory_64_bit_of_8_gib) {
    rz_pci_bar_t bar = decode(0x4, 0x4, 0x8, 0xfffffffeu);
    KT_EXPECT_EQ(t, bar.flags, RZ_PCI_BAR_64BIT);
    KT_EXPECT_EQ(t, bar.base, 0x800000000ull);
    KT_EXPECT_EQ(t, bar.size, 0x200000000ull);
}

KTEST(pci_bar, unimplemented_bar_has_size_and_flags_0) {
    rz_pci_bar_t bar = decode(0, 0, 0, 0);
    KT_EXPECT_EQ(t, bar.size, 0u);
    KT_EXPECT_EQ(t, bar.flags, 0u);
    bar = decode(0x4, 0x4, 0, 0); /* 64-bit type bits but no address bits */
    KT_EXPECT_EQ(t, bar.size, 0u);
    bar = decode(0x1, 0x1, 0, 0); /* I/O without address bits */
    KT_EXPECT_EQ(t, bar.size, 0u);
}

KTEST(pci_bar, only_memory_type_2_is_64_bit) {
    KT_EXPECT(t, pci_bar_is_64bit(0x4));
    KT_EXPECT(t, pci_bar_is_64bit(0xc));
    KT_EXPECT(t, !pci_bar_is_64bit(0x0));
    KT_EXPECT(t, !pci_bar_is_64bit(0x2)); /* type 1: below 1 MiB, 32 bits */
    KT_EXPECT(t, !pci_bar_is_64bit(0x5)); /* I/O */
}
