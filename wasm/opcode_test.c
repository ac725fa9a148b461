/* The opcode table (opcodes.def via opcode.c) and opcode reading (instr.h). */
#include "instr.h"
#include "ktest.h"

static wasm_reader_t reader(const uint8_t *bytes, size_t len) {
    return (wasm_reader_t){.pos = bytes, .end = bytes + len};
}

#define R(...) reader(((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__}))

KTEST(opcode, table_covers_the_2_0_instruction_set) {
    unsigned plain = 0, fc = 0, fd = 0;
    for (unsigned i = 0; i < WASM_OP_COUNT; i++) {
        if (wasm_opinfo[i].name != NULL) {
            plain += i < 0x100;
            fc += i >= 0x100 && i < 0x200;
            fd += i >= 0x200;
        }
    }
    /* MVP + sign extension + reference types; 8 saturating + 10 bulk; 236 SIMD. */
    KT_EXPECT_EQ(t, plain, 183);
    KT_EXPECT_EQ(t, fc, 18);
    KT_EXPECT_EQ(t, fd, 236);
}

KTEST(opcode, fixed_signatures_pop_in_push_order) {
    const wasm_opinfo_t *store = &wasm_opinfo[WASM_OP_F64_STORE];
    KT_EXPECT_EQ(t, store->kind, WASM_OPKIND_FIXED);
    KT_EXPECT_EQ(t, store->npop, 2);
    KT_EXPECT_EQ(t, store->pop[0], WASM_I32);
    KT_EXPECT_EQ(t, store->pop[1], WASM_F64);
    KT_EXPECT_EQ(t, store->push, 0);
    KT_EXPECT_EQ(t, store->imm, WASM_IMM_MEM3);
    const wasm_opinfo_t *sel = &wasm_opinfo[WASM_OP_V128_BITSELECT];
    KT_EXPECT_EQ(t, sel->npop, 3);
    KT_EXPECT_EQ(t, sel->push, WASM_V128);
    KT_EXPECT_EQ(t, wasm_opinfo[WASM_OP_BR_TABLE].kind, WASM_OPKIND_SPECIAL);
    KT_EXPECT_EQ(t, wasm_opinfo[0x06].kind, WASM_OPKIND_UNASSIGNED);
}

KTEST(opcode, dense_numbering_of_prefixed_opcodes) {
    KT_EXPECT_EQ(t, WASM_OP_I32_ADD, 0x6a);
    KT_EXPECT_EQ(t, WASM_OP_TABLE_FILL, 0x100 + 17);
    KT_EXPECT_EQ(t, WASM_OP_I8X16_SHUFFLE, 0x200 + 0x0d);
    KT_EXPECT_EQ(t, WASM_OP_F64X2_CONVERT_LOW_I32X4_U, 0x200 + 0xff);
}

KTEST(opcode, read_prefixed_opcode_with_multibyte_sub_opcode) {
    uint16_t op;
    wasm_reader_t r = R(0xfd, 0xff, 0x01);
    KT_EXPECT(t, wasm_read_opcode(&r, &op));
    KT_EXPECT_EQ(t, op, WASM_OP_F64X2_CONVERT_LOW_I32X4_U);
    r = R(0xfc, 0x80, 0x00); /* table-free padding of 0 is still i32.trunc_sat_f32_s */
    KT_EXPECT(t, wasm_read_opcode(&r, &op));
    KT_EXPECT_EQ(t, op, WASM_OP_I32_TRUNC_SAT_F32_S);
}

KTEST(opcode, unassigned_opcodes_are_illegal) {
    uint16_t op;
    wasm_reader_t r = R(0x06);
    KT_EXPECT(t, !wasm_read_opcode(&r, &op));
    KT_EXPECT_STREQ(t, r.error, "illegal opcode");
    r = R(0xfc, 0x12);
    KT_EXPECT(t, !wasm_read_opcode(&r, &op));
    r = R(0xfd, 0x9a, 0x01);
    KT_EXPECT(t, !wasm_read_opcode(&r, &op));
    r = R(0xfd, 0x80, 0x02); /* 256: beyond every prefix's table */
    KT_EXPECT(t, !wasm_read_opcode(&r, &op));
    KT_EXPECT_STREQ(t, r.error, "illegal opcode");
}

KTEST(opcode, immediates_of_each_shape) {
    wasm_instr_t in;
    wasm_reader_t r = R(0x02, 0x7b); /* block (result v128) */
    KT_EXPECT(t, wasm_read_instr(&r, &in));
    KT_EXPECT_EQ(t, in.imm.block.kind, WASM_BLOCK_VALTYPE);
    r = R(0x02, 0x05); /* block (type 5) */
    KT_EXPECT(t, wasm_read_instr(&r, &in));
    KT_EXPECT_EQ(t, in.imm.block.kind, WASM_BLOCK_INDEX);
    KT_EXPECT_EQ(t, in.imm.block.index, 5);
    r = R(0x02, 0x6e); /* -18: neither a value type nor an index */
    KT_EXPECT(t, !wasm_read_instr(&r, &in));
    r = R(0x28, 0x02, 0x10); /* i32.load align=4 offset=16 */
    KT_EXPECT(t, wasm_read_instr(&r, &in));
    KT_EXPECT_EQ(t, in.imm.mem.align, 2);
    KT_EXPECT_EQ(t, in.imm.mem.offset, 16);
    r = R(0x3f, 0x01); /* memory.size with a non-zero reserved byte */
    KT_EXPECT(t, !wasm_read_instr(&r, &in));
    KT_EXPECT_STREQ(t, r.error, "zero byte expected");
    r = R(0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f); /* f64.const 1.0, as bits */
    KT_EXPECT(t, wasm_read_instr(&r, &in));
    KT_EXPECT_EQ(t, in.imm.bits, 0x3ff0000000000000ull);
    r = R(0x0e, 0x02, 0x00, 0x01, 0x02); /* br_table 0 1 default 2 */
    KT_EXPECT(t, wasm_read_instr(&r, &in));
    KT_EXPECT_EQ(t, in.imm.br_table.count, 2);
    KT_EXPECT(t, r.pos == r.end);
    r = R(0x0e, 0x05, 0x00); /* more labels than bytes */
    KT_EXPECT(t, !wasm_read_instr(&r, &in));
    r = R(0x1c, 0x01, 0x7c); /* select (result f64) */
    KT_EXPECT(t, wasm_read_instr(&r, &in));
    KT_EXPECT_EQ(t, in.imm.select.count, 1);
    r = R(0x1c, 0x01, 0x40);
    KT_EXPECT(t, !wasm_read_instr(&r, &in));
    KT_EXPECT_STREQ(t, r.error, "malformed value type");
    r = R(0xd0, 0x7f); /* ref.null i32 */
    KT_EXPECT(t, !wasm_read_instr(&r, &in));
    KT_EXPECT_STREQ(t, r.error, "malformed reference type");
    r = R(0xfd, 0x54, 0x00, 0x00, 0x0f); /* v128.load8_lane align=1 offset=0 lane 15 */
    KT_EXPECT(t, wasm_read_instr(&r, &in));
    KT_EXPECT_EQ(t, in.imm.mem.lane, 15);
}
