/*
 * x64_emit: the x86-64 instruction encoder of the JIT.
 *
 * Every function here appends the encoding of exactly one instruction (or
 * one fixed idiom, said so in its comment) to a code buffer. The functions
 * are pure encoders: they choose the shortest standard encoding (REX only
 * when needed, imm8 or disp8 when the value fits) and know nothing about
 * wasm. The compiler owns all policy (which registers, when to spill).
 *
 * Errors are sticky, so the compiler checks once per function instead of
 * once per instruction:
 *   - running out of room sets `overflow` and stops writing; the caller
 *     grows or discards the buffer;
 *   - an operand no encoding can express (rsp as an index, a scale other
 *     than 1/2/4/8, a shift count above 63) sets `invalid`; that is a
 *     compiler bug and the function's code must be thrown away.
 * x64_ok() is the one check. No function allocates.
 *
 * Operand size: most integer operations take an `enum x64_width` (32 or 64
 * bits). 32-bit operations zero the upper half of their destination
 * register, which the compiler relies on for i32 values.
 *
 * Assembly in comments is Intel syntax: destination first.
 */
#ifndef RZ_WASM_X64_EMIT_H
#define RZ_WASM_X64_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* General-purpose registers, numbered as the hardware numbers them. */
enum x64_reg {
    X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
    X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15,
};

/* SSE registers xmm0..xmm15. */
enum x64_xmm {
    X64_XMM0, X64_XMM1, X64_XMM2, X64_XMM3, X64_XMM4, X64_XMM5, X64_XMM6, X64_XMM7,
    X64_XMM8, X64_XMM9, X64_XMM10, X64_XMM11, X64_XMM12, X64_XMM13, X64_XMM14, X64_XMM15,
};

enum x64_width { X64_W32, X64_W64 };

/* Memory access sizes in bytes, for loads and stores. */
enum x64_size { X64_S8 = 1, X64_S16 = 2, X64_S32 = 4, X64_S64 = 8 };

/* Condition codes, numbered as in the Jcc/SETcc/CMOVcc opcodes, so that
 * x64_cc_invert() is a flip of the low bit. */
enum x64_cc {
    X64_CC_O, X64_CC_NO, X64_CC_B, X64_CC_AE, X64_CC_E, X64_CC_NE, X64_CC_BE, X64_CC_A,
    X64_CC_S, X64_CC_NS, X64_CC_P, X64_CC_NP, X64_CC_L, X64_CC_GE, X64_CC_LE, X64_CC_G,
};

static inline enum x64_cc x64_cc_invert(enum x64_cc cc) {
    return (enum x64_cc)(cc ^ 1);
}

/* The eight classic ALU operations; the value is the ModRM /digit. */
enum x64_alu {
    X64_ADD = 0, X64_OR = 1, X64_ADC = 2, X64_SBB = 3,
    X64_AND = 4, X64_SUB = 5, X64_XOR = 6, X64_CMP = 7,
};

/* Shifts and rotates; the value is the ModRM /digit of group 2. */
enum x64_shift { X64_ROL = 0, X64_ROR = 1, X64_SHL = 4, X64_SHR = 5, X64_SAR = 7 };

/* Bit counting (F3 0F xx): all need the LZCNT/BMI1/POPCNT features. */
enum x64_bitcount { X64_POPCNT = 0xb8, X64_TZCNT = 0xbc, X64_LZCNT = 0xbd };

/* Scalar SSE arithmetic; the value is the second opcode byte (0F xx). */
enum x64_sse_op {
    X64_SSE_SQRT = 0x51, X64_SSE_ADD = 0x58, X64_SSE_MUL = 0x59, X64_SSE_SUB = 0x5c,
    X64_SSE_MIN = 0x5d, X64_SSE_DIV = 0x5e, X64_SSE_MAX = 0x5f,
};

/* Packed bitwise SSE operations (used on scalars for abs/neg/copysign). */
enum x64_sse_logic { X64_ANDPS = 0x54, X64_ANDNPS = 0x55, X64_ORPS = 0x56, X64_XORPS = 0x57 };

/* Rounding-mode immediates of ROUNDSS/ROUNDSD (bit 3 suppresses the
 * precision exception, as wasm wants no side effects). */
