/*
 * Function bodies: the spec's validation algorithm (appendix, "Validation
 * Algorithm") over an operand stack of value types and a stack of control
 * frames, in one pass that also reads each instruction (instr.h). The
 * stacks belong to the validator and are reused from one function to the
 * next, so checking a body allocates nothing once they are big enough.
 *
 * After a typing error the body is read again for form alone, because a
 * malformation later in the body makes the module malformed rather than
 * invalid.
 *
 * Instructions marked S(...) in opcodes.def are typed from the table; only
 * the X ones have a case here.
 */
#include "error.h"
#include "instr.h"
#include "limits.h"
#include "platform.h"
#include "validate.h"

typedef struct func_ctx {
    wasm_validator_t *v;
    uint32_t func_index;
    const uint8_t *at; /* the instruction being checked */
    uint16_t op;       /* its opcode, WASM_OP_COUNT when the failure is not about one */
    uint32_t local_total;
    bool malformed; /* the failure is one of form, not typing */
} func_ctx_t;

static const wasm_valtype_t single_types[256] = {
    [WASM_I32] = WASM_I32,       [WASM_I64] = WASM_I64,   [WASM_F32] = WASM_F32,
    [WASM_F64] = WASM_F64,       [WASM_V128] = WASM_V128, [WASM_FUNCREF] = WASM_FUNCREF,
    [WASM_EXTERNREF] = WASM_EXTERNREF,
};

static const char *type_name(wasm_valtype_t t) {
    return t == WASM_UNKNOWN ? "any" : wasm_valtype_name(t);
}

/*
 * Fails with "func N at 0x..: <op>: <message>", or "... <op> expects ..."
 * when the message says what the instruction expects. (The decoder adds the
 * function's name once the name section, which follows the code, is read.)
 */
__attribute__((format(printf, 2, 3))) static bool fail(func_ctx_t *c, const char *fmt, ...) {
    const wasm_module_t *m = c->v->m;
    char detail[384] = "";
    va_list ap;
    va_start(ap, fmt);
    wasm_vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    size_t offset = (size_t)(c->at - m->bytes);
    const char *op = c->op < WASM_OP_COUNT ? wasm_opinfo[c->op].name : NULL;
    const char *join = op == NULL ? "" : memcmp(detail, "expects", 7) == 0 ? " " : ": ";
    wasm_error_set(c->v->err, offset, "func %u at 0x%zx: %s%s%s", c->func_index, offset,
                   op ? op : "", join, detail);
    return false;
}

static bool grow(func_ctx_t *c, void **array, uint32_t *cap, uint32_t need, size_t size) {
    uint64_t want = (uint64_t)*cap * 2;
    if (want < need) {
        want = need;
    }
    if (want < 64) {
        want = 64;
    }
    void *p = wasm_realloc(*array, (size_t)want * size);
    if (p == NULL) {
        return fail(c, "out of memory");
    }
    *array = p;
    *cap = (uint32_t)want;
    return true;
}

static inline bool push(func_ctx_t *c, wasm_valtype_t t) {
    wasm_validator_t *v = c->v;
    if (v->vals_len == v->vals_cap &&
        !grow(c, (void **)&v->vals, &v->vals_cap, v->vals_len + 1, sizeof *v->vals)) {
        return false;
    }
    v->vals[v->vals_len++] = t;
    return true;
}

static bool push_n(func_ctx_t *c, const wasm_valtype_t *types, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        if (!push(c, types[i])) {
            return false;
        }
    }
    return true;
}

/* Pops a value of any type into *out (WASM_UNKNOWN below an unreachable frame's height). */
static inline bool pop_any(func_ctx_t *c, wasm_valtype_t *out) {
    wasm_validator_t *v = c->v;
    wasm_ctl_t *top = &v->ctls[v->ctls_len - 1];
    if (v->vals_len == top->height) {
        if (top->unreachable) {
            *out = WASM_UNKNOWN;
            return true;
        }
        return fail(c, "expects a value, found nothing");
    }
    *out = v->vals[--v->vals_len];
    return true;
}

static inline bool pop_expect(func_ctx_t *c, wasm_valtype_t want) {
    wasm_valtype_t got;
    wasm_validator_t *v = c->v;
    wasm_ctl_t *top = &v->ctls[v->ctls_len - 1];
    if (v->vals_len == top->height) {
        if (top->unreachable) {
            return true;
        }
        return fail(c, "expects %s, found nothing", type_name(want));
    }
    got = v->vals[--v->vals_len];
    if (got != want && got != WASM_UNKNOWN && want != WASM_UNKNOWN) {
        return fail(c, "expects %s, found %s", type_name(want), type_name(got));
    }
    return true;
}

