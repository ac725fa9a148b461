/*
 * The virtual operand stack and register allocation over it (the scheme is
 * in jit_internal.h). Allocation is greedy: take a free register; when none
 * is left, spill the deepest value held in a register to its canonical
 * slot, since the deepest value is the one used last.
 */
#include "compile/jit_internal.h"

#include "platform.h"

/* Allocatable general registers, in order of preference: the ones without
 * a special role in div/shift/call sequences first. */
static const uint8_t gpr_order[] = {
    X64_RBX, X64_R12, X64_R13, X64_RSI, X64_RDI, X64_R8, X64_R9, X64_R10, X64_RAX, X64_RCX, X64_RDX,
};

void jit_push(jit_t *j, jit_val_t v) {
    if (j->sp == j->stack_cap) {
        uint32_t cap = j->stack_cap ? 2 * j->stack_cap : 64;
        jit_val_t *s = wasm_realloc(j->stack, cap * sizeof *s);
        if (s == NULL) {
            jit_fail(j, "out of memory");
            return;
        }
        j->stack = s;
        j->stack_cap = cap;
    }
    j->stack[j->sp++] = v;
    if (j->sp > j->max_sp) {
        j->max_sp = j->sp;
    }
}

void jit_push_reg(jit_t *j, wasm_valtype_t type, unsigned r) {
    if (jit_is_int(type)) {
        j->gpr_busy |= 1u << r;
    } else {
        j->xmm_busy |= 1u << r;
    }
    jit_push(j, (jit_val_t){type, JIT_REG, (uint8_t)r, 0});
}

void jit_push_const(jit_t *j, wasm_valtype_t type, uint64_t bits) {
    jit_push(j, (jit_val_t){type, JIT_CONST, 0, bits});
}

jit_val_t jit_pop(jit_t *j) {
    if (j->sp == 0) { /* only after a failure: the validator rules it out */
        jit_fail(j, "operand stack underflow");
        return (jit_val_t){WASM_I32, JIT_CONST, 0, 0};
    }
    return j->stack[--j->sp];
}

void jit_release(jit_t *j, jit_val_t v) {
    if (v.loc != JIT_REG) {
        return;
    }
    if (jit_is_int(v.type)) {
        j->gpr_busy &= ~(1u << v.reg);
    } else {
        j->xmm_busy &= ~(1u << v.reg);
    }
}

jit_val_t jit_slot_val(wasm_valtype_t type, uint32_t depth) {
    return (jit_val_t){type, JIT_SLOT, 0, depth};
}

bool jit_is_imm32(const jit_val_t *v) {
    if (v->loc != JIT_CONST) {
        return false;
    }
    if (!jit_is_wide(v->type)) {
        return true; /* any 32-bit pattern is an imm32 of a 32-bit instruction */
    }
    int64_t s = (int64_t)v->imm;
    return s >= INT32_MIN && s <= INT32_MAX;
}

/* Stores register value v to the slot of depth d. */
static void store_reg(jit_t *j, enum x64_reg r, uint32_t depth) {
    x64_store(&j->b, X64_S64, jit_slot_mem(j, depth), r);
}

void jit_copy_to_reg(jit_t *j, const jit_val_t *v, enum x64_reg r) {
    enum x64_width w = jit_width(v->type);
    switch (v->loc) {
    case JIT_REG:
    case JIT_LOCAL:
        if (!jit_is_int(v->type)) {
            x64_movd_rx(&j->b, w, r, (enum x64_xmm)v->reg);
        } else if (v->reg != r) {
            x64_mov_rr(&j->b, X64_W64, r, (enum x64_reg)v->reg);
        }
        break;
    case JIT_CONST:
        x64_mov_ri(&j->b, w, r, v->imm);
        break;
    case JIT_SLOT:
        x64_load(&j->b, jit_size(v->type), r, jit_slot_mem(j, (uint32_t)v->imm));
        break;
    case JIT_FLAGS:
        x64_setcc(&j->b, (enum x64_cc)v->reg, r);
        x64_movzx(&j->b, X64_S8, r, r);
        break;
    }
}

void jit_copy_to_slot(jit_t *j, const jit_val_t *v, uint32_t depth) {
    struct x64_mem dst = jit_slot_mem(j, depth);
    switch (v->loc) {
    case JIT_REG:
    case JIT_LOCAL:
        if (jit_is_int(v->type)) {
            store_reg(j, (enum x64_reg)v->reg, depth);
        } else {
            x64_fstore(&j->b, jit_fp(v->type), dst, (enum x64_xmm)v->reg);
        }
        break;
    case JIT_CONST:
        if (jit_is_imm32(v)) {
            x64_store_i(&j->b, jit_size(v->type), dst, (int32_t)v->imm);
        } else {
            x64_mov_ri(&j->b, X64_W64, JIT_SCRATCH, v->imm);
            x64_store(&j->b, X64_S64, dst, JIT_SCRATCH);
        }
        break;
    case JIT_SLOT:
        if (v->imm != depth) {
            x64_load(&j->b, X64_S64, JIT_SCRATCH, jit_slot_mem(j, (uint32_t)v->imm));
            store_reg(j, JIT_SCRATCH, depth);
        }
        break;
    case JIT_FLAGS:
        jit_copy_to_reg(j, v, JIT_SCRATCH);
        store_reg(j, JIT_SCRATCH, depth);
        break;
    }
}

