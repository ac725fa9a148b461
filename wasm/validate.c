/*
 * wasm_validate(): the module-level rules of WebAssembly 2.0 (spec section
 * "Validation > Modules") and constant expressions, then the verdict on the
 * function bodies, which the decoder already typed (see validate.h).
 */
#include "error.h"
#include "instr.h"
#include "limits.h"
#include "platform.h"
#include "validate.h"

/* "<what> <index>: <message>" with the offset of the thing at fault. */
__attribute__((format(printf, 5, 6))) static bool
fail(wasm_validator_t *v, size_t offset, const char *what, uint32_t index, const char *fmt, ...) {
    char detail[384];
    va_list ap;
    va_start(ap, fmt);
    wasm_vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    wasm_error_set(v->err, offset, "%s %u at 0x%zx: %s", what, index, offset, detail);
    return false;
}

/*
 * A constant expression of type `want`: one of t.const, ref.null, ref.func
 * or global.get of an imported immutable global (2.0 restricts constant
 * expressions to the imported globals), then `end`. Records its value.
 */
static bool check_const(wasm_validator_t *v, wasm_expr_t *x, wasm_valtype_t want, const char *what,
                        uint32_t index) {
    const wasm_module_t *m = v->m;
    if (x->op == WASM_CONST_REF_FUNC) {
        /* Already a function index: an element segment's (stored as ref.func by the
         * decoder), or this expression on an earlier run. */
        if (want != WASM_FUNCREF) {
            return fail(v, x->offset, what, index, "type mismatch: funcref where %s is expected",
                        wasm_valtype_name(want));
        }
        if (x->value.index >= m->func_count) {
            return fail(v, x->offset, what, index, "unknown function %u", x->value.index);
        }
        return true;
    }
    wasm_reader_t r = {.pos = m->bytes + x->offset, .end = m->bytes + x->offset + x->size};
    uint32_t count = 0;
    wasm_valtype_t type = 0;
    for (;;) {
        const uint8_t *at = r.pos;
        wasm_instr_t in;
        wasm_read_instr(&r, &in); /* read once already by the decoder */
        wasm_valtype_t t;
        wasm_const_op_t op;
        switch (in.op) {
        case WASM_OP_END:
            if (count != 1 || type != want) {
                return fail(v, x->offset, what, index,
                            "type mismatch: constant expression must produce one %s",
                            wasm_valtype_name(want));
            }
            return true;
        case WASM_OP_I32_CONST:
            t = WASM_I32, op = WASM_CONST_I32;
            break;
        case WASM_OP_I64_CONST:
            t = WASM_I64, op = WASM_CONST_I64;
            break;
        case WASM_OP_F32_CONST:
            t = WASM_F32, op = WASM_CONST_F32;
            break;
        case WASM_OP_F64_CONST:
            t = WASM_F64, op = WASM_CONST_F64;
            break;
        case WASM_OP_V128_CONST:
            t = WASM_V128, op = WASM_CONST_V128;
            break;
        case WASM_OP_REF_NULL:
            t = in.imm.reftype, op = WASM_CONST_REF_NULL;
            break;
        case WASM_OP_REF_FUNC:
            if (in.imm.index >= m->func_count) {
                return fail(v, (size_t)(at - m->bytes), what, index, "unknown function %u",
                            in.imm.index);
            }
            t = WASM_FUNCREF, op = WASM_CONST_REF_FUNC;
            break;
        case WASM_OP_GLOBAL_GET:
            if (in.imm.index >= m->global_import_count) {
                return fail(v, (size_t)(at - m->bytes), what, index,
                            "unknown global %u (constant expressions may only read imported "
                            "globals)",
                            in.imm.index);
            }
            if (m->globals[in.imm.index].type.is_mutable) {
                return fail(v, (size_t)(at - m->bytes), what, index,
                            "constant expression required: global %u is mutable", in.imm.index);
            }
            t = m->globals[in.imm.index].type.type, op = WASM_CONST_GLOBAL;
            break;
        default:
            return fail(v, (size_t)(at - m->bytes), what, index,
                        "constant expression required, found %s", wasm_opinfo[in.op].name);
        }
        if (count++ == 0) {
            type = t;
            x->op = op;
            if (op == WASM_CONST_V128) {
                memcpy(x->value.v128, in.imm.bytes, 16);
            } else if (op == WASM_CONST_REF_NULL) {
                x->value.reftype = in.imm.reftype;
            } else if (op == WASM_CONST_REF_FUNC || op == WASM_CONST_GLOBAL) {
                x->value.index = in.imm.index;
            } else {
                x->value.bits = in.imm.bits;
            }
        }
    }
}

static bool check_limits(wasm_validator_t *v, const wasm_limits_t *l, uint32_t ceiling,
                         const char *what, uint32_t index) {
    if (l->min > ceiling || (l->has_max && l->max > ceiling)) {
        return fail(v, l->offset, what, index, "memory size must be at most %u pages (4GiB)",
                    ceiling);
    }
    if (l->has_max && l->min > l->max) {
        return fail(v, l->offset, what, index,
                    "size minimum must not be greater than maximum (%u > %u)",
                    l->min, l->max);
    }
    return true;
}

bool wasm_check_func_types(const wasm_module_t *m, wasm_error_t *err) {
    for (uint32_t i = 0; i < m->func_count; i++) {
        if (m->funcs[i].type_index >= m->type_count) {
            wasm_error_set(err, m->funcs[i].type_offset, "func %u at 0x%x: unknown type %u", i,
                           m->funcs[i].type_offset, m->funcs[i].type_index);
            return false;
        }
    }
    return true;
}

