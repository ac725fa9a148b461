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
 * Instructions marked S(...) in opcodes.def are typed from the table; of
 * the X ones, control instructions are typed here and the others in
 * validate_instr.c. validate_body.h has the stacks both files work on.
 */
#include "error.h"
#include "limits.h"
#include "platform.h"
#include "validate_body.h"

static const wasm_valtype_t single_types[256] = {
    [WASM_I32] = WASM_I32,
    [WASM_I64] = WASM_I64,
    [WASM_F32] = WASM_F32,
    [WASM_F64] = WASM_F64,
    [WASM_V128] = WASM_V128,
    [WASM_FUNCREF] = WASM_FUNCREF,
    [WASM_EXTERNREF] = WASM_EXTERNREF,
};

bool wasm_body_fail(wasm_body_t *c, const char *fmt, ...) {
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

static bool grow(wasm_body_t *c, void **array, uint32_t *cap, uint32_t need, size_t size) {
    uint64_t want = (uint64_t)*cap * 2;
    if (want < need) {
        want = need;
    }
    if (want < 64) {
        want = 64;
    }
    void *p = wasm_realloc(*array, (size_t)want * size);
    if (p == NULL) {
        return wasm_body_fail(c, "out of memory");
    }
    *array = p;
    *cap = (uint32_t)want;
    return true;
}

bool wasm_body_grow_vals(wasm_body_t *c) {
    wasm_validator_t *v = c->v;
    if (!grow(c, (void **)&v->vals, &v->vals_cap, c->len + 1, sizeof *v->vals)) {
        return false;
    }
    c->vals = v->vals;
    c->cap = v->vals_cap;
    return true;
}

static bool push_ctl(wasm_body_t *c, uint16_t op, uint32_t param_count,
                     const wasm_valtype_t *params, uint32_t result_count,
                     const wasm_valtype_t *results) {
    wasm_validator_t *v = c->v;
    if (v->ctls_len > WASM_MAX_NESTING) {
        return wasm_body_fail(c, "nesting deeper than %u", WASM_MAX_NESTING);
    }
    if (v->ctls_len == v->ctls_cap &&
        !grow(c, (void **)&v->ctls, &v->ctls_cap, v->ctls_len + 1, sizeof *v->ctls)) {
        return false;
    }
    wasm_ctl_t *f = &v->ctls[v->ctls_len++];
    f->op = op;
    f->unreachable = false;
    f->height = c->len;
    c->height = c->len;
    c->unreachable = false;
    f->param_count = param_count;
    f->params = params;
    f->result_count = result_count;
    f->results = results;
    return push_n(c, params, param_count);
}

/* Checks the frame's results are exactly what is left above its height, and pops it. */
static bool pop_ctl(wasm_body_t *c, wasm_ctl_t *out) {
    wasm_validator_t *v = c->v;
    wasm_ctl_t *f = &v->ctls[v->ctls_len - 1];
    if (!pop_n(c, f->results, f->result_count)) {
        return false;
    }
    if (c->len != f->height) {
        return wasm_body_fail(
            c, "type mismatch: %u value(s) left on the stack at the end of the block",
            c->len - f->height);
    }
    *out = *f;
    v->ctls_len--;
    if (v->ctls_len > 0) {
        c->height = f[-1].height;
        c->unreachable = f[-1].unreachable;
    }
    return true;
}

/*
 * br_table: every target's label types must fit what is on the stack (each
 * checked in place, as the spec's pop-then-push-back leaves the stack as it
 * was), and all targets must have the same arity.
 */
static bool check_br_table(wasm_body_t *c, const wasm_instr_t *in) {
    wasm_reader_t r = {.pos = in->imm.br_table.targets, .end = c->v->m->bytes + c->v->m->size};
    uint32_t count = in->imm.br_table.count;
    if (count > WASM_MAX_BR_TABLE) {
        return wasm_body_fail(c, "more than %u labels", WASM_MAX_BR_TABLE);
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
    for (uint32_t i = 0; i < count; i++) {
        const wasm_ctl_t *f;
        wasm_read_u32(&r, &depth);
        if (!label(c, depth, &f)) {
            return false;
        }
        if (label_count(f) != arity) {
            return wasm_body_fail(c,
                                  "type mismatch: label %u has %u value(s), the default label %u",
                                  depth, label_count(f), arity);
        }
        const wasm_valtype_t *types = label_types(f);
        for (uint32_t k = 0; k < arity; k++) {
            /* k-th value from the top against the k-th type from the end. */
            wasm_valtype_t want = types[arity - 1 - k];
            if (c->len - c->height <= k) {
                if (c->unreachable) {
                    break;
                }
                return wasm_body_fail(c, "type mismatch: label %u expects %s, found nothing", depth,
                                      type_name(want));
            }
            wasm_valtype_t got = c->vals[c->len - 1 - k];
            if (got != want && got != WASM_UNKNOWN) {
                return wasm_body_fail(c, "type mismatch: label %u expects %s, found %s", depth,
                                      type_name(want), type_name(got));
            }
        }
    }
    if (!pop_n(c, label_types(def), arity)) {
        return false;
    }
    set_unreachable(c);
    return true;
}

/* Resolves a block type into params and results. */
static bool block_type(wasm_body_t *c, const wasm_instr_t *in, uint32_t *np,
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
            return wasm_body_fail(c, "unknown type %u", in->imm.block.index);
        }
        const wasm_functype_t *t = &m->types[in->imm.block.index];
        *np = t->param_count;
        *p = t->types;
        *nr = t->result_count;
        *r = t->types + t->param_count;
        return true;
    }
}

