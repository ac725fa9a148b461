/*
 * x64_emit: encodings of the x86-64 instructions the JIT uses.
 *
 * Almost every instruction goes through emit_op(), which writes, in the
 * order the architecture requires:
 *   [legacy prefix 66/F2/F3] [REX] opcode (1-3 bytes) ModRM [SIB] [disp]
 * and the caller then appends any immediate. Keeping the prefix, REX and
 * addressing rules in that one function is what makes the 32/64-bit forms,
 * the high registers and the rsp/rbp/r12/r13 special cases uniform.
 *
 * The addressing special cases (Intel SDM vol. 2, tables 2-2 and 2-3):
 *   - rm=100 means "a SIB byte follows", so rsp and r12 as a base always
 *     need a SIB byte (index=100: none);
 *   - mod=00 with rm=101 (or SIB base=101) means "disp32, no base", so rbp
 *     and r13 as a base always carry a displacement (disp8 of 0);
 *   - SIB index=100 with REX.X=0 means "no index": rsp cannot be an index
 *     (r12 can, since REX.X makes it 1100).
 *   - a byte-register operand numbered 4-7 means ah/ch/dh/bh without a REX
 *     prefix and spl/bpl/sil/dil with one, so byte forms force a REX.
 */
#include "compile/x64_emit.h"

/* emit_op flags */
#define OP_W 1u        /* REX.W: 64-bit operand size */
#define OP_BYTE_RM 2u  /* the r/m operand is a byte register */
#define OP_BYTE_REG 4u /* the ModRM.reg operand is a byte register */

/* The r/m operand of an instruction: a register or a memory reference. */
struct rm {
    bool is_mem;
    uint8_t reg;
    struct x64_mem m;
};

static struct rm rm_reg(unsigned r) {
    return (struct rm){false, (uint8_t)r, {0, 0, 0, 0}};
}

static struct rm rm_mem(struct x64_mem m) {
    return (struct rm){true, 0, m};
}

void x64_buf_init(struct x64_buf *b, uint8_t *bytes, size_t cap) {
    b->bytes = bytes;
    b->len = 0;
    b->cap = cap;
    b->overflow = false;
    b->invalid = false;
}

static void put8(struct x64_buf *b, unsigned v) {
    if (b->len >= b->cap) {
        b->overflow = true;
        return;
    }
    b->bytes[b->len++] = (uint8_t)v;
}

static void put32(struct x64_buf *b, uint32_t v) {
    for (int i = 0; i < 4; i++) {
        put8(b, (v >> (8 * i)) & 0xff);
    }
}

static void put64(struct x64_buf *b, uint64_t v) {
    put32(b, (uint32_t)v);
    put32(b, (uint32_t)(v >> 32));
}

static bool fits_i8(int64_t v) {
    return v >= -128 && v <= 127;
}

static bool fits_i32(int64_t v) {
    return v >= INT32_MIN && v <= INT32_MAX;
}

static unsigned w_flag(enum x64_width w) {
    return w == X64_W64 ? OP_W : 0;
}

static bool mem_valid(struct x64_mem m) {
    if (m.base > X64_R15) {
        return false;
    }
    if (m.index == X64_NO_INDEX) {
        return true;
    }
    bool scale_ok = m.scale == 1 || m.scale == 2 || m.scale == 4 || m.scale == 8;
    return m.index <= X64_R15 && m.index != X64_RSP && scale_ok;
}

/* ModRM, SIB and displacement of a memory operand. */
static void emit_mem(struct x64_buf *b, unsigned reg, struct x64_mem m) {
    unsigned base = m.base & 7;
    bool sib = m.index != X64_NO_INDEX || base == 4;
    unsigned mod = (m.disp == 0 && base != 5) ? 0 : fits_i8(m.disp) ? 1 : 2;
    put8(b, mod << 6 | (reg & 7) << 3 | (sib ? 4 : base));
    if (sib) {
        unsigned index = 4, ss = 0; /* index 100 without REX.X: none */
        if (m.index != X64_NO_INDEX) {
            index = m.index & 7u;
            ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
        }
        put8(b, ss << 6 | index << 3 | base);
    }
    if (mod == 1) {
        put8(b, (uint8_t)m.disp);
    } else if (mod == 2) {
        put32(b, (uint32_t)m.disp);
    }
}

