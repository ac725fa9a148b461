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
        c->malformed = true; /* fails wasm_decode(), as every allocation failure does */
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

/* block, loop and if with their block type resolved. */
static bool enter_block(wasm_body_t *c, uint16_t op, uint32_t np, const wasm_valtype_t *p,
                        uint32_t nr, const wasm_valtype_t *r) {
    if (op == WASM_OP_IF && !pop_expect(c, WASM_I32)) {
        return false;
    }
    return pop_n(c, p, np) && push_ctl(c, op, np, p, nr, r);
}

/* end: closes the innermost frame; closing the function's sets c->done. */
static bool check_end(wasm_body_t *c) {
    wasm_ctl_t f;
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
    if (c->v->ctls_len == 0) {
        c->done = true;
        return true;
    }
    return push_n(c, f.results, f.result_count);
}

static bool check_br(wasm_body_t *c, uint32_t depth) {
    const wasm_ctl_t *l;
    if (!label(c, depth, &l) || !pop_n(c, label_types(l), label_count(l))) {
        return false;
    }
    set_unreachable(c);
    return true;
}

static bool check_br_if(wasm_body_t *c, uint32_t depth) {
    const wasm_ctl_t *l;
    if (!label(c, depth, &l) || !pop_expect(c, WASM_I32)) {
        return false;
    }
    return pop_n(c, label_types(l), label_count(l)) && push_n(c, label_types(l), label_count(l));
}

