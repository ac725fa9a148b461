/*
 * Integer instructions: arithmetic, comparisons, bit counts, shifts,
 * division with its traps, width conversions, and select (of any type).
 *
 * Constants become immediates where x86 allows (`add eax, 5`); a comparison
 * leaves its result in the flags for a following br_if/if/select/eqz to
 * consume (the driver materialises it for anything else).
 */
#include "compile/jit_internal.h"

static wasm_valtype_t op_type(uint16_t op) {
    return wasm_opinfo[op].push ? wasm_opinfo[op].push : WASM_I32;
}

/* The second operand of `op ra, b`: immediate, slot or register. */
static void alu_operand(jit_t *j, enum x64_alu op, enum x64_width w, enum x64_reg ra, jit_val_t *b) {
    if (jit_is_imm32(b)) {
        x64_alu_ri(&j->b, op, w, ra, (int32_t)b->imm);
    } else if (b->loc == JIT_SLOT) {
        x64_alu_rm(&j->b, op, w, ra, jit_slot_mem(j, (uint32_t)b->imm));
    } else if (b->loc == JIT_LOCAL) {
        x64_alu_rr(&j->b, op, w, ra, (enum x64_reg)b->reg);
    } else {
        x64_alu_rr(&j->b, op, w, ra, jit_to_gpr(j, b));
    }
    jit_release(j, *b);
}

static void binop(jit_t *j, wasm_valtype_t t, enum x64_alu op, bool commutative) {
    jit_val_t b = jit_pop(j), a = jit_pop(j);
    /* a constant is best as the immediate; an owned register as the
     * destination (a local read in place would need a copy) */
    if (commutative && ((a.loc == JIT_CONST && b.loc != JIT_CONST) ||
                        (a.loc == JIT_LOCAL && b.loc == JIT_REG))) {
        jit_val_t tmp = a;
        a = b;
        b = tmp;
    }
    enum x64_reg ra = jit_to_gpr(j, &a);
    alu_operand(j, op, jit_width(t), ra, &b);
    jit_push_reg(j, t, ra);
}

static void multiply(jit_t *j, wasm_valtype_t t) {
    enum x64_width w = jit_width(t);
    jit_val_t b = jit_pop(j), a = jit_pop(j);
    if ((a.loc == JIT_CONST && b.loc != JIT_CONST) || (a.loc == JIT_LOCAL && b.loc == JIT_REG)) {
        jit_val_t tmp = a;
        a = b;
        b = tmp;
    }
    enum x64_reg ra = jit_to_gpr(j, &a);
    if (jit_is_imm32(&b)) {
        x64_imul_rri(&j->b, w, ra, ra, (int32_t)b.imm);
    } else if (b.loc == JIT_SLOT) {
        x64_imul_rm(&j->b, w, ra, jit_slot_mem(j, (uint32_t)b.imm));
    } else if (b.loc == JIT_LOCAL) {
        x64_imul_rr(&j->b, w, ra, (enum x64_reg)b.reg);
    } else {
        x64_imul_rr(&j->b, w, ra, jit_to_gpr(j, &b));
    }
    jit_release(j, b);
    jit_push_reg(j, t, ra);
}

/* cc with its operands swapped (a < b  <=>  b > a). */
static enum x64_cc swap_cc(enum x64_cc cc) {
    switch (cc) {
    case X64_CC_L: return X64_CC_G;
    case X64_CC_G: return X64_CC_L;
    case X64_CC_LE: return X64_CC_GE;
    case X64_CC_GE: return X64_CC_LE;
    case X64_CC_B: return X64_CC_A;
    case X64_CC_A: return X64_CC_B;
    case X64_CC_BE: return X64_CC_AE;
    case X64_CC_AE: return X64_CC_BE;
    default: return cc;
    }
}