static bool is_byte_high(unsigned r) {
    return r >= 4 && r <= 7;
}

/*
 * One instruction without its immediate: prefix (0 for none), flags,
 * opcode (oplen bytes, most significant first), ModRM.reg (a register or a
 * /digit) and the r/m operand.
 */
static void emit_op(struct x64_buf *b, unsigned prefix, unsigned flags, uint32_t opcode,
                    unsigned oplen, unsigned reg, struct rm rm) {
    if (rm.is_mem && !mem_valid(rm.m)) {
        b->invalid = true;
        return;
    }
    if (prefix != 0) {
        put8(b, prefix);
    }
    unsigned rex = 0x40;
    rex |= (flags & OP_W) ? 8 : 0;
    rex |= (reg & 8) ? 4 : 0;
    if (rm.is_mem) {
        rex |= (rm.m.index != X64_NO_INDEX && (rm.m.index & 8)) ? 2 : 0;
        rex |= (rm.m.base & 8) ? 1 : 0;
    } else {
        rex |= (rm.reg & 8) ? 1 : 0;
    }
    bool byte_rex = ((flags & OP_BYTE_RM) && !rm.is_mem && is_byte_high(rm.reg)) ||
                    ((flags & OP_BYTE_REG) && is_byte_high(reg));
    if (rex != 0x40 || byte_rex) {
        put8(b, rex);
    }
    for (int i = (int)oplen - 1; i >= 0; i--) {
        put8(b, (opcode >> (8 * i)) & 0xff);
    }
    if (rm.is_mem) {
        emit_mem(b, reg, rm.m);
    } else {
        put8(b, 0xc0 | (reg & 7) << 3 | (rm.reg & 7));
    }
}

/* An opcode with the register in its low three bits (push, bswap, mov imm). */
static void emit_op_plus_reg(struct x64_buf *b, unsigned flags, uint32_t opcode, unsigned oplen,
                             unsigned r) {
    unsigned rex = 0x40 | ((flags & OP_W) ? 8 : 0) | ((r & 8) ? 1 : 0);
    if (rex != 0x40) {
        put8(b, rex);
    }
    for (int i = (int)oplen - 1; i >= 0; i--) {
        put8(b, ((opcode >> (8 * i)) & 0xff) | (i == 0 ? (r & 7) : 0));
    }
}

/* ---------------------------------------------------------------- labels */

void x64_label_init(struct x64_label *l) {
    l->pos = X64_UNBOUND;
    l->chain = 0;
}

/* Appends the rel32 of a use of l (the last four bytes of the instruction). */
static void emit_label_rel32(struct x64_buf *b, struct x64_label *l) {
    if (l->pos != X64_UNBOUND) {
        put32(b, (uint32_t)((int64_t)l->pos - (int64_t)(b->len + 4)));
        return;
    }
    uint32_t at = (uint32_t)b->len;
    put32(b, l->chain);
    l->chain = at + 1;
}

void x64_bind(struct x64_buf *b, struct x64_label *l) {
    if (l->pos != X64_UNBOUND || b->len >= X64_UNBOUND) {
        b->invalid = true;
        return;
    }
    l->pos = (uint32_t)b->len;
    uint32_t link = l->chain;
    /* A link beyond len belongs to a use that overflowed: the buffer is
     * already marked incomplete, so stop there. */
    while (link != 0 && (size_t)link - 1 + 4 <= b->len) {
        uint32_t at = link - 1;
        uint8_t *p = b->bytes + at;
        link = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        uint32_t rel = l->pos - (at + 4);
        for (int i = 0; i < 4; i++) {
            p[i] = (uint8_t)(rel >> (8 * i));
        }
    }
    l->chain = 0;
}

void x64_jmp(struct x64_buf *b, struct x64_label *l) {
    if (l->pos != X64_UNBOUND && fits_i8((int64_t)l->pos - (int64_t)(b->len + 2))) {
        put8(b, 0xeb);
        put8(b, (uint8_t)(l->pos - (b->len + 1)));
        return;
    }
    put8(b, 0xe9);
    emit_label_rel32(b, l);
}