enum x64_round {
    X64_ROUND_NEAREST = 0x8, X64_ROUND_FLOOR = 0x9, X64_ROUND_CEIL = 0xa, X64_ROUND_TRUNC = 0xb,
};

/* Float precision of a scalar SSE instruction. */
enum x64_fp { X64_F32, X64_F64 };

/* A memory operand [base + index*scale + disp]. Use x64_base()/x64_sib(). */
struct x64_mem {
    uint8_t base;   /* enum x64_reg */
    uint8_t index;  /* enum x64_reg, or X64_NO_INDEX; never rsp */
    uint8_t scale;  /* 1, 2, 4 or 8 */
    int32_t disp;
};

#define X64_NO_INDEX 0xff

static inline struct x64_mem x64_base(enum x64_reg base, int32_t disp) {
    return (struct x64_mem){(uint8_t)base, X64_NO_INDEX, 1, disp};
}

static inline struct x64_mem x64_sib(enum x64_reg base, enum x64_reg index, unsigned scale,
                                     int32_t disp) {
    return (struct x64_mem){(uint8_t)base, (uint8_t)index, (uint8_t)scale, disp};
}

struct x64_buf {
    uint8_t *bytes;
    size_t len;  /* bytes written; never above cap */
    size_t cap;
    bool overflow; /* a write did not fit: the contents are incomplete */
    bool invalid;  /* an unencodable operand was asked for: a compiler bug */
};

/* Starts an empty buffer over caller-owned memory. */
void x64_buf_init(struct x64_buf *b, uint8_t *bytes, size_t cap);

/* True when every instruction so far was encoded completely. */
static inline bool x64_ok(const struct x64_buf *b) {
    return !b->overflow && !b->invalid;
}

/* ---- labels and branches ----
 * A label is a code position, possibly not yet known. Branches to an
 * unbound label are emitted with a rel32 and chained through their own
 * displacement fields (no allocation); x64_bind() walks the chain and
 * patches each one. Branches to a bound (earlier) label use rel8 when the
 * distance fits. Positions are offsets from the start of the buffer. */
struct x64_label {
    uint32_t pos;   /* bound position, or X64_UNBOUND */
    uint32_t chain; /* 1 + offset of the newest unpatched rel32, 0 if none */
};

#define X64_UNBOUND UINT32_MAX

void x64_label_init(struct x64_label *l);
/* Requires: l is unbound. Ensures: every earlier use of l now targets here. */
void x64_bind(struct x64_buf *b, struct x64_label *l);
void x64_jmp(struct x64_buf *b, struct x64_label *l);               /* jmp l */
void x64_jcc(struct x64_buf *b, enum x64_cc cc, struct x64_label *l); /* jcc l */
void x64_call_label(struct x64_buf *b, struct x64_label *l);          /* call l */
void x64_lea_label(struct x64_buf *b, enum x64_reg dst, struct x64_label *l); /* lea dst, [rip+l] */
/* A 4-byte data field holding l minus the field's end: a jump table entry. */
void x64_data_rel32(struct x64_buf *b, struct x64_label *l);

/* call rel32 to an absolute address, given the address the buffer's first
 * byte will run at. Sets `invalid` when the target is out of rel32 range. */
void x64_call_abs(struct x64_buf *b, uint64_t buf_addr, uint64_t target);
void x64_call_r(struct x64_buf *b, enum x64_reg r);         /* call r */
void x64_call_m(struct x64_buf *b, struct x64_mem m);       /* call qword [m] */
void x64_jmp_r(struct x64_buf *b, enum x64_reg r);          /* jmp r */
void x64_ret(struct x64_buf *b);
void x64_ud2(struct x64_buf *b);
void x64_int3(struct x64_buf *b);
/* Multi-byte NOP padding of exactly n bytes (alignment of loop heads). */
void x64_nop(struct x64_buf *b, unsigned n);

/* ---- moves ---- */
void x64_mov_rr(struct x64_buf *b, enum x64_width w, enum x64_reg dst, enum x64_reg src);
/* Loads a constant with the shortest of: mov r32, imm32 (zero-extending),
 * mov r64, simm32, movabs r64, imm64. For X64_W32 only the low 32 bits of
 * imm count. Does not touch flags (use x64_zero for the xor idiom). */
