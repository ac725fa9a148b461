/*
 * Locals, globals and linear memory (bulk operations and growth call the
 * runtime's helpers).
 *
 * Memory 0 is addressed as [r14 + index + offset]: the index is an i32
 * (zero-extended in its register) and the offset below 2^32, so every
 * address lies in the memory's 8 GiB reservation and an access beyond the
 * memory's size faults on an unmapped page. Each access is a trap site
 * (docs/jit.md section 6). With options.bounds_checks each access is also
 * checked explicitly (bounds_check below).
 */
#include "compile/jit_internal.h"

/* Loads a local or global cell into a new register and pushes it. */
static void load_cell(jit_t *j, wasm_valtype_t t, struct x64_mem m) {
    if (jit_is_int(t)) {
        enum x64_reg r = jit_alloc_gpr(j);
        x64_load(&j->b, jit_size(t), r, m);
        jit_push_reg(j, t, r);
    } else {
        enum x64_xmm x = jit_alloc_xmm(j);
        x64_fload(&j->b, jit_fp(t), x, m);
        jit_push_reg(j, t, x);
    }
}

/* Stores a popped or on-stack value into the 8-byte cell at m (a local or
 * a global); 32-bit values may leave the upper half of the cell stale,
 * since their cells are always read with 32-bit loads. */
static void store_cell(jit_t *j, const jit_val_t *v, struct x64_mem m) {
    if (jit_is_imm32(v)) {
        x64_store_i(&j->b, jit_size(v->type), m, (int32_t)v->imm);
    } else if (jit_in_reg(v) && jit_is_int(v->type)) {
        x64_store(&j->b, X64_S64, m, (enum x64_reg)v->reg);
    } else if (jit_in_reg(v)) {
        x64_fstore(&j->b, jit_fp(v->type), m, (enum x64_xmm)v->reg);
    } else { /* a slot, or a 64-bit constant */
        jit_copy_to_reg(j, v, JIT_SCRATCH);
        x64_store(&j->b, X64_S64, m, JIT_SCRATCH);
    }
}

/* Moves a value into a local's home register. */
static void set_home(jit_t *j, const jit_val_t *v, uint8_t home) {
    if (!jit_is_int(v->type)) {
        jit_copy_to_xmm(j, v, (enum x64_xmm)home);
    } else if (v->loc == JIT_REG) {
        x64_mov_rr(&j->b, X64_W64, (enum x64_reg)home, (enum x64_reg)v->reg);
    } else {
        jit_copy_to_reg(j, v, (enum x64_reg)home);
    }
}

static bool local_op(jit_t *j, const wasm_instr_t *in) {
    uint32_t i = in->imm.index;
    wasm_valtype_t t = j->locals[i];
    uint8_t home = j->local_home[i];
    switch (in->op) {
    case WASM_OP_LOCAL_GET:
        if (home != JIT_NO_HOME) { /* read in place until the local changes */
            jit_push(j, (jit_val_t){t, JIT_LOCAL, home, i});
        } else {
            load_cell(j, t, jit_local_mem(j, i));
        }
        break;
    case WASM_OP_LOCAL_SET: {
        jit_val_t v = jit_pop(j);
        if (home == JIT_NO_HOME) {
            store_cell(j, &v, jit_local_mem(j, i));
        } else if (!(v.loc == JIT_LOCAL && v.imm == i)) {
            jit_materialize_local(j, i);
            set_home(j, &v, home);
        }
        jit_release(j, v);
        break;
    }
    default: { /* local.tee */
        jit_val_t *top = &j->stack[j->sp - 1];
        if (home != JIT_NO_HOME && !(top->loc == JIT_LOCAL && top->imm == i)) {
            jit_materialize_local(j, i); /* may spill the top: re-read it */
            top = &j->stack[j->sp - 1];
            set_home(j, top, home); /* the top stays as it is: a register value
                                       is the cheaper operand to write to */
        } else if (home == JIT_NO_HOME) {
            store_cell(j, top, jit_local_mem(j, i));
        }
        break;
    }
    }
    return true;
}

