/* Descriptor encoders against values from the SDM and common practice. */
#include "arch/x86_64/desc.h"

#include "ktest.h"

KTEST(desc, segment_flat_code_and_data) {
    /* The classic flat descriptors everyone's GDT has. */
    KT_EXPECT_EQ(t, desc_segment(0, 0xfffff, DESC_CODE64, DESC_FLAG_LONG | DESC_FLAG_4K),
                 0x00af9a000000ffffull);
    KT_EXPECT_EQ(t, desc_segment(0, 0xfffff, DESC_DATA, DESC_FLAG_DB32 | DESC_FLAG_4K),
                 0x00cf92000000ffffull);
    KT_EXPECT_EQ(t, desc_segment(0, 0, DESC_CODE64, DESC_FLAG_LONG), 0x00209a0000000000ull);
}

KTEST(desc, segment_splits_base_and_limit) {
    KT_EXPECT_EQ(t, desc_segment(0x12345678, 0xabcde, 0x92, 0x0), 0x120a92345678bcdeull);
}

KTEST(desc, tss_descriptor_carries_high_base) {
    uint64_t d[2];
    desc_tss(0xffffffff80123456ull, 0x67, d);
    KT_EXPECT_EQ(t, d[0], 0x8000891234560067ull);
    KT_EXPECT_EQ(t, d[1], 0xffffffffull);
}

KTEST(desc, gate_splits_offset) {
    uint64_t g[2];
    desc_gate(0xffffffff80201234ull, 0x08, 1, DESC_INTR_GATE, g);
    static const unsigned char want[16] = {0x34, 0x12, 0x08, 0x00, 0x01, 0x8e, 0x20, 0x80,
                                           0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00};
    KT_EXPECT_BYTES(t, g, 16, want, 16);
}