static bool pop_n(func_ctx_t *c, const wasm_valtype_t *types, uint32_t n) {
    for (uint32_t i = n; i-- > 0;) {
        if (!pop_expect(c, types[i])) {
            return false;
        }
    }
    return true;
}

static bool push_ctl(func_ctx_t *c, uint16_t op, uint32_t param_count, const wasm_valtype_t *params,
                     uint32_t result_count, const wasm_valtype_t *results) {
    wasm_validator_t *v = c->v;
    if (v->ctls_len > WASM_MAX_NESTING) {
        return fail(c, "nesting deeper than %u", WASM_MAX_NESTING);
    }
    if (v->ctls_len == v->ctls_cap &&
        !grow(c, (void **)&v->ctls, &v->ctls_cap, v->ctls_len + 1, sizeof *v->ctls)) {
        return false;
    }
    wasm_ctl_t *f = &v->ctls[v->ctls_len++];
    f->op = op;
    f->unreachable = false;
    f->height = v->vals_len;
    f->param_count = param_count;
    f->params = params;
    f->result_count = result_count;
    f->results = results;
    return push_n(c, params, param_count);
}

/* Checks the frame's results are exactly what is left above its height, and pops it. */
static bool pop_ctl(func_ctx_t *c, wasm_ctl_t *out) {
    wasm_validator_t *v = c->v;
    wasm_ctl_t *f = &v->ctls[v->ctls_len - 1];
    if (!pop_n(c, f->results, f->result_count)) {
        return false;
    }
    if (v->vals_len != f->height) {
        return fail(c, "type mismatch: %u value(s) left on the stack at the end of the block",
                    v->vals_len - f->height);
    }
    *out = *f;
    v->ctls_len--;
    return true;
}

static void set_unreachable(wasm_validator_t *v) {
    wasm_ctl_t *f = &v->ctls[v->ctls_len - 1];
    v->vals_len = f->height;
    f->unreachable = true;
}

static bool label(func_ctx_t *c, uint32_t depth, const wasm_ctl_t **out) {
    if (depth >= c->v->ctls_len) {
        return fail(c, "unknown label %u", depth);
    }
    *out = &c->v->ctls[c->v->ctls_len - 1 - depth];
    return true;
}

static inline uint32_t label_count(const wasm_ctl_t *f) {
    return f->op == WASM_OP_LOOP ? f->param_count : f->result_count;
}

static inline const wasm_valtype_t *label_types(const wasm_ctl_t *f) {
    return f->op == WASM_OP_LOOP ? f->params : f->results;
}

/*
 * br_table: every target's label types must fit what is on the stack (each
 * checked in place, as the spec's pop-then-push-back leaves the stack as it
 * was), and all targets must have the same arity.
 */
static bool check_br_table(func_ctx_t *c, const wasm_instr_t *in) {
    wasm_validator_t *v = c->v;
    wasm_reader_t r = {.pos = in->imm.br_table.targets, .end = c->v->m->bytes + c->v->m->size};
    uint32_t count = in->imm.br_table.count;
    if (count > WASM_MAX_BR_TABLE) {
        return fail(c, "more than %u labels", WASM_MAX_BR_TABLE);
    }
    if (!pop_expect(c, WASM_I32)) {
        return false;
    }
    /* The default label comes last in the binary but sets the arity. */
    wasm_reader_t dr = r;
    uint32_t depth;
    for (uint32_t i = 0; i <= count; i++) {
        wasm_read_u32(&dr, &depth); /* checked by wasm_read_instr() */
    }
    const wasm_ctl_t *def;
    if (!label(c, depth, &def)) {
        return false;
    }
    uint32_t arity = label_count(def);
    wasm_ctl_t *top = &v->ctls[v->ctls_len - 1];
    for (uint32_t i = 0; i < count; i++) {
        const wasm_ctl_t *f;
        wasm_read_u32(&r, &depth);
        if (!label(c, depth, &f)) {
            return false;
        }
        if (label_count(f) != arity) {
            return fail(c, "type mismatch: label %u has %u value(s), the default label %u",
                        depth, label_count(f), arity);
        }
        const wasm_valtype_t *types = label_types(f);
        for (uint32_t k = 0; k < arity; k++) {
            /* k-th value from the top against the k-th type from the end. */
            wasm_valtype_t want = types[arity - 1 - k];
            if (v->vals_len - top->height <= k) {
                if (top->unreachable) {
                    break;
                }
                return fail(c, "type mismatch: label %u expects %s, found nothing", depth,
                            type_name(want));
            }
            wasm_valtype_t got = v->vals[v->vals_len - 1 - k];
            if (got != want && got != WASM_UNKNOWN) {
                return fail(c, "type mismatch: label %u expects %s, found %s", depth,
                            type_name(want), type_name(got));
            }
        }
    }
    if (!pop_n(c, label_types(def), arity)) {
        return false;
    }
    set_unreachable(v);
    return true;
}

