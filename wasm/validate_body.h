/*
 * The state of the body pass (validate_code.c, validate_instr.c) and the
 * operand and control stack operations both files use, inline because
 * every instruction uses them.
 */
#ifndef RZ_WASM_VALIDATE_BODY_H
#define RZ_WASM_VALIDATE_BODY_H

#include "instr.h"
#include "validate.h"

typedef struct wasm_body {
    wasm_validator_t *v;
    uint32_t func_index;
    const uint8_t *at; /* the instruction being checked */
    uint16_t op;       /* its opcode, WASM_OP_COUNT when the failure is not about one */
    uint32_t local_total;
    bool malformed; /* the failure is one of form (or out of memory), not typing */
    bool done;      /* the function's final end has been checked */

    /* The operand stack (v->vals, cached here with the innermost frame's
     * height and reachability, as every instruction uses them). */
    wasm_valtype_t *vals;
    uint32_t len, cap;
    uint32_t height;
    bool unreachable;
} wasm_body_t;

/*
 * Fails with "func N at 0x..: <op>: <message>", or "... <op> expects ..."
 * when the message says what the instruction expects. (The decoder adds the
 * function's name once the name section, which follows the code, is read.)
 * Always returns false.
 */
bool wasm_body_fail(wasm_body_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Makes room for one more operand. */
bool wasm_body_grow_vals(wasm_body_t *c);

/* The immediate checks of instructions typed from the table (memargs, lanes). */
bool wasm_body_check_imm(wasm_body_t *c, const wasm_instr_t *in, wasm_imm_t imm);

/* call of function x (validate_instr.c). */
bool wasm_body_check_call(wasm_body_t *c, uint32_t x);

/* Types an X instruction that is neither a control instruction nor one
 * validate_code.c's fast path takes (local.*, call). */
bool wasm_body_check_other(wasm_body_t *c, const wasm_instr_t *in);

static inline const char *type_name(wasm_valtype_t t) {
    return t == WASM_UNKNOWN ? "any" : wasm_valtype_name(t);
}

static inline bool push(wasm_body_t *c, wasm_valtype_t t) {
    if (c->len == c->cap && !wasm_body_grow_vals(c)) {
        return false;
    }
    c->vals[c->len++] = t;
    return true;
}

static inline bool push_n(wasm_body_t *c, const wasm_valtype_t *types, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        if (!push(c, types[i])) {
            return false;
        }
    }
    return true;
}

/* Pops a value of any type into *out (WASM_UNKNOWN below an unreachable frame's height). */
static inline bool pop_any(wasm_body_t *c, wasm_valtype_t *out) {
    if (c->len == c->height) {
        if (c->unreachable) {
            *out = WASM_UNKNOWN;
            return true;
        }
        return wasm_body_fail(c, "expects a value, found nothing");
    }
    *out = c->vals[--c->len];
    return true;
}

static inline bool pop_expect(wasm_body_t *c, wasm_valtype_t want) {
    wasm_valtype_t got;
    if (c->len == c->height) {
        if (c->unreachable) {
            return true;
        }
        return wasm_body_fail(c, "expects %s, found nothing", type_name(want));
    }
    got = c->vals[--c->len];
    if (got != want && got != WASM_UNKNOWN && want != WASM_UNKNOWN) {
        return wasm_body_fail(c, "expects %s, found %s", type_name(want), type_name(got));
    }
    return true;
}

static inline bool pop_n(wasm_body_t *c, const wasm_valtype_t *types, uint32_t n) {
    for (uint32_t i = n; i-- > 0;) {
        if (!pop_expect(c, types[i])) {
            return false;
        }
    }
    return true;
}

static inline void set_unreachable(wasm_body_t *c) {
    c->v->ctls[c->v->ctls_len - 1].unreachable = true;
    c->len = c->height;
    c->unreachable = true;
}

static inline bool label(wasm_body_t *c, uint32_t depth, const wasm_ctl_t **out) {
    if (depth >= c->v->ctls_len) {
        return wasm_body_fail(c, "unknown label %u", depth);
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

static inline bool need_memory(wasm_body_t *c) {
    return c->v->m->memory_count > 0 || wasm_body_fail(c, "unknown memory 0");
}

static inline bool need_table(wasm_body_t *c, uint32_t index) {
    return index < c->v->m->table_count || wasm_body_fail(c, "unknown table %u", index);
}

static inline bool need_data(wasm_body_t *c, uint32_t index) {
    return index < c->v->m->data_count || wasm_body_fail(c, "unknown data segment %u", index);
}

static inline bool need_elem(wasm_body_t *c, uint32_t index) {
    return index < c->v->m->elem_count || wasm_body_fail(c, "unknown elem segment %u", index);
}

/* A memory access: there is a memory, and the alignment is at most natural (2^max_align). */
static inline bool check_memarg(wasm_body_t *c, uint32_t align, uint32_t max_align) {
    if (!need_memory(c)) {
        return false;
    }
    if (align > max_align) {
        return wasm_body_fail(c, "alignment must not be larger than natural (2^%u > %u bytes)",
                              align, 1u << max_align);
    }
    return true;
}

#endif
