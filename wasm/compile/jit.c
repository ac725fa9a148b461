/*
 * The compiler's driver: one forward pass over each function body, one
 * case per instruction, into one code buffer for the whole module; then
 * the entry stubs, and the copy into sealed code memory.
 *
 * The buffer's size is a guess from the module's size; when it overflows
 * the module is compiled again into a buffer twice as large (the emitter
 * never writes past the end, so an overflowing pass is simply discarded).
 */
#include "compile/jit_internal.h"

#include "error.h"
#include "platform.h"

void jit_fail(jit_t *j, const char *what) {
    if (j->failed) {
        return;
    }
    j->failed = true;
    wasm_error_set(j->err, j->wasm_offset, "func %u at 0x%x: %s", j->func, j->wasm_offset, what);
}

/* Whether the compiler handles values of type t (all but SIMD's v128). */
static bool type_supported(wasm_valtype_t t) {
    return t != WASM_V128;
}

static bool types_supported(const wasm_functype_t *t) {
    for (uint32_t i = 0; i < t->param_count + t->result_count; i++) {
        if (!type_supported(t->types[i])) {
            return false;
        }
    }
    return true;
}

/* Home registers, in the order they are handed out: rbx, r12 and r13
 * first, as C preserves them (no save around host calls); then r10, r9
 * and r8, which no instruction expansion claims (rax, rcx and rdx are
 * taken by div and shifts, rsi and rdi stay for operands). */
static const uint8_t gpr_home_order[JIT_HOME_REGS] = {X64_RBX, X64_R12, X64_R13,
                                                      X64_R10, X64_R9,  X64_R8};
static const uint8_t xmm_home_order[JIT_HOME_XMMS] = {X64_XMM8,  X64_XMM9,  X64_XMM10, X64_XMM11,
                                                      X64_XMM12, X64_XMM13, X64_XMM14};

/* A local.get/set/tee inside n loops counts 8^n (n capped at 5). */
#define LOOP_WEIGHT_SHIFT 3
#define LOOP_WEIGHT_MAX_DEPTH 5

/*
 * Weighs each local by its uses in the body, a use inside n nested loops
 * counting 8^n, so the locals of inner loops win the home registers. One
 * extra decoding pass over the body; it reads only what wasm_read_instr
 * reads anyway.
 */
static bool weigh_locals(jit_t *j) {
    const wasm_func_t *f = &j->m->funcs[j->func];
    wasm_reader_t rd = {j->m->bytes + f->code_offset, j->m->bytes + f->code_end, NULL, NULL};
    /* per open block: whether it is a loop, as a bit stack (deeper blocks
     * than 64 only ever count as the loop depth they were opened at) */
    uint64_t loops = 0;
    uint32_t depth = 0, loop_depth = 0;
    for (uint32_t i = 0; i < j->local_count; i++) {
        j->local_weight[i] = 0;
    }
    while (rd.pos < rd.end) {
        wasm_instr_t in;
        if (!wasm_read_instr(&rd, &in)) {
            jit_fail(j, "internal: unreadable instruction in a validated body");
            return false;
        }
        switch (in.op) {
        case WASM_OP_BLOCK: case WASM_OP_IF: case WASM_OP_LOOP: {
            bool loop = in.op == WASM_OP_LOOP;
            if (depth < 64) {
                loops = (loops & ~(1ull << depth)) | ((uint64_t)loop << depth);
            }
            loop_depth += loop && depth < 64;
            depth++;
            break;
        }
        case WASM_OP_END:
            if (depth > 0) {
                depth--;
                loop_depth -= depth < 64 && (loops >> depth & 1);
            }
            break;
        case WASM_OP_LOCAL_GET: case WASM_OP_LOCAL_SET: case WASM_OP_LOCAL_TEE: {
            uint32_t n = loop_depth < LOOP_WEIGHT_MAX_DEPTH ? loop_depth : LOOP_WEIGHT_MAX_DEPTH;
            uint32_t w = 1u << (LOOP_WEIGHT_SHIFT * n);
            uint32_t *c = &j->local_weight[in.imm.index];
            *c = *c > UINT32_MAX - w ? UINT32_MAX : *c + w;
            break;
        }
        default:
            break;
        }
    }
    return true;
}

