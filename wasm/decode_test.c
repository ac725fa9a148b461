/* The decoder (decode.c, decode_names.c): each section's form and its malformations. */
#include "ktest.h"
#include "platform.h"
#include "testmod.h"

#define EXPECT_MALFORMED(t, m, phrase)                                                             \
    do {                                                                                           \
        wasm_error_t err_;                                                                         \
        KT_EXPECT_EQ(t, tm_check(m, &err_), 'm');                                                  \
        if (!tm_contains(err_.message, phrase)) {                                                  \
            ktest_fail(t, __FILE__, __LINE__, "message \"%s\" lacks \"%s\"", err_.message,         \
                       phrase);                                                                    \
        }                                                                                          \
    } while (0)

static wasm_module_t *decode(struct ktest *t, const testmod_t *m) {
    wasm_error_t err;
    wasm_module_t *mod = wasm_decode(m->bytes, m->len, &err);
    if (mod == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "decode failed: %s", err.message);
    }
    return mod;
}

KTEST(decode, empty_module) {
    testmod_t m;
    tm_init(&m);
    wasm_module_t *mod = decode(t, &m);
    KT_ASSERT(t, mod != NULL);
    KT_EXPECT_EQ(t, mod->func_count, 0);
    wasm_module_free(mod);
}

KTEST(decode, bad_magic_and_version) {
    testmod_t m;
    tm_init(&m);
    m.bytes[1] = 'A';
    EXPECT_MALFORMED(t, &m, "magic header not detected");
    tm_init(&m);
    m.bytes[4] = 2;
    EXPECT_MALFORMED(t, &m, "unknown binary version");
    m.len = 6;
    EXPECT_MALFORMED(t, &m, "unknown binary version");
}

KTEST(decode, sections_out_of_order_or_repeated) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 3, TM_BYTES(0x00));
    tm_section(&m, 1, TM_BYTES(0x00));
    EXPECT_MALFORMED(t, &m, "unexpected content after last section");
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x00));
    tm_section(&m, 1, TM_BYTES(0x00));
    EXPECT_MALFORMED(t, &m, "unexpected content after last section");
}

KTEST(decode, data_count_sits_between_element_and_code) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 9, TM_BYTES(0x00));
    tm_section(&m, 12, TM_BYTES(0x00));
    tm_section(&m, 10, TM_BYTES(0x00));
    wasm_module_t *mod = decode(t, &m);
    KT_EXPECT(t, mod != NULL && mod->has_data_count);
    wasm_module_free(mod);
}

KTEST(decode, unknown_section_id) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 13, TM_BYTES(0x00));
    EXPECT_MALFORMED(t, &m, "malformed section id");
}

KTEST(decode, section_size_larger_or_smaller_than_contents) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x00, 0x00)); /* zero types, one stray byte */
    EXPECT_MALFORMED(t, &m, "section size mismatch");
    tm_init(&m);
    tm_bytes(&m, TM_BYTES(0x01, 0x05, 0x00)); /* size 5, 1 byte left */
    EXPECT_MALFORMED(t, &m, "unexpected end");
}

KTEST(decode, count_beyond_remaining_bytes_fails_before_allocating) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0xff, 0xff, 0xff, 0xff, 0x0f));
    EXPECT_MALFORMED(t, &m, "length out of bounds");
}

KTEST(decode, function_and_code_counts_must_agree) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x01, 0x60, 0x00, 0x00));
    tm_section(&m, 3, TM_BYTES(0x02, 0x00, 0x00));
    tm_section(&m, 10, TM_BYTES(0x01, 0x02, 0x00, 0x0b));
    EXPECT_MALFORMED(t, &m, "function and code section have inconsistent lengths");
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x01, 0x60, 0x00, 0x00));
    tm_section(&m, 3, TM_BYTES(0x01, 0x00));
    EXPECT_MALFORMED(t, &m, "function and code section have inconsistent lengths");
}

