/* Tests of spec_value_parse() on the value forms wast2json writes. */
#include <string.h>

#include "ktest.h"
#include "spec_value.h"

/* Parses a one-string value; the error text lands in `err`. */
static bool parse1(const char *type, const char *value, spec_value_t *v, char *err) {
    return spec_value_parse(type, NULL, &value, 1, v, err, 128);
}

KTEST(spec_value, i32_max_unsigned_is_all_ones) {
    spec_value_t v;
    char err[128];
    KT_ASSERT(t, parse1("i32", "4294967295", &v, err));
    KT_EXPECT_EQ(t, v.type, SPEC_I32);
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_BITS);
    KT_EXPECT_EQ(t, v.u.bits, 0xffffffffu);
}

KTEST(spec_value, i32_out_of_range_is_rejected) {
    spec_value_t v;
    char err[128];
    KT_EXPECT(t, !parse1("i32", "4294967296", &v, err));
    KT_EXPECT_STREQ(t, err, "malformed i32 value \"4294967296\"");
}

KTEST(spec_value, i64_max_and_overflow) {
    spec_value_t v;
    char err[128];
    KT_ASSERT(t, parse1("i64", "18446744073709551615", &v, err));
    KT_EXPECT_EQ(t, v.u.bits, UINT64_MAX);
    KT_EXPECT(t, !parse1("i64", "18446744073709551616", &v, err));
}

KTEST(spec_value, numbers_reject_signs_and_junk) {
    spec_value_t v;
    char err[128];
    KT_EXPECT(t, !parse1("i32", "-1", &v, err));
    KT_EXPECT(t, !parse1("i32", "1x", &v, err));
    KT_EXPECT(t, !parse1("i32", "", &v, err));
}

KTEST(spec_value, f32_is_raw_bits) {
    spec_value_t v;
    char err[128];
    KT_ASSERT(t, parse1("f32", "1065353216", &v, err)); /* 1.0f */
    KT_EXPECT_EQ(t, v.type, SPEC_F32);
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_BITS);
    KT_EXPECT_EQ(t, v.u.bits, 0x3f800000u);
}

KTEST(spec_value, f64_nan_patterns) {
    spec_value_t v;
    char err[128];
    KT_ASSERT(t, parse1("f64", "nan:canonical", &v, err));
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_NAN);
    KT_EXPECT_EQ(t, v.nan[0], SPEC_NAN_CANONICAL);
    KT_ASSERT(t, parse1("f32", "nan:arithmetic", &v, err));
    KT_EXPECT_EQ(t, v.nan[0], SPEC_NAN_ARITHMETIC);
}

KTEST(spec_value, nan_pattern_is_not_an_integer) {
    spec_value_t v;
    char err[128];
    KT_EXPECT(t, !parse1("i32", "nan:canonical", &v, err));
}

KTEST(spec_value, v128_i16_lanes_are_little_endian) {
    const char *lanes[] = {"256", "770", "1284", "1798", "2312", "4368", "4882", "65535"};
    const uint8_t want[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                              0x08, 0x09, 0x10, 0x11, 0x12, 0x13, 0xff, 0xff};
    spec_value_t v;
    char err[128];
    KT_ASSERT(t, spec_value_parse("v128", "i16", lanes, 8, &v, err, sizeof err));
    KT_EXPECT_EQ(t, v.type, SPEC_V128);
    KT_EXPECT_EQ(t, v.lane_type, SPEC_I16);
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_BITS);
    KT_EXPECT_BYTES(t, v.u.v128, 16, want, 16);
}

KTEST(spec_value, v128_i8_lane_out_of_range_is_rejected) {
    const char *lanes[16] = {"0", "1", "2",  "3",  "4",  "5",  "6",  "7",
                             "8", "9", "10", "11", "12", "13", "14", "256"};
    spec_value_t v;
    char err[128];
    KT_EXPECT(t, !spec_value_parse("v128", "i8", lanes, 16, &v, err, sizeof err));
}

KTEST(spec_value, v128_wrong_lane_count_is_rejected) {
    const char *lanes[] = {"0", "1", "2"};
    spec_value_t v;
    char err[128];
    KT_EXPECT(t, !spec_value_parse("v128", "i32", lanes, 3, &v, err, sizeof err));
}

KTEST(spec_value, v128_f32_lanes_mix_nan_patterns_and_bits) {
    const char *lanes[] = {"nan:canonical", "1065353216", "nan:arithmetic", "0"};
    const uint8_t want[16] = {0, 0, 0, 0, 0x00, 0x00, 0x80, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0};
    spec_value_t v;
    char err[128];
    KT_ASSERT(t, spec_value_parse("v128", "f32", lanes, 4, &v, err, sizeof err));
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_NAN);
    KT_EXPECT_EQ(t, v.nan[0], SPEC_NAN_CANONICAL);
    KT_EXPECT_EQ(t, v.nan[1], SPEC_NAN_NONE);
    KT_EXPECT_EQ(t, v.nan[2], SPEC_NAN_ARITHMETIC);
    KT_EXPECT_EQ(t, v.nan[3], SPEC_NAN_NONE);
    KT_EXPECT_BYTES(t, v.u.v128, 16, want, 16);
}

KTEST(spec_value, v128_needs_lane_type_only_with_a_value) {
    const char *lanes[] = {"0", "0", "0", "0"};
    spec_value_t v;
    char err[128];
    KT_EXPECT(t, !spec_value_parse("v128", NULL, lanes, 4, &v, err, sizeof err));
    KT_EXPECT_STREQ(t, err, "v128 value without a lane type");
    KT_ASSERT(t, spec_value_parse("v128", NULL, NULL, 0, &v, err, sizeof err));
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_ANY);
}

KTEST(spec_value, lane_type_on_a_scalar_is_rejected) {
    const char *value = "0";
    spec_value_t v;
    char err[128];
    KT_EXPECT(t, !spec_value_parse("i32", "i32", &value, 1, &v, err, sizeof err));
}

KTEST(spec_value, refs_null_and_host) {
    spec_value_t v;
    char err[128];
    KT_ASSERT(t, parse1("externref", "null", &v, err));
    KT_EXPECT_EQ(t, v.type, SPEC_EXTERNREF);
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_REF_NULL);
    KT_ASSERT(t, parse1("externref", "42", &v, err));
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_REF_HOST);
    KT_EXPECT_EQ(t, v.u.bits, 42);
    KT_ASSERT(t, parse1("funcref", "null", &v, err));
    KT_EXPECT_EQ(t, v.type, SPEC_FUNCREF);
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_REF_NULL);
}

KTEST(spec_value, funcref_cannot_be_a_host_reference) {
    spec_value_t v;
    char err[128];
    KT_EXPECT(t, !parse1("funcref", "3", &v, err));
}

KTEST(spec_value, type_only_is_any_value) {
    spec_value_t v;
    char err[128];
    KT_ASSERT(t, spec_value_parse("funcref", NULL, NULL, 0, &v, err, sizeof err));
    KT_EXPECT_EQ(t, v.kind, SPEC_VALUE_ANY);
    KT_EXPECT_EQ(t, v.type, SPEC_FUNCREF);
}

KTEST(spec_value, unknown_and_lane_only_types_are_rejected) {
    spec_value_t v;
    char err[128];
    KT_EXPECT(t, !parse1("i128", "0", &v, err));
    KT_EXPECT_STREQ(t, err, "unknown value type \"i128\"");
    KT_EXPECT(t, !parse1("i8", "0", &v, err));
}