static void compare(jit_t *j, wasm_valtype_t t, enum x64_cc cc) {
    jit_val_t b = jit_pop(j), a = jit_pop(j);
    if (a.loc == JIT_CONST && b.loc != JIT_CONST) {
        jit_val_t tmp = a;
        a = b;
        b = tmp;
        cc = swap_cc(cc);
    }
    enum x64_reg ra = a.loc == JIT_LOCAL ? (enum x64_reg)a.reg : jit_to_gpr(j, &a); /* only read */
    alu_operand(j, X64_CMP, jit_width(t), ra, &b);
    jit_release(j, a);
    jit_push(j, (jit_val_t){WASM_I32, JIT_FLAGS, (uint8_t)cc, 0});
}

static void eqz(jit_t *j, wasm_valtype_t t) {
    jit_val_t a = jit_pop(j);
    if (a.loc == JIT_FLAGS) {
        a.reg = (uint8_t)x64_cc_invert((enum x64_cc)a.reg);
        jit_push(j, a);
        return;
    }
    enum x64_reg ra = a.loc == JIT_LOCAL ? (enum x64_reg)a.reg : jit_to_gpr(j, &a); /* only read */
    x64_test_rr(&j->b, jit_width(t), ra, ra);
    jit_release(j, a);
    jit_push(j, (jit_val_t){WASM_I32, JIT_FLAGS, X64_CC_E, 0});
}

static void bitcount(jit_t *j, wasm_valtype_t t, enum x64_bitcount op) {
    jit_val_t a = jit_pop(j);
    enum x64_reg ra = jit_to_gpr(j, &a);
    x64_bitcount(&j->b, op, jit_width(t), ra, ra);
    jit_push_reg(j, t, ra);
}

static void shift(jit_t *j, wasm_valtype_t t, enum x64_shift op) {
    enum x64_width w = jit_width(t);
    if (j->stack[j->sp - 1].loc == JIT_CONST) {
        jit_val_t b = jit_pop(j), a = jit_pop(j);
        enum x64_reg ra = jit_to_gpr(j, &a);
        x64_shift_ri(&j->b, op, w, ra, (uint8_t)(b.imm & (w == X64_W64 ? 63 : 31)));
        jit_push_reg(j, t, ra);
        return;
    }
    jit_claim_gpr(j, X64_RCX); /* the count register; moves a or b out of it */
    jit_val_t b = jit_pop(j), a = jit_pop(j);
    jit_copy_to_reg(j, &b, X64_RCX);
    jit_release(j, b);
    enum x64_reg ra = jit_to_gpr(j, &a);
    x64_shift_cl(&j->b, op, w, ra);
    j->gpr_busy &= ~(1u << X64_RCX);
    jit_push_reg(j, t, ra);
}

/*
 * div/rem: the dividend goes in rax (rdx:rax), the result comes out in rax
 * (quotient) or rdx (remainder). Wasm traps on a zero divisor and on
 * MIN / -1; MIN % -1 is 0, which idiv would fault on, so -1 is handled
 * before idiv runs.
 */
