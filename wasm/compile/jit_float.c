/*
 * f32 and f64 instructions, scalar SSE in xmm registers (xmm15 is the
 * scratch register), and the conversions between floats and integers.
 *
 * Where x86 and wasm disagree the code says so: min/max (NaN and signed
 * zeros), comparisons (unordered operands), float-to-integer truncation
 * (x86 returns the "integer indefinite" value, wasm traps or saturates),
 * and unsigned conversions (x86 has only signed ones).
 */
#include "compile/jit_internal.h"

#define JIT_FSCRATCH X64_XMM15

/* Bit patterns of the f64 bounds of float-to-integer truncation. */
#define F64_I32_LOW 0xc1e0000000200000ull  /* -2147483649.0 */
#define F64_I32_HIGH 0x41e0000000000000ull /* 2^31 */
#define F64_MINUS_ONE 0xbff0000000000000ull
#define F64_U32_HIGH 0x41f0000000000000ull /* 2^32 */
#define F64_I64_LOW 0xc3e0000000000000ull  /* -2^63 */
#define F64_I64_HIGH 0x43e0000000000000ull /* 2^63 */
#define F64_U64_HIGH 0x43f0000000000000ull /* 2^64 */

void jit_fconst(jit_t *j, enum x64_xmm x, uint64_t bits) {
    if (bits == 0) {
        x64_sse_logic(&j->b, X64_XORPS, x, x);
        return;
    }
    x64_mov_ri(&j->b, X64_W64, JIT_SCRATCH, bits);
    x64_movd_xr(&j->b, X64_W64, x, JIT_SCRATCH);
}

static uint64_t sign_bit(wasm_valtype_t t) {
    return t == WASM_F64 ? 1ull << 63 : 1ull << 31;
}

static void arith(jit_t *j, wasm_valtype_t t, enum x64_sse_op op) {
    jit_val_t b = jit_pop(j), a = jit_pop(j);
    enum x64_xmm xa = jit_to_xmm(j, &a);
    if (b.loc == JIT_SLOT) {
        x64_sse_rm(&j->b, op, jit_fp(t), xa, jit_slot_mem(j, (uint32_t)b.imm));
    } else if (b.loc == JIT_LOCAL) {
        x64_sse_rr(&j->b, op, jit_fp(t), xa, (enum x64_xmm)b.reg);
    } else {
        x64_sse_rr(&j->b, op, jit_fp(t), xa, jit_to_xmm(j, &b));
    }
    jit_release(j, b);
    jit_push_reg(j, t, xa);
}

static void unary(jit_t *j, wasm_valtype_t t, enum x64_sse_op op) {
    jit_val_t a = jit_pop(j);
    enum x64_xmm x = jit_to_xmm(j, &a);
    x64_sse_rr(&j->b, op, jit_fp(t), x, x);
    jit_push_reg(j, t, x);
}

static void round_op(jit_t *j, wasm_valtype_t t, enum x64_round mode) {
    jit_val_t a = jit_pop(j);
    enum x64_xmm x = jit_to_xmm(j, &a);
    x64_round(&j->b, jit_fp(t), x, x, mode);
    jit_push_reg(j, t, x);
}

/*
 * minss/maxss return the second operand when either is NaN or both are
 * zeros; wasm wants NaN if either is NaN, and min(-0, +0) = -0,
 * max(-0, +0) = +0. Equal operands (the zeros case) are combined bitwise:
 * or for min (a negative sign wins), and for max.
 */
