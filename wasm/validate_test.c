/* The validator (validate.c, validate_code.c): typing rules, module rules, message format. */
#include "ktest.h"
#include "error.h"
#include "testmod.h"

/* Checks a one-function module with type `sig` and `body`: verdict and message fragment. */
static void check(struct ktest *t, int line, const uint8_t *sig, size_t sig_len,
                  const uint8_t *body, size_t body_len, char want, const char *phrase) {
    testmod_t m;
    wasm_error_t err;
    tm_func_module(&m, sig, sig_len, body, body_len);
    char got = tm_check(&m, &err);
    if (got != want) {
        ktest_fail(t, __FILE__, line, "verdict %c, expected %c (%s)", got, want,
                   got == 'v' ? "valid" : err.message);
    } else if (want != 'v' && !tm_contains(err.message, phrase)) {
        ktest_fail(t, __FILE__, line, "message \"%s\" lacks \"%s\"", err.message, phrase);
    }
}

#define SIG(...) TM_BYTES(__VA_ARGS__)
#define BODY(...) TM_BYTES(__VA_ARGS__)
#define VOID SIG(0x00, 0x00)
#define TO_I32 SIG(0x00, 0x01, 0x7f)
#define VALID(sig, body) check(t, __LINE__, sig, body, 'v', "")
#define INVALID(sig, body, phrase) check(t, __LINE__, sig, body, 'i', phrase)
#define MALFORMED(sig, body, phrase) check(t, __LINE__, sig, body, 'm', phrase)

KTEST(validate, message_names_function_offset_instruction_and_types) {
    testmod_t m;
    wasm_error_t err;
    /* i32.const 1, f64.const 0, i32.add */
    tm_func_module(&m, TO_I32, BODY(0x00, 0x41, 0x01, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x6a, 0x0b));
    tm_section(
        &m, 0,
        TM_BYTES(0x04, 'n', 'a', 'm', 'e', 0x01, 0x08, 0x01, 0x00, 0x05, 'p', 'a', 'r', 's', 'e'));
    KT_EXPECT_EQ(t, tm_check(&m, &err), 'i');
    /* The body starts after the code section header; find i32.add's offset. */
    size_t add = 0;
    for (size_t i = 0; i < m.len; i++) {
        if (m.bytes[i] == 0x6a && m.bytes[i + 1] == 0x0b) {
            add = i;
        }
    }
    char want[128];
    wasm_format(want, sizeof want, "func 0 ($parse) at 0x%zx: i32.add expects i32, found f64", add);
    KT_EXPECT_STREQ(t, err.message, want);
    KT_EXPECT_EQ(t, err.offset, add);
}

KTEST(validate, numeric_typing) {
    VALID(TO_I32, BODY(0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b));
    INVALID(TO_I32, BODY(0x00, 0x42, 0x01, 0x41, 0x02, 0x6a, 0x0b),
            "i32.add expects i32, found i64");
    INVALID(TO_I32, BODY(0x00, 0x41, 0x01, 0x6a, 0x0b), "i32.add expects i32, found nothing");
    INVALID(TO_I32, BODY(0x00, 0x42, 0x01, 0x0b), "end expects i32, found i64");
    INVALID(VOID, BODY(0x00, 0x41, 0x01, 0x0b), "left on the stack");
}

KTEST(validate, unreachable_makes_the_stack_polymorphic) {
    /* unreachable; i32.add; (result i32) */
    VALID(TO_I32, BODY(0x00, 0x00, 0x6a, 0x0b));
    /* unreachable; f32.const; i32.add: a known wrong type still fails */
    INVALID(TO_I32, BODY(0x00, 0x00, 0x43, 0, 0, 0, 0, 0x6a, 0x0b), "expects i32, found f32");
    /* unreachable; select: Unknown operands */
    VALID(TO_I32, BODY(0x00, 0x00, 0x1b, 0x0b));
    /* unreachable; ref.is_null on Unknown */
    VALID(TO_I32, BODY(0x00, 0x00, 0xd1, 0x0b));
}