/* The control instructions the fast handlers of type_body() do not take. */
static bool check_control(wasm_body_t *c, const wasm_instr_t *in) {
    wasm_validator_t *v = c->v;
    uint32_t np, nr;
    const wasm_valtype_t *p, *r;
    wasm_ctl_t f;
    switch (in->op) {
    case WASM_OP_UNREACHABLE:
        set_unreachable(c);
        return true;
    case WASM_OP_BLOCK:
    case WASM_OP_LOOP:
    case WASM_OP_IF:
        return block_type(c, in, &np, &p, &nr, &r) && enter_block(c, in->op, np, p, nr, r);
    case WASM_OP_ELSE:
        if (v->ctls[v->ctls_len - 1].op != WASM_OP_IF) {
            return wasm_body_fail(c, "else without a matching if");
        }
        return pop_ctl(c, &f) &&
               push_ctl(c, WASM_OP_ELSE, f.param_count, f.params, f.result_count, f.results);
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
static bool check_special(wasm_body_t *c, const wasm_instr_t *in) {
    switch (in->op) {
    case WASM_OP_UNREACHABLE:
    case WASM_OP_BLOCK:
    case WASM_OP_LOOP:
    case WASM_OP_IF:
    case WASM_OP_ELSE:
    case WASM_OP_BR_TABLE:
    case WASM_OP_RETURN:
        return check_control(c, in);
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
    in->op = WASM_OP_COUNT;
    if (wasm_read_instr(r, in)) {
        c->op = in->op;
        return check_form(c, in);
    }
    c->op = in->op; /* known when only an immediate was malformed */
    return read_failed(c, r);
}

/* A malformation found by the reader, about instruction c->op (if known). */
static bool read_failed(wasm_body_t *c, const wasm_reader_t *r) {
    c->malformed = true;
    c->at = r->error_at;
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

static inline bool check_local(wasm_body_t *c, uint16_t op, uint32_t x) {
    if (x >= c->local_total) {
        return wasm_body_fail(c, "unknown local %u", x);
    }
    wasm_valtype_t t = c->v->locals[x];
    switch (op) {
    case WASM_OP_LOCAL_GET:
        return push(c, t);
    case WASM_OP_LOCAL_SET:
        return pop_expect(c, t);
    default: /* local.tee */
        return pop_expect(c, t) && push(c, t);
    }
}

/*
 * The most frequent instructions, taken without the general reader's
 * dispatches: one-byte instructions with fixed typing and no immediate
 * (arithmetic, comparisons, conversions) or a memarg (loads and stores),
 * local.get/set/tee, i32.const, and block, loop, if (with a one-byte block
 * type), end, br, br_if and call, which together are nearly all of compiled
 * code. The class of each one-byte opcode comes from opcodes.def; the
 * immediates are read with the same readers instr.h uses.
 */
enum {
    FAST_NO,
    FAST_PLAIN,
    FAST_MEMARG,
    FAST_LOCAL,
    FAST_I32_CONST,
    FAST_BLOCK, /* block, loop, if */
    FAST_END,
    FAST_BR,
    FAST_BR_IF,
    FAST_CALL,
};

#define S(a, b, c, r) WASM_OPKIND_FIXED
#define X WASM_OPKIND_SPECIAL
#define FAST_CLASS(op, imm, kind)                                                                  \
    ((op) == WASM_OP_BLOCK || (op) == WASM_OP_LOOP || (op) == WASM_OP_IF ? FAST_BLOCK              \
     : (op) == WASM_OP_END                                               ? FAST_END                \
     : (op) == WASM_OP_BR                                                ? FAST_BR                 \
     : (op) == WASM_OP_BR_IF                                             ? FAST_BR_IF              \
     : (op) == WASM_OP_CALL                                              ? FAST_CALL               \
                                                                         : FAST_FIXED(imm, kind))
#define FAST_FIXED(imm, kind)                                                                      \
    ((kind) == WASM_OPKIND_FIXED && (imm) == WASM_IMM_NONE ? FAST_PLAIN                            \
     : (kind) == WASM_OPKIND_FIXED && (imm) >= WASM_IMM_MEM0 && (imm) <= WASM_IMM_MEM4             \
         ? FAST_MEMARG                                                                             \
     : (imm) == WASM_IMM_LOCAL ? FAST_LOCAL                                                        \
     : (imm) == WASM_IMM_I32   ? FAST_I32_CONST                                                    \
                               : FAST_NO)
static const uint8_t fast_class[WASM_OP_COUNT] = {
#define WASM_OP(id, text, code, imm, sig)                                                          \
    [WASM_OP_INDEX(code)] = FAST_CLASS(WASM_OP_##id, WASM_IMM_##imm, sig),
#include "opcodes.def"
#undef WASM_OP
};
#undef S
#undef X

/*
 * The typing loop. Each fast class has its own handler ending in its own
 * dispatch (a computed goto, so that each handler's indirect jump predicts
 * its successor separately); everything else, and an instruction running
 * past the body, goes to `general`.
 */
static bool type_body(wasm_body_t *c, const wasm_func_t *f) {
    static const void *const handlers[] = {
        [FAST_NO] = &&general,  [FAST_PLAIN] = &&plain,         [FAST_MEMARG] = &&memarg,
        [FAST_LOCAL] = &&local, [FAST_I32_CONST] = &&i32_const, [FAST_BLOCK] = &&block,
        [FAST_END] = &&end,     [FAST_BR] = &&branch,           [FAST_BR_IF] = &&branch,
        [FAST_CALL] = &&branch,
    };
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
    /* The position lives in a local (a register) on the fast paths; the
     * reader r is brought up to date only for the slow ones. */
    const uint8_t *p = m->bytes + f->code_offset, *end = m->bytes + f->code_end;
    wasm_reader_t r = {.pos = p, .end = end};
    c->done = false;
    uint8_t b;
    uint32_t x, offset;
#define NEXT()                                                                                     \
    do {                                                                                           \
        if (p >= end) {                                                                            \
            goto general;                                                                          \
        }                                                                                          \
        b = *p;                                                                                    \
        goto *handlers[fast_class[b]];                                                             \
    } while (0)
#define START(n)                                                                                   \
    do {                                                                                           \
        c->at = p;                                                                                 \
        c->op = b;                                                                                 \
        p += (n);                                                                                  \
    } while (0)
/* Reads a LEB128 into out: inline when it is one byte below `one_byte` (0x80 for
 * unsigned, 0x40 for a non-negative signed one), else with `slow` from read.c.
 * A malformation ends the pass. */
#define READ_LEB(out, one_byte, slow)                                                              \
    do {                                                                                           \
        if (p < end && *p < (one_byte)) {                                                          \
            (out) = *p++;                                                                          \
        } else {                                                                                   \
            r.pos = p;                                                                             \
            if (!slow(&r, &(out))) {                                                               \
                return read_failed(c, &r);                                                         \
            }                                                                                      \
            p = r.pos;                                                                             \
        }                                                                                          \
    } while (0)

    NEXT();
plain:
    START(1);
    if (!apply_fixed(c, &wasm_opinfo[b])) {
        return false;
    }
    NEXT();
memarg:
    START(1);
    READ_LEB(x, 0x80, wasm_read_u32_slow);
    READ_LEB(offset, 0x80, wasm_read_u32_slow);
    if (!check_memarg(c, x, wasm_opinfo[b].imm - WASM_IMM_MEM0) ||
        !apply_fixed(c, &wasm_opinfo[b])) {
        return false;
    }
    NEXT();
local:
    START(1);
    READ_LEB(x, 0x80, wasm_read_u32_slow);
    if (!check_local(c, b, x)) {
        return false;
    }
    NEXT();
i32_const : {
    int32_t value;
    START(1);
    READ_LEB(value, 0x40, wasm_read_s32_slow);
    if (!push(c, WASM_I32)) {
        return false;
    }
    NEXT();
}
block:
    /* Only the one-byte block types; a type index takes the general path. */
    if (end - p < 2 || (p[1] != 0x40 && !wasm_is_valtype(p[1]))) {
        goto general;
    }
    START(2);
    if (!enter_block(c, b, 0, NULL, p[-1] == 0x40 ? 0 : 1, &single_types[p[-1]])) {
        return false;
    }
    NEXT();
end:
    START(1);
    if (!check_end(c)) {
        return false;
    }
    if (c->done) {
        r.pos = p;
        return check_end_of_body(c, &r);
    }
    NEXT();
branch:
    START(1);
    READ_LEB(x, 0x80, wasm_read_u32_slow);
    if (!(b == WASM_OP_BR      ? check_br(c, x)
          : b == WASM_OP_BR_IF ? check_br_if(c, x)
                               : wasm_body_check_call(c, x))) {
        return false;
    }
    NEXT();
general : {
    wasm_instr_t in;
    r.pos = p;
    if (!read_instr(c, &r, &in)) {
        return false;
    }
    p = r.pos;
    const wasm_opinfo_t *info = &wasm_opinfo[in.op];
    if (info->kind == WASM_OPKIND_FIXED) {
        if (info->imm != WASM_IMM_NONE && !wasm_body_check_imm(c, &in, info->imm)) {
            return false;
        }
        if (!apply_fixed(c, info)) {
            return false;
        }
    } else if (!check_special(c, &in)) {
        return false;
    }
    NEXT();
}
#undef READ_LEB
#undef NEXT
#undef START
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