static void divide(jit_t *j, wasm_valtype_t t, bool is_signed, bool rem) {
    struct x64_buf *b = &j->b;
    enum x64_width w = jit_width(t);
    jit_claim_gpr(j, X64_RAX);
    jit_claim_gpr(j, X64_RDX);
    jit_val_t d = jit_pop(j), a = jit_pop(j);
    enum x64_reg rd = jit_to_gpr(j, &d);
    jit_copy_to_reg(j, &a, X64_RAX);
    jit_release(j, a);
    x64_test_rr(b, w, rd, rd);
    jit_trap_if(j, X64_CC_E, WASM_TRAP_DIV_ZERO);
    if (is_signed) {
        struct x64_label normal, done;
        x64_label_init(&normal);
        x64_label_init(&done);
        x64_alu_ri(b, X64_CMP, w, rd, -1);
        x64_jcc(b, X64_CC_NE, &normal);
        if (rem) {
            x64_zero(b, X64_RDX); /* MIN % -1 (and anything % -1) is 0 */
            x64_jmp(b, &done);
        } else if (w == X64_W32) {
            x64_alu_ri(b, X64_CMP, w, X64_RAX, INT32_MIN);
            jit_trap_if(j, X64_CC_E, WASM_TRAP_INT_OVERFLOW);
        } else {
            x64_mov_ri(b, X64_W64, JIT_SCRATCH, (uint64_t)INT64_MIN);
            x64_alu_rr(b, X64_CMP, w, X64_RAX, JIT_SCRATCH);
            jit_trap_if(j, X64_CC_E, WASM_TRAP_INT_OVERFLOW);
        }
        x64_bind(b, &normal);
        x64_cdq(b, w);
        x64_idiv(b, w, rd);
        x64_bind(b, &done);
    } else {
        x64_zero(b, X64_RDX);
        x64_div(b, w, rd);
    }
    jit_release(j, d);
    enum x64_reg result = rem ? X64_RDX : X64_RAX;
    j->gpr_busy &= ~(1u << (rem ? X64_RAX : X64_RDX));
    jit_push_reg(j, t, result);
}

/* A width change of the value on top: movsx/movzx of its low `size` bytes. */
static void extend(jit_t *j, wasm_valtype_t to, enum x64_size size, bool is_signed) {
    jit_val_t a = jit_pop(j);
    enum x64_reg ra = jit_to_gpr(j, &a);
    if (is_signed) {
        x64_movsx(&j->b, size, jit_width(to), ra, ra);
    } else {
        x64_movzx(&j->b, size, ra, ra);
    }
    jit_push_reg(j, to, ra);
}

/* select of floats: no cmov for xmm, so a branch over the move of b. */
static void select_float(jit_t *j, jit_val_t a, jit_val_t bv, jit_val_t c) {
    enum x64_xmm xa = jit_to_xmm(j, &a); /* xorps/movq/movss: the flags survive */
    enum x64_xmm xb = jit_to_xmm(j, &bv);
    struct x64_label keep_a;
    x64_label_init(&keep_a);
    if (c.loc == JIT_FLAGS) {
        x64_jcc(&j->b, (enum x64_cc)c.reg, &keep_a);
    } else {
        if (jit_in_reg(&c)) {
            x64_test_rr(&j->b, X64_W32, (enum x64_reg)c.reg, (enum x64_reg)c.reg);
        } else {
            x64_alu_mi(&j->b, X64_CMP, X64_W32, jit_slot_mem(j, (uint32_t)c.imm), 0);
        }
        x64_jcc(&j->b, X64_CC_NE, &keep_a);
    }
    x64_fmov_rr(&j->b, xa, xb);
    x64_bind(&j->b, &keep_a);
    jit_release(j, c);
    jit_release(j, bv);
    jit_push_reg(j, a.type, xa);
}

/* select: a if cond != 0 else b; cmov keeps it branch-free. */
static void select_op(jit_t *j) {
    jit_val_t c = jit_pop(j), bv = jit_pop(j), a = jit_pop(j);
    if (c.loc == JIT_CONST) { /* no code: keep whichever is chosen */
        jit_val_t keep = (uint32_t)c.imm ? a : bv;
        jit_release(j, (uint32_t)c.imm ? bv : a);
        if (keep.loc == JIT_SLOT && jit_is_int(keep.type)) {
            jit_to_gpr(j, &keep);
        } else if (keep.loc == JIT_SLOT) {
            jit_to_xmm(j, &keep);
        }
        jit_push(j, keep);
        return;
    }
    if (!jit_is_int(a.type)) {
        select_float(j, a, bv, c);
        return;
    }
    enum x64_reg ra = jit_to_gpr(j, &a); /* plain moves: the flags survive */
    enum x64_reg rb = jit_in_reg(&bv) ? (enum x64_reg)bv.reg : jit_to_gpr(j, &bv); /* only read */
    enum x64_cc take_b = X64_CC_E;
    if (c.loc == JIT_FLAGS) {
        take_b = x64_cc_invert((enum x64_cc)c.reg);
    } else if (jit_in_reg(&c)) {
        x64_test_rr(&j->b, X64_W32, (enum x64_reg)c.reg, (enum x64_reg)c.reg);
    } else {
        x64_alu_mi(&j->b, X64_CMP, X64_W32, jit_slot_mem(j, (uint32_t)c.imm), 0);
    }
    x64_cmov(&j->b, take_b, jit_width(a.type), ra, rb);
    jit_release(j, c);
    jit_release(j, bv);
    jit_push_reg(j, a.type, ra);
}