void x64_mov_ri(struct x64_buf *b, enum x64_width w, enum x64_reg dst, uint64_t imm);
/* xor r32, r32: zeroes the whole register, clobbers flags. */
void x64_zero(struct x64_buf *b, enum x64_reg r);
/* Loads: 32-bit loads zero the upper half; 8/16-bit zero-extend to the
 * whole register; x64_load_s sign-extends to the given width. */
void x64_load(struct x64_buf *b, enum x64_size size, enum x64_reg dst, struct x64_mem m);
void x64_load_s(struct x64_buf *b, enum x64_size size, enum x64_width w, enum x64_reg dst,
                struct x64_mem m);
void x64_store(struct x64_buf *b, enum x64_size size, struct x64_mem m, enum x64_reg src);
/* Stores an immediate; for X64_S64 imm is sign-extended from 32 bits. */
void x64_store_i(struct x64_buf *b, enum x64_size size, struct x64_mem m, int32_t imm);
/* Register-to-register extensions of the low 8/16/32 bits of src. */
void x64_movzx(struct x64_buf *b, enum x64_size size, enum x64_reg dst, enum x64_reg src);
void x64_movsx(struct x64_buf *b, enum x64_size size, enum x64_width w, enum x64_reg dst,
               enum x64_reg src);
void x64_lea(struct x64_buf *b, enum x64_width w, enum x64_reg dst, struct x64_mem m);
void x64_xchg(struct x64_buf *b, enum x64_width w, enum x64_reg a, enum x64_reg c);
void x64_push(struct x64_buf *b, enum x64_reg r);
void x64_pop(struct x64_buf *b, enum x64_reg r);
void x64_cmov(struct x64_buf *b, enum x64_cc cc, enum x64_width w, enum x64_reg dst,
              enum x64_reg src);
/* setcc on the low byte of r; the rest of r is unchanged. */
void x64_setcc(struct x64_buf *b, enum x64_cc cc, enum x64_reg r);

/* ---- integer arithmetic ---- */
void x64_alu_rr(struct x64_buf *b, enum x64_alu op, enum x64_width w, enum x64_reg dst,
                enum x64_reg src);
/* Chooses imm8 when imm fits, else the short rax form or imm32. */
void x64_alu_ri(struct x64_buf *b, enum x64_alu op, enum x64_width w, enum x64_reg dst,
                int32_t imm);
/* Always the imm32 form (81 /op id, never imm8 nor the short rax form), for
 * an immediate patched later: it is the last four bytes written. */
void x64_alu_ri32(struct x64_buf *b, enum x64_alu op, enum x64_width w, enum x64_reg dst,
                  int32_t imm);
/* Overwrites four bytes at `at` (little-endian) if they were written. */
void x64_patch32(struct x64_buf *b, size_t at, uint32_t value);
void x64_alu_rm(struct x64_buf *b, enum x64_alu op, enum x64_width w, enum x64_reg dst,
                struct x64_mem m);
void x64_alu_mi(struct x64_buf *b, enum x64_alu op, enum x64_width w, struct x64_mem m,
                int32_t imm);
void x64_test_rr(struct x64_buf *b, enum x64_width w, enum x64_reg a, enum x64_reg c);
void x64_test_ri(struct x64_buf *b, enum x64_width w, enum x64_reg r, int32_t imm);
void x64_imul_rr(struct x64_buf *b, enum x64_width w, enum x64_reg dst, enum x64_reg src);
void x64_imul_rri(struct x64_buf *b, enum x64_width w, enum x64_reg dst, enum x64_reg src,
                  int32_t imm);
void x64_imul_rm(struct x64_buf *b, enum x64_width w, enum x64_reg dst, struct x64_mem m);
/* One-operand group 3: rdx:rax (or edx:eax) are the implicit operands of
 * mul/div/idiv. */
