/* Tests of lspci's text: class names, function lines, BAR lines. */
#include "user/shell/pcifmt.h"

#include "ktest.h"

KTEST(pcifmt, class_names_of_subclass_then_class) {
    KT_EXPECT_STREQ(t, pcifmt_class_name(0x06, 0x00), "Host bridge");
    KT_EXPECT_STREQ(t, pcifmt_class_name(0x06, 0x80), "Bridge");
    KT_EXPECT_STREQ(t, pcifmt_class_name(0x01, 0x06), "SATA controller");
    KT_EXPECT_STREQ(t, pcifmt_class_name(0x0c, 0x05), "SMBus");
    KT_EXPECT(t, pcifmt_class_name(0x00, 0x00) == NULL);
    KT_EXPECT(t, pcifmt_class_name(0xff, 0x00) == NULL);
}

KTEST(pcifmt, function_line_is_lspci_n_with_the_class_name) {
    rz_pci_function_t f = {.bus = 0,
                           .dev = 0x1f,
                           .fn = 3,
                           .vendor = 0x8086,
                           .device = 0x2930,
                           .class_code = 0x0c,
                           .subclass = 0x05};
    char buf[80];
    KT_EXPECT_EQ(t, pcifmt_function(buf, sizeof buf, &f), 29);
    KT_EXPECT_STREQ(t, buf, "00:1f.3 0c05: 8086:2930 SMBus");
    f = (rz_pci_function_t){.bus = 0x12,
                            .dev = 1,
                            .vendor = 0x1234,
                            .device = 0xabcd,
                            .class_code = 0xff,
                            .subclass = 0x00};
    pcifmt_function(buf, sizeof buf, &f);
    KT_EXPECT_STREQ(t, buf, "12:01.0 ff00: 1234:abcd");
}

KTEST(pcifmt, bar_lines_give_kind_base_and_size) {
    rz_pci_function_t f = {.bar_count = 6};
    f.bars[0] = (rz_pci_bar_t){.base = 0xc000, .size = 64, .flags = RZ_PCI_BAR_IO};
    f.bars[1] = (rz_pci_bar_t){.base = 0xfebf0000u, .size = 0x1000};
    f.bars[2] = (rz_pci_bar_t){
        .base = 0x800000000ull, .size = 0x4000000, .flags = RZ_PCI_BAR_64BIT | RZ_PCI_BAR_PREFETCH};
    f.bars[5] = (rz_pci_bar_t){.base = 0xfd000000u, .size = 0x1800};
    char buf[80];
    pcifmt_bar(buf, sizeof buf, &f, 0);
    KT_EXPECT_STREQ(t, buf, "BAR0: I/O ports at 0xc000 [size=64]");
    pcifmt_bar(buf, sizeof buf, &f, 1);
    KT_EXPECT_STREQ(t, buf, "BAR1: memory at 0xfebf0000 [size=4K] 32-bit");
    pcifmt_bar(buf, sizeof buf, &f, 2);
    KT_EXPECT_STREQ(t, buf, "BAR2: memory at 0x800000000 [size=64M] 64-bit, prefetchable");
    pcifmt_bar(buf, sizeof buf, &f, 5);
    KT_EXPECT_STREQ(t, buf, "BAR5: memory at 0xfd000000 [size=6K] 32-bit");
    KT_EXPECT_EQ(t, pcifmt_bar(buf, sizeof buf, &f, 3), 0);
    f.bar_count = 2; /* a bridge: slots 2.. are not BARs */
    KT_EXPECT_EQ(t, pcifmt_bar(buf, sizeof buf, &f, 2), 0);
}
