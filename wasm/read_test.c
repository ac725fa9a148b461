/* LEB128 and UTF-8 reading (read.c), at the edges of each encoding. */
#include "ktest.h"
#include "read.h"

static wasm_reader_t reader(const uint8_t *bytes, size_t len) {
    return (wasm_reader_t){.pos = bytes, .end = bytes + len};
}

#define R(...) reader(TB(__VA_ARGS__))
#define TB(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

KTEST(read, u32_one_byte_and_max) {
    uint32_t v;
    wasm_reader_t r = R(0x7f);
    KT_EXPECT(t, wasm_read_u32(&r, &v));
    KT_EXPECT_EQ(t, v, 127);
    r = R(0x80, 0x01);
    KT_EXPECT(t, wasm_read_u32(&r, &v));
    KT_EXPECT_EQ(t, v, 128);
    r = R(0xff, 0xff, 0xff, 0xff, 0x0f);
    KT_EXPECT(t, wasm_read_u32(&r, &v));
    KT_EXPECT_EQ(t, v, 0xffffffffu);
    KT_EXPECT(t, r.pos == r.end);
}

KTEST(read, u32_padded_zero_is_accepted) {
    uint32_t v;
    wasm_reader_t r = R(0x80, 0x80, 0x80, 0x80, 0x00);
    KT_EXPECT(t, wasm_read_u32(&r, &v));
    KT_EXPECT_EQ(t, v, 0);
}

KTEST(read, u32_unused_bits_set_is_too_large) {
    uint32_t v;
    wasm_reader_t r = R(0xff, 0xff, 0xff, 0xff, 0x1f);
    KT_EXPECT(t, !wasm_read_u32(&r, &v));
    KT_EXPECT_STREQ(t, r.error, "integer too large");
}

KTEST(read, u32_six_bytes_is_too_long) {
    uint32_t v;
    wasm_reader_t r = R(0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
    KT_EXPECT(t, !wasm_read_u32(&r, &v));
    KT_EXPECT_STREQ(t, r.error, "integer representation too long");
}

KTEST(read, u32_truncated_is_unexpected_end) {
    uint32_t v;
    wasm_reader_t r = R(0x80, 0x80);
    KT_EXPECT(t, !wasm_read_u32(&r, &v));
    KT_EXPECT_STREQ(t, r.error, "unexpected end");
    r = R(0x01);
    r.pos = r.end;
    KT_EXPECT(t, !wasm_read_u32(&r, &v));
}

KTEST(read, s32_sign_extension) {
    int32_t v;
    wasm_reader_t r = R(0x7f);
    KT_EXPECT(t, wasm_read_s32(&r, &v));
    KT_EXPECT_EQ(t, v, -1);
    r = R(0x80, 0x7f);
    KT_EXPECT(t, wasm_read_s32(&r, &v));
    KT_EXPECT_EQ(t, v, -128);
    r = R(0x80, 0x80, 0x80, 0x80, 0x78);
    KT_EXPECT(t, wasm_read_s32(&r, &v));
    KT_EXPECT_EQ(t, (uint32_t)v, 0x80000000u);
    r = R(0xff, 0xff, 0xff, 0xff, 0x07);
    KT_EXPECT(t, wasm_read_s32(&r, &v));
    KT_EXPECT_EQ(t, v, 0x7fffffff);
}

KTEST(read, s32_bits_not_copying_sign_are_too_large) {
    int32_t v;
    /* Bit 31 set but the bits above it clear: not a sign extension. */
    wasm_reader_t r = R(0xff, 0xff, 0xff, 0xff, 0x0f);
    KT_EXPECT(t, !wasm_read_s32(&r, &v));
    KT_EXPECT_STREQ(t, r.error, "integer too large");
    r = R(0x80, 0x80, 0x80, 0x80, 0x70);
    KT_EXPECT(t, !wasm_read_s32(&r, &v));
    KT_EXPECT_STREQ(t, r.error, "integer too large");
}

KTEST(read, s33_block_type_range) {
    int64_t v;
    wasm_reader_t r = R(0x40);
    KT_EXPECT(t, wasm_read_s33(&r, &v));
    KT_EXPECT_EQ(t, v, -64);
    r = R(0xff, 0xff, 0xff, 0xff, 0x0f);
    KT_EXPECT(t, wasm_read_s33(&r, &v));
    KT_EXPECT_EQ(t, v, 0xffffffffll);
    r = R(0xff, 0xff, 0xff, 0xff, 0x2f);
    KT_EXPECT(t, !wasm_read_s33(&r, &v));
    KT_EXPECT_STREQ(t, r.error, "integer too large");
}

KTEST(read, s64_extremes_and_overflow) {
    int64_t v;
    wasm_reader_t r = R(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f);
    KT_EXPECT(t, wasm_read_s64(&r, &v));
    KT_EXPECT_EQ(t, (uint64_t)v, 0x8000000000000000ull);
    r = R(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00);
    KT_EXPECT(t, wasm_read_s64(&r, &v));
    KT_EXPECT_EQ(t, v, 0x7fffffffffffffffll);
    r = R(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    KT_EXPECT(t, !wasm_read_s64(&r, &v));
    KT_EXPECT_STREQ(t, r.error, "integer too large");
    r = R(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00);
    KT_EXPECT(t, !wasm_read_s64(&r, &v));
    KT_EXPECT_STREQ(t, r.error, "integer representation too long");
}

KTEST(read, first_failure_is_kept) {
    uint32_t v;
    wasm_reader_t r = R(0xff, 0xff, 0xff, 0xff, 0x1f);
    KT_EXPECT(t, !wasm_read_u32(&r, &v));
    wasm_read_fail(&r, r.end, "later");
    KT_EXPECT_STREQ(t, r.error, "integer too large");
}

KTEST(read, utf8_accepts_every_length) {
    static const uint8_t s[] = {'a', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80};
    KT_EXPECT(t, wasm_utf8_valid(s, sizeof s));
    KT_EXPECT(t, wasm_utf8_valid(s, 0));
}

KTEST(read, utf8_rejects_overlong_surrogate_and_out_of_range) {
    KT_EXPECT(t, !wasm_utf8_valid(TB(0xc0, 0x80)));             /* overlong NUL */
    KT_EXPECT(t, !wasm_utf8_valid(TB(0xe0, 0x80, 0x80)));       /* overlong */
    KT_EXPECT(t, !wasm_utf8_valid(TB(0xed, 0xa0, 0x80)));       /* U+D800 */
    KT_EXPECT(t, !wasm_utf8_valid(TB(0xf4, 0x90, 0x80, 0x80))); /* U+110000 */
    KT_EXPECT(t, !wasm_utf8_valid(TB(0xe2, 0x82)));             /* truncated */
    KT_EXPECT(t, !wasm_utf8_valid(TB(0x80)));                   /* lone continuation */
    KT_EXPECT(t, !wasm_utf8_valid(TB(0xf8, 0x80, 0x80, 0x80, 0x80)));
}

KTEST(read, name_checks_length_and_encoding) {
    wasm_name_t n;
    wasm_reader_t r = R(0x02, 'h', 'i');
    KT_EXPECT(t, wasm_read_name(&r, &n));
    KT_EXPECT_EQ(t, n.len, 2);
    r = R(0x05, 'h', 'i');
    KT_EXPECT(t, !wasm_read_name(&r, &n));
    KT_EXPECT_STREQ(t, r.error, "length out of bounds");
    r = R(0x01, 0xff);
    KT_EXPECT(t, !wasm_read_name(&r, &n));
    KT_EXPECT_STREQ(t, r.error, "malformed UTF-8 encoding");
}