/* The x86 operation of an integer op that can update a local in place. */
static bool update_alu(uint16_t op, enum x64_alu *alu) {
    switch (op) {
    case WASM_OP_I32_ADD: case WASM_OP_I64_ADD: *alu = X64_ADD; return true;
    case WASM_OP_I32_SUB: case WASM_OP_I64_SUB: *alu = X64_SUB; return true;
    case WASM_OP_I32_AND: case WASM_OP_I64_AND: *alu = X64_AND; return true;
    case WASM_OP_I32_OR: case WASM_OP_I64_OR: *alu = X64_OR; return true;
    case WASM_OP_I32_XOR: case WASM_OP_I64_XOR: *alu = X64_XOR; return true;
    default: return false;
    }
}

bool jit_int_updates_local(uint16_t op) {
    enum x64_alu alu;
    return update_alu(op, &alu);
}

bool jit_int_update_local(jit_t *j, uint16_t op, const wasm_instr_t *next) {
    enum x64_alu alu;
    if (!update_alu(op, &alu) || j->sp < 2 ||
        (next->op != WASM_OP_LOCAL_SET && next->op != WASM_OP_LOCAL_TEE)) {
        return false;
    }
    uint32_t i = next->imm.index;
    jit_val_t a = j->stack[j->sp - 2], b = j->stack[j->sp - 1];
    if (a.loc != JIT_LOCAL || a.imm != i || b.loc == JIT_FLAGS) {
        return false;
    }
    for (uint32_t d = 0; d < j->sp - 2; d++) { /* an older read of the local must keep its value */
        if (j->stack[d].loc == JIT_LOCAL && j->stack[d].imm == i) {
            return false;
        }
    }
    j->sp -= 2;
    alu_operand(j, alu, jit_width(a.type), (enum x64_reg)a.reg, &b);
    if (next->op == WASM_OP_LOCAL_TEE) {
        jit_push(j, a);
    }
    return true;
}