KTEST(validate, blocks_and_branches) {
    /* block (result i32) i32.const 1 br 0 end */
    VALID(TO_I32, BODY(0x00, 0x02, 0x7f, 0x41, 0x01, 0x0c, 0x00, 0x0b, 0x0b));
    /* loop (result i32) br 0 end: a loop's label takes its params (none) */
    VALID(TO_I32, BODY(0x00, 0x03, 0x7f, 0x0c, 0x00, 0x0b, 0x0b));
    /* br 1 at depth 0 */
    INVALID(VOID, BODY(0x00, 0x0c, 0x01, 0x0b), "unknown label 1");
    /* if (result i32) without else */
    INVALID(TO_I32, BODY(0x00, 0x41, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x0b, 0x0b), "if without else");
    /* if else end with both arms i32 */
    VALID(TO_I32, BODY(0x00, 0x41, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b));
    INVALID(VOID, BODY(0x00, 0x05, 0x0b), "else without a matching if");
    /* br_if leaves its values */
    VALID(TO_I32, BODY(0x00, 0x02, 0x7f, 0x41, 0x01, 0x41, 0x00, 0x0d, 0x00, 0x0b, 0x0b));
}

KTEST(validate, br_table_arity_and_types) {
    /* block (result i32) block i32.const 0 br_table 0 1 ... arity 0 vs 1 */
    INVALID(TO_I32,
            BODY(0x00, 0x02, 0x7f, 0x02, 0x40, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x41, 0x00,
                 0x0b, 0x0b),
            "type mismatch: label");
    /* in unreachable code the arity must still agree */
    INVALID(TO_I32,
            BODY(0x00, 0x02, 0x7f, 0x02, 0x40, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x41, 0x00, 0x0b,
                 0x0b),
            "type mismatch: label");
    /* same arity, different types (i32 and f32 blocks) for one i32 operand */
    INVALID(VOID,
            BODY(0x00, 0x02, 0x7d, 0x02, 0x7f, 0x41, 0x01, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b,
                 0x1a, 0x43, 0, 0, 0, 0, 0x0b, 0x1a, 0x0b),
            "br_table expects f32, found i32");
    /* the same after unreachable: Unknown operands fit both labels */
    VALID(VOID, BODY(0x00, 0x02, 0x7d, 0x02, 0x7f, 0x00, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b,
                     0x1a, 0x43, 0, 0, 0, 0, 0x0b, 0x1a, 0x0b));
    /* unreachable then br_table over two labels of the same arity */
    VALID(TO_I32, BODY(0x00, 0x02, 0x7f, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x0b));
}

KTEST(validate, select_typed_and_untyped) {
    /* i32.const 1 i32.const 2 i32.const 0 select */
    VALID(TO_I32, BODY(0x00, 0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1b, 0x0b));
    /* ref.null func twice: untyped select refuses references */
    INVALID(VOID, BODY(0x00, 0xd0, 0x70, 0xd0, 0x70, 0x41, 0x00, 0x1b, 0x1a, 0x0b),
            "type mismatch: select");
    VALID(VOID, BODY(0x00, 0xd0, 0x70, 0xd0, 0x70, 0x41, 0x00, 0x1c, 0x01, 0x70, 0x1a, 0x0b));
    INVALID(VOID,
            BODY(0x00, 0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1c, 0x02, 0x7f, 0x7f, 0x1a, 0x0b),
            "invalid result arity");
    INVALID(VOID, BODY(0x00, 0x41, 0x01, 0x42, 0x02, 0x41, 0x00, 0x1b, 0x1a, 0x0b),
            "select between");
}

KTEST(validate, locals_globals_and_calls) {
    VALID(SIG(0x01, 0x7e, 0x01, 0x7e), BODY(0x01, 0x01, 0x7f, 0x20, 0x00, 0x0b));
    INVALID(VOID, BODY(0x00, 0x20, 0x00, 0x1a, 0x0b), "unknown local 0");
    INVALID(VOID, BODY(0x00, 0x23, 0x00, 0x1a, 0x0b), "unknown global 0");
    INVALID(VOID, BODY(0x00, 0x10, 0x01, 0x0b), "unknown function 1");
    /* call 0 recursively: [i32] -> [] */
    VALID(SIG(0x01, 0x7f, 0x00), BODY(0x00, 0x41, 0x00, 0x10, 0x00, 0x0b));
    /* call_indirect type 0 table 0 */
    VALID(VOID, BODY(0x00, 0x41, 0x00, 0x11, 0x00, 0x00, 0x0b));
    INVALID(VOID, BODY(0x00, 0x41, 0x00, 0x11, 0x00, 0x01, 0x0b), "unknown table 1");
}