/* Loads the address of global i's cell into the scratch register. */
static struct x64_mem global_cell(jit_t *j, uint32_t i) {
    x64_load(&j->b, X64_S64, JIT_SCRATCH, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, globals)));
    x64_load(&j->b, X64_S64, JIT_SCRATCH, x64_base(JIT_SCRATCH, 8 * (int32_t)i));
    return x64_base(JIT_SCRATCH, 0);
}

static bool global_op(jit_t *j, const wasm_instr_t *in) {
    uint32_t i = in->imm.index;
    wasm_valtype_t t = j->m->globals[i].type.type;
    if (in->op == WASM_OP_GLOBAL_GET) {
        load_cell(j, t, global_cell(j, i));
        return true;
    }
    jit_val_t v = jit_pop(j);
    if (!jit_is_imm32(&v) && jit_is_int(t)) {
        jit_to_gpr(j, &v); /* the scratch register will hold the cell address */
    } else if (!jit_is_imm32(&v)) {
        jit_to_xmm(j, &v);
    }
    store_cell(j, &v, global_cell(j, i));
    jit_release(j, v);
    return true;
}

/*
 * Explicit bounds check (options.bounds_checks) of an access of `size`
 * bytes at index register r plus `offset`: traps unless
 * r + offset + size <= memory size, computed in 64 bits so nothing wraps,
 * then clears r on a mispredicted path (mask from the compare's borrow)
 * so that speculation cannot reach past the memory either.
 */
static void bounds_check(jit_t *j, enum x64_reg r, uint32_t offset, unsigned size) {
    struct x64_buf *b = &j->b;
    uint64_t end = (uint64_t)offset + size;
    enum x64_reg rm = jit_alloc_gpr(j);
    if (end <= INT32_MAX) {
        x64_lea(b, X64_W64, JIT_SCRATCH, x64_base(r, (int32_t)end));
    } else {
        x64_mov_ri(b, X64_W64, JIT_SCRATCH, end);
        x64_alu_rr(b, X64_ADD, X64_W64, JIT_SCRATCH, r);
    }
    x64_load(b, X64_S64, rm, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, mem0)));
    x64_load(b, X64_S64, rm, x64_base(rm, (int32_t)offsetof(wasm_memory_t, size)));
    x64_alu_rr(b, X64_CMP, X64_W64, rm, JIT_SCRATCH); /* CF: size < end */
    jit_trap_if(j, X64_CC_B, WASM_TRAP_MEMORY_OOB);
    x64_alu_rr(b, X64_SBB, X64_W64, rm, rm); /* 0 here; all ones if mispredicted */
    x64_not(b, X64_W64, rm);
    x64_alu_rr(b, X64_AND, X64_W64, r, rm);
    j->gpr_busy &= ~(1u << rm);
}

/*
 * The memory operand for index value *a plus `offset`, for an access of
 * `size` bytes. Afterwards *a is a register value (to be released by the
 * caller) unless it was a constant that folded into the displacement.
 */
static struct x64_mem address(jit_t *j, jit_val_t *a, uint32_t offset, unsigned size) {
    if (a->loc == JIT_CONST && !j->options.bounds_checks) {
        uint64_t ea = (uint64_t)(uint32_t)a->imm + offset;
        if (ea <= INT32_MAX) {
            return x64_base(JIT_MEM, (int32_t)ea);
        }
        enum x64_reg r = jit_alloc_gpr(j);
        x64_mov_ri(&j->b, X64_W64, r, ea);
        *a = (jit_val_t){WASM_I32, JIT_REG, (uint8_t)r, 0};
        return x64_sib(JIT_MEM, r, 1, 0);
    }
    /* in place unless the bounds check, which masks the index, runs */
    enum x64_reg r = a->loc == JIT_LOCAL && !j->options.bounds_checks ? (enum x64_reg)a->reg
                                                                      : jit_to_gpr(j, a);
    if (j->options.bounds_checks) {
        bounds_check(j, r, offset, size);
    }
    if (offset <= INT32_MAX) {
        return x64_sib(JIT_MEM, r, 1, (int32_t)offset);
    }
    x64_mov_ri(&j->b, X64_W64, JIT_SCRATCH, offset);
    x64_alu_rr(&j->b, X64_ADD, X64_W64, JIT_SCRATCH, r);
    return x64_sib(JIT_MEM, JIT_SCRATCH, 1, 0);
}