static void minmax(jit_t *j, wasm_valtype_t t, bool is_min) {
    struct x64_buf *b = &j->b;
    enum x64_fp fp = jit_fp(t);
    jit_val_t vb = jit_pop(j), va = jit_pop(j);
    enum x64_xmm xa = jit_to_xmm(j, &va), xb = jit_to_xmm(j, &vb);
    struct x64_label nan, normal, done;
    x64_label_init(&nan);
    x64_label_init(&normal);
    x64_label_init(&done);
    x64_ucomis(b, fp, xa, xb);
    x64_jcc(b, X64_CC_P, &nan);
    x64_jcc(b, X64_CC_NE, &normal);
    x64_sse_logic(b, is_min ? X64_ORPS : X64_ANDPS, xa, xb);
    x64_jmp(b, &done);
    x64_bind(b, &nan);
    x64_sse_rr(b, X64_SSE_ADD, fp, xa, xb); /* a quiet NaN */
    x64_jmp(b, &done);
    x64_bind(b, &normal);
    x64_sse_rr(b, is_min ? X64_SSE_MIN : X64_SSE_MAX, fp, xa, xb);
    x64_bind(b, &done);
    jit_release(j, vb);
    jit_push_reg(j, t, xa);
}

enum sign_op { SIGN_ABS, SIGN_NEG, SIGN_COPY };

/* abs, neg and copysign only touch the sign bit: bitwise operations. */
static void sign_op(jit_t *j, wasm_valtype_t t, enum sign_op op) {
    uint64_t sign = sign_bit(t), all = t == WASM_F64 ? ~0ull : 0xffffffffull;
    if (op != SIGN_COPY) {
        jit_val_t a = jit_pop(j);
        if (a.loc == JIT_CONST) { /* folds */
            jit_push_const(j, t, op == SIGN_ABS ? a.imm & ~sign & all : a.imm ^ sign);
            return;
        }
        enum x64_xmm x = jit_to_xmm(j, &a);
        jit_fconst(j, JIT_FSCRATCH, op == SIGN_ABS ? ~sign & all : sign);
        x64_sse_logic(&j->b, op == SIGN_ABS ? X64_ANDPS : X64_XORPS, x, JIT_FSCRATCH);
        jit_push_reg(j, t, x);
        return;
    }
    jit_val_t vb = jit_pop(j), va = jit_pop(j);
    enum x64_xmm xa = jit_to_xmm(j, &va), xb = jit_to_xmm(j, &vb);
    jit_fconst(j, JIT_FSCRATCH, sign);
    x64_sse_logic(&j->b, X64_ANDPS, xb, JIT_FSCRATCH);  /* sign of b */
    x64_sse_logic(&j->b, X64_ANDNPS, JIT_FSCRATCH, xa); /* |a| */
    x64_sse_logic(&j->b, X64_ORPS, JIT_FSCRATCH, xb);
    x64_fmov_rr(&j->b, xa, JIT_FSCRATCH);
    jit_release(j, vb);
    jit_push_reg(j, t, xa);
}

enum fcmp { FCMP_EQ, FCMP_NE, FCMP_LT, FCMP_GT, FCMP_LE, FCMP_GE };

/*
 * ucomis sets ZF, PF, CF; unordered (a NaN operand) sets all three. "a > b"
 * is "above" and "a >= b" is "above or equal", both false when unordered;
 * lt and le swap the operands. eq and ne need PF as well, so they produce a
 * register rather than a single condition.
 */
static void fcompare(jit_t *j, wasm_valtype_t t, enum fcmp kind) {
    struct x64_buf *b = &j->b;
    jit_val_t vb = jit_pop(j), va = jit_pop(j);
    enum x64_xmm xa = jit_to_xmm(j, &va), xb = jit_to_xmm(j, &vb);
    if (kind == FCMP_EQ || kind == FCMP_NE) {
        enum x64_reg r = jit_alloc_gpr(j);
        x64_ucomis(b, jit_fp(t), xa, xb);
        x64_mov_ri(b, X64_W32, r, 0); /* mov keeps the flags */
        x64_mov_ri(b, X64_W32, JIT_SCRATCH, 0);
        bool eq = kind == FCMP_EQ;
        x64_setcc(b, eq ? X64_CC_E : X64_CC_NE, r);
        x64_setcc(b, eq ? X64_CC_NP : X64_CC_P, JIT_SCRATCH);
        x64_alu_rr(b, eq ? X64_AND : X64_OR, X64_W32, r, JIT_SCRATCH);
        jit_release(j, va);
        jit_release(j, vb);
        jit_push_reg(j, WASM_I32, r);
        return;
    }
    bool swap = kind == FCMP_LT || kind == FCMP_LE;
    x64_ucomis(b, jit_fp(t), swap ? xb : xa, swap ? xa : xb);
    jit_release(j, va);
    jit_release(j, vb);
    enum x64_cc cc = (kind == FCMP_GT || kind == FCMP_LT) ? X64_CC_A : X64_CC_AE;
    jit_push(j, (jit_val_t){WASM_I32, JIT_FLAGS, (uint8_t)cc, 0});
}