/* Resolves a block type into params and results. */
static bool block_type(func_ctx_t *c, const wasm_instr_t *in, uint32_t *np,
                       const wasm_valtype_t **p, uint32_t *nr, const wasm_valtype_t **r) {
    const wasm_module_t *m = c->v->m;
    *np = 0;
    *p = NULL;
    switch (in->imm.block.kind) {
    case WASM_BLOCK_EMPTY:
        *nr = 0;
        *r = NULL;
        return true;
    case WASM_BLOCK_VALTYPE:
        *nr = 1;
        *r = &single_types[in->imm.block.valtype];
        return true;
    default:
        if (in->imm.block.index >= m->type_count) {
            return fail(c, "unknown type %u", in->imm.block.index);
        }
        const wasm_functype_t *t = &m->types[in->imm.block.index];
        *np = t->param_count;
        *p = t->types;
        *nr = t->result_count;
        *r = t->types + t->param_count;
        return true;
    }
}

static bool need_memory(func_ctx_t *c) {
    return c->v->m->memory_count > 0 || fail(c, "unknown memory 0");
}

static bool need_table(func_ctx_t *c, uint32_t index) {
    return index < c->v->m->table_count || fail(c, "unknown table %u", index);
}

static bool need_data(func_ctx_t *c, uint32_t index) {
    return index < c->v->m->data_count || fail(c, "unknown data segment %u", index);
}

static bool need_elem(func_ctx_t *c, uint32_t index) {
    return index < c->v->m->elem_count || fail(c, "unknown elem segment %u", index);
}

/* The immediate checks of instructions typed from the table (memargs, lanes). */
static bool check_fixed_imm(func_ctx_t *c, const wasm_instr_t *in, wasm_imm_t imm) {
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
        return in->imm.lane < n || fail(c, "invalid lane index %u (at most %u)", in->imm.lane, n - 1);
    }
    case WASM_IMM_SHUFFLE:
        for (int i = 0; i < 16; i++) {
            if (in->imm.bytes[i] >= 32) {
                return fail(c, "invalid lane index %u (at most 31)", in->imm.bytes[i]);
            }
        }
        return true;
    default:
        return true;
    }
    if (!need_memory(c)) {
        return false;
    }
    if (in->imm.mem.align > max_align) {
        return fail(c, "alignment must not be larger than natural (2^%u > %u bytes)",
                    in->imm.mem.align, 1u << max_align);
    }
    if (lanes != 0 && in->imm.mem.lane >= lanes) {
        return fail(c, "invalid lane index %u (at most %u)", in->imm.mem.lane, lanes - 1);
    }
    return true;
}

/* Pops the operands and pushes the result of an S(...) instruction. */
static inline bool apply_fixed(func_ctx_t *c, const wasm_opinfo_t *info) {
    wasm_validator_t *v = c->v;
    uint32_t n = info->npop;
    wasm_ctl_t *top = &v->ctls[v->ctls_len - 1];
    if (v->vals_len - top->height >= n) {
        const wasm_valtype_t *vals = v->vals + v->vals_len - n;
        bool same = true;
        for (uint32_t i = 0; i < n; i++) {
            same &= vals[i] == info->pop[i];
        }
        if (same) {
            v->vals_len -= n;
            return info->push == 0 || push(c, info->push);
        }
    }
    if (!pop_n(c, info->pop, n)) {
        return false;
    }
    return info->push == 0 || push(c, info->push);
}