struct access {
    uint16_t op;
    uint8_t size;   /* enum x64_size */
    bool is_signed; /* loads: sign-extend to the result type */
};

static const struct access accesses[] = {
    {WASM_OP_I32_LOAD, X64_S32, false},     {WASM_OP_I64_LOAD, X64_S64, false},
    {WASM_OP_I32_LOAD8_S, X64_S8, true},    {WASM_OP_I32_LOAD8_U, X64_S8, false},
    {WASM_OP_I32_LOAD16_S, X64_S16, true},  {WASM_OP_I32_LOAD16_U, X64_S16, false},
    {WASM_OP_I64_LOAD8_S, X64_S8, true},    {WASM_OP_I64_LOAD8_U, X64_S8, false},
    {WASM_OP_I64_LOAD16_S, X64_S16, true},  {WASM_OP_I64_LOAD16_U, X64_S16, false},
    {WASM_OP_I64_LOAD32_S, X64_S32, true},  {WASM_OP_I64_LOAD32_U, X64_S32, false},
    {WASM_OP_I32_STORE, X64_S32, false},    {WASM_OP_I64_STORE, X64_S64, false},
    {WASM_OP_I32_STORE8, X64_S8, false},    {WASM_OP_I32_STORE16, X64_S16, false},
    {WASM_OP_I64_STORE8, X64_S8, false},    {WASM_OP_I64_STORE16, X64_S16, false},
    {WASM_OP_I64_STORE32, X64_S32, false},  {WASM_OP_F32_LOAD, X64_S32, false},
    {WASM_OP_F64_LOAD, X64_S64, false},     {WASM_OP_F32_STORE, X64_S32, false},
    {WASM_OP_F64_STORE, X64_S64, false},
};

static void load(jit_t *j, const struct access *ac, uint32_t offset) {
    wasm_valtype_t t = wasm_opinfo[ac->op].push;
    jit_val_t a = jit_pop(j);
    struct x64_mem m = address(j, &a, offset, ac->size);
    if (!jit_is_int(t)) {
        enum x64_xmm x = jit_alloc_xmm(j);
        jit_trap_site(j, WASM_TRAP_MEMORY_OOB);
        x64_fload(&j->b, jit_fp(t), x, m);
        jit_release(j, a);
        jit_push_reg(j, t, x);
        return;
    }
    enum x64_reg r = a.loc == JIT_REG ? (enum x64_reg)a.reg : jit_alloc_gpr(j);
    jit_trap_site(j, WASM_TRAP_MEMORY_OOB);
    if (ac->is_signed) {
        x64_load_s(&j->b, (enum x64_size)ac->size, jit_width(t), r, m);
    } else {
        x64_load(&j->b, (enum x64_size)ac->size, r, m);
    }
    jit_push_reg(j, t, r);
}

static void store(jit_t *j, const struct access *ac, uint32_t offset) {
    jit_val_t v = jit_pop(j), a = jit_pop(j);
    bool imm = v.loc == JIT_CONST && (ac->size < X64_S64 || jit_is_imm32(&v));
    bool is_int = jit_is_int(v.type);
    if (!imm && is_int && v.loc != JIT_LOCAL) {
        jit_to_gpr(j, &v); /* before the address, which may use the scratch register */
    } else if (!imm && v.loc != JIT_LOCAL) {
        jit_to_xmm(j, &v);
    }
    struct x64_mem m = address(j, &a, offset, ac->size);
    jit_trap_site(j, WASM_TRAP_MEMORY_OOB);
    if (imm) {
        x64_store_i(&j->b, (enum x64_size)ac->size, m, (int32_t)v.imm);
    } else if (is_int) {
        x64_store(&j->b, (enum x64_size)ac->size, m, (enum x64_reg)v.reg);
    } else {
        x64_fstore(&j->b, jit_fp(v.type), m, (enum x64_xmm)v.reg);
    }
    jit_release(j, v);
    jit_release(j, a);
}