/* Gives the heaviest used locals of each register class their homes
 * (ties: the lower index). Without weighing every local weighs 1. */
static void assign_homes(jit_t *j, bool ints, const uint8_t *order, uint32_t count,
                         uint32_t *mask) {
    for (uint32_t h = 0; h < count; h++) {
        uint32_t best = j->local_count, best_weight = 0;
        for (uint32_t i = 0; i < j->local_count; i++) {
            wasm_valtype_t t = j->locals[i];
            bool fits = ints ? t == WASM_I32 || t == WASM_I64 : t == WASM_F32 || t == WASM_F64;
            if (fits && j->local_home[i] == JIT_NO_HOME && j->local_weight[i] > best_weight) {
                best = i;
                best_weight = j->local_weight[i];
            }
        }
        if (best == j->local_count) {
            return;
        }
        j->local_home[best] = order[h];
        *mask |= 1u << order[h];
    }
}

/* Fills j->locals with the parameter and declared local types, and gives
 * the most used locals their home registers. */
static bool setup_locals(jit_t *j) {
    const wasm_func_t *f = &j->m->funcs[j->func];
    uint32_t n = j->type->param_count + f->local_count;
    if (n > j->locals_cap) {
        wasm_valtype_t *l = wasm_realloc(j->locals, n);
        uint8_t *h = wasm_realloc(j->local_home, n);
        uint32_t *w = wasm_realloc(j->local_weight, n * sizeof *w);
        if (l != NULL) {
            j->locals = l;
        }
        if (h != NULL) {
            j->local_home = h;
        }
        if (w != NULL) {
            j->local_weight = w;
        }
        if (l == NULL || h == NULL || w == NULL) {
            jit_fail(j, "out of memory");
            return false;
        }
        j->locals_cap = n;
    }
    j->local_count = n;
    j->gpr_homes = 0;
    j->xmm_homes = 0;
    for (uint32_t i = 0; i < n; i++) {
        j->locals[i] = wasm_local_type(j->m, j->func, i);
        if (!type_supported(j->locals[i])) {
            jit_fail(j, "v128 locals not supported by the compiler");
            return false;
        }
        j->local_home[i] = JIT_NO_HOME;
    }
    /* weighing costs a decoding pass: only when locals compete for homes */
    uint32_t ints = 0, floats = 0;
    for (uint32_t i = 0; i < n; i++) {
        bool is_int = j->locals[i] == WASM_I32 || j->locals[i] == WASM_I64;
        bool is_float = j->locals[i] == WASM_F32 || j->locals[i] == WASM_F64;
        ints += is_int;
        floats += is_float;
        j->local_weight[i] = is_int || is_float;
    }
    if ((ints > JIT_HOME_REGS || floats > JIT_HOME_XMMS) && !weigh_locals(j)) {
        return false;
    }
    assign_homes(j, true, gpr_home_order, JIT_HOME_REGS, &j->gpr_homes);
    assign_homes(j, false, xmm_home_order, JIT_HOME_XMMS, &j->xmm_homes);
    j->gpr_busy = j->gpr_homes;
    j->xmm_busy = j->xmm_homes;
    return true;
}

/* Whether op takes a comparison's result straight from the flags. */
static bool consumes_flags(uint16_t op) {
    return op == WASM_OP_BR_IF || op == WASM_OP_IF || op == WASM_OP_SELECT ||
           op == WASM_OP_SELECT_T || op == WASM_OP_I32_EQZ;
}