KTEST(decode, data_count_must_match_data_section) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 12, TM_BYTES(0x01));
    EXPECT_MALFORMED(t, &m, "data count and data section have inconsistent lengths");
    tm_init(&m);
    tm_section(&m, 12, TM_BYTES(0x02));
    tm_section(&m, 11, TM_BYTES(0x01, 0x01, 0x00));
    EXPECT_MALFORMED(t, &m, "data count and data section have inconsistent lengths");
}

KTEST(decode, too_many_locals) {
    testmod_t m;
    /* Two groups of 2^31 - 1 locals: their sum overflows 32 bits. */
    tm_func_module(&m, TM_BYTES(0x00, 0x00),
                   TM_BYTES(0x02, 0xff, 0xff, 0xff, 0xff, 0x07, 0x7f, 0xff, 0xff, 0xff, 0xff, 0x07,
                            0x7f, 0x0b));
    EXPECT_MALFORMED(t, &m, "too many locals");
}

KTEST(decode, locals_are_grouped_and_typed) {
    testmod_t m;
    tm_func_module(&m, TM_BYTES(0x01, 0x7e, 0x00), TM_BYTES(0x02, 0x02, 0x7f, 0x01, 0x7b, 0x0b));
    wasm_module_t *mod = decode(t, &m);
    KT_ASSERT(t, mod != NULL);
    KT_EXPECT_EQ(t, mod->funcs[0].local_count, 3);
    KT_EXPECT_EQ(t, wasm_local_type(mod, 0, 0), WASM_I64);
    KT_EXPECT_EQ(t, wasm_local_type(mod, 0, 2), WASM_I32);
    KT_EXPECT_EQ(t, wasm_local_type(mod, 0, 3), WASM_V128);
    wasm_module_free(mod);
}

KTEST(decode, import_kinds_and_index_spaces) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x01, 0x60, 0x00, 0x00));
    tm_section(&m, 2,
               TM_BYTES(0x03, 0x01, 'm', 0x01, 'f', 0x00, 0x00, /* func type 0 */
                        0x01, 'm', 0x01, 'g', 0x03, 0x7e, 0x01, /* global (mut i64) */
                        0x01, 'm', 0x01, 't', 0x01, 0x6f, 0x01, 0x01,
                        0x02 /* table externref 1..2 */
                        ));
    tm_section(&m, 3, TM_BYTES(0x01, 0x00));
    tm_section(&m, 10, TM_BYTES(0x01, 0x02, 0x00, 0x0b));
    wasm_module_t *mod = decode(t, &m);
    KT_ASSERT(t, mod != NULL);
    KT_EXPECT_EQ(t, mod->import_count, 3);
    KT_EXPECT_EQ(t, mod->func_import_count, 1);
    KT_EXPECT_EQ(t, mod->func_count, 2);
    KT_EXPECT_EQ(t, mod->global_import_count, 1);
    KT_EXPECT(t, mod->globals[0].type.is_mutable);
    KT_EXPECT_EQ(t, mod->tables[0].elem, WASM_EXTERNREF);
    KT_EXPECT_EQ(t, mod->tables[0].limits.max, 2);
    KT_EXPECT_EQ(t, mod->imports[2].index, 0);
    KT_EXPECT(t, wasm_name_eq(mod->imports[1].name, "g", 1));
    wasm_module_free(mod);
}

KTEST(decode, malformed_import_kind_mutability_and_limits) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 2, TM_BYTES(0x01, 0x00, 0x00, 0x04, 0x00));
    EXPECT_MALFORMED(t, &m, "malformed import kind");
    tm_init(&m);
    tm_section(&m, 2, TM_BYTES(0x01, 0x00, 0x00, 0x03, 0x7f, 0x02));
    EXPECT_MALFORMED(t, &m, "malformed mutability");
    tm_init(&m);
    tm_section(&m, 5, TM_BYTES(0x01, 0x02, 0x00));
    EXPECT_MALFORMED(t, &m, "integer too large");
    tm_init(&m);
    tm_section(&m, 5, TM_BYTES(0x01, 0x81, 0x00));
    EXPECT_MALFORMED(t, &m, "integer representation too long");
}