KTEST(validate, memory_alignment_and_lanes) {
    /* i32.load align=4 */
    VALID(TO_I32, BODY(0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x0b));
    INVALID(TO_I32, BODY(0x00, 0x41, 0x00, 0x28, 0x03, 0x00, 0x0b),
            "alignment must not be larger than natural");
    /* i32.const 0; i8x16.splat; i8x16.extract_lane_s 16 */
    INVALID(TO_I32, BODY(0x00, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x15, 0x10, 0x0b),
            "invalid lane index");
    VALID(TO_I32, BODY(0x00, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x15, 0x0f, 0x0b));
    /* v128.load64_lane lane 2 */
    INVALID(
        VOID,
        BODY(0x00, 0x41, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x57, 0x03, 0x00, 0x02, 0x1a, 0x0b),
        "invalid lane index");
}

KTEST(validate, ref_func_needs_a_declaration) {
    /* Function 0 is exported by tm_func_module, so it is declared. */
    VALID(VOID, BODY(0x00, 0xd2, 0x00, 0x1a, 0x0b));
    testmod_t m;
    wasm_error_t err;
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x01, 0x60, 0x00, 0x00));
    tm_section(&m, 3, TM_BYTES(0x01, 0x00));
    tm_section(&m, 10, TM_BYTES(0x01, 0x05, 0x00, 0xd2, 0x00, 0x1a, 0x0b));
    KT_EXPECT_EQ(t, tm_check(&m, &err), 'i');
    KT_EXPECT(t, tm_contains(err.message, "undeclared function reference"));
}

KTEST(validate, data_count_required_is_malformed) {
    MALFORMED(VOID, BODY(0x00, 0xfc, 0x09, 0x00, 0x0b), "data count section required");
}

KTEST(validate, malformation_after_a_type_error_wins) {
    /* i64.const; i32.eqz (invalid) then opcode 0x06 (illegal) */
    MALFORMED(VOID, BODY(0x00, 0x42, 0x00, 0x45, 0x06, 0x0b), "illegal opcode");
    /* missing final end */
    MALFORMED(VOID, BODY(0x00, 0x01), "unexpected end of section or function");
    /* bytes after the final end */
    MALFORMED(VOID, BODY(0x00, 0x0b, 0x01), "section size mismatch");
}

static char module_verdict(const testmod_t *m, const char *phrase, struct ktest *t, int line) {
    wasm_error_t err;
    char v = tm_check(m, &err);
    if (v != 'v' && !tm_contains(err.message, phrase)) {
        ktest_fail(t, __FILE__, line, "message \"%s\" lacks \"%s\"", err.message, phrase);
    }
    return v;
}

KTEST(validate, constant_expressions) {
    testmod_t m;
    /* global i32 = i32.const 1 i32.const 2 (two values) */
    tm_init(&m);
    tm_section(&m, 6, TM_BYTES(0x01, 0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x0b));
    KT_EXPECT_EQ(t, module_verdict(&m, "type mismatch", t, __LINE__), 'i');
    /* global i32 = i32.const 1 i32.const 2 i32.add: not constant in 2.0 */
    tm_init(&m);
    tm_section(&m, 6, TM_BYTES(0x01, 0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b));
    KT_EXPECT_EQ(t, module_verdict(&m, "constant expression required", t, __LINE__), 'i');
    /* global.get of a defined global */
    tm_init(&m);
    tm_section(&m, 6, TM_BYTES(0x02, 0x7f, 0x00, 0x41, 0x01, 0x0b, 0x7f, 0x00, 0x23, 0x00, 0x0b));
    KT_EXPECT_EQ(t, module_verdict(&m, "unknown global 0", t, __LINE__), 'i');
    /* global.get of an imported mutable global */
    tm_init(&m);
    tm_section(&m, 2, TM_BYTES(0x01, 0x00, 0x00, 0x03, 0x7f, 0x01));
    tm_section(&m, 6, TM_BYTES(0x01, 0x7f, 0x00, 0x23, 0x00, 0x0b));
    KT_EXPECT_EQ(t, module_verdict(&m, "constant expression required", t, __LINE__), 'i');
    /* imported immutable: fine, and the value is recorded */
    tm_init(&m);
    tm_section(&m, 2, TM_BYTES(0x01, 0x00, 0x00, 0x03, 0x7f, 0x00));
    tm_section(&m, 6, TM_BYTES(0x01, 0x7f, 0x00, 0x23, 0x00, 0x0b));
    KT_EXPECT_EQ(t, module_verdict(&m, "", t, __LINE__), 'v');
}