/* Integer to float. Unsigned 64-bit values with the top bit set are halved
 * (keeping the low bit, so rounding stays correct), converted, doubled. */
static void convert(jit_t *j, wasm_valtype_t to, wasm_valtype_t from, bool is_signed) {
    struct x64_buf *b = &j->b;
    enum x64_fp fp = jit_fp(to);
    jit_val_t a = jit_pop(j);
    enum x64_reg r = jit_to_gpr(j, &a);
    enum x64_xmm x = jit_alloc_xmm(j);
    if (from == WASM_I32) { /* i32 is zero-extended: the 64-bit form is exact for u32 */
        x64_cvtsi2f(b, fp, is_signed ? X64_W32 : X64_W64, x, r);
    } else if (is_signed) {
        x64_cvtsi2f(b, fp, X64_W64, x, r);
    } else {
        struct x64_label big, done;
        x64_label_init(&big);
        x64_label_init(&done);
        x64_test_rr(b, X64_W64, r, r);
        x64_jcc(b, X64_CC_S, &big);
        x64_cvtsi2f(b, fp, X64_W64, x, r);
        x64_jmp(b, &done);
        x64_bind(b, &big);
        x64_mov_rr(b, X64_W32, JIT_SCRATCH, r);
        x64_alu_ri(b, X64_AND, X64_W32, JIT_SCRATCH, 1);
        x64_shift_ri(b, X64_SHR, X64_W64, r, 1);
        x64_alu_rr(b, X64_OR, X64_W64, r, JIT_SCRATCH);
        x64_cvtsi2f(b, fp, X64_W64, x, r);
        x64_sse_rr(b, X64_SSE_ADD, fp, x, x);
        x64_bind(b, &done);
    }
    jit_release(j, a);
    jit_push_reg(j, to, x);
}

/* The bounds of truncation to `to`: out of range when x <= low (x < low
 * when low_inclusive) or x >= high; all f64, and every bound is exact. */
struct trunc_bounds {
    uint64_t low, high;
    bool low_inclusive; /* low itself converts */
    uint64_t min, max;  /* saturated results */
};

static struct trunc_bounds bounds_of(wasm_valtype_t to, bool is_signed) {
    if (to == WASM_I32) {
        return is_signed ? (struct trunc_bounds){F64_I32_LOW, F64_I32_HIGH, false, 0x80000000u, 0x7fffffffu}
                         : (struct trunc_bounds){F64_MINUS_ONE, F64_U32_HIGH, false, 0, 0xffffffffu};
    }
    return is_signed ? (struct trunc_bounds){F64_I64_LOW, F64_I64_HIGH, true, 1ull << 63, ~0ull >> 1}
                     : (struct trunc_bounds){F64_MINUS_ONE, F64_U64_HIGH, false, 0, ~0ull};
}

/*
 * Float to integer, trapping (NaN: invalid conversion; out of range:
 * integer overflow) or saturating (NaN: 0; out of range: the nearest
 * bound). The operand is first widened to f64 (exact), so one set of f64
 * bounds serves both source types; in range, cvtt gives the wasm result.
 */