static bool check_select(func_ctx_t *c, const wasm_instr_t *in) {
    wasm_valtype_t t1, t2;
    if (in->op == WASM_OP_SELECT_T) {
        if (in->imm.select.count != 1) {
            return fail(c, "invalid result arity %u", in->imm.select.count);
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
        return fail(c, "type mismatch: select without a type cannot choose %s",
                    type_name(ref1 ? t1 : t2));
    }
    if (t1 != t2 && t1 != WASM_UNKNOWN && t2 != WASM_UNKNOWN) {
        return fail(c, "type mismatch: select between %s and %s", type_name(t2), type_name(t1));
    }
    return push(c, t1 == WASM_UNKNOWN ? t2 : t1);
}

static bool check_variable(func_ctx_t *c, const wasm_instr_t *in) {
    const wasm_module_t *m = c->v->m;
    uint32_t x = in->imm.index;
    if (in->op == WASM_OP_GLOBAL_GET || in->op == WASM_OP_GLOBAL_SET) {
        if (x >= m->global_count) {
            return fail(c, "unknown global %u", x);
        }
        const wasm_globaltype_t *g = &m->globals[x].type;
        if (in->op == WASM_OP_GLOBAL_GET) {
            return push(c, g->type);
        }
        if (!g->is_mutable) {
            return fail(c, "global is immutable: global %u", x);
        }
        return pop_expect(c, g->type);
    }
    if (x >= c->local_total) {
        return fail(c, "unknown local %u", x);
    }
    wasm_valtype_t t = c->v->locals[x];
    switch (in->op) {
    case WASM_OP_LOCAL_GET:
        return push(c, t);
    case WASM_OP_LOCAL_SET:
        return pop_expect(c, t);
    default: /* local.tee */
        return pop_expect(c, t) && push(c, t);
    }
}

static bool check_table_op(func_ctx_t *c, const wasm_instr_t *in) {
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
            return fail(c, "type mismatch: copying %s into a table of %s",
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
            return fail(c, "type mismatch: initializing a table of %s from elements of %s",
                        type_name(t), type_name(m->elems[e].type));
        }
        break;
    }
    }
    return pop_expect(c, WASM_I32) && pop_expect(c, WASM_I32) && pop_expect(c, WASM_I32);
}

static bool check_call(func_ctx_t *c, const wasm_instr_t *in) {
    const wasm_module_t *m = c->v->m;
    const wasm_functype_t *t;
    if (in->op == WASM_OP_CALL) {
        if (in->imm.index >= m->func_count) {
            return fail(c, "unknown function %u", in->imm.index);
        }
        t = wasm_func_type(m, in->imm.index);
    } else {
        uint32_t type = in->imm.pair.a, table = in->imm.pair.b;
        if (!need_table(c, table)) {
            return false;
        }
        if (m->tables[table].elem != WASM_FUNCREF) {
            return fail(c, "type mismatch: table %u holds %s, not funcref", table,
                        type_name(m->tables[table].elem));
        }
        if (type >= m->type_count) {
            return fail(c, "unknown type %u", type);
        }
        t = &m->types[type];
        if (!pop_expect(c, WASM_I32)) {
            return false;
        }
    }
    return pop_n(c, t->types, t->param_count) &&
           push_n(c, t->types + t->param_count, t->result_count);
}

static bool check_ref(func_ctx_t *c, const wasm_instr_t *in) {
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
            return fail(c, "expects a reference, found %s", type_name(t));
        }
        return push(c, WASM_I32);
    }
    default: { /* ref.func */
        uint32_t x = in->imm.index;
        if (x >= m->func_count) {
            return fail(c, "unknown function %u", x);
        }
        if (!(c->v->refs[x / 8] & (1u << (x % 8)))) {
            return fail(c, "undeclared function reference %u", x);
        }
        return push(c, WASM_FUNCREF);
    }
    }
}