void x64_jcc(struct x64_buf *b, enum x64_cc cc, struct x64_label *l) {
    if (l->pos != X64_UNBOUND && fits_i8((int64_t)l->pos - (int64_t)(b->len + 2))) {
        put8(b, 0x70 + cc);
        put8(b, (uint8_t)(l->pos - (b->len + 1)));
        return;
    }
    put8(b, 0x0f);
    put8(b, 0x80 + cc);
    emit_label_rel32(b, l);
}

void x64_call_label(struct x64_buf *b, struct x64_label *l) {
    put8(b, 0xe8);
    emit_label_rel32(b, l);
}

void x64_lea_label(struct x64_buf *b, enum x64_reg dst, struct x64_label *l) {
    put8(b, 0x48 | ((dst & 8) ? 4 : 0));
    put8(b, 0x8d);
    put8(b, 0x05 | (dst & 7) << 3); /* mod=00 rm=101: [rip + disp32] */
    emit_label_rel32(b, l);
}

void x64_data_rel32(struct x64_buf *b, struct x64_label *l) {
    emit_label_rel32(b, l);
}

/* ---------------------------------------------------------------- control */

void x64_call_abs(struct x64_buf *b, uint64_t buf_addr, uint64_t target) {
    int64_t rel = (int64_t)(target - (buf_addr + b->len + 5));
    if (!fits_i32(rel)) {
        b->invalid = true;
        return;
    }
    put8(b, 0xe8);
    put32(b, (uint32_t)rel);
}

void x64_call_r(struct x64_buf *b, enum x64_reg r) {
    emit_op(b, 0, 0, 0xff, 1, 2, rm_reg(r));
}

void x64_call_m(struct x64_buf *b, struct x64_mem m) {
    emit_op(b, 0, 0, 0xff, 1, 2, rm_mem(m));
}

void x64_jmp_r(struct x64_buf *b, enum x64_reg r) {
    emit_op(b, 0, 0, 0xff, 1, 4, rm_reg(r));
}

void x64_ret(struct x64_buf *b) {
    put8(b, 0xc3);
}

void x64_ud2(struct x64_buf *b) {
    put8(b, 0x0f);
    put8(b, 0x0b);
}

void x64_int3(struct x64_buf *b) {
    put8(b, 0xcc);
}