bool jit_int_op(jit_t *j, uint16_t op) {
    wasm_valtype_t t = op_type(op);
    switch (op) {
    case WASM_OP_I32_EQZ: eqz(j, WASM_I32); break;
    case WASM_OP_I64_EQZ: eqz(j, WASM_I64); break;
#define CMP(OP, T, CC)                                                                             \
    case WASM_OP_##OP: compare(j, T, CC); break;
    CMP(I32_EQ, WASM_I32, X64_CC_E) CMP(I32_NE, WASM_I32, X64_CC_NE)
    CMP(I32_LT_S, WASM_I32, X64_CC_L) CMP(I32_LT_U, WASM_I32, X64_CC_B)
    CMP(I32_GT_S, WASM_I32, X64_CC_G) CMP(I32_GT_U, WASM_I32, X64_CC_A)
    CMP(I32_LE_S, WASM_I32, X64_CC_LE) CMP(I32_LE_U, WASM_I32, X64_CC_BE)
    CMP(I32_GE_S, WASM_I32, X64_CC_GE) CMP(I32_GE_U, WASM_I32, X64_CC_AE)
    CMP(I64_EQ, WASM_I64, X64_CC_E) CMP(I64_NE, WASM_I64, X64_CC_NE)
    CMP(I64_LT_S, WASM_I64, X64_CC_L) CMP(I64_LT_U, WASM_I64, X64_CC_B)
    CMP(I64_GT_S, WASM_I64, X64_CC_G) CMP(I64_GT_U, WASM_I64, X64_CC_A)
    CMP(I64_LE_S, WASM_I64, X64_CC_LE) CMP(I64_LE_U, WASM_I64, X64_CC_BE)
    CMP(I64_GE_S, WASM_I64, X64_CC_GE) CMP(I64_GE_U, WASM_I64, X64_CC_AE)
#undef CMP
    case WASM_OP_I32_CLZ: case WASM_OP_I64_CLZ: bitcount(j, t, X64_LZCNT); break;
    case WASM_OP_I32_CTZ: case WASM_OP_I64_CTZ: bitcount(j, t, X64_TZCNT); break;
    case WASM_OP_I32_POPCNT: case WASM_OP_I64_POPCNT: bitcount(j, t, X64_POPCNT); break;
    case WASM_OP_I32_ADD: case WASM_OP_I64_ADD: binop(j, t, X64_ADD, true); break;
    case WASM_OP_I32_SUB: case WASM_OP_I64_SUB: binop(j, t, X64_SUB, false); break;
    case WASM_OP_I32_AND: case WASM_OP_I64_AND: binop(j, t, X64_AND, true); break;
    case WASM_OP_I32_OR: case WASM_OP_I64_OR: binop(j, t, X64_OR, true); break;
    case WASM_OP_I32_XOR: case WASM_OP_I64_XOR: binop(j, t, X64_XOR, true); break;
    case WASM_OP_I32_MUL: case WASM_OP_I64_MUL: multiply(j, t); break;
    case WASM_OP_I32_DIV_S: case WASM_OP_I64_DIV_S: divide(j, t, true, false); break;
    case WASM_OP_I32_DIV_U: case WASM_OP_I64_DIV_U: divide(j, t, false, false); break;
    case WASM_OP_I32_REM_S: case WASM_OP_I64_REM_S: divide(j, t, true, true); break;
    case WASM_OP_I32_REM_U: case WASM_OP_I64_REM_U: divide(j, t, false, true); break;
    case WASM_OP_I32_SHL: case WASM_OP_I64_SHL: shift(j, t, X64_SHL); break;
    case WASM_OP_I32_SHR_S: case WASM_OP_I64_SHR_S: shift(j, t, X64_SAR); break;
    case WASM_OP_I32_SHR_U: case WASM_OP_I64_SHR_U: shift(j, t, X64_SHR); break;
    case WASM_OP_I32_ROTL: case WASM_OP_I64_ROTL: shift(j, t, X64_ROL); break;
    case WASM_OP_I32_ROTR: case WASM_OP_I64_ROTR: shift(j, t, X64_ROR); break;
    case WASM_OP_I32_WRAP_I64: extend(j, WASM_I32, X64_S32, false); break;
    case WASM_OP_I64_EXTEND_I32_U: extend(j, WASM_I64, X64_S32, false); break;
    case WASM_OP_I64_EXTEND_I32_S: extend(j, WASM_I64, X64_S32, true); break;
    case WASM_OP_I32_EXTEND8_S: extend(j, WASM_I32, X64_S8, true); break;
    case WASM_OP_I32_EXTEND16_S: extend(j, WASM_I32, X64_S16, true); break;
    case WASM_OP_I64_EXTEND8_S: extend(j, WASM_I64, X64_S8, true); break;
    case WASM_OP_I64_EXTEND16_S: extend(j, WASM_I64, X64_S16, true); break;
    case WASM_OP_I64_EXTEND32_S: extend(j, WASM_I64, X64_S32, true); break;
    case WASM_OP_SELECT: select_op(j); break;
    default: return false;
    }
    return true;
}
