/*
 * Typing the instructions opcodes.def marks X that are not control
 * instructions: parametric (drop, select), variables, tables, calls,
 * references and the bulk memory ones that need a data segment; and the
 * immediate checks (alignment, lanes) of the instructions typed from the
 * table.
 */
#include "error.h"
#include "validate_body.h"

bool wasm_body_check_imm(wasm_body_t *c, const wasm_instr_t *in, wasm_imm_t imm) {
    uint32_t max_align;
    uint32_t lanes = 0;
    switch (imm) {
    case WASM_IMM_MEM0:
    case WASM_IMM_MEM1:
    case WASM_IMM_MEM2:
    case WASM_IMM_MEM3:
    case WASM_IMM_MEM4:
        max_align = imm - WASM_IMM_MEM0;
        break;
    case WASM_IMM_MEMLANE0:
    case WASM_IMM_MEMLANE1:
    case WASM_IMM_MEMLANE2:
    case WASM_IMM_MEMLANE3:
        max_align = imm - WASM_IMM_MEMLANE0;
        lanes = 16 >> max_align;
        break;
    case WASM_IMM_MEMIDX:
    case WASM_IMM_MEMORY_COPY:
        return need_memory(c);
    case WASM_IMM_LANE2:
    case WASM_IMM_LANE4:
    case WASM_IMM_LANE8:
    case WASM_IMM_LANE16: {
        uint32_t n = 2u << (imm - WASM_IMM_LANE2);
        return in->imm.lane < n ||
               wasm_body_fail(c, "invalid lane index %u (at most %u)", in->imm.lane, n - 1);
    }
    case WASM_IMM_SHUFFLE:
        for (int i = 0; i < 16; i++) {
            if (in->imm.bytes[i] >= 32) {
                return wasm_body_fail(c, "invalid lane index %u (at most 31)", in->imm.bytes[i]);
            }
        }
        return true;
    default:
        return true;
    }
    if (!check_memarg(c, in->imm.mem.align, max_align)) {
        return false;
    }
    if (lanes != 0 && in->imm.mem.lane >= lanes) {
        return wasm_body_fail(c, "invalid lane index %u (at most %u)", in->imm.mem.lane, lanes - 1);
    }
    return true;
}

static bool check_select(wasm_body_t *c, const wasm_instr_t *in) {
    wasm_valtype_t t1, t2;
    if (in->op == WASM_OP_SELECT_T) {
        if (in->imm.select.count != 1) {
            return wasm_body_fail(c, "invalid result arity %u", in->imm.select.count);
        }
        wasm_valtype_t t = in->imm.select.types[0];
        return pop_expect(c, WASM_I32) && pop_expect(c, t) && pop_expect(c, t) && push(c, t);
    }
    if (!pop_expect(c, WASM_I32) || !pop_any(c, &t1) || !pop_any(c, &t2)) {
        return false;
    }
    bool ref1 = t1 == WASM_FUNCREF || t1 == WASM_EXTERNREF;
    bool ref2 = t2 == WASM_FUNCREF || t2 == WASM_EXTERNREF;
    if (ref1 || ref2) {
        return wasm_body_fail(c, "type mismatch: select without a type cannot choose %s",
                              type_name(ref1 ? t1 : t2));
    }
    if (t1 != t2 && t1 != WASM_UNKNOWN && t2 != WASM_UNKNOWN) {
        return wasm_body_fail(c, "type mismatch: select between %s and %s", type_name(t2),
                              type_name(t1));
    }
    return push(c, t1 == WASM_UNKNOWN ? t2 : t1);
}

static bool check_global(wasm_body_t *c, uint16_t op, uint32_t x) {
    const wasm_module_t *m = c->v->m;
    if (x >= m->global_count) {
        return wasm_body_fail(c, "unknown global %u", x);
    }
    const wasm_globaltype_t *g = &m->globals[x].type;
    if (op == WASM_OP_GLOBAL_GET) {
        return push(c, g->type);
    }
    if (!g->is_mutable) {
        return wasm_body_fail(c, "global is immutable: global %u", x);
    }
    return pop_expect(c, g->type);
}