static void compile_instr(jit_t *j, const wasm_instr_t *in) {
    uint16_t op = in->op;
    if (j->blocks[j->depth - 1].unreachable) {
        /* dead code: only the block structure matters */
        if (op == WASM_OP_BLOCK || op == WASM_OP_LOOP || op == WASM_OP_IF) {
            jit_block(j, in);
        } else if (op == WASM_OP_ELSE) {
            jit_else(j);
        } else if (op == WASM_OP_END) {
            jit_end(j);
        }
        return;
    }
    if (!consumes_flags(op)) {
        jit_flush_flags(j);
    }
    switch (op) {
    case WASM_OP_NOP: break;
    case WASM_OP_UNREACHABLE: jit_unreachable(j); break;
    case WASM_OP_BLOCK: case WASM_OP_LOOP: case WASM_OP_IF: jit_block(j, in); break;
    case WASM_OP_ELSE: jit_else(j); break;
    case WASM_OP_END: jit_end(j); break;
    case WASM_OP_BR: jit_br(j, in->imm.index); break;
    case WASM_OP_BR_IF: jit_br_if(j, in->imm.index); break;
    case WASM_OP_BR_TABLE: jit_br_table(j, in); break;
    case WASM_OP_RETURN: jit_return(j); break;
    case WASM_OP_CALL:
        if (!types_supported(wasm_func_type(j->m, in->imm.index))) {
            jit_fail(j, "calls with v128 values not supported by the compiler");
            break;
        }
        if (!jit_portio_call(j, in->imm.index)) {
            jit_call(j, in->imm.index);
        }
        break;
    case WASM_OP_CALL_INDIRECT:
        if (!types_supported(&j->m->types[in->imm.pair.a])) {
            jit_fail(j, "calls with v128 values not supported by the compiler");
            break;
        }
        jit_call_indirect(j, in->imm.pair.a, in->imm.pair.b);
        break;
    case WASM_OP_DROP: jit_release(j, jit_pop(j)); break;
    case WASM_OP_I32_CONST: jit_push_const(j, WASM_I32, in->imm.bits); break;
    case WASM_OP_I64_CONST: jit_push_const(j, WASM_I64, in->imm.bits); break;
    case WASM_OP_F32_CONST: jit_push_const(j, WASM_F32, in->imm.bits); break;
    case WASM_OP_F64_CONST: jit_push_const(j, WASM_F64, in->imm.bits); break;
    case WASM_OP_SELECT_T:
        if (!type_supported(in->imm.select.types[0])) {
            jit_fail(j, "select of v128 values not supported by the compiler");
            break;
        }
        jit_int_op(j, WASM_OP_SELECT);
        break;
    default:
        if (!jit_int_op(j, op) && !jit_float_op(j, op) && !jit_var_op(j, in) &&
            !jit_table_op(j, in)) {
            char what[96];
            wasm_format(what, sizeof what, "%s is not compiled (SIMD is out of scope)",
                        wasm_opinfo[op].name);
            jit_fail(j, what);
        }
        break;
    }
}

static void compile_func(jit_t *j, uint32_t func) {
    const wasm_func_t *f = &j->m->funcs[func];
    j->func = func;
    j->type = wasm_func_type(j->m, func);
    j->wasm_offset = f->code_offset;
    j->sp = j->max_sp = 0;
    j->depth = 0;
    j->stub_count = 0;
    j->gpr_busy = 0;
    j->xmm_busy = 0;
    j->gpr_homes = 0;
    j->xmm_homes = 0;
    if (!types_supported(j->type)) {
        jit_fail(j, "v128 parameters or results not supported by the compiler");
        return;
    }
    if (!setup_locals(j)) {
        return;
    }
    x64_bind(&j->b, &j->func_labels[func - j->m->func_import_count]);
    jit_begin_body(j);
    jit_prologue(j);
    wasm_reader_t rd = {j->m->bytes + f->code_offset, j->m->bytes + f->code_end, NULL, NULL};
    while (j->depth > 0 && !j->failed) {
        wasm_instr_t in;
        j->wasm_offset = (uint32_t)(rd.pos - j->m->bytes);
        if (!wasm_read_instr(&rd, &in)) {
            jit_fail(j, "internal: unreadable instruction in a validated body");
            return;
        }
        if (jit_int_updates_local(in.op) && !j->blocks[j->depth - 1].unreachable) {
            wasm_reader_t ahead = rd; /* a look at the next instruction */
            wasm_instr_t next;
            if (wasm_read_instr(&ahead, &next) && jit_int_update_local(j, in.op, &next)) {
                rd = ahead;
                continue;
            }
        }
        compile_instr(j, &in);
    }
    jit_finish_func(j);
}