/* Pops the operands and pushes the result of an S(...) instruction. */
static inline bool apply_fixed(wasm_body_t *c, const wasm_opinfo_t *info) {
    uint32_t n = info->npop;
    if (c->len - c->height >= n) {
        const wasm_valtype_t *vals = c->vals + c->len - n;
        bool same = true;
        for (uint32_t i = 0; i < n; i++) {
            same &= vals[i] == info->pop[i];
        }
        if (same) {
            c->len -= n;
            return info->push == 0 || push(c, info->push);
        }
    }
    if (!pop_n(c, info->pop, n)) {
        return false;
    }
    return info->push == 0 || push(c, info->push);
}

/* The control instructions. Sets *done at the function's final `end`. */
static bool check_control(wasm_body_t *c, const wasm_instr_t *in, bool *done) {
    wasm_validator_t *v = c->v;
    uint32_t np, nr;
    const wasm_valtype_t *p, *r;
    const wasm_ctl_t *l;
    wasm_ctl_t f;
    switch (in->op) {
    case WASM_OP_UNREACHABLE:
        set_unreachable(c);
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
            return wasm_body_fail(c, "else without a matching if");
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
                return wasm_body_fail(
                    c, "type mismatch: if without else must not change the stack's types");
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
        set_unreachable(c);
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
        set_unreachable(c);
        return true;
    }
    }
}

/* The instructions typed by hand: control here, the others in validate_instr.c. */
static bool check_special(wasm_body_t *c, const wasm_instr_t *in, bool *done) {
    switch (in->op) {
    case WASM_OP_UNREACHABLE:
    case WASM_OP_BLOCK:
    case WASM_OP_LOOP:
    case WASM_OP_IF:
    case WASM_OP_ELSE:
    case WASM_OP_END:
    case WASM_OP_BR:
    case WASM_OP_BR_IF:
    case WASM_OP_BR_TABLE:
    case WASM_OP_RETURN:
        return check_control(c, in, done);
    default:
        return wasm_body_check_other(c, in);
    }
}