KTEST(decode, import_names_must_be_utf8) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 2, TM_BYTES(0x01, 0x01, 0xc0, 0x00, 0x02, 0x00, 0x00));
    EXPECT_MALFORMED(t, &m, "malformed UTF-8 encoding");
}

KTEST(decode, element_segments_in_all_eight_encodings) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 1, TM_BYTES(0x01, 0x60, 0x00, 0x00));
    tm_section(&m, 3, TM_BYTES(0x01, 0x00));
    tm_section(&m, 4, TM_BYTES(0x01, 0x70, 0x00, 0x01));
    tm_section(&m, 9,
               TM_BYTES(0x08,                               /* eight segments */
                        0x00, 0x41, 0x00, 0x0b, 0x01, 0x00, /* 0: offset, func indices */
                        0x01, 0x00, 0x01, 0x00,             /* 1: passive, elemkind */
                        0x02, 0x00, 0x41, 0x00, 0x0b, 0x00, 0x01, 0x00, /* 2: table 0 */
                        0x03, 0x00, 0x01, 0x00,                         /* 3: declarative */
                        0x04, 0x41, 0x00, 0x0b, 0x01, 0xd2, 0x00, 0x0b, /* 4: expressions */
                        0x05, 0x70, 0x01, 0xd0, 0x70, 0x0b,             /* 5: passive, reftype */
                        0x06, 0x00, 0x41, 0x00, 0x0b, 0x70, 0x01, 0xd2, 0x00, 0x0b, /* 6 */
                        0x07, 0x70, 0x01, 0xd2, 0x00, 0x0b /* 7: declarative */
                        ));
    tm_section(&m, 10, TM_BYTES(0x01, 0x02, 0x00, 0x0b));
    wasm_module_t *mod = decode(t, &m);
    KT_ASSERT(t, mod != NULL);
    KT_ASSERT(t, mod->elem_count == 8);
    KT_EXPECT_EQ(t, mod->elems[0].mode, WASM_SEGMENT_ACTIVE);
    KT_EXPECT_EQ(t, mod->elems[1].mode, WASM_SEGMENT_PASSIVE);
    KT_EXPECT_EQ(t, mod->elems[3].mode, WASM_SEGMENT_DECLARATIVE);
    KT_EXPECT_EQ(t, mod->elems[7].mode, WASM_SEGMENT_DECLARATIVE);
    KT_EXPECT_EQ(t, mod->elems[0].items[0].op, WASM_CONST_REF_FUNC);
    KT_EXPECT_EQ(t, mod->elems[4].item_count, 1);
    wasm_error_t err;
    KT_EXPECT(t, wasm_validate(mod, &err));
    KT_EXPECT_EQ(t, mod->elems[5].items[0].op, WASM_CONST_REF_NULL);
    KT_EXPECT_EQ(t, mod->elems[4].offset.op, WASM_CONST_I32);
    wasm_module_free(mod);
}

KTEST(decode, element_segment_kind_above_seven) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 9, TM_BYTES(0x01, 0x08, 0x00));
    EXPECT_MALFORMED(t, &m, "malformed elements segment kind");
}

KTEST(decode, data_segments_in_all_three_encodings) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 5, TM_BYTES(0x01, 0x00, 0x01));
    tm_section(&m, 11,
               TM_BYTES(0x03, 0x00, 0x41, 0x08, 0x0b, 0x02, 'h', 'i', /* active, memory 0 */
                        0x01, 0x01, 'x',                              /* passive */
                        0x02, 0x00, 0x41, 0x00, 0x0b, 0x00            /* explicit memory */
                        ));
    wasm_module_t *mod = decode(t, &m);
    KT_ASSERT(t, mod != NULL);
    KT_ASSERT(t, mod->data_segment_count == 3);
    KT_EXPECT_EQ(t, mod->datas[0].data_size, 2);
    KT_EXPECT_EQ(t, mod->bytes[mod->datas[0].data_offset], 'h');
    KT_EXPECT_EQ(t, mod->datas[1].mode, WASM_SEGMENT_PASSIVE);
    KT_EXPECT_EQ(t, mod->datas[2].data_size, 0);
    wasm_module_free(mod);
}