void jit_call_helper(jit_t *j, size_t fn, const uint32_t *imms, uint32_t nimm, uint32_t nargs,
                     enum helper_result result, uint8_t kind) {
    static const uint8_t regs[] = {X64_RSI, X64_RDX, X64_RCX, X64_R8, X64_R9};
    struct x64_buf *b = &j->b;
    uint32_t k = 0;
    if (nimm + nargs > sizeof regs) {
        jit_fail(j, "internal: too many helper arguments");
        return;
    }
    jit_spill_all(j); /* as for any call; r14 and r15 survive (callee-saved in C) */
    jit_save_c_homes(j, true);
    for (uint32_t i = 0; i < nimm; i++) {
        x64_mov_ri(b, X64_W32, (enum x64_reg)regs[k++], imms[i]);
    }
    for (uint32_t i = 0; i < nargs; i++) {
        jit_copy_to_reg(j, &j->stack[j->sp - nargs + i], (enum x64_reg)regs[k++]);
    }
    j->sp -= nargs;
    x64_mov_rr(b, X64_W64, X64_RDI, JIT_CTX);
    x64_load(b, X64_S64, JIT_SCRATCH, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, helpers)));
    x64_call_m(b, x64_base(JIT_SCRATCH, (int32_t)fn));
    jit_save_c_homes(j, false);
    if (result == HELPER_VALUE) {
        x64_mov_rr(b, X64_W32, X64_RAX, X64_RAX); /* a C uint32_t: upper half undefined */
        jit_push_reg(j, WASM_I32, X64_RAX);
    } else if (result == HELPER_TRAPS) {
        x64_test_rr(b, X64_W32, X64_RAX, X64_RAX);
        jit_trap_if(j, X64_CC_NE, kind);
    }
}

bool jit_var_op(jit_t *j, const wasm_instr_t *in) {
    switch (in->op) {
    case WASM_OP_LOCAL_GET:
    case WASM_OP_LOCAL_SET:
    case WASM_OP_LOCAL_TEE:
        return local_op(j, in);
    case WASM_OP_GLOBAL_GET:
    case WASM_OP_GLOBAL_SET:
        return global_op(j, in);
    case WASM_OP_MEMORY_GROW:
        jit_call_helper(j, offsetof(wasm_helpers_t, memory_grow), NULL, 0, 1, HELPER_VALUE, 0);
        return true;
    case WASM_OP_MEMORY_FILL:
        jit_call_helper(j, offsetof(wasm_helpers_t, memory_fill), NULL, 0, 3, HELPER_TRAPS,
                        WASM_TRAP_MEMORY_OOB);
        return true;
    case WASM_OP_MEMORY_COPY:
        jit_call_helper(j, offsetof(wasm_helpers_t, memory_copy), NULL, 0, 3, HELPER_TRAPS,
                        WASM_TRAP_MEMORY_OOB);
        return true;
    case WASM_OP_MEMORY_INIT:
        jit_call_helper(j, offsetof(wasm_helpers_t, memory_init), &in->imm.pair.a, 1, 3,
                        HELPER_TRAPS, WASM_TRAP_MEMORY_OOB);
        return true;
    case WASM_OP_DATA_DROP:
        jit_call_helper(j, offsetof(wasm_helpers_t, data_drop), &in->imm.index, 1, 0,
                        HELPER_NONE, 0);
        return true;
    case WASM_OP_MEMORY_SIZE: {
        enum x64_reg r = jit_alloc_gpr(j);
        x64_load(&j->b, X64_S64, r, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, mem0)));
        x64_load(&j->b, X64_S64, r, x64_base(r, (int32_t)offsetof(wasm_memory_t, size)));
        x64_shift_ri(&j->b, X64_SHR, X64_W64, r, 16);
        jit_push_reg(j, WASM_I32, r);
        return true;
    }
    default:
        break;
    }
    for (size_t i = 0; i < sizeof accesses / sizeof accesses[0]; i++) {
        if (accesses[i].op == in->op) {
            if (wasm_opinfo[in->op].push) {
                load(j, &accesses[i], in->imm.mem.offset);
            } else {
                store(j, &accesses[i], in->imm.mem.offset);
            }
            return true;
        }
    }
    return false;
}