/* Lays out the function's local types: params, then each declared group. */
static bool load_locals(wasm_body_t *c, const wasm_func_t *f, const wasm_functype_t *t) {
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
static bool check_form(wasm_body_t *c, const wasm_instr_t *in) {
    if ((in->op == WASM_OP_MEMORY_INIT || in->op == WASM_OP_DATA_DROP) &&
        !c->v->m->has_data_count) {
        c->malformed = true;
        return wasm_body_fail(c, "data count section required");
    }
    return true;
}

static bool read_failed(wasm_body_t *c, const wasm_reader_t *r);

/* Reads one instruction; a failure is a malformation. */
static inline bool read_instr(wasm_body_t *c, wasm_reader_t *r, wasm_instr_t *in) {
    c->at = r->pos;
    if (wasm_read_instr(r, in)) {
        c->op = in->op;
        return check_form(c, in);
    }
    return read_failed(c, r);
}

static bool read_failed(wasm_body_t *c, const wasm_reader_t *r) {
    c->malformed = true;
    c->at = r->error_at;
    c->op = WASM_OP_COUNT;
    return wasm_body_fail(
        c, "%s", r->error_at >= r->end ? "unexpected end of section or function" : r->error);
}

static bool check_end_of_body(wasm_body_t *c, const wasm_reader_t *r) {
    if (r->pos != r->end) {
        c->at = r->pos;
        c->op = WASM_OP_COUNT;
        c->malformed = true;
        return wasm_body_fail(c, "section size mismatch: bytes after the function's final end");
    }
    return true;
}

/*
 * The most frequent instructions, taken without the general reader's two
 * dispatches: one-byte instructions with fixed typing and no immediate
 * (arithmetic, comparisons, conversions) or a memarg (loads and stores),
 * local.get/set/tee and i32.const, which together are most of compiled
 * code. The class of each one-byte opcode comes from opcodes.def.
 */
enum { FAST_NO, FAST_PLAIN, FAST_MEMARG, FAST_LOCAL, FAST_I32_CONST };

#define S(a, b, c, r) WASM_OPKIND_FIXED
#define X WASM_OPKIND_SPECIAL
#define FAST_CLASS(imm, kind)                                                                      \
    ((kind) == WASM_OPKIND_FIXED && (imm) == WASM_IMM_NONE ? FAST_PLAIN                            \
     : (kind) == WASM_OPKIND_FIXED && (imm) >= WASM_IMM_MEM0 && (imm) <= WASM_IMM_MEM4             \
         ? FAST_MEMARG                                                                             \
     : (imm) == WASM_IMM_LOCAL ? FAST_LOCAL                                                        \
     : (imm) == WASM_IMM_I32   ? FAST_I32_CONST                                                    \
                               : FAST_NO)
static const uint8_t fast_class[WASM_OP_COUNT] = {
#define WASM_OP(id, text, code, imm, sig) [WASM_OP_INDEX(code)] = FAST_CLASS(WASM_IMM_##imm, sig),
#include "opcodes.def"
#undef WASM_OP
};
#undef S
#undef X

/*
 * Returns false when the instruction at r->pos is not one of the fast ones
 * (nothing consumed); otherwise checks it, setting c->failed on a rejection.
 */
static inline bool fast_path(wasm_body_t *c, wasm_reader_t *r) {
    uint8_t b = *r->pos;
    const wasm_opinfo_t *info = &wasm_opinfo[b];
    uint32_t x, offset;
    int32_t value;
    switch (fast_class[b]) {
    case FAST_PLAIN:
        c->at = r->pos++;
        c->op = b;
        c->failed = !apply_fixed(c, info);
        return true;
    case FAST_MEMARG:
        c->at = r->pos++;
        c->op = b;
        if (!wasm_read_u32(r, &x) || !wasm_read_u32(r, &offset)) {
            c->failed = !read_failed(c, r);
            return true;
        }
        c->failed = !check_memarg(c, x, info->imm - WASM_IMM_MEM0) || !apply_fixed(c, info);
        return true;
    case FAST_LOCAL:
        c->at = r->pos++;
        c->op = b;
        c->failed = wasm_read_u32(r, &x) ? !check_local(c, b, x) : !read_failed(c, r);
        return true;
    case FAST_I32_CONST:
        c->at = r->pos++;
        c->op = b;
        c->failed = wasm_read_s32(r, &value) ? !push(c, WASM_I32) : !read_failed(c, r);
        return true;
    default:
        return false;
    }
}

static bool type_body(wasm_body_t *c, const wasm_func_t *f) {
    wasm_validator_t *v = c->v;
    const wasm_module_t *m = v->m;
    const wasm_functype_t *t = &m->types[f->type_index];
    if (!load_locals(c, f, t)) {
        return false;
    }
    v->ctls_len = 0;
    c->vals = v->vals;
    c->cap = v->vals_cap;
    c->len = 0;
    if (c->cap == 0 && !wasm_body_grow_vals(c)) {
        return false;
    }
    if (!push_ctl(c, WASM_OP_CALL, 0, NULL, t->result_count, t->types + t->param_count)) {
        return false;
    }
    wasm_reader_t r = {.pos = m->bytes + f->code_offset, .end = m->bytes + f->code_end};
    for (;;) {
        wasm_instr_t in;
        if (r.pos < r.end && fast_path(c, &r)) {
            if (c->failed) {
                return false;
            }
            continue;
        }
        if (!read_instr(c, &r, &in)) {
            return false;
        }
        const wasm_opinfo_t *info = &wasm_opinfo[in.op];
        bool done = false;
        if (info->kind == WASM_OPKIND_FIXED) {
            if (info->imm != WASM_IMM_NONE && !wasm_body_check_imm(c, &in, info->imm)) {
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
static bool scan_body(wasm_body_t *c, const wasm_func_t *f) {
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
    wasm_body_t c = {
        .v = v, .func_index = func_index, .at = v->m->bytes + f->code_offset, .op = WASM_OP_COUNT};
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