KTEST(decode, name_section_names_functions_and_locals) {
    testmod_t m;
    tm_func_module(&m, TM_BYTES(0x01, 0x7f, 0x00), TM_BYTES(0x00, 0x0b));
    tm_section(&m, 0,
               TM_BYTES(0x04, 'n', 'a', 'm', 'e',                     /* custom section "name" */
                        0x00, 0x02, 0x01, 'M',                        /* module name */
                        0x01, 0x04, 0x01, 0x00, 0x01, 'f',            /* func 0 = "f" */
                        0x02, 0x06, 0x01, 0x00, 0x01, 0x00, 0x01, 'x' /* func 0 local 0 = "x" */
                        ));
    wasm_module_t *mod = decode(t, &m);
    KT_ASSERT(t, mod != NULL);
    KT_EXPECT(t, wasm_name_eq(mod->name, "M", 1));
    KT_EXPECT(t, wasm_name_eq(mod->funcs[0].name, "f", 1));
    KT_ASSERT(t, mod->local_name_count == 1);
    KT_EXPECT(t, wasm_name_eq(mod->local_names[0].name, "x", 1));
    KT_EXPECT_EQ(t, mod->custom_count, 1);
    wasm_module_free(mod);
}

KTEST(decode, malformed_name_section_is_ignored) {
    testmod_t m;
    tm_func_module(&m, TM_BYTES(0x00, 0x00), TM_BYTES(0x00, 0x0b));
    tm_section(&m, 0,
               TM_BYTES(0x04, 'n', 'a', 'm', 'e', 0x01, 0x04, 0x01, 0x00, 0x01, 'f', /* good */
                        0x01, 0x09, 0x01 /* subsection longer than the section */));
    wasm_module_t *mod = decode(t, &m);
    KT_ASSERT(t, mod != NULL);
    KT_EXPECT_EQ(t, mod->funcs[0].name.len, 0);
    wasm_module_free(mod);
}

KTEST(decode, custom_section_name_must_be_utf8) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 0, TM_BYTES(0x01, 0xff));
    EXPECT_MALFORMED(t, &m, "malformed UTF-8 encoding");
}

KTEST(decode, truncated_module_at_every_length_is_rejected) {
    testmod_t m;
    tm_func_module(&m, TM_BYTES(0x01, 0x7f, 0x01, 0x7f),
                   TM_BYTES(0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b));
    for (size_t len = 9; len < m.len; len++) {
        wasm_error_t err;
        wasm_module_t *mod = wasm_decode(m.bytes, len, &err);
        if (mod != NULL) {
            /* Cut at a section boundary: valid on its own. */
            wasm_module_free(mod);
            continue;
        }
        KT_EXPECT(t, err.offset <= len);
    }
    wasm_error_t err;
    KT_EXPECT_EQ(t, tm_check(&m, &err), 'v');
}

KTEST(decode, name_section_in_a_module_without_functions) {
    testmod_t m;
    tm_init(&m);
    tm_section(&m, 0, TM_BYTES(0x04, 'n', 'a', 'm', 'e', 0x00, 0x02, 0x01, 'M'));
    wasm_module_t *mod = decode(t, &m);
    KT_ASSERT(t, mod != NULL);
    KT_EXPECT(t, wasm_name_eq(mod->name, "M", 1));
    wasm_module_free(mod);
}

KTEST(decode, name_map_out_of_order_drops_the_name_section) {
    testmod_t m;
    tm_func_module(&m, TM_BYTES(0x00, 0x00), TM_BYTES(0x00, 0x0b));
    /* function names for 0 then 0 again */
    tm_section(&m, 0,
               TM_BYTES(0x04, 'n', 'a', 'm', 'e', 0x01, 0x07, 0x02, 0x00, 0x01, 'f', 0x00, 0x01,
                        'g'));
    wasm_module_t *mod = decode(t, &m);
    KT_ASSERT(t, mod != NULL);
    KT_EXPECT_EQ(t, mod->funcs[0].name.len, 0);
    wasm_module_free(mod);
}