void x64_neg(struct x64_buf *b, enum x64_width w, enum x64_reg r);
void x64_not(struct x64_buf *b, enum x64_width w, enum x64_reg r);
void x64_mul(struct x64_buf *b, enum x64_width w, enum x64_reg r);
void x64_div(struct x64_buf *b, enum x64_width w, enum x64_reg r);
void x64_idiv(struct x64_buf *b, enum x64_width w, enum x64_reg r);
/* cdq (W32) or cqo (W64): sign-extends eax/rax into edx/rdx. */
void x64_cdq(struct x64_buf *b, enum x64_width w);
void x64_shift_cl(struct x64_buf *b, enum x64_shift op, enum x64_width w, enum x64_reg r);
/* Requires: count < 64 (the hardware masks; wasm masks before this). */
void x64_shift_ri(struct x64_buf *b, enum x64_shift op, enum x64_width w, enum x64_reg r,
                  uint8_t count);
void x64_bitcount(struct x64_buf *b, enum x64_bitcount op, enum x64_width w, enum x64_reg dst,
                  enum x64_reg src);
void x64_bswap(struct x64_buf *b, enum x64_width w, enum x64_reg r);
/* rep movsb / rep stosb (memory.copy forward and memory.fill). */
void x64_rep_movsb(struct x64_buf *b);
void x64_rep_stosb(struct x64_buf *b);
/* Port I/O with the accumulator (al, ax or eax by size; S64 is invalid):
 * in acc, dx / in acc, imm8 and out dx, acc / out imm8, acc. */
void x64_in_dx(struct x64_buf *b, enum x64_size size);
void x64_in_imm(struct x64_buf *b, enum x64_size size, uint8_t port);
void x64_out_dx(struct x64_buf *b, enum x64_size size);
void x64_out_imm(struct x64_buf *b, enum x64_size size, uint8_t port);

/* ---- scalar floating point (SSE2, SSE4.1 for round) ---- */
/* movaps/movapd dst, src: the full-register copy (movss/movsd between
 * registers would merge and create a false dependency). */
void x64_fmov_rr(struct x64_buf *b, enum x64_xmm dst, enum x64_xmm src);
void x64_fload(struct x64_buf *b, enum x64_fp fp, enum x64_xmm dst, struct x64_mem m);
void x64_fstore(struct x64_buf *b, enum x64_fp fp, struct x64_mem m, enum x64_xmm src);
/* movd/movq between a general register and the low lane of an xmm. */
void x64_movd_xr(struct x64_buf *b, enum x64_width w, enum x64_xmm dst, enum x64_reg src);
void x64_movd_rx(struct x64_buf *b, enum x64_width w, enum x64_reg dst, enum x64_xmm src);
void x64_sse_rr(struct x64_buf *b, enum x64_sse_op op, enum x64_fp fp, enum x64_xmm dst,
                enum x64_xmm src);
void x64_sse_rm(struct x64_buf *b, enum x64_sse_op op, enum x64_fp fp, enum x64_xmm dst,
                struct x64_mem m);
void x64_sse_logic(struct x64_buf *b, enum x64_sse_logic op, enum x64_xmm dst, enum x64_xmm src);
/* ucomiss/ucomisd a, c: ZF,PF,CF as for an unsigned compare; PF=1 if unordered. */
void x64_ucomis(struct x64_buf *b, enum x64_fp fp, enum x64_xmm a, enum x64_xmm c);
void x64_round(struct x64_buf *b, enum x64_fp fp, enum x64_xmm dst, enum x64_xmm src,
               enum x64_round mode);
/* cvtsi2ss/cvtsi2sd: signed integer of width w to float. */
void x64_cvtsi2f(struct x64_buf *b, enum x64_fp fp, enum x64_width w, enum x64_xmm dst,
                 enum x64_reg src);
/* cvttss2si/cvttsd2si: truncating float to signed integer of width w; an
 * out-of-range or NaN input gives the "integer indefinite" 0x80..0. */
void x64_cvttf2si(struct x64_buf *b, enum x64_fp fp, enum x64_width w, enum x64_reg dst,
                  enum x64_xmm src);
/* cvtss2sd (to X64_F64) or cvtsd2ss (to X64_F32). */
void x64_cvtf2f(struct x64_buf *b, enum x64_fp to, enum x64_xmm dst, enum x64_xmm src);

#endif
