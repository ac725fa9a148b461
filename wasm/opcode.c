/*
 * The opcode table itself, built from opcodes.def: one row per dense opcode
 * (see opcode.h), empty rows for opcodes 2.0 does not assign.
 */
#include "opcode.h"
#include "wasm.h"

#define T__ 0
#define T_I32 WASM_I32
#define T_I64 WASM_I64
#define T_F32 WASM_F32
#define T_F64 WASM_F64
#define T_V128 WASM_V128

#define NPOP(a, b, c) ((T_##a != 0) + (T_##b != 0) + (T_##c != 0))
#define S(a, b, c, r) WASM_OPKIND_FIXED, NPOP(a, b, c), {T_##a, T_##b, T_##c}, T_##r
#define X WASM_OPKIND_SPECIAL, 0, {0, 0, 0}, 0

const wasm_opinfo_t wasm_opinfo[WASM_OP_COUNT] = {
#define WASM_OP(id, text, code, imm, sig) [WASM_OP_INDEX(code)] = {text, WASM_IMM_##imm, sig},
#include "opcodes.def"
#undef WASM_OP
};