static void release_scratch(jit_t *j) {
    wasm_free(j->func_labels);
    wasm_free(j->locals);
    wasm_free(j->local_home);
    wasm_free(j->local_weight);
    wasm_free(j->stack);
    wasm_free(j->blocks);
    wasm_free(j->stubs);
    wasm_free(j->b.bytes);
}

/* One attempt at a buffer of `cap` bytes: true when finished (compiled or
 * failed), false when the buffer was too small. */
static bool compile_into(jit_t *j, size_t cap, wasm_jit_code_t *out) {
    const wasm_module_t *m = j->m;
    uint32_t defined = m->func_count - m->func_import_count;
    uint8_t *bytes = wasm_alloc(cap);
    j->func_labels = wasm_alloc((defined ? defined : 1) * sizeof *j->func_labels);
    out->func_offsets = wasm_alloc((defined ? defined : 1) * sizeof *out->func_offsets);
    out->entry_offsets = wasm_alloc((m->type_count ? m->type_count : 1) * sizeof(uint32_t));
    x64_buf_init(&j->b, bytes, bytes ? cap : 0);
    if (!bytes || !j->func_labels || !out->func_offsets || !out->entry_offsets) {
        jit_fail(j, "out of memory");
        return true;
    }
    for (uint32_t i = 0; i < defined; i++) {
        x64_label_init(&j->func_labels[i]);
    }
    if (!jit_portio_check_module(j)) {
        return true;
    }
    for (uint32_t i = 0; i < defined && !j->failed && x64_ok(&j->b); i++) {
        compile_func(j, m->func_import_count + i);
        out->func_offsets[i] = j->func_labels[i].pos;
    }
    for (uint32_t i = 0; i < m->type_count && !j->failed; i++) {
        out->entry_offsets[i] = UINT32_MAX; /* v128 types get no stub */
        if (types_supported(&m->types[i])) {
            x64_nop(&j->b, (16 - j->b.len % 16) % 16);
            out->entry_offsets[i] = (uint32_t)j->b.len;
            jit_entry_stub(j, &m->types[i]);
        }
    }
    if (j->failed) {
        return true;
    }
    if (j->b.overflow) {
        return false;
    }
    if (j->b.invalid) {
        jit_fail(j, "internal: unencodable instruction");
        return true;
    }
    out->size = j->b.len;
    out->code = wasm_code_alloc(out->size ? out->size : 1);
    if (out->code == NULL) {
        jit_fail(j, "out of code memory");
        return true;
    }
    memcpy(out->code, j->b.bytes, out->size);
    if (!wasm_code_seal(out->code, out->size ? out->size : 1)) {
        jit_fail(j, "cannot seal code memory");
    }
    return true;
}

bool wasm_jit_compile(const wasm_module_t *m, const wasm_jit_options_t *options,
                      wasm_jit_code_t *out, wasm_error_t *err) {
    size_t cap = 4096 + 16 * m->size;
    *out = (wasm_jit_code_t){0};
    for (;;) {
        jit_t j = {.m = m, .err = err};
        if (options != NULL) {
            j.options = *options;
        }
        bool done = compile_into(&j, cap, out);
        out->traps = j.traps;
        release_scratch(&j);
        if (done && !j.failed) {
            return true;
        }
        wasm_jit_code_free(out);
        if (done) {
            return false;
        }
        cap *= 2;
    }
}

void wasm_jit_code_free(wasm_jit_code_t *c) {
    wasm_code_free(c->code, c->size ? c->size : 1);
    wasm_free(c->func_offsets);
    wasm_free(c->entry_offsets);
    wasm_trap_table_free(&c->traps);
    *c = (wasm_jit_code_t){0};
}