static bool check_table_op(wasm_body_t *c, const wasm_instr_t *in) {
    const wasm_module_t *m = c->v->m;
    uint32_t x = in->op == WASM_OP_TABLE_INIT ? in->imm.pair.b : in->imm.index;
    if (in->op == WASM_OP_TABLE_COPY) {
        x = in->imm.pair.a;
    }
    if (in->op == WASM_OP_ELEM_DROP) {
        return need_elem(c, in->imm.index);
    }
    if (!need_table(c, x)) {
        return false;
    }
    wasm_valtype_t t = m->tables[x].elem;
    switch (in->op) {
    case WASM_OP_TABLE_GET:
        return pop_expect(c, WASM_I32) && push(c, t);
    case WASM_OP_TABLE_SET:
        return pop_expect(c, t) && pop_expect(c, WASM_I32);
    case WASM_OP_TABLE_SIZE:
        return push(c, WASM_I32);
    case WASM_OP_TABLE_GROW:
        return pop_expect(c, WASM_I32) && pop_expect(c, t) && push(c, WASM_I32);
    case WASM_OP_TABLE_FILL:
        return pop_expect(c, WASM_I32) && pop_expect(c, t) && pop_expect(c, WASM_I32);
    case WASM_OP_TABLE_COPY: {
        uint32_t src = in->imm.pair.b;
        if (!need_table(c, src)) {
            return false;
        }
        if (m->tables[src].elem != t) {
            return wasm_body_fail(c, "type mismatch: copying %s into a table of %s",
                                  type_name(m->tables[src].elem), type_name(t));
        }
        break;
    }
    default: { /* table.init */
        uint32_t e = in->imm.pair.a;
        if (!need_elem(c, e)) {
            return false;
        }
        if (m->elems[e].type != t) {
            return wasm_body_fail(c,
                                  "type mismatch: initializing a table of %s from elements of %s",
                                  type_name(t), type_name(m->elems[e].type));
        }
        break;
    }
    }
    return pop_expect(c, WASM_I32) && pop_expect(c, WASM_I32) && pop_expect(c, WASM_I32);
}

static bool check_call_type(wasm_body_t *c, const wasm_functype_t *t) {
    return pop_n(c, t->types, t->param_count) &&
           push_n(c, t->types + t->param_count, t->result_count);
}

bool wasm_body_check_call(wasm_body_t *c, uint32_t x) {
    const wasm_module_t *m = c->v->m;
    if (x >= m->func_count) {
        return wasm_body_fail(c, "unknown function %u", x);
    }
    return check_call_type(c, wasm_func_type(m, x));
}

static bool check_call_indirect(wasm_body_t *c, uint32_t type, uint32_t table) {
    const wasm_module_t *m = c->v->m;
    if (!need_table(c, table)) {
        return false;
    }
    if (m->tables[table].elem != WASM_FUNCREF) {
        return wasm_body_fail(c, "type mismatch: table %u holds %s, not funcref", table,
                              type_name(m->tables[table].elem));
    }
    if (type >= m->type_count) {
        return wasm_body_fail(c, "unknown type %u", type);
    }
    return pop_expect(c, WASM_I32) && check_call_type(c, &m->types[type]);
}

static bool check_ref(wasm_body_t *c, const wasm_instr_t *in) {
    const wasm_module_t *m = c->v->m;
    switch (in->op) {
    case WASM_OP_REF_NULL:
        return push(c, in->imm.reftype);
    case WASM_OP_REF_IS_NULL: {
        wasm_valtype_t t;
        if (!pop_any(c, &t)) {
            return false;
        }
        if (t != WASM_UNKNOWN && t != WASM_FUNCREF && t != WASM_EXTERNREF) {
            return wasm_body_fail(c, "expects a reference, found %s", type_name(t));
        }
        return push(c, WASM_I32);
    }
    default: { /* ref.func */
        uint32_t x = in->imm.index;
        if (x >= m->func_count) {
            return wasm_body_fail(c, "unknown function %u", x);
        }
        if (!(c->v->refs[x / 8] & (1u << (x % 8)))) {
            return wasm_body_fail(c, "undeclared function reference %u", x);
        }
        return push(c, WASM_FUNCREF);
    }
    }
}

bool wasm_body_check_other(wasm_body_t *c, const wasm_instr_t *in) {
    switch (in->op) {
    case WASM_OP_DROP: {
        wasm_valtype_t t;
        return pop_any(c, &t);
    }
    case WASM_OP_SELECT:
    case WASM_OP_SELECT_T:
        return check_select(c, in);
    case WASM_OP_GLOBAL_GET:
    case WASM_OP_GLOBAL_SET:
        return check_global(c, in->op, in->imm.index);
    case WASM_OP_TABLE_GET:
    case WASM_OP_TABLE_SET:
    case WASM_OP_TABLE_SIZE:
    case WASM_OP_TABLE_GROW:
    case WASM_OP_TABLE_FILL:
    case WASM_OP_TABLE_COPY:
    case WASM_OP_TABLE_INIT:
    case WASM_OP_ELEM_DROP:
        return check_table_op(c, in);
    case WASM_OP_CALL_INDIRECT:
        return check_call_indirect(c, in->imm.pair.a, in->imm.pair.b);
    case WASM_OP_REF_NULL:
    case WASM_OP_REF_IS_NULL:
    case WASM_OP_REF_FUNC:
        return check_ref(c, in);
    case WASM_OP_MEMORY_INIT:
        return need_memory(c) && need_data(c, in->imm.pair.a) && pop_expect(c, WASM_I32) &&
               pop_expect(c, WASM_I32) && pop_expect(c, WASM_I32);
    default: /* data.drop */
        return need_data(c, in->imm.index);
    }
}
