/*
 * References and tables. A funcref value is the address of the function's
 * wasm_func_ref_t in the instance's context (0 for null), an externref the
 * host's 64-bit value; both live in general registers like i64. Table
 * accesses check the index against the table's current size (and clamp it
 * against speculation, as call_indirect does); growth and the bulk
 * operations call the runtime's helpers.
 */
#include "compile/jit_internal.h"

/* Bounds-checks index register ri against table t and leaves the address
 * of its entry in the scratch register. Uses rm as a temporary. */
/* Loads the address of table t's wasm_table_t into register r. */
void jit_load_table(jit_t *j, uint32_t table, enum x64_reg r) {
    x64_load(&j->b, X64_S64, r, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, tables)));
    x64_load(&j->b, X64_S64, r, x64_base(r, 8 * (int32_t)table));
}

static struct x64_mem table_entry(jit_t *j, uint32_t table, enum x64_reg ri, enum x64_reg rm) {
    struct x64_buf *b = &j->b;
    jit_load_table(j, table, JIT_SCRATCH);
    x64_alu_rm(b, X64_CMP, X64_W32, ri, x64_base(JIT_SCRATCH, (int32_t)offsetof(wasm_table_t, size)));
    jit_trap_if(j, X64_CC_AE, WASM_TRAP_TABLE_OOB);
    x64_alu_rr(b, X64_SBB, X64_W64, rm, rm);
    x64_alu_rr(b, X64_AND, X64_W64, ri, rm);
    x64_load(b, X64_S64, JIT_SCRATCH, x64_base(JIT_SCRATCH, (int32_t)offsetof(wasm_table_t, entries)));
    return x64_sib(JIT_SCRATCH, ri, 8, 0);
}

static void table_get(jit_t *j, uint32_t table) {
    jit_val_t index = jit_pop(j);
    enum x64_reg ri = jit_to_gpr(j, &index);
    enum x64_reg rm = jit_alloc_gpr(j);
    x64_load(&j->b, X64_S64, rm, table_entry(j, table, ri, rm));
    jit_release(j, index);
    jit_push_reg(j, j->m->tables[table].elem, rm);
}

static void table_set(jit_t *j, uint32_t table) {
    jit_val_t v = jit_pop(j), index = jit_pop(j);
    enum x64_reg rv = jit_to_gpr(j, &v);
    enum x64_reg ri = jit_to_gpr(j, &index);
    enum x64_reg rm = jit_alloc_gpr(j);
    x64_store(&j->b, X64_S64, table_entry(j, table, ri, rm), rv);
    j->gpr_busy &= ~(1u << rm);
    jit_release(j, index);
    jit_release(j, v);
}

bool jit_table_op(jit_t *j, const wasm_instr_t *in) {
    struct x64_buf *b = &j->b;
    switch (in->op) {
    case WASM_OP_REF_NULL:
        jit_push_const(j, in->imm.reftype, 0);
        return true;
    case WASM_OP_REF_IS_NULL: {
        jit_val_t a = jit_pop(j);
        if (a.loc == JIT_CONST) {
            jit_push_const(j, WASM_I32, a.imm == 0);
            return true;
        }
        enum x64_reg r = jit_to_gpr(j, &a);
        x64_test_rr(b, X64_W64, r, r);
        jit_release(j, a);
        jit_push(j, (jit_val_t){WASM_I32, JIT_FLAGS, X64_CC_E, 0});
        return true;
    }
    case WASM_OP_REF_FUNC: {
        enum x64_reg r = jit_alloc_gpr(j);
        x64_load(b, X64_S64, r, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, func_refs)));
        x64_lea(b, X64_W64, r, x64_base(r, (int32_t)(in->imm.index * sizeof(wasm_func_ref_t))));
        jit_push_reg(j, WASM_FUNCREF, r);
        return true;
    }
    case WASM_OP_TABLE_GET:
        table_get(j, in->imm.index);
        return true;
    case WASM_OP_TABLE_SET:
        table_set(j, in->imm.index);
        return true;
    case WASM_OP_TABLE_SIZE: {
        enum x64_reg r = jit_alloc_gpr(j);
        jit_load_table(j, in->imm.index, r);
        x64_load(b, X64_S32, r, x64_base(r, (int32_t)offsetof(wasm_table_t, size)));
        jit_push_reg(j, WASM_I32, r);
        return true;
    }
    case WASM_OP_TABLE_GROW:
        jit_call_helper(j, offsetof(wasm_helpers_t, table_grow), &in->imm.index, 1, 2,
                        HELPER_VALUE, 0);
        return true;
    case WASM_OP_TABLE_FILL:
        jit_call_helper(j, offsetof(wasm_helpers_t, table_fill), &in->imm.index, 1, 3,
                        HELPER_TRAPS, WASM_TRAP_TABLE_OOB);
        return true;
    case WASM_OP_TABLE_COPY: {
        uint32_t tables[2] = {in->imm.pair.a, in->imm.pair.b};
        jit_call_helper(j, offsetof(wasm_helpers_t, table_copy), tables, 2, 3, HELPER_TRAPS,
                        WASM_TRAP_TABLE_OOB);
        return true;
    }
    case WASM_OP_TABLE_INIT: {
        uint32_t imms[2] = {in->imm.pair.b, in->imm.pair.a}; /* table, segment */
        jit_call_helper(j, offsetof(wasm_helpers_t, table_init), imms, 2, 3, HELPER_TRAPS,
                        WASM_TRAP_TABLE_OOB);
        return true;
    }
    case WASM_OP_ELEM_DROP:
        jit_call_helper(j, offsetof(wasm_helpers_t, elem_drop), &in->imm.index, 1, 0, HELPER_NONE,
                        0);
        return true;
    default:
        return false;
    }
}