static void trunc(jit_t *j, wasm_valtype_t to, wasm_valtype_t from, bool is_signed, bool sat) {
    struct x64_buf *b = &j->b;
    struct trunc_bounds bd = bounds_of(to, is_signed);
    jit_val_t a = jit_pop(j);
    enum x64_xmm x = jit_to_xmm(j, &a);
    enum x64_reg r = jit_alloc_gpr(j);
    struct x64_label nan, low, high, done;
    x64_label_init(&nan);
    x64_label_init(&low);
    x64_label_init(&high);
    x64_label_init(&done);
    if (from == WASM_F32) {
        x64_cvtf2f(b, X64_F64, x, x);
    }
    enum x64_cc low_cc = bd.low_inclusive ? X64_CC_B : X64_CC_BE;
    x64_ucomis(b, X64_F64, x, x);
    if (sat) {
        x64_jcc(b, X64_CC_P, &nan);
    } else {
        jit_trap_if(j, X64_CC_P, WASM_TRAP_INVALID_CONVERSION);
    }
    jit_fconst(j, JIT_FSCRATCH, bd.low);
    x64_ucomis(b, X64_F64, x, JIT_FSCRATCH);
    if (sat) {
        x64_jcc(b, low_cc, &low);
    } else {
        jit_trap_if(j, low_cc, WASM_TRAP_INT_OVERFLOW);
    }
    jit_fconst(j, JIT_FSCRATCH, bd.high);
    x64_ucomis(b, X64_F64, x, JIT_FSCRATCH);
    if (sat) {
        x64_jcc(b, X64_CC_AE, &high);
    } else {
        jit_trap_if(j, X64_CC_AE, WASM_TRAP_INT_OVERFLOW);
    }
    if (to == WASM_I32 && is_signed) {
        x64_cvttf2si(b, X64_F64, X64_W32, r, x);
    } else if (to == WASM_I32) {
        x64_cvttf2si(b, X64_F64, X64_W64, r, x);
        x64_mov_rr(b, X64_W32, r, r);
    } else if (is_signed) {
        x64_cvttf2si(b, X64_F64, X64_W64, r, x);
    } else { /* [2^63, 2^64): subtract 2^63 first, put the top bit back */
        struct x64_label small, converted;
        x64_label_init(&small);
        x64_label_init(&converted);
        jit_fconst(j, JIT_FSCRATCH, F64_I64_HIGH);
        x64_ucomis(b, X64_F64, x, JIT_FSCRATCH);
        x64_jcc(b, X64_CC_B, &small);
        x64_sse_rr(b, X64_SSE_SUB, X64_F64, x, JIT_FSCRATCH);
        x64_cvttf2si(b, X64_F64, X64_W64, r, x);
        x64_mov_ri(b, X64_W64, JIT_SCRATCH, 1ull << 63);
        x64_alu_rr(b, X64_XOR, X64_W64, r, JIT_SCRATCH);
        x64_jmp(b, &converted);
        x64_bind(b, &small);
        x64_cvttf2si(b, X64_F64, X64_W64, r, x);
        x64_bind(b, &converted);
    }
    if (sat) {
        enum x64_width w = jit_width(to);
        x64_jmp(b, &done);
        x64_bind(b, &nan);
        x64_mov_ri(b, w, r, 0);
        x64_jmp(b, &done);
        x64_bind(b, &low);
        x64_mov_ri(b, w, r, bd.min);
        x64_jmp(b, &done);
        x64_bind(b, &high);
        x64_mov_ri(b, w, r, bd.max);
        x64_bind(b, &done);
    }
    jit_release(j, a);
    jit_push_reg(j, to, r);
}

/* Reinterpretation: the same bits in the other register file. Constants
 * and spilled values need no code, only a new type. */
