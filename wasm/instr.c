/*
 * The immediates wasm_read_instr() does not read inline: the rare ones and
 * the variable-length ones.
 */
#include "instr.h"

static bool read_zero(wasm_reader_t *r) {
    uint8_t b;
    if (!wasm_read_u8(r, &b)) {
        return false;
    }
    if (b != 0) {
        return wasm_read_fail(r, r->pos - 1, "zero byte expected");
    }
    return true;
}

bool wasm_read_imm_rare(wasm_reader_t *r, wasm_instr_t *in, wasm_imm_t imm) {
    const uint8_t *at = r->pos;
    switch (imm) {
    case WASM_IMM_BLOCKTYPE: {
        int64_t v;
        if (!wasm_read_s33(r, &v)) {
            return false;
        }
        if (v < 0) {
            return wasm_read_fail(r, at, "malformed block type");
        }
        in->imm.block.kind = WASM_BLOCK_INDEX;
        in->imm.block.valtype = 0;
        in->imm.block.index = (uint32_t)v;
        return true;
    }
    case WASM_IMM_BR_TABLE: {
        if (!wasm_read_u32(r, &in->imm.br_table.count)) {
            return false;
        }
        if (in->imm.br_table.count > wasm_read_left(r)) {
            return wasm_read_fail(r, at, "length out of bounds");
        }
        in->imm.br_table.targets = r->pos;
        for (uint32_t i = 0; i <= in->imm.br_table.count; i++) {
            uint32_t label;
            if (!wasm_read_u32(r, &label)) {
                return false;
            }
        }
        return true;
    }
    case WASM_IMM_CALL_INDIRECT:
    case WASM_IMM_TABLE_INIT:
    case WASM_IMM_TABLE_COPY:
        return wasm_read_u32(r, &in->imm.pair.a) && wasm_read_u32(r, &in->imm.pair.b);
    case WASM_IMM_MEMIDX:
        return read_zero(r);
    case WASM_IMM_MEMORY_INIT:
        in->imm.pair.b = 0;
        return wasm_read_u32(r, &in->imm.pair.a) && read_zero(r);
    case WASM_IMM_MEMORY_COPY:
        return read_zero(r) && read_zero(r);
    case WASM_IMM_I64: {
        int64_t v;
        if (!wasm_read_s64(r, &v)) {
            return false;
        }
        in->imm.bits = (uint64_t)v;
        return true;
    }
    case WASM_IMM_F32:
    case WASM_IMM_F64: {
        size_t n = imm == WASM_IMM_F32 ? 4 : 8;
        const uint8_t *p;
        if (!wasm_read_bytes(r, n, &p)) {
            return false;
        }
        uint64_t bits = 0;
        for (size_t i = 0; i < n; i++) {
            bits |= (uint64_t)p[i] << (8 * i);
        }
        in->imm.bits = bits;
        return true;
    }
    case WASM_IMM_V128:
    case WASM_IMM_SHUFFLE:
        return wasm_read_bytes(r, 16, &in->imm.bytes);
    case WASM_IMM_SELECT_T: {
        if (!wasm_read_u32(r, &in->imm.select.count)) {
            return false;
        }
        if (in->imm.select.count > wasm_read_left(r)) {
            return wasm_read_fail(r, at, "length out of bounds");
        }
        in->imm.select.types = r->pos;
        for (uint32_t i = 0; i < in->imm.select.count; i++) {
            uint8_t t;
            if (!wasm_read_u8(r, &t)) {
                return false;
            }
            if (!wasm_is_valtype(t)) {
                return wasm_read_fail(r, r->pos - 1, "malformed value type");
            }
        }
        return true;
    }
    case WASM_IMM_REFTYPE: {
        if (!wasm_read_u8(r, &in->imm.reftype)) {
            return false;
        }
        if (!wasm_is_reftype(in->imm.reftype)) {
            return wasm_read_fail(r, at, "malformed reference type");
        }
        return true;
    }
    case WASM_IMM_LANE2:
    case WASM_IMM_LANE4:
    case WASM_IMM_LANE8:
    case WASM_IMM_LANE16:
        return wasm_read_u8(r, &in->imm.lane);
    case WASM_IMM_MEMLANE0:
    case WASM_IMM_MEMLANE1:
    case WASM_IMM_MEMLANE2:
    case WASM_IMM_MEMLANE3:
        return wasm_read_u32(r, &in->imm.mem.align) && wasm_read_u32(r, &in->imm.mem.offset) &&
               wasm_read_u8(r, &in->imm.mem.lane);
    default:
        /* The inline reader handles the rest. */
        return wasm_read_fail(r, at, "illegal opcode");
    }
}