/* The control instructions. Sets *done at the function's final `end`. */
static bool check_control(func_ctx_t *c, const wasm_instr_t *in, bool *done) {
    wasm_validator_t *v = c->v;
    uint32_t np, nr;
    const wasm_valtype_t *p, *r;
    const wasm_ctl_t *l;
    wasm_ctl_t f;
    switch (in->op) {
    case WASM_OP_UNREACHABLE:
        set_unreachable(v);
        return true;
    case WASM_OP_BLOCK:
    case WASM_OP_LOOP:
    case WASM_OP_IF:
        if (!block_type(c, in, &np, &p, &nr, &r)) {
            return false;
        }
        if (in->op == WASM_OP_IF && !pop_expect(c, WASM_I32)) {
            return false;
        }
        return pop_n(c, p, np) && push_ctl(c, in->op, np, p, nr, r);
    case WASM_OP_ELSE:
        if (v->ctls[v->ctls_len - 1].op != WASM_OP_IF) {
            return fail(c, "else without a matching if");
        }
        return pop_ctl(c, &f) &&
               push_ctl(c, WASM_OP_ELSE, f.param_count, f.params, f.result_count, f.results);
    case WASM_OP_END:
        if (!pop_ctl(c, &f)) {
            return false;
        }
        if (f.op == WASM_OP_IF) {
            /* No else: the missing branch passes the params through as results. */
            bool same = f.param_count == f.result_count;
            for (uint32_t i = 0; same && i < f.param_count; i++) {
                same = f.params[i] == f.results[i];
            }
            if (!same) {
                return fail(c, "type mismatch: if without else must not change the stack's types");
            }
        }
        if (v->ctls_len == 0) {
            *done = true;
            return true;
        }
        return push_n(c, f.results, f.result_count);
    case WASM_OP_BR:
        if (!label(c, in->imm.index, &l) || !pop_n(c, label_types(l), label_count(l))) {
            return false;
        }
        set_unreachable(v);
        return true;
    case WASM_OP_BR_IF:
        if (!label(c, in->imm.index, &l) || !pop_expect(c, WASM_I32)) {
            return false;
        }
        np = label_count(l);
        p = label_types(l);
        return pop_n(c, p, np) && push_n(c, p, np);
    case WASM_OP_BR_TABLE:
        return check_br_table(c, in);
    default: { /* return */
        const wasm_ctl_t *fn = &v->ctls[0];
        if (!pop_n(c, fn->results, fn->result_count)) {
            return false;
        }
        set_unreachable(v);
        return true;
    }
    }
}

static bool check_special(func_ctx_t *c, const wasm_instr_t *in, bool *done) {
    switch (in->op) {
    case WASM_OP_DROP: {
        wasm_valtype_t t;
        return pop_any(c, &t);
    }
    case WASM_OP_SELECT:
    case WASM_OP_SELECT_T:
        return check_select(c, in);
    case WASM_OP_LOCAL_GET:
    case WASM_OP_LOCAL_SET:
    case WASM_OP_LOCAL_TEE:
    case WASM_OP_GLOBAL_GET:
    case WASM_OP_GLOBAL_SET:
        return check_variable(c, in);
    case WASM_OP_TABLE_GET:
    case WASM_OP_TABLE_SET:
    case WASM_OP_TABLE_SIZE:
    case WASM_OP_TABLE_GROW:
    case WASM_OP_TABLE_FILL:
    case WASM_OP_TABLE_COPY:
    case WASM_OP_TABLE_INIT:
    case WASM_OP_ELEM_DROP:
        return check_table_op(c, in);
    case WASM_OP_CALL:
    case WASM_OP_CALL_INDIRECT:
        return check_call(c, in);
    case WASM_OP_REF_NULL:
    case WASM_OP_REF_IS_NULL:
    case WASM_OP_REF_FUNC:
        return check_ref(c, in);
    case WASM_OP_MEMORY_INIT:
        return need_memory(c) && need_data(c, in->imm.pair.a) && pop_expect(c, WASM_I32) &&
               pop_expect(c, WASM_I32) && pop_expect(c, WASM_I32);
    case WASM_OP_DATA_DROP:
        return need_data(c, in->imm.index);
    default:
        return check_control(c, in, done);
    }
}

/* Lays out the function's local types: params, then each declared group. */
static bool load_locals(func_ctx_t *c, const wasm_func_t *f, const wasm_functype_t *t) {
    wasm_validator_t *v = c->v;
    uint32_t total = t->param_count + f->local_count;
    if (total >= v->locals_cap &&
        !grow(c, (void **)&v->locals, &v->locals_cap, total, sizeof *v->locals)) {
        return false;
    }
    memcpy(v->locals, t->types, t->param_count);
    uint32_t n = t->param_count;
    for (uint32_t i = 0; i < f->local_group_count; i++) {
        const wasm_local_group_t *g = &v->m->local_groups[f->local_group_first + i];
        memset(v->locals + n, g->type, g->count);
        n += g->count;
    }
    c->local_total = total;
    return true;
}