KTEST(validate, module_rules) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 5, TM_BYTES(0x02, 0x00, 0x01, 0x00, 0x01));
    KT_EXPECT_EQ(t, module_verdict(&m, "multiple memories", t, __LINE__), 'i');
    tm_init(&m);
    tm_section(&m, 5, TM_BYTES(0x01, 0x00, 0x81, 0x80, 0x04));
    KT_EXPECT_EQ(t, module_verdict(&m, "at most 65536 pages", t, __LINE__), 'i');
    tm_init(&m);
    tm_section(&m, 4, TM_BYTES(0x01, 0x70, 0x01, 0x02, 0x01));
    KT_EXPECT_EQ(t, module_verdict(&m, "minimum must not be greater than maximum", t, __LINE__),
                 'i');
    tm_init(&m);
    tm_section(&m, 5, TM_BYTES(0x01, 0x00, 0x01));
    tm_section(&m, 7, TM_BYTES(0x02, 0x01, 'a', 0x02, 0x00, 0x01, 'a', 0x02, 0x00));
    KT_EXPECT_EQ(t, module_verdict(&m, "duplicate export name \"a\"", t, __LINE__), 'i');
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x01, 0x60, 0x01, 0x7f, 0x00));
    tm_section(&m, 3, TM_BYTES(0x01, 0x00));
    tm_section(&m, 8, TM_BYTES(0x00));
    tm_section(&m, 10, TM_BYTES(0x01, 0x02, 0x00, 0x0b));
    KT_EXPECT_EQ(t, module_verdict(&m, "start function", t, __LINE__), 'i');
}

KTEST(validate, many_exports_stay_unique) {
    testmod_t m;
    testmod_t s;
    tm_init(&m);
    tm_section(&m, 5, TM_BYTES(0x01, 0x00, 0x01));
    s.len = 0;
    tm_u32(&s, 1000);
    for (unsigned i = 0; i < 1000; i++) {
        uint8_t name[3] = {(uint8_t)('a' + i % 26), (uint8_t)('a' + i / 26 % 26),
                           (uint8_t)('a' + i / 676)};
        tm_bytes(&s, TM_BYTES(0x03));
        tm_bytes(&s, name, 3);
        tm_bytes(&s, TM_BYTES(0x02, 0x00));
    }
    tm_section(&m, 7, s.bytes, s.len);
    KT_EXPECT_EQ(t, module_verdict(&m, "", t, __LINE__), 'v');
}

KTEST(validate, nop_first_in_a_body_with_an_empty_stack) {
    VALID(VOID, BODY(0x00, 0x01, 0x0b));
}

KTEST(validate, call_of_a_function_with_an_unknown_type_index) {
    /* func 0 calls func 1, whose type index 83 does not exist */
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x01, 0x60, 0x00, 0x00));
    tm_section(&m, 3, TM_BYTES(0x02, 0x00, 0x53));
    tm_section(&m, 10, TM_BYTES(0x02, 0x04, 0x00, 0x10, 0x01, 0x0b, 0x02, 0x00, 0x0b));
    KT_EXPECT_EQ(t, module_verdict(&m, "unknown type 83", t, __LINE__), 'i');
}

KTEST(validate, malformed_immediate_names_its_instruction) {
    MALFORMED(VOID, BODY(0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, 0x0b),
              "i32.const: integer representation too long");
    /* a SIMD load's memarg, read by the general path */
    MALFORMED(VOID, BODY(0x00, 0x41, 0x00, 0xfd, 0x00, 0x04, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x1a,
                         0x0b),
              "v128.load: integer too large");
    MALFORMED(VOID, BODY(0x00, 0x06, 0x0b), "illegal opcode");
}

KTEST(validate, block_types_by_index_take_params) {
    testmod_t m;
    wasm_error_t err;
    /* type 0: [] -> [], type 1: [i32] -> [i32]; i32.const 1, block (type 1) i32.eqz end, drop */
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f));
    tm_section(&m, 3, TM_BYTES(0x01, 0x00));
    tm_section(&m, 10, TM_BYTES(0x01, 0x09, 0x00, 0x41, 0x01, 0x02, 0x01, 0x45, 0x0b, 0x1a, 0x0b));
    KT_EXPECT_EQ(t, tm_check(&m, &err), 'v');
    /* the same block without its i32 param */
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f));
    tm_section(&m, 3, TM_BYTES(0x01, 0x00));
    tm_section(&m, 10, TM_BYTES(0x01, 0x07, 0x00, 0x02, 0x01, 0x45, 0x0b, 0x1a, 0x0b));
    KT_EXPECT_EQ(t, module_verdict(&m, "block expects i32, found nothing", t, __LINE__), 'i');
    /* a block type index past the types */
    VALID(VOID, BODY(0x00, 0x0b));
    INVALID(VOID, BODY(0x00, 0x02, 0x05, 0x0b, 0x0b), "unknown type 5");
}

