/* Tests of command-line value text (value_text.c). */
#include <string.h>

#include "ktest.h"
#include "value_text.h"

KTEST(value_text, i32_accepts_signed_unsigned_and_hex) {
    uint64_t v = 1;
    KT_EXPECT(t, rz_value_parse(WASM_I32, "-1", &v));
    KT_EXPECT_EQ(t, v, 0xffffffffu);
    KT_EXPECT(t, rz_value_parse(WASM_I32, "4294967295", &v));
    KT_EXPECT_EQ(t, v, 0xffffffffu);
    KT_EXPECT(t, rz_value_parse(WASM_I32, "0x80000000", &v));
    KT_EXPECT_EQ(t, v, 0x80000000u);
    KT_EXPECT(t, rz_value_parse(WASM_I32, "-2147483648", &v));
    KT_EXPECT_EQ(t, v, 0x80000000u);
}

KTEST(value_text, i32_rejects_out_of_range_and_junk) {
    uint64_t v;
    KT_EXPECT(t, !rz_value_parse(WASM_I32, "4294967296", &v));
    KT_EXPECT(t, !rz_value_parse(WASM_I32, "-2147483649", &v));
    KT_EXPECT(t, !rz_value_parse(WASM_I32, "12x", &v));
    KT_EXPECT(t, !rz_value_parse(WASM_I32, "", &v));
    KT_EXPECT(t, !rz_value_parse(WASM_I32, "--1", &v));
    KT_EXPECT(t, !rz_value_parse(WASM_I32, " 1", &v));
}

KTEST(value_text, i64_full_range) {
    uint64_t v;
    KT_EXPECT(t, rz_value_parse(WASM_I64, "-9223372036854775808", &v));
    KT_EXPECT_EQ(t, v, 1ull << 63);
    KT_EXPECT(t, rz_value_parse(WASM_I64, "0xffffffffffffffff", &v));
    KT_EXPECT_EQ(t, v, UINT64_MAX);
    KT_EXPECT(t, !rz_value_parse(WASM_I64, "18446744073709551616", &v));
    KT_EXPECT(t, !rz_value_parse(WASM_I64, "-9223372036854775809", &v));
}

KTEST(value_text, floats_from_decimal_and_bits) {
    uint64_t v;
    KT_EXPECT(t, rz_value_parse(WASM_F32, "1.5", &v));
    KT_EXPECT_EQ(t, v, 0x3fc00000u);
    KT_EXPECT(t, rz_value_parse(WASM_F64, "-0", &v));
    KT_EXPECT_EQ(t, v, 1ull << 63);
    KT_EXPECT(t, rz_value_parse(WASM_F32, "bits:0x7fa00001", &v));
    KT_EXPECT_EQ(t, v, 0x7fa00001u);
    KT_EXPECT(t, !rz_value_parse(WASM_F32, "bits:0x100000000", &v));
    KT_EXPECT(t, !rz_value_parse(WASM_F64, "1.5z", &v));
    KT_EXPECT(t, !rz_value_parse(WASM_F64, "", &v));
}

KTEST(value_text, format_reads_back_exactly) {
    char buf[64];
    rz_value_format(WASM_I32, 0xffffffffu, buf, sizeof buf);
    KT_EXPECT_STREQ(t, buf, "-1");
    rz_value_format(WASM_I64, 1ull << 63, buf, sizeof buf);
    KT_EXPECT_STREQ(t, buf, "-9223372036854775808");
    rz_value_format(WASM_F64, 0x3fb999999999999aull, buf, sizeof buf); /* 0.1 */
    KT_EXPECT_STREQ(t, buf, "0.10000000000000001");
    rz_value_format(WASM_F32, 0x3dcccccdu, buf, sizeof buf); /* 0.1f */
    KT_EXPECT_STREQ(t, buf, "0.100000001");
}

KTEST(value_text, format_nan_payload_sign_and_inf) {
    char buf[64];
    rz_value_format(WASM_F32, 0xffc00000u, buf, sizeof buf);
    KT_EXPECT_STREQ(t, buf, "-nan:0x400000");
    rz_value_format(WASM_F64, 0x7ff0000000000001ull, buf, sizeof buf);
    KT_EXPECT_STREQ(t, buf, "nan:0x1");
    rz_value_format(WASM_F64, 0xfff0000000000000ull, buf, sizeof buf);
    KT_EXPECT_STREQ(t, buf, "-inf");
}