/*
 * The rules of form that need the module: memory.init and data.drop need the
 * data count section (so that a single pass knows the data segments).
 */
static bool check_form(func_ctx_t *c, const wasm_instr_t *in) {
    if ((in->op == WASM_OP_MEMORY_INIT || in->op == WASM_OP_DATA_DROP) &&
        !c->v->m->has_data_count) {
        c->malformed = true;
        return fail(c, "data count section required");
    }
    return true;
}

/* Reads one instruction; a failure is a malformation. */
static inline bool read_instr(func_ctx_t *c, wasm_reader_t *r, wasm_instr_t *in) {
    c->at = r->pos;
    if (wasm_read_instr(r, in)) {
        c->op = in->op;
        return check_form(c, in);
    }
    c->malformed = true;
    c->at = r->error_at;
    c->op = WASM_OP_COUNT;
    return fail(c, "%s", r->error_at >= r->end ? "unexpected end of section or function" : r->error);
}

static bool check_end_of_body(func_ctx_t *c, const wasm_reader_t *r) {
    if (r->pos != r->end) {
        c->at = r->pos;
        c->op = WASM_OP_COUNT;
        c->malformed = true;
        return fail(c, "section size mismatch: bytes after the function's final end");
    }
    return true;
}

static bool type_body(func_ctx_t *c, const wasm_func_t *f) {
    wasm_validator_t *v = c->v;
    const wasm_module_t *m = v->m;
    const wasm_functype_t *t = &m->types[f->type_index];
    if (!load_locals(c, f, t)) {
        return false;
    }
    v->vals_len = 0;
    v->ctls_len = 0;
    if (v->vals_cap == 0 && !grow(c, (void **)&v->vals, &v->vals_cap, 1, sizeof *v->vals)) {
        return false;
    }
    if (!push_ctl(c, WASM_OP_CALL, 0, NULL, t->result_count, t->types + t->param_count)) {
        return false;
    }
    wasm_reader_t r = {.pos = m->bytes + f->code_offset, .end = m->bytes + f->code_end};
    for (;;) {
        wasm_instr_t in;
        if (!read_instr(c, &r, &in)) {
            return false;
        }
        const wasm_opinfo_t *info = &wasm_opinfo[in.op];
        bool done = false;
        if (!info->special) {
            if (info->imm != WASM_IMM_NONE && !check_fixed_imm(c, &in, info->imm)) {
                return false;
            }
            if (!apply_fixed(c, info)) {
                return false;
            }
            continue;
        }
        if (!check_special(c, &in, &done)) {
            return false;
        }
        if (done) {
            return check_end_of_body(c, &r);
        }
    }
}

/* The body's form alone: instructions read and blocks balanced. */
static bool scan_body(func_ctx_t *c, const wasm_func_t *f) {
    const wasm_module_t *m = c->v->m;
    wasm_reader_t r = {.pos = m->bytes + f->code_offset, .end = m->bytes + f->code_end};
    uint32_t depth = 1;
    for (;;) {
        wasm_instr_t in;
        if (!read_instr(c, &r, &in)) {
            return false;
        }
        if (in.op == WASM_OP_BLOCK || in.op == WASM_OP_LOOP || in.op == WASM_OP_IF) {
            depth++;
        } else if (in.op == WASM_OP_END && --depth == 0) {
            return check_end_of_body(c, &r);
        }
    }
}

wasm_func_result_t wasm_check_func(wasm_validator_t *v, uint32_t func_index, bool typing) {
    const wasm_func_t *f = &v->m->funcs[func_index];
    func_ctx_t c = {.v = v, .func_index = func_index, .at = v->m->bytes + f->code_offset,
                    .op = WASM_OP_COUNT};
    if (typing) {
        if (type_body(&c, f)) {
            return WASM_FUNC_OK;
        }
        if (c.malformed) {
            return WASM_FUNC_MALFORMED;
        }
    }
    /* A scan that fails overwrites v->err with the malformation; one that
     * passes leaves the typing error there. */
    if (!scan_body(&c, f)) {
        return WASM_FUNC_MALFORMED;
    }
    return typing ? WASM_FUNC_INVALID : WASM_FUNC_OK;
}

void wasm_validator_release(wasm_validator_t *v) {
    wasm_free(v->vals);
    wasm_free(v->ctls);
    wasm_free(v->locals);
}