static void reinterpret(jit_t *j, wasm_valtype_t to) {
    jit_val_t a = jit_pop(j);
    if (a.loc == JIT_CONST || a.loc == JIT_SLOT) {
        a.type = to;
        jit_push(j, a);
        return;
    }
    enum x64_width w = jit_width(to);
    if (jit_is_int(to)) {
        enum x64_reg r = jit_alloc_gpr(j);
        x64_movd_rx(&j->b, w, r, jit_to_xmm(j, &a));
        jit_release(j, a);
        jit_push_reg(j, to, r);
    } else {
        enum x64_xmm x = jit_alloc_xmm(j);
        x64_movd_xr(&j->b, w, x, jit_to_gpr(j, &a));
        jit_release(j, a);
        jit_push_reg(j, to, x);
    }
}

static void change_precision(jit_t *j, wasm_valtype_t to) {
    jit_val_t a = jit_pop(j);
    enum x64_xmm x = jit_to_xmm(j, &a);
    x64_cvtf2f(&j->b, jit_fp(to), x, x);
    jit_push_reg(j, to, x);
}

bool jit_float_op(jit_t *j, uint16_t op) {
    const wasm_valtype_t F32 = WASM_F32, F64 = WASM_F64, I32 = WASM_I32, I64 = WASM_I64;
    switch (op) {
    case WASM_OP_F32_ADD: arith(j, F32, X64_SSE_ADD); break;
    case WASM_OP_F32_SUB: arith(j, F32, X64_SSE_SUB); break;
    case WASM_OP_F32_MUL: arith(j, F32, X64_SSE_MUL); break;
    case WASM_OP_F32_DIV: arith(j, F32, X64_SSE_DIV); break;
    case WASM_OP_F64_ADD: arith(j, F64, X64_SSE_ADD); break;
    case WASM_OP_F64_SUB: arith(j, F64, X64_SSE_SUB); break;
    case WASM_OP_F64_MUL: arith(j, F64, X64_SSE_MUL); break;
    case WASM_OP_F64_DIV: arith(j, F64, X64_SSE_DIV); break;
    case WASM_OP_F32_SQRT: unary(j, F32, X64_SSE_SQRT); break;
    case WASM_OP_F64_SQRT: unary(j, F64, X64_SSE_SQRT); break;
    case WASM_OP_F32_MIN: minmax(j, F32, true); break;
    case WASM_OP_F32_MAX: minmax(j, F32, false); break;
    case WASM_OP_F64_MIN: minmax(j, F64, true); break;
    case WASM_OP_F64_MAX: minmax(j, F64, false); break;
    case WASM_OP_F32_CEIL: round_op(j, F32, X64_ROUND_CEIL); break;
    case WASM_OP_F32_FLOOR: round_op(j, F32, X64_ROUND_FLOOR); break;
    case WASM_OP_F32_TRUNC: round_op(j, F32, X64_ROUND_TRUNC); break;
    case WASM_OP_F32_NEAREST: round_op(j, F32, X64_ROUND_NEAREST); break;
    case WASM_OP_F64_CEIL: round_op(j, F64, X64_ROUND_CEIL); break;
    case WASM_OP_F64_FLOOR: round_op(j, F64, X64_ROUND_FLOOR); break;
    case WASM_OP_F64_TRUNC: round_op(j, F64, X64_ROUND_TRUNC); break;
    case WASM_OP_F64_NEAREST: round_op(j, F64, X64_ROUND_NEAREST); break;
    case WASM_OP_F32_ABS: sign_op(j, F32, SIGN_ABS); break;
    case WASM_OP_F32_NEG: sign_op(j, F32, SIGN_NEG); break;
    case WASM_OP_F32_COPYSIGN: sign_op(j, F32, SIGN_COPY); break;
    case WASM_OP_F64_ABS: sign_op(j, F64, SIGN_ABS); break;
    case WASM_OP_F64_NEG: sign_op(j, F64, SIGN_NEG); break;
    case WASM_OP_F64_COPYSIGN: sign_op(j, F64, SIGN_COPY); break;
    case WASM_OP_F32_EQ: fcompare(j, F32, FCMP_EQ); break;
    case WASM_OP_F32_NE: fcompare(j, F32, FCMP_NE); break;
    case WASM_OP_F32_LT: fcompare(j, F32, FCMP_LT); break;
    case WASM_OP_F32_GT: fcompare(j, F32, FCMP_GT); break;
    case WASM_OP_F32_LE: fcompare(j, F32, FCMP_LE); break;
    case WASM_OP_F32_GE: fcompare(j, F32, FCMP_GE); break;
    case WASM_OP_F64_EQ: fcompare(j, F64, FCMP_EQ); break;
    case WASM_OP_F64_NE: fcompare(j, F64, FCMP_NE); break;
    case WASM_OP_F64_LT: fcompare(j, F64, FCMP_LT); break;
    case WASM_OP_F64_GT: fcompare(j, F64, FCMP_GT); break;
    case WASM_OP_F64_LE: fcompare(j, F64, FCMP_LE); break;
    case WASM_OP_F64_GE: fcompare(j, F64, FCMP_GE); break;
    case WASM_OP_F32_CONVERT_I32_S: convert(j, F32, I32, true); break;
    case WASM_OP_F32_CONVERT_I32_U: convert(j, F32, I32, false); break;
    case WASM_OP_F32_CONVERT_I64_S: convert(j, F32, I64, true); break;
    case WASM_OP_F32_CONVERT_I64_U: convert(j, F32, I64, false); break;
    case WASM_OP_F64_CONVERT_I32_S: convert(j, F64, I32, true); break;
    case WASM_OP_F64_CONVERT_I32_U: convert(j, F64, I32, false); break;
    case WASM_OP_F64_CONVERT_I64_S: convert(j, F64, I64, true); break;
    case WASM_OP_F64_CONVERT_I64_U: convert(j, F64, I64, false); break;
    case WASM_OP_I32_TRUNC_F32_S: trunc(j, I32, F32, true, false); break;
    case WASM_OP_I32_TRUNC_F32_U: trunc(j, I32, F32, false, false); break;
    case WASM_OP_I32_TRUNC_F64_S: trunc(j, I32, F64, true, false); break;
    case WASM_OP_I32_TRUNC_F64_U: trunc(j, I32, F64, false, false); break;
    case WASM_OP_I64_TRUNC_F32_S: trunc(j, I64, F32, true, false); break;
    case WASM_OP_I64_TRUNC_F32_U: trunc(j, I64, F32, false, false); break;
    case WASM_OP_I64_TRUNC_F64_S: trunc(j, I64, F64, true, false); break;
    case WASM_OP_I64_TRUNC_F64_U: trunc(j, I64, F64, false, false); break;
    case WASM_OP_I32_TRUNC_SAT_F32_S: trunc(j, I32, F32, true, true); break;
    case WASM_OP_I32_TRUNC_SAT_F32_U: trunc(j, I32, F32, false, true); break;
    case WASM_OP_I32_TRUNC_SAT_F64_S: trunc(j, I32, F64, true, true); break;
    case WASM_OP_I32_TRUNC_SAT_F64_U: trunc(j, I32, F64, false, true); break;
    case WASM_OP_I64_TRUNC_SAT_F32_S: trunc(j, I64, F32, true, true); break;
    case WASM_OP_I64_TRUNC_SAT_F32_U: trunc(j, I64, F32, false, true); break;
    case WASM_OP_I64_TRUNC_SAT_F64_S: trunc(j, I64, F64, true, true); break;
    case WASM_OP_I64_TRUNC_SAT_F64_U: trunc(j, I64, F64, false, true); break;
    case WASM_OP_F32_DEMOTE_F64: change_precision(j, F32); break;
    case WASM_OP_F64_PROMOTE_F32: change_precision(j, F64); break;
    case WASM_OP_I32_REINTERPRET_F32: reinterpret(j, I32); break;
    case WASM_OP_I64_REINTERPRET_F64: reinterpret(j, I64); break;
    case WASM_OP_F32_REINTERPRET_I32: reinterpret(j, F32); break;
    case WASM_OP_F64_REINTERPRET_I64: reinterpret(j, F64); break;
    default: return false;
    }
    return true;
}