KTEST(validate, segments_and_exports_name_existing_things) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 7, TM_BYTES(0x01, 0x01, 'g', 0x03, 0x00));
    KT_EXPECT_EQ(t, module_verdict(&m, "export 0 at 0xb: unknown global 0", t, __LINE__), 'i');
    tm_init(&m);
    tm_section(&m, 11, TM_BYTES(0x01, 0x00, 0x41, 0x00, 0x0b, 0x00));
    KT_EXPECT_EQ(t, module_verdict(&m, "unknown memory 0", t, __LINE__), 'i');
    tm_init(&m);
    tm_section(&m, 9, TM_BYTES(0x01, 0x00, 0x41, 0x00, 0x0b, 0x00));
    KT_EXPECT_EQ(t, module_verdict(&m, "unknown table 0", t, __LINE__), 'i');
    /* funcref elements into an externref table */
    tm_init(&m);
    tm_section(&m, 4, TM_BYTES(0x01, 0x6f, 0x00, 0x01));
    tm_section(&m, 9, TM_BYTES(0x01, 0x00, 0x41, 0x00, 0x0b, 0x00));
    KT_EXPECT_EQ(t, module_verdict(&m, "type mismatch", t, __LINE__), 'i');
    /* an i64 offset */
    tm_init(&m);
    tm_section(&m, 5, TM_BYTES(0x01, 0x00, 0x01));
    tm_section(&m, 11, TM_BYTES(0x01, 0x00, 0x42, 0x00, 0x0b, 0x00));
    KT_EXPECT_EQ(t, module_verdict(&m, "must produce one i32", t, __LINE__), 'i');
    tm_init(&m);
    tm_section(&m, 8, TM_BYTES(0x00));
    KT_EXPECT_EQ(t, module_verdict(&m, "start function 0 at 0xa: unknown function", t, __LINE__), 'i');
}

KTEST(validate, memory_and_table_instructions_need_them) {
    testmod_t m;
    /* i32.const 0, i32.load, drop in a module without memory */
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x01, 0x60, 0x00, 0x00));
    tm_section(&m, 3, TM_BYTES(0x01, 0x00));
    tm_section(&m, 10, TM_BYTES(0x01, 0x08, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, 0x0b));
    KT_EXPECT_EQ(t, module_verdict(&m, "i32.load: unknown memory 0", t, __LINE__), 'i');
    /* table.size 1 with one table */
    INVALID(TO_I32, BODY(0x00, 0xfc, 0x10, 0x01, 0x0b), "table.size: unknown table 1");
    VALID(TO_I32, BODY(0x00, 0xfc, 0x10, 0x00, 0x0b));
    /* global.set of an immutable global: tm_func_module has no globals */
    INVALID(VOID, BODY(0x00, 0x41, 0x00, 0x24, 0x00, 0x0b), "unknown global 0");
}

KTEST(validate, ref_func_of_a_high_index_with_nothing_declared) {
    /* 20 functions, none exported or in an element segment; func 0 takes ref.func 19 */
    testmod_t m;
    testmod_t s;
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x01, 0x60, 0x00, 0x00));
    s.len = 0;
    tm_u32(&s, 20);
    for (int i = 0; i < 20; i++) {
        tm_bytes(&s, TM_BYTES(0x00));
    }
    tm_section(&m, 3, s.bytes, s.len);
    s.len = 0;
    tm_u32(&s, 20);
    tm_bytes(&s, TM_BYTES(0x05, 0x00, 0xd2, 0x13, 0x1a, 0x0b));
    for (int i = 1; i < 20; i++) {
        tm_bytes(&s, TM_BYTES(0x02, 0x00, 0x0b));
    }
    tm_section(&m, 10, s.bytes, s.len);
    KT_EXPECT_EQ(t, module_verdict(&m, "undeclared function reference 19", t, __LINE__), 'i');
}