/* Moves the stack entry at depth d to its own slot. */
static void spill_entry(jit_t *j, uint32_t d) {
    jit_val_t *v = &j->stack[d];
    if (v->loc == JIT_REG || v->loc == JIT_FLAGS || v->loc == JIT_LOCAL) {
        jit_copy_to_slot(j, v, d);
        jit_release(j, *v);
        *v = jit_slot_val(v->type, d);
    }
}

void jit_spill_all(jit_t *j) {
    for (uint32_t d = 0; d < j->sp; d++) {
        spill_entry(j, d);
    }
}

enum x64_reg jit_alloc_gpr(jit_t *j) {
    for (size_t i = 0; i < sizeof gpr_order; i++) {
        if (!(j->gpr_busy & (1u << gpr_order[i]))) {
            j->gpr_busy |= 1u << gpr_order[i];
            return (enum x64_reg)gpr_order[i];
        }
    }
    for (uint32_t d = 0; d < j->sp; d++) {
        if (j->stack[d].loc == JIT_REG && jit_is_int(j->stack[d].type)) {
            enum x64_reg r = (enum x64_reg)j->stack[d].reg;
            spill_entry(j, d);
            j->gpr_busy |= 1u << r;
            return r;
        }
    }
    jit_fail(j, "internal: no register to allocate");
    return X64_RAX;
}

void jit_claim_gpr(jit_t *j, enum x64_reg r) {
    if (!(j->gpr_busy & (1u << r))) {
        j->gpr_busy |= 1u << r;
        return;
    }
    for (uint32_t d = 0; d < j->sp; d++) {
        jit_val_t *v = &j->stack[d];
        if (v->loc == JIT_REG && jit_is_int(v->type) && v->reg == r) {
            enum x64_reg to = jit_alloc_gpr(j); /* r stays busy meanwhile */
            x64_mov_rr(&j->b, X64_W64, to, r);
            v->reg = (uint8_t)to;
            return; /* r now belongs to the caller */
        }
    }
    jit_fail(j, "internal: claimed register held outside the stack");
}

enum x64_reg jit_to_gpr(jit_t *j, jit_val_t *v) {
    if (v->loc == JIT_REG) {
        return (enum x64_reg)v->reg;
    }
    enum x64_reg r = jit_alloc_gpr(j);
    jit_copy_to_reg(j, v, r);
    v->loc = JIT_REG;
    v->reg = (uint8_t)r;
    return r;
}

/* xmm15 is the float scratch register; xmm0..xmm14 are allocatable. */
#define XMM_ALLOCATABLE 15

enum x64_xmm jit_alloc_xmm(jit_t *j) {
    for (unsigned x = 0; x < XMM_ALLOCATABLE; x++) {
        if (!(j->xmm_busy & (1u << x))) {
            j->xmm_busy |= 1u << x;
            return (enum x64_xmm)x;
        }
    }
    for (uint32_t d = 0; d < j->sp; d++) {
        if (j->stack[d].loc == JIT_REG && !jit_is_int(j->stack[d].type)) {
            enum x64_xmm x = (enum x64_xmm)j->stack[d].reg;
            spill_entry(j, d);
            j->xmm_busy |= 1u << x;
            return x;
        }
    }
    jit_fail(j, "internal: no xmm register to allocate");
    return X64_XMM0;
}

void jit_copy_to_xmm(jit_t *j, const jit_val_t *v, enum x64_xmm x) {
    switch (v->loc) {
    case JIT_REG:
    case JIT_LOCAL:
        if (v->reg != x) {
            x64_fmov_rr(&j->b, x, (enum x64_xmm)v->reg);
        }
        break;
    case JIT_CONST:
        jit_fconst(j, x, v->imm);
        break;
    case JIT_SLOT:
        x64_fload(&j->b, jit_fp(v->type), x, jit_slot_mem(j, (uint32_t)v->imm));
        break;
    default:
        jit_fail(j, "internal: flags as a float");
        break;
    }
}

enum x64_xmm jit_to_xmm(jit_t *j, jit_val_t *v) {
    if (v->loc == JIT_REG) {
        return (enum x64_xmm)v->reg;
    }
    enum x64_xmm x = jit_alloc_xmm(j);
    jit_copy_to_xmm(j, v, x);
    v->loc = JIT_REG;
    v->reg = (uint8_t)x;
    return x;
}

void jit_materialize_local(jit_t *j, uint32_t i) {
    for (uint32_t d = 0; d < j->sp; d++) {
        jit_val_t *v = &j->stack[d];
        if (v->loc != JIT_LOCAL || v->imm != i) {
            continue;
        }
        /* allocation spills only JIT_REG entries, so v stays as it is */
        unsigned r = jit_is_int(v->type) ? (unsigned)jit_alloc_gpr(j) : (unsigned)jit_alloc_xmm(j);
        if (jit_is_int(v->type)) {
            x64_mov_rr(&j->b, X64_W64, (enum x64_reg)r, (enum x64_reg)v->reg);
        } else {
            x64_fmov_rr(&j->b, (enum x64_xmm)r, (enum x64_xmm)v->reg);
        }
        v->loc = JIT_REG;
        v->reg = (uint8_t)r;
    }
}

void jit_flush_flags(jit_t *j) {
    if (j->sp == 0 || j->stack[j->sp - 1].loc != JIT_FLAGS) {
        return;
    }
    enum x64_reg r = jit_alloc_gpr(j); /* may spill: plain stores keep the flags */
    jit_val_t *v = &j->stack[j->sp - 1];
    jit_copy_to_reg(j, v, r);
    v->loc = JIT_REG;
    v->reg = (uint8_t)r;
}