static bool check_types_and_limits(wasm_validator_t *v) {
    const wasm_module_t *m = v->m;
    if (!wasm_check_func_types(m, v->err)) {
        return false;
    }
    for (uint32_t i = 0; i < m->table_count; i++) {
        if (!check_limits(v, &m->tables[i].limits, UINT32_MAX, "table", i)) {
            return false;
        }
    }
    if (m->memory_count > WASM_MAX_MEMORIES) {
        return fail(v, m->memories[WASM_MAX_MEMORIES].limits.offset, "memory", WASM_MAX_MEMORIES,
                    "multiple memories");
    }
    for (uint32_t i = 0; i < m->memory_count; i++) {
        if (!check_limits(v, &m->memories[i].limits, WASM_MAX_MEMORY_PAGES, "memory", i)) {
            return false;
        }
    }
    return true;
}

static uint32_t name_hash(wasm_name_t n) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n.len; i++) {
        h = (h ^ (uint8_t)n.bytes[i]) * 16777619u;
    }
    return h;
}

/* Export indices exist, names are unique (an open-addressing set of names). */
static bool check_exports(wasm_validator_t *v) {
    const wasm_module_t *m = v->m;
    uint32_t cap = 16;
    while (cap < 2 * m->export_count) {
        cap *= 2;
    }
    uint32_t *slots = wasm_alloc(cap * sizeof *slots);
    if (slots == NULL) {
        return fail(v, 0, "export", 0, "out of memory");
    }
    memset(slots, 0, cap * sizeof *slots);
    bool ok = true;
    for (uint32_t i = 0; ok && i < m->export_count; i++) {
        const wasm_export_t *ex = &m->exports[i];
        static const char *const unknown[] = {"unknown function", "unknown table", "unknown memory",
                                              "unknown global"};
        const uint32_t counts[] = {m->func_count, m->table_count, m->memory_count, m->global_count};
        if (ex->index >= counts[ex->kind]) {
            ok = fail(v, ex->offset, "export", i, "%s %u", unknown[ex->kind], ex->index);
            break;
        }
        for (uint32_t s = name_hash(ex->name) & (cap - 1);; s = (s + 1) & (cap - 1)) {
            if (slots[s] == 0) {
                slots[s] = i + 1;
                break;
            }
            const wasm_export_t *other = &m->exports[slots[s] - 1];
            if (wasm_name_eq(other->name, ex->name.bytes, ex->name.len)) {
                ok = fail(v, ex->offset, "export", i, "duplicate export name \"%.*s\"",
                          (int)(ex->name.len > 64 ? 64 : ex->name.len), ex->name.bytes);
                break;
            }
        }
    }
    wasm_free(slots);
    return ok;
}

static bool check_segments(wasm_validator_t *v) {
    wasm_module_t *m = (wasm_module_t *)v->m;
    for (uint32_t i = 0; i < m->elem_count; i++) {
        wasm_elem_t *e = &m->elems[i];
        if (e->mode == WASM_SEGMENT_ACTIVE) {
            if (e->table >= m->table_count) {
                return fail(v, e->offset.offset, "elem", i, "unknown table %u", e->table);
            }
            if (m->tables[e->table].elem != e->type) {
                return fail(
                    v, e->offset.offset, "elem", i, "type mismatch: %s elements for a table of %s",
                    wasm_valtype_name(e->type), wasm_valtype_name(m->tables[e->table].elem));
            }
            if (!check_const(v, &e->offset, WASM_I32, "elem", i)) {
                return false;
            }
        }
        for (uint32_t k = 0; k < e->item_count; k++) {
            if (!check_const(v, &e->items[k], e->type, "elem", i)) {
                return false;
            }
        }
    }
    for (uint32_t i = 0; i < m->data_segment_count; i++) {
        wasm_data_t *d = &m->datas[i];
        if (d->mode != WASM_SEGMENT_ACTIVE) {
            continue;
        }
        if (d->memory >= m->memory_count) {
            return fail(v, d->offset.offset, "data", i, "unknown memory %u", d->memory);
        }
        if (!check_const(v, &d->offset, WASM_I32, "data", i)) {
            return false;
        }
    }
    return true;
}

static bool check_module(wasm_validator_t *v) {
    wasm_module_t *m = (wasm_module_t *)v->m;
    if (!check_types_and_limits(v)) {
        return false;
    }
    for (uint32_t i = m->global_import_count; i < m->global_count; i++) {
        if (!check_const(v, &m->globals[i].init, m->globals[i].type.type, "global", i)) {
            return false;
        }
    }
    if (!check_exports(v) || !check_segments(v)) {
        return false;
    }
    if (m->has_start) {
        if (m->start >= m->func_count) {
            return fail(v, m->start_offset, "start function", m->start, "unknown function");
        }
        const wasm_functype_t *t = wasm_func_type(m, m->start);
        if (t->param_count != 0 || t->result_count != 0) {
            return fail(v, m->start_offset, "start function", m->start,
                        "type mismatch: the start function must take and return nothing");
        }
    }
    if (m->code_invalid) {
        if (v->err != NULL) {
            *v->err = m->code_error;
        }
        return false;
    }
    return true;
}

bool wasm_validate(wasm_module_t *m, wasm_error_t *err) {
    wasm_validator_t v = {.m = m, .err = err};
    m->validated = check_module(&v);
    return m->validated;
}