void x64_nop(struct x64_buf *b, unsigned n) {
    /* The recommended multi-byte NOPs (Intel SDM vol. 2, NOP), longest 9. */
    static const uint8_t nops[9][9] = {
        {0x90},
        {0x66, 0x90},
        {0x0f, 0x1f, 0x00},
        {0x0f, 0x1f, 0x40, 0x00},
        {0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
        {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
        {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
        {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    };
    while (n > 0) {
        unsigned k = n > 9 ? 9 : n;
        for (unsigned i = 0; i < k; i++) {
            put8(b, nops[k - 1][i]);
        }
        n -= k;
    }
}

/* ---------------------------------------------------------------- moves */

void x64_mov_rr(struct x64_buf *b, enum x64_width w, enum x64_reg dst, enum x64_reg src) {
    emit_op(b, 0, w_flag(w), 0x89, 1, src, rm_reg(dst));
}

void x64_mov_ri(struct x64_buf *b, enum x64_width w, enum x64_reg dst, uint64_t imm) {
    if (w == X64_W32 || imm <= UINT32_MAX) {
        emit_op_plus_reg(b, 0, 0xb8, 1, dst);
        put32(b, (uint32_t)imm);
    } else if (fits_i32((int64_t)imm)) {
        emit_op(b, 0, OP_W, 0xc7, 1, 0, rm_reg(dst));
        put32(b, (uint32_t)imm);
    } else {
        emit_op_plus_reg(b, OP_W, 0xb8, 1, dst);
        put64(b, imm);
    }
}

void x64_zero(struct x64_buf *b, enum x64_reg r) {
    emit_op(b, 0, 0, 0x31, 1, r, rm_reg(r));
}

void x64_load(struct x64_buf *b, enum x64_size size, enum x64_reg dst, struct x64_mem m) {
    switch (size) {
    case X64_S8:
        emit_op(b, 0, 0, 0x0fb6, 2, dst, rm_mem(m));
        break;
    case X64_S16:
        emit_op(b, 0, 0, 0x0fb7, 2, dst, rm_mem(m));
        break;
    case X64_S32:
        emit_op(b, 0, 0, 0x8b, 1, dst, rm_mem(m));
        break;
    case X64_S64:
        emit_op(b, 0, OP_W, 0x8b, 1, dst, rm_mem(m));
        break;
    }
}

void x64_load_s(struct x64_buf *b, enum x64_size size, enum x64_width w, enum x64_reg dst,
                struct x64_mem m) {
    switch (size) {
    case X64_S8:
        emit_op(b, 0, w_flag(w), 0x0fbe, 2, dst, rm_mem(m));
        break;
    case X64_S16:
        emit_op(b, 0, w_flag(w), 0x0fbf, 2, dst, rm_mem(m));
        break;
    case X64_S32:
        /* movsxd; to 32 bits a sign extension is a plain load */
        emit_op(b, 0, w_flag(w), w == X64_W64 ? 0x63 : 0x8b, 1, dst, rm_mem(m));
        break;
    case X64_S64:
        if (w != X64_W64) {
            b->invalid = true;
            return;
        }
        emit_op(b, 0, OP_W, 0x8b, 1, dst, rm_mem(m));
        break;
    }
}

void x64_store(struct x64_buf *b, enum x64_size size, struct x64_mem m, enum x64_reg src) {
    switch (size) {
    case X64_S8:
        emit_op(b, 0, OP_BYTE_REG, 0x88, 1, src, rm_mem(m));
        break;
    case X64_S16:
        emit_op(b, 0x66, 0, 0x89, 1, src, rm_mem(m));
        break;
    case X64_S32:
        emit_op(b, 0, 0, 0x89, 1, src, rm_mem(m));
        break;
    case X64_S64:
        emit_op(b, 0, OP_W, 0x89, 1, src, rm_mem(m));
        break;
    }
}

void x64_store_i(struct x64_buf *b, enum x64_size size, struct x64_mem m, int32_t imm) {
    switch (size) {
    case X64_S8:
        emit_op(b, 0, 0, 0xc6, 1, 0, rm_mem(m));
        put8(b, (uint8_t)imm);
        break;
    case X64_S16:
        emit_op(b, 0x66, 0, 0xc7, 1, 0, rm_mem(m));
        put8(b, (uint8_t)imm);
        put8(b, (uint8_t)(imm >> 8));
        break;
    case X64_S32:
    case X64_S64:
        emit_op(b, 0, size == X64_S64 ? OP_W : 0, 0xc7, 1, 0, rm_mem(m));
        put32(b, (uint32_t)imm);
        break;
    }
}

void x64_movzx(struct x64_buf *b, enum x64_size size, enum x64_reg dst, enum x64_reg src) {
    switch (size) {
    case X64_S8:
        emit_op(b, 0, OP_BYTE_RM, 0x0fb6, 2, dst, rm_reg(src));
        break;
    case X64_S16:
        emit_op(b, 0, 0, 0x0fb7, 2, dst, rm_reg(src));
        break;
    case X64_S32:
        x64_mov_rr(b, X64_W32, dst, src);
        break;
    case X64_S64:
        b->invalid = true;
        break;
    }
}

void x64_movsx(struct x64_buf *b, enum x64_size size, enum x64_width w, enum x64_reg dst,
               enum x64_reg src) {
    switch (size) {
    case X64_S8:
        emit_op(b, 0, w_flag(w) | OP_BYTE_RM, 0x0fbe, 2, dst, rm_reg(src));
        break;
    case X64_S16:
        emit_op(b, 0, w_flag(w), 0x0fbf, 2, dst, rm_reg(src));
        break;
    case X64_S32:
        if (w == X64_W64) {
            emit_op(b, 0, OP_W, 0x63, 1, dst, rm_reg(src));
        } else {
            x64_mov_rr(b, X64_W32, dst, src);
        }
        break;
    case X64_S64:
        b->invalid = true;
        break;
    }
}

void x64_lea(struct x64_buf *b, enum x64_width w, enum x64_reg dst, struct x64_mem m) {
    emit_op(b, 0, w_flag(w), 0x8d, 1, dst, rm_mem(m));
}

void x64_xchg(struct x64_buf *b, enum x64_width w, enum x64_reg a, enum x64_reg c) {
    /* The one-byte form 90+r exchanges with rax, except that 90 itself is
     * NOP, which does not zero-extend the way xchg eax, eax must. */
    bool both_rax = a == X64_RAX && c == X64_RAX;
    if ((a == X64_RAX || c == X64_RAX) && !(both_rax && w == X64_W32)) {
        emit_op_plus_reg(b, w_flag(w), 0x90, 1, a == X64_RAX ? c : a);
        return;
    }
    emit_op(b, 0, w_flag(w), 0x87, 1, a, rm_reg(c));
}

void x64_push(struct x64_buf *b, enum x64_reg r) {
    emit_op_plus_reg(b, 0, 0x50, 1, r);
}

void x64_pop(struct x64_buf *b, enum x64_reg r) {
    emit_op_plus_reg(b, 0, 0x58, 1, r);
}

void x64_cmov(struct x64_buf *b, enum x64_cc cc, enum x64_width w, enum x64_reg dst,
              enum x64_reg src) {
    emit_op(b, 0, w_flag(w), 0x0f40 + cc, 2, dst, rm_reg(src));
}

void x64_setcc(struct x64_buf *b, enum x64_cc cc, enum x64_reg r) {
    emit_op(b, 0, OP_BYTE_RM, 0x0f90 + cc, 2, 0, rm_reg(r));
}

/* ---------------------------------------------------------------- integer */

void x64_alu_rr(struct x64_buf *b, enum x64_alu op, enum x64_width w, enum x64_reg dst,
                enum x64_reg src) {
    emit_op(b, 0, w_flag(w), 0x01 + 8 * op, 1, src, rm_reg(dst));
}

void x64_alu_ri(struct x64_buf *b, enum x64_alu op, enum x64_width w, enum x64_reg dst,
                int32_t imm) {
    if (fits_i8(imm)) {
        emit_op(b, 0, w_flag(w), 0x83, 1, op, rm_reg(dst));
        put8(b, (uint8_t)imm);
        return;
    }
    if (dst == X64_RAX) {
        if (w == X64_W64) {
            put8(b, 0x48);
        }
        put8(b, 0x05 + 8 * op);
    } else {
        emit_op(b, 0, w_flag(w), 0x81, 1, op, rm_reg(dst));
    }
    put32(b, (uint32_t)imm);
}

void x64_alu_ri32(struct x64_buf *b, enum x64_alu op, enum x64_width w, enum x64_reg dst,
                  int32_t imm) {
    emit_op(b, 0, w_flag(w), 0x81, 1, op, rm_reg(dst));
    put32(b, (uint32_t)imm);
}

void x64_patch32(struct x64_buf *b, size_t at, uint32_t value) {
    if (at + 4 > b->len) {
        return;
    }
    for (int i = 0; i < 4; i++) {
        b->bytes[at + i] = (uint8_t)(value >> (8 * i));
    }
}

void x64_alu_rm(struct x64_buf *b, enum x64_alu op, enum x64_width w, enum x64_reg dst,
                struct x64_mem m) {
    emit_op(b, 0, w_flag(w), 0x03 + 8 * op, 1, dst, rm_mem(m));
}

void x64_alu_mi(struct x64_buf *b, enum x64_alu op, enum x64_width w, struct x64_mem m,
                int32_t imm) {
    bool short_imm = fits_i8(imm);
    emit_op(b, 0, w_flag(w), short_imm ? 0x83 : 0x81, 1, op, rm_mem(m));
    if (short_imm) {
        put8(b, (uint8_t)imm);
    } else {
        put32(b, (uint32_t)imm);
    }
}

void x64_test_rr(struct x64_buf *b, enum x64_width w, enum x64_reg a, enum x64_reg c) {
    emit_op(b, 0, w_flag(w), 0x85, 1, c, rm_reg(a));
}

void x64_test_ri(struct x64_buf *b, enum x64_width w, enum x64_reg r, int32_t imm) {
    if (r == X64_RAX) {
        if (w == X64_W64) {
            put8(b, 0x48);
        }
        put8(b, 0xa9);
    } else {
        emit_op(b, 0, w_flag(w), 0xf7, 1, 0, rm_reg(r));
    }
    put32(b, (uint32_t)imm);
}

void x64_imul_rr(struct x64_buf *b, enum x64_width w, enum x64_reg dst, enum x64_reg src) {
    emit_op(b, 0, w_flag(w), 0x0faf, 2, dst, rm_reg(src));
}

void x64_imul_rri(struct x64_buf *b, enum x64_width w, enum x64_reg dst, enum x64_reg src,
                  int32_t imm) {
    if (fits_i8(imm)) {
        emit_op(b, 0, w_flag(w), 0x6b, 1, dst, rm_reg(src));
        put8(b, (uint8_t)imm);
    } else {
        emit_op(b, 0, w_flag(w), 0x69, 1, dst, rm_reg(src));
        put32(b, (uint32_t)imm);
    }
}

void x64_imul_rm(struct x64_buf *b, enum x64_width w, enum x64_reg dst, struct x64_mem m) {
    emit_op(b, 0, w_flag(w), 0x0faf, 2, dst, rm_mem(m));
}

/* Group 3 (F7 /digit): not=2 neg=3 mul=4 div=6 idiv=7. */
static void emit_group3(struct x64_buf *b, unsigned digit, enum x64_width w, enum x64_reg r) {
    emit_op(b, 0, w_flag(w), 0xf7, 1, digit, rm_reg(r));
}

void x64_not(struct x64_buf *b, enum x64_width w, enum x64_reg r) {
    emit_group3(b, 2, w, r);
}

void x64_neg(struct x64_buf *b, enum x64_width w, enum x64_reg r) {
    emit_group3(b, 3, w, r);
}

void x64_mul(struct x64_buf *b, enum x64_width w, enum x64_reg r) {
    emit_group3(b, 4, w, r);
}

void x64_div(struct x64_buf *b, enum x64_width w, enum x64_reg r) {
    emit_group3(b, 6, w, r);
}

void x64_idiv(struct x64_buf *b, enum x64_width w, enum x64_reg r) {
    emit_group3(b, 7, w, r);
}

void x64_cdq(struct x64_buf *b, enum x64_width w) {
    if (w == X64_W64) {
        put8(b, 0x48);
    }
    put8(b, 0x99);
}

void x64_shift_cl(struct x64_buf *b, enum x64_shift op, enum x64_width w, enum x64_reg r) {
    emit_op(b, 0, w_flag(w), 0xd3, 1, op, rm_reg(r));
}

void x64_shift_ri(struct x64_buf *b, enum x64_shift op, enum x64_width w, enum x64_reg r,
                  uint8_t count) {
    if (count >= (w == X64_W64 ? 64 : 32)) {
        b->invalid = true;
        return;
    }
    if (count == 1) {
        emit_op(b, 0, w_flag(w), 0xd1, 1, op, rm_reg(r));
        return;
    }
    emit_op(b, 0, w_flag(w), 0xc1, 1, op, rm_reg(r));
    put8(b, count);
}

void x64_bitcount(struct x64_buf *b, enum x64_bitcount op, enum x64_width w, enum x64_reg dst,
                  enum x64_reg src) {
    emit_op(b, 0xf3, w_flag(w), 0x0f00 + op, 2, dst, rm_reg(src));
}

void x64_bswap(struct x64_buf *b, enum x64_width w, enum x64_reg r) {
    emit_op_plus_reg(b, w_flag(w), 0x0fc8, 2, r);
}

void x64_rep_movsb(struct x64_buf *b) {
    put8(b, 0xf3);
    put8(b, 0xa4);
}

void x64_rep_stosb(struct x64_buf *b) {
    put8(b, 0xf3);
    put8(b, 0xaa);
}

/* The opcode of a port instruction: `byte_op` for 8 bits, byte_op + 1 for
 * 16 (behind the operand-size prefix) and 32. */
static void port_op(struct x64_buf *b, enum x64_size size, uint8_t byte_op) {
    if (size == X64_S64) {
        b->invalid = true;
        return;
    }
    if (size == X64_S16) {
        put8(b, 0x66);
    }
    put8(b, size == X64_S8 ? byte_op : (uint8_t)(byte_op + 1));
}

void x64_in_dx(struct x64_buf *b, enum x64_size size) {
    port_op(b, size, 0xec);
}

void x64_in_imm(struct x64_buf *b, enum x64_size size, uint8_t port) {
    port_op(b, size, 0xe4);
    put8(b, port);
}

void x64_out_dx(struct x64_buf *b, enum x64_size size) {
    port_op(b, size, 0xee);
}

void x64_out_imm(struct x64_buf *b, enum x64_size size, uint8_t port) {
    port_op(b, size, 0xe6);
    put8(b, port);
}

/* ---------------------------------------------------------------- SSE */

/* The scalar prefix: F3 for single precision, F2 for double. */
static unsigned fp_prefix(enum x64_fp fp) {
    return fp == X64_F32 ? 0xf3 : 0xf2;
}

void x64_fmov_rr(struct x64_buf *b, enum x64_xmm dst, enum x64_xmm src) {
    emit_op(b, 0, 0, 0x0f28, 2, dst, rm_reg(src));
}

void x64_fload(struct x64_buf *b, enum x64_fp fp, enum x64_xmm dst, struct x64_mem m) {
    emit_op(b, fp_prefix(fp), 0, 0x0f10, 2, dst, rm_mem(m));
}

void x64_fstore(struct x64_buf *b, enum x64_fp fp, struct x64_mem m, enum x64_xmm src) {
    emit_op(b, fp_prefix(fp), 0, 0x0f11, 2, src, rm_mem(m));
}

void x64_movd_xr(struct x64_buf *b, enum x64_width w, enum x64_xmm dst, enum x64_reg src) {
    emit_op(b, 0x66, w_flag(w), 0x0f6e, 2, dst, rm_reg(src));
}

void x64_movd_rx(struct x64_buf *b, enum x64_width w, enum x64_reg dst, enum x64_xmm src) {
    emit_op(b, 0x66, w_flag(w), 0x0f7e, 2, src, rm_reg(dst));
}

void x64_sse_rr(struct x64_buf *b, enum x64_sse_op op, enum x64_fp fp, enum x64_xmm dst,
                enum x64_xmm src) {
    emit_op(b, fp_prefix(fp), 0, 0x0f00 + op, 2, dst, rm_reg(src));
}

void x64_sse_rm(struct x64_buf *b, enum x64_sse_op op, enum x64_fp fp, enum x64_xmm dst,
                struct x64_mem m) {
    emit_op(b, fp_prefix(fp), 0, 0x0f00 + op, 2, dst, rm_mem(m));
}

void x64_sse_logic(struct x64_buf *b, enum x64_sse_logic op, enum x64_xmm dst, enum x64_xmm src) {
    emit_op(b, 0, 0, 0x0f00 + op, 2, dst, rm_reg(src));
}

void x64_ucomis(struct x64_buf *b, enum x64_fp fp, enum x64_xmm a, enum x64_xmm c) {
    emit_op(b, fp == X64_F64 ? 0x66 : 0, 0, 0x0f2e, 2, a, rm_reg(c));
}

void x64_round(struct x64_buf *b, enum x64_fp fp, enum x64_xmm dst, enum x64_xmm src,
               enum x64_round mode) {
    emit_op(b, 0x66, 0, fp == X64_F32 ? 0x0f3a0a : 0x0f3a0b, 3, dst, rm_reg(src));
    put8(b, mode);
}

void x64_cvtsi2f(struct x64_buf *b, enum x64_fp fp, enum x64_width w, enum x64_xmm dst,
                 enum x64_reg src) {
    emit_op(b, fp_prefix(fp), w_flag(w), 0x0f2a, 2, dst, rm_reg(src));
}

void x64_cvttf2si(struct x64_buf *b, enum x64_fp fp, enum x64_width w, enum x64_reg dst,
                  enum x64_xmm src) {
    emit_op(b, fp_prefix(fp), w_flag(w), 0x0f2c, 2, dst, rm_reg(src));
}

void x64_cvtf2f(struct x64_buf *b, enum x64_fp to, enum x64_xmm dst, enum x64_xmm src) {
    /* cvtss2sd is F3 0F 5A (source single), cvtsd2ss is F2 0F 5A */
    emit_op(b, to == X64_F64 ? 0xf3 : 0xf2, 0, 0x0f5a, 2, dst, rm_reg(src));
}
