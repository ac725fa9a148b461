/*
 * Reading one instruction: its opcode and its immediates, checked for form
 * only (known opcode, well-formed LEB128s, reserved zero bytes, value type
 * bytes). Whether indices exist and types agree is the validator's job.
 *
 * Inline because the validator (and later the compiler) calls it once per
 * instruction in their single pass over the code.
 */
#ifndef RZ_WASM_INSTR_H
#define RZ_WASM_INSTR_H

#include "opcode.h"
#include "read.h"

typedef enum wasm_block_kind {
    WASM_BLOCK_EMPTY,   /* [] -> [] */
    WASM_BLOCK_VALTYPE, /* [] -> [valtype] */
    WASM_BLOCK_INDEX,   /* the function type at index */
} wasm_block_kind_t;

typedef struct wasm_instr {
    uint16_t op; /* wasm_op_t */
    union {
        struct {
            uint8_t kind; /* wasm_block_kind_t */
            wasm_valtype_t valtype;
            uint32_t index;
        } block;
        uint32_t index; /* LABEL FUNC LOCAL GLOBAL TABLE DATA ELEM */
        struct {
            uint32_t a, b; /* CALL_INDIRECT: type, table; MEMORY_INIT: data, 0;
                              TABLE_INIT: elem, table; TABLE_COPY: dst, src */
        } pair;
        struct {
            uint32_t align; /* log2 */
            uint32_t offset;
            uint8_t lane; /* MEMLANEn */
        } mem;
        uint8_t lane;
        uint64_t bits;        /* I32 (zero-extended), I64, F32, F64 */
        const uint8_t *bytes; /* V128 and SHUFFLE: 16 bytes in the binary */
        struct {
            uint32_t count;         /* labels before the default */
            const uint8_t *targets; /* count + 1 u32 LEB128 labels, already checked */
        } br_table;
        struct {
            uint32_t count;
            const uint8_t *types; /* count value type bytes, already checked */
        } select;
        wasm_valtype_t reftype;
    } imm;
} wasm_instr_t;

static inline bool wasm_is_valtype(uint8_t b) {
    return (b >= WASM_V128 && b <= WASM_I32) || b == WASM_FUNCREF || b == WASM_EXTERNREF;
}

static inline bool wasm_is_reftype(uint8_t b) {
    return b == WASM_FUNCREF || b == WASM_EXTERNREF;
}

/* The slower, rarer immediates (instr.c). */
bool wasm_read_imm_rare(wasm_reader_t *r, wasm_instr_t *in, wasm_imm_t imm);

/* Reads the opcode at r->pos (advancing past any prefix), or fails with "illegal opcode". */
static inline bool wasm_read_opcode(wasm_reader_t *r, uint16_t *op) {
    uint8_t b;
    if (!wasm_read_u8(r, &b)) {
        return false;
    }
    uint32_t code = b;
    if (b == WASM_OP_PREFIX_FC || b == WASM_OP_PREFIX_FD) {
        const uint8_t *at = r->pos - 1;
        uint32_t sub;
        if (!wasm_read_u32(r, &sub)) {
            return false;
        }
        if (sub > 0xff) {
            return wasm_read_fail(r, at, "illegal opcode");
        }
        code = (b == WASM_OP_PREFIX_FC ? 0x100u : 0x200u) + sub;
    }
    if (wasm_opinfo[code].name == NULL) {
        return wasm_read_fail(r, r->pos - 1, "illegal opcode");
    }
    *op = (uint16_t)code;
    return true;
}

/* Reads one instruction at r->pos. */
static inline bool wasm_read_instr(wasm_reader_t *r, wasm_instr_t *in) {
    if (!wasm_read_opcode(r, &in->op)) {
        return false;
    }
    wasm_imm_t imm = (wasm_imm_t)wasm_opinfo[in->op].imm;
    switch (imm) {
    case WASM_IMM_NONE:
        return true;
    case WASM_IMM_LABEL:
    case WASM_IMM_FUNC:
    case WASM_IMM_LOCAL:
    case WASM_IMM_GLOBAL:
    case WASM_IMM_TABLE:
    case WASM_IMM_DATA:
    case WASM_IMM_ELEM:
        return wasm_read_u32(r, &in->imm.index);
    case WASM_IMM_MEM0:
    case WASM_IMM_MEM1:
    case WASM_IMM_MEM2:
    case WASM_IMM_MEM3:
    case WASM_IMM_MEM4:
        return wasm_read_u32(r, &in->imm.mem.align) && wasm_read_u32(r, &in->imm.mem.offset);
    case WASM_IMM_I32: {
        int32_t v;
        if (!wasm_read_s32(r, &v)) {
            return false;
        }
        in->imm.bits = (uint32_t)v;
        return true;
    }
    case WASM_IMM_BLOCKTYPE:
        if (r->pos < r->end && (*r->pos == 0x40 || wasm_is_valtype(*r->pos))) {
            uint8_t b = *r->pos++;
            in->imm.block.kind = b == 0x40 ? WASM_BLOCK_EMPTY : WASM_BLOCK_VALTYPE;
            in->imm.block.valtype = b;
            return true;
        }
        return wasm_read_imm_rare(r, in, imm);
    default:
        return wasm_read_imm_rare(r, in, imm);
    }
}

#endif
