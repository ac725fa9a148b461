/*
 * Locals, globals and linear memory.
 *
 * Memory 0 is addressed as [r14 + index + offset]: the index is an i32
 * (zero-extended in its register) and the offset below 2^32, so every
 * address lies in the memory's 8 GiB reservation and an access beyond the
 * memory's size faults on an unmapped page. Each access is a trap site
 * (docs/jit.md section 6). Explicit bounds checks are not emitted yet.
 */
#include "compile/jit_internal.h"

/* Stores a popped or on-stack value into the 8-byte cell at m (a local or
 * a global); i32 values may leave the upper half of the cell stale, since
 * i32 cells are always read with 32-bit loads. */
static void store_cell(jit_t *j, const jit_val_t *v, struct x64_mem m) {
    if (jit_is_imm32(v)) {
        x64_store_i(&j->b, v->type == WASM_I64 ? X64_S64 : X64_S32, m, (int32_t)v->imm);
    } else if (v->loc == JIT_REG) {
        x64_store(&j->b, X64_S64, m, (enum x64_reg)v->reg);
    } else { /* a slot, or a 64-bit constant */
        jit_copy_to_reg(j, v, JIT_SCRATCH);
        x64_store(&j->b, X64_S64, m, JIT_SCRATCH);
    }
}

static bool local_op(jit_t *j, const wasm_instr_t *in) {
    uint32_t i = in->imm.index;
    wasm_valtype_t t = j->locals[i];
    switch (in->op) {
    case WASM_OP_LOCAL_GET: {
        enum x64_reg r = jit_alloc_gpr(j);
        x64_load(&j->b, t == WASM_I64 ? X64_S64 : X64_S32, r, jit_local_mem(j, i));
        jit_push_reg(j, t, r);
        break;
    }
    case WASM_OP_LOCAL_SET: {
        jit_val_t v = jit_pop(j);
        store_cell(j, &v, jit_local_mem(j, i));
        jit_release(j, v);
        break;
    }
    default: /* local.tee */
        store_cell(j, &j->stack[j->sp - 1], jit_local_mem(j, i));
        break;
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
    if (!jit_is_int(t)) {
        jit_fail(j, "non-integer globals not supported by the compiler yet");
        return true;
    }
    if (in->op == WASM_OP_GLOBAL_GET) {
        enum x64_reg r = jit_alloc_gpr(j);
        x64_load(&j->b, t == WASM_I64 ? X64_S64 : X64_S32, r, global_cell(j, i));
        jit_push_reg(j, t, r);
        return true;
    }
    jit_val_t v = jit_pop(j);
    if (!jit_is_imm32(&v)) {
        jit_to_gpr(j, &v); /* the scratch register will hold the cell address */
    }
    store_cell(j, &v, global_cell(j, i));
    jit_release(j, v);
    return true;
}

/*
 * The memory operand for index value *a plus `offset`. Afterwards *a is a
 * register value (to be released by the caller) unless it was a constant
 * that folded into the displacement.
 */
static struct x64_mem address(jit_t *j, jit_val_t *a, uint32_t offset) {
    if (a->loc == JIT_CONST) {
        uint64_t ea = (uint64_t)(uint32_t)a->imm + offset;
        if (ea <= INT32_MAX) {
            return x64_base(JIT_MEM, (int32_t)ea);
        }
        enum x64_reg r = jit_alloc_gpr(j);
        x64_mov_ri(&j->b, X64_W64, r, ea);
        *a = (jit_val_t){WASM_I32, JIT_REG, (uint8_t)r, 0};
        return x64_sib(JIT_MEM, r, 1, 0);
    }
    enum x64_reg r = jit_to_gpr(j, a);
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
    {WASM_OP_I64_STORE32, X64_S32, false},
};

static void load(jit_t *j, const struct access *ac, uint32_t offset) {
    wasm_valtype_t t = wasm_opinfo[ac->op].push;
    jit_val_t a = jit_pop(j);
    struct x64_mem m = address(j, &a, offset);
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
    if (!imm) {
        jit_to_gpr(j, &v); /* before the address, which may use the scratch register */
    }
    struct x64_mem m = address(j, &a, offset);
    jit_trap_site(j, WASM_TRAP_MEMORY_OOB);
    if (imm) {
        x64_store_i(&j->b, (enum x64_size)ac->size, m, (int32_t)v.imm);
    } else {
        x64_store(&j->b, (enum x64_size)ac->size, m, (enum x64_reg)v.reg);
    }
    jit_release(j, v);
    jit_release(j, a);
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
    case WASM_OP_MEMORY_SIZE: {
        enum x64_reg r = jit_alloc_gpr(j);
        x64_load(&j->b, X64_S64, r, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, mem0_size)));
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
