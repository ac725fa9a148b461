/*
 * Frames, control flow and calls: the prologue with its stack-limit check,
 * blocks and the branches that merge into them, returns, direct calls and
 * the out-of-line trap stubs. The merge protocol (values travel in the
 * canonical slots of their post-branch depths, a one-result block's value
 * in rax or xmm0) is in jit_internal.h.
 */
#include "compile/jit_internal.h"

#include "platform.h"

/* Integer parameter registers after rdi, which carries the context. */
static const uint8_t int_arg_regs[] = {X64_RSI, X64_RDX, X64_RCX, X64_R8, X64_R9};
#define INT_ARG_REGS 5
#define FLOAT_ARG_REGS 8 /* xmm0..xmm7 */

/* Where a parameter travels (docs/jit.md section 3). */
struct param_loc {
    bool in_reg;
    uint8_t reg;    /* a general register, or an xmm register for floats */
    uint32_t stack; /* otherwise: index of its 8-byte stack slot */
};

/* Walks the parameters of a type in order, assigning locations. */
struct param_walk {
    uint32_t ints, floats, stack;
};

static struct param_loc param_next(struct param_walk *w, wasm_valtype_t t) {
    if (jit_is_int(t) && w->ints < INT_ARG_REGS) {
        return (struct param_loc){true, int_arg_regs[w->ints++], 0};
    }
    if (!jit_is_int(t) && w->floats < FLOAT_ARG_REGS) {
        return (struct param_loc){true, (uint8_t)w->floats++, 0};
    }
    return (struct param_loc){false, 0, w->stack++};
}

static uint32_t stack_param_count(const wasm_functype_t *t) {
    struct param_walk w = {0, 0, 0};
    for (uint32_t i = 0; i < t->param_count; i++) {
        param_next(&w, t->types[i]);
    }
    return w.stack;
}

/* Bytes a caller reserves below its stack pointer for a call to t: stack
 * parameters, then the multi-result area; a multiple of 16. */
static uint32_t call_area_size(const wasm_functype_t *t) {
    uint32_t words = stack_param_count(t) + (t->result_count > 1 ? t->result_count : 0);
    return (8 * words + 15) & ~15u;
}

void jit_trap_if(jit_t *j, enum x64_cc cc, uint8_t kind) {
    if (j->stub_count == j->stubs_cap) {
        uint32_t cap = j->stubs_cap ? 2 * j->stubs_cap : 16;
        jit_trap_stub_t *s = wasm_realloc(j->stubs, cap * sizeof *s);
        if (s == NULL) {
            jit_fail(j, "out of memory");
            return;
        }
        j->stubs = s;
        j->stubs_cap = cap;
    }
    jit_trap_stub_t *s = &j->stubs[j->stub_count];
    x64_label_init(&s->label);
    s->kind = kind;
    s->wasm_offset = j->wasm_offset;
    j->stub_count++;
    x64_jcc(&j->b, cc, &s->label);
}

void jit_trap_site(jit_t *j, uint8_t kind) {
    wasm_trap_site_t site = {(uint32_t)j->b.len, j->func, j->wasm_offset, kind};
    if (x64_ok(&j->b) && !wasm_trap_table_add(&j->traps, site)) {
        jit_fail(j, "out of memory");
    }
}

static bool is_arg_reg(uint8_t r) {
    for (uint32_t i = 0; i < INT_ARG_REGS; i++) {
        if (int_arg_regs[i] == r) {
            return true;
        }
    }
    return false;
}

void jit_prologue(jit_t *j) {
    struct x64_buf *b = &j->b;
    const wasm_functype_t *t = j->type;
    x64_push(b, X64_RBP);
    x64_mov_rr(b, X64_W64, X64_RBP, X64_RSP);
    x64_mov_rr(b, X64_W64, JIT_CTX, X64_RDI);
    /* check the new stack pointer against the limit before using the frame */
    x64_mov_rr(b, X64_W64, JIT_SCRATCH, X64_RSP);
    x64_alu_ri32(b, X64_SUB, X64_W64, JIT_SCRATCH, 0);
    j->frame_patch = (uint32_t)b->len - 4;
    x64_alu_rm(b, X64_CMP, X64_W64, JIT_SCRATCH,
               x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, stack_limit)));
    jit_trap_if(j, X64_CC_B, WASM_TRAP_STACK_EXHAUSTED);
    x64_mov_rr(b, X64_W64, X64_RSP, JIT_SCRATCH);
    x64_store(b, X64_S64, x64_base(X64_RBP, -8), JIT_CTX);
    if (j->m->memory_count > 0) {
        x64_load(b, X64_S64, JIT_MEM, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, mem0_base)));
    }
    /* A home that is itself an argument register (r8, r9) is loaded from
     * the frame once every parameter register has been read. */
    struct param_walk w = {0, 0, 0};
    for (uint32_t i = 0; i < t->param_count; i++) {
        struct param_loc p = param_next(&w, t->types[i]);
        bool is_int = jit_is_int(t->types[i]);
        uint8_t home = is_int && is_arg_reg(j->local_home[i]) ? JIT_NO_HOME : j->local_home[i];
        struct x64_mem stack_arg = x64_base(X64_RBP, 16 + 8 * (int32_t)p.stack);
        if (home != JIT_NO_HOME && is_int && p.in_reg) {
            x64_mov_rr(b, X64_W64, (enum x64_reg)home, (enum x64_reg)p.reg);
        } else if (home != JIT_NO_HOME && is_int && !p.in_reg) {
            x64_load(b, X64_S64, (enum x64_reg)home, stack_arg);
        } else if (home != JIT_NO_HOME && !is_int && p.in_reg) {
            x64_fmov_rr(b, (enum x64_xmm)home, (enum x64_xmm)p.reg);
        } else if (home != JIT_NO_HOME && !is_int) {
            x64_fload(b, X64_F64, (enum x64_xmm)home, stack_arg);
        } else if (!p.in_reg) {
            x64_load(b, X64_S64, JIT_SCRATCH, stack_arg);
            x64_store(b, X64_S64, jit_local_mem(j, i), JIT_SCRATCH);
        } else if (is_int) {
            x64_store(b, X64_S64, jit_local_mem(j, i), (enum x64_reg)p.reg);
        } else {
            x64_fstore(b, X64_F64, jit_local_mem(j, i), (enum x64_xmm)p.reg);
        }
    }
    for (uint32_t i = 0; i < t->param_count; i++) {
        uint8_t home = j->local_home[i];
        if (home != JIT_NO_HOME && jit_is_int(t->types[i]) && is_arg_reg(home)) {
            x64_load(b, X64_S64, (enum x64_reg)home, jit_local_mem(j, i));
        }
    }
    for (uint32_t i = t->param_count; i < j->local_count; i++) {
        uint8_t home = j->local_home[i];
        if (home != JIT_NO_HOME && jit_is_int(j->locals[i])) {
            x64_zero(b, (enum x64_reg)home);
        } else if (home != JIT_NO_HOME) {
            x64_sse_logic(b, X64_XORPS, (enum x64_xmm)home, (enum x64_xmm)home);
        }
    }
    uint32_t declared = j->local_count - t->param_count;
    if (declared <= 8) {
        for (uint32_t i = t->param_count; i < j->local_count; i++) {
            x64_store_i(b, X64_S64, jit_local_mem(j, i), 0);
        }
    } else { /* rep stosb over the declared locals; DF is clear on entry */
        x64_lea(b, X64_W64, X64_RDI, jit_local_mem(j, j->local_count - 1));
        x64_mov_ri(b, X64_W32, X64_RCX, 8 * declared);
        x64_zero(b, X64_RAX);
        x64_rep_stosb(b);
    }
}

/* mov rsp, rbp; pop rbp; ret */
static void epilogue(jit_t *j) {
    x64_mov_rr(&j->b, X64_W64, X64_RSP, X64_RBP);
    x64_pop(&j->b, X64_RBP);
    x64_ret(&j->b);
}

void jit_finish_func(jit_t *j) {
    uint32_t frame = (8 + 8 * (j->local_count + j->max_sp) + 15) & ~15u;
    x64_patch32(&j->b, j->frame_patch, frame);
    for (uint32_t i = 0; i < j->stub_count; i++) {
        x64_bind(&j->b, &j->stubs[i].label);
        wasm_trap_site_t site = {(uint32_t)j->b.len, j->func, j->stubs[i].wasm_offset,
                                 j->stubs[i].kind};
        if (x64_ok(&j->b) && !wasm_trap_table_add(&j->traps, site)) {
            jit_fail(j, "out of memory");
        }
        x64_ud2(&j->b);
    }
}

void jit_blocktype(const jit_t *j, const wasm_instr_t *in, uint32_t *np, const wasm_valtype_t **p,
                   uint32_t *nr, const wasm_valtype_t **r) {
    *np = 0;
    *nr = 0;
    *p = NULL;
    *r = NULL;
    if (in->imm.block.kind == WASM_BLOCK_VALTYPE) {
        /* not &in->imm: the instruction is gone by the block's end */
        static const wasm_valtype_t valtypes[] = {WASM_I32,  WASM_I64,     WASM_F32,
                                                  WASM_F64,  WASM_V128,    WASM_FUNCREF,
                                                  WASM_EXTERNREF};
        for (size_t i = 0; i < sizeof valtypes; i++) {
            if (valtypes[i] == in->imm.block.valtype) {
                *nr = 1;
                *r = &valtypes[i];
            }
        }
    } else if (in->imm.block.kind == WASM_BLOCK_INDEX) {
        const wasm_functype_t *t = &j->m->types[in->imm.block.index];
        *np = t->param_count;
        *p = t->types;
        *nr = t->result_count;
        *r = t->types + t->param_count;
    }
}

/* Jumps to l when cond is true (when_true) or false; releases cond. */
static void branch_on(jit_t *j, jit_val_t cond, bool when_true, struct x64_label *l) {
    switch (cond.loc) {
    case JIT_FLAGS: {
        enum x64_cc cc = (enum x64_cc)cond.reg;
        x64_jcc(&j->b, when_true ? cc : x64_cc_invert(cc), l);
        break;
    }
    case JIT_CONST:
        if (((uint32_t)cond.imm != 0) == when_true) {
            x64_jmp(&j->b, l);
        }
        break;
    case JIT_REG:
    case JIT_LOCAL:
        x64_test_rr(&j->b, X64_W32, (enum x64_reg)cond.reg, (enum x64_reg)cond.reg);
        x64_jcc(&j->b, when_true ? X64_CC_NE : X64_CC_E, l);
        break;
    case JIT_SLOT:
        x64_alu_mi(&j->b, X64_CMP, X64_W32, jit_slot_mem(j, (uint32_t)cond.imm), 0);
        x64_jcc(&j->b, when_true ? X64_CC_NE : X64_CC_E, l);
        break;
    }
    jit_release(j, cond);
}

static jit_block_t *push_block(jit_t *j) {
    if (j->depth == j->blocks_cap) {
        uint32_t cap = j->blocks_cap ? 2 * j->blocks_cap : 16;
        jit_block_t *bl = wasm_realloc(j->blocks, cap * sizeof *bl);
        if (bl == NULL) {
            jit_fail(j, "out of memory");
            return NULL;
        }
        j->blocks = bl;
        j->blocks_cap = cap;
    }
    jit_block_t *bl = &j->blocks[j->depth++];
    *bl = (jit_block_t){0};
    x64_label_init(&bl->label);
    x64_label_init(&bl->else_label);
    return bl;
}

void jit_begin_body(jit_t *j) {
    jit_block_t *bl = push_block(j);
    if (bl != NULL) {
        bl->op = WASM_OP_CALL;
        bl->result_count = j->type->result_count;
        bl->results = j->type->types + j->type->param_count;
    }
}

void jit_block(jit_t *j, const wasm_instr_t *in) {
    uint32_t np, nr;
    const wasm_valtype_t *p, *r;
    jit_blocktype(j, in, &np, &p, &nr, &r);
    bool dead = j->depth > 0 && j->blocks[j->depth - 1].unreachable;
    jit_val_t cond = {0};
    if (!dead && in->op == WASM_OP_IF) {
        cond = jit_pop(j);
    }
    if (!dead) {
        jit_spill_all(j);
        /* the params too: a loop's back edges and an if's else arm find
         * them in their slots, so constants must be written there */
        for (uint32_t d = j->sp - np; d < j->sp; d++) {
            if (j->stack[d].loc == JIT_CONST) {
                jit_copy_to_slot(j, &j->stack[d], d);
                j->stack[d] = jit_slot_val(j->stack[d].type, d);
            }
        }
    }
    jit_block_t *bl = push_block(j);
    if (bl == NULL) {
        return;
    }
    bl->op = in->op;
    bl->unreachable = dead;
    bl->dead = dead;
    bl->height = dead ? 0 : j->sp - np;
    bl->param_count = np;
    bl->params = p;
    bl->result_count = nr;
    bl->results = r;
    if (dead) {
        return;
    }
    if (in->op == WASM_OP_LOOP) {
        x64_bind(&j->b, &bl->label);
    } else if (in->op == WASM_OP_IF) {
        branch_on(j, cond, false, &bl->else_label);
    }
}

/* Values a branch to bl carries: a loop's params, otherwise its results. */
static uint32_t label_arity(const jit_block_t *bl) {
    return bl->op == WASM_OP_LOOP ? bl->param_count : bl->result_count;
}

/* Copies the top n values to the slots of depths height.. (ascending order
 * never overwrites a source still to be read, since height <= sp - n). */
static void move_to_slots(jit_t *j, uint32_t n, uint32_t height) {
    for (uint32_t i = 0; i < n; i++) {
        jit_copy_to_slot(j, &j->stack[j->sp - n + i], height + i);
    }
}

/* Whether the top n values already sit in the slots of depths height.. . */
static bool in_slots(const jit_t *j, uint32_t n, uint32_t height) {
    for (uint32_t i = 0; i < n; i++) {
        const jit_val_t *v = &j->stack[j->sp - n + i];
        if (v->loc != JIT_SLOT || v->imm != height + i) {
            return false;
        }
    }
    return true;
}

/* The stack after a merge: what lies below the block, then n slot values. */
static void reset_stack(jit_t *j, uint32_t height, uint32_t n, const wasm_valtype_t *types) {
    j->sp = height;
    j->gpr_busy = j->gpr_homes; /* everything below a block was spilled at its entry */
    j->xmm_busy = j->xmm_homes;
    for (uint32_t i = 0; i < n; i++) {
        jit_push(j, jit_slot_val(types[i], height + i));
    }
}

/* Whether bl's label takes its one value in a register (rax, or xmm0 for
 * floats) rather than a slot: a block or if with one result and no
 * params. Every edge into the label copies the value there; below the
 * block everything is in slots, so the register is free at the label. */
static bool merges_in_reg(const jit_block_t *bl) {
    return (bl->op == WASM_OP_BLOCK || bl->op == WASM_OP_IF) && bl->param_count == 0 &&
           bl->result_count == 1;
}

static unsigned merge_reg(const jit_block_t *bl) {
    return jit_is_int(bl->results[0]) ? (unsigned)X64_RAX : (unsigned)X64_XMM0;
}

/* Moves the values a branch to bl carries to where its label wants them. */
static void move_to_label(jit_t *j, const jit_block_t *bl) {
    if (!merges_in_reg(bl)) {
        move_to_slots(j, label_arity(bl), bl->height);
    } else if (jit_is_int(bl->results[0])) {
        jit_copy_to_reg(j, &j->stack[j->sp - 1], X64_RAX);
    } else {
        jit_copy_to_xmm(j, &j->stack[j->sp - 1], X64_XMM0);
    }
}

/* Whether the values a branch to bl carries are already where it wants them. */
static bool at_label(const jit_t *j, const jit_block_t *bl) {
    if (!merges_in_reg(bl)) {
        return in_slots(j, label_arity(bl), bl->height);
    }
    const jit_val_t *v = &j->stack[j->sp - 1];
    return v->loc == JIT_REG && v->reg == merge_reg(bl);
}

/* The stack after bl's label (its end: a block's results). */
static void after_label(jit_t *j, const jit_block_t *bl) {
    reset_stack(j, bl->height, bl->result_count, bl->results);
    if (merges_in_reg(bl)) {
        j->sp--;
        jit_push_reg(j, bl->results[0], merge_reg(bl));
    }
}

/* Moves the function's results to where the caller expects them, returns. */
static void emit_return(jit_t *j) {
    const wasm_functype_t *t = j->type;
    uint32_t n = t->result_count;
    if (n == 1 && jit_is_int(t->types[t->param_count])) {
        jit_copy_to_reg(j, &j->stack[j->sp - 1], X64_RAX);
    } else if (n == 1) {
        jit_copy_to_xmm(j, &j->stack[j->sp - 1], X64_XMM0);
    } else if (n > 1) {
        int32_t area = 16 + 8 * (int32_t)stack_param_count(t);
        for (uint32_t i = 0; i < n; i++) {
            jit_copy_to_reg(j, &j->stack[j->sp - n + i], JIT_SCRATCH);
            x64_store(&j->b, X64_S64, x64_base(X64_RBP, area + 8 * (int32_t)i), JIT_SCRATCH);
        }
    }
    epilogue(j);
}

/* Emits the unconditional transfer of a branch to block bl. */
static void branch_to(jit_t *j, jit_block_t *bl) {
    if (bl == &j->blocks[0]) {
        emit_return(j);
        return;
    }
    move_to_label(j, bl);
    x64_jmp(&j->b, &bl->label);
}

static void mark_unreachable(jit_t *j) {
    j->blocks[j->depth - 1].unreachable = true;
}

void jit_else(jit_t *j) {
    jit_block_t *bl = &j->blocks[j->depth - 1];
    if (bl->dead) {
        return;
    }
    if (!bl->unreachable) {
        move_to_label(j, bl);
        x64_jmp(&j->b, &bl->label);
    }
    x64_bind(&j->b, &bl->else_label);
    bl->has_else = true;
    bl->unreachable = false;
    reset_stack(j, bl->height, bl->param_count, bl->params);
}

void jit_end(jit_t *j) {
    jit_block_t *bl = &j->blocks[j->depth - 1];
    if (j->depth == 1) { /* the function body */
        if (!bl->unreachable) {
            emit_return(j);
        }
        j->depth--;
        return;
    }
    if (bl->dead) {
        j->depth--;
        return;
    }
    bool forward_uses = bl->label.chain != 0 || (bl->op == WASM_OP_IF && !bl->has_else);
    if (bl->op == WASM_OP_LOOP || !forward_uses) {
        /* nothing branches to the end: no merge, the fall-through state
         * continues as it is, and if it cannot run, neither can what follows */
        bool reachable = !bl->unreachable;
        j->depth--;
        if (!reachable) {
            reset_stack(j, bl->height, bl->result_count, bl->results);
            mark_unreachable(j);
        }
        return;
    }
    if (!bl->unreachable) {
        move_to_label(j, bl);
    }
    if (bl->op == WASM_OP_IF && !bl->has_else) {
        x64_bind(&j->b, &bl->else_label); /* params == results: already in place */
    }
    x64_bind(&j->b, &bl->label);
    j->depth--;
    after_label(j, bl);
}

void jit_br(jit_t *j, uint32_t depth) {
    branch_to(j, &j->blocks[j->depth - 1 - depth]);
    mark_unreachable(j);
}

void jit_br_if(jit_t *j, uint32_t depth) {
    jit_val_t cond = jit_pop(j);
    jit_block_t *bl = &j->blocks[j->depth - 1 - depth];
    if (bl != &j->blocks[0] && at_label(j, bl)) {
        branch_on(j, cond, true, &bl->label); /* compare and branch, fused */
        return;
    }
    struct x64_label skip;
    x64_label_init(&skip);
    branch_on(j, cond, false, &skip);
    branch_to(j, bl);
    x64_bind(&j->b, &skip);
}

/* br_table with fewer labels than this is a chain of compares. */
#define JUMP_TABLE_MIN 8

/* The block targeted by the next label of a br_table. */
static jit_block_t *next_target(jit_t *j, wasm_reader_t *rd) {
    uint32_t depth = 0;
    if (!wasm_read_u32(rd, &depth) || depth >= j->depth) {
        jit_fail(j, "internal: br_table targets unreadable");
        return NULL;
    }
    return &j->blocks[j->depth - 1 - depth];
}

/* A branch to bl that needs no code but the jump itself. */
static bool direct_target(jit_t *j, jit_block_t *bl) {
    return bl != &j->blocks[0] && at_label(j, bl);
}

static void br_table_chain(jit_t *j, const wasm_instr_t *in, enum x64_reg r, wasm_reader_t *rd) {
    for (uint32_t i = 0; i <= in->imm.br_table.count; i++) {
        jit_block_t *bl = next_target(j, rd);
        if (bl == NULL) {
            return;
        }
        if (i == in->imm.br_table.count) {
            branch_to(j, bl); /* the default */
            break;
        }
        x64_alu_ri(&j->b, X64_CMP, X64_W32, r, (int32_t)i);
        if (direct_target(j, bl)) {
            x64_jcc(&j->b, X64_CC_E, &bl->label);
            continue;
        }
        struct x64_label next;
        x64_label_init(&next);
        x64_jcc(&j->b, X64_CC_NE, &next);
        branch_to(j, bl);
        x64_bind(&j->b, &next);
    }
}

/*
 * A jump table of rel32 entries, indexed after clamping the index to the
 * default's (cmov, so no misprediction reads past the table either).
 * Targets whose values must move get one stub each after the table.
 */
static void br_table_jump(jit_t *j, const wasm_instr_t *in, enum x64_reg r, wasm_reader_t *rd) {
    struct x64_buf *b = &j->b;
    uint32_t n = in->imm.br_table.count;
    struct x64_label *stubs = wasm_alloc(j->depth * sizeof *stubs);
    if (stubs == NULL) {
        jit_fail(j, "out of memory");
        return;
    }
    for (uint32_t d = 0; d < j->depth; d++) {
        x64_label_init(&stubs[d]);
    }
    enum x64_reg rm = jit_alloc_gpr(j);
    struct x64_label table;
    x64_label_init(&table);
    x64_mov_ri(b, X64_W32, rm, n);
    x64_alu_rr(b, X64_CMP, X64_W32, r, rm);
    x64_cmov(b, X64_CC_AE, X64_W32, r, rm); /* beyond the labels: the default */
    x64_lea_label(b, JIT_SCRATCH, &table);
    x64_lea(b, X64_W64, JIT_SCRATCH, x64_sib(JIT_SCRATCH, r, 4, 0));
    x64_load_s(b, X64_S32, X64_W64, rm, x64_base(JIT_SCRATCH, 0));
    x64_lea(b, X64_W64, JIT_SCRATCH, x64_sib(JIT_SCRATCH, rm, 1, 4));
    x64_jmp_r(b, JIT_SCRATCH);
    x64_nop(b, (4 - b->len % 4) % 4);
    x64_bind(b, &table);
    for (uint32_t i = 0; i <= n && !j->failed; i++) {
        jit_block_t *bl = next_target(j, rd);
        if (bl != NULL) {
            x64_data_rel32(b, direct_target(j, bl) ? &bl->label : &stubs[bl - j->blocks]);
        }
    }
    for (uint32_t d = 0; d < j->depth; d++) {
        if (stubs[d].chain != 0) { /* used by some entry */
            x64_bind(b, &stubs[d]);
            branch_to(j, &j->blocks[d]);
        }
    }
    wasm_free(stubs);
    j->gpr_busy &= ~(1u << rm);
}

void jit_br_table(jit_t *j, const wasm_instr_t *in) {
    jit_val_t index = jit_pop(j);
    enum x64_reg r = jit_to_gpr(j, &index);
    wasm_reader_t rd = {in->imm.br_table.targets, j->m->bytes + j->m->size, NULL, NULL};
    if (in->imm.br_table.count >= JUMP_TABLE_MIN) {
        br_table_jump(j, in, r, &rd);
    } else {
        br_table_chain(j, in, r, &rd);
    }
    jit_release(j, index);
    mark_unreachable(j);
}

void jit_return(jit_t *j) {
    emit_return(j);
    mark_unreachable(j);
}

/* Moves the call's arguments (the top np values, all in slots or constants
 * after a spill) to their registers and stack slots, and pops them. */
static void load_args(jit_t *j, const wasm_functype_t *t) {
    uint32_t np = t->param_count;
    struct param_walk w = {0, 0, 0};
    for (uint32_t i = 0; i < np; i++) {
        const jit_val_t *v = &j->stack[j->sp - np + i];
        struct param_loc p = param_next(&w, t->types[i]);
        if (!p.in_reg) {
            jit_copy_to_reg(j, v, JIT_SCRATCH);
            x64_store(&j->b, X64_S64, x64_base(X64_RSP, 8 * (int32_t)p.stack), JIT_SCRATCH);
        } else if (jit_is_int(t->types[i])) {
            jit_copy_to_reg(j, v, (enum x64_reg)p.reg);
        } else {
            jit_copy_to_xmm(j, v, (enum x64_xmm)p.reg);
        }
    }
    j->sp -= np;
}

/* After the call instruction: restores the pinned registers if the callee
 * may belong to another instance, pushes the results, frees the `area`
 * bytes reserved below the stack pointer. */
static void finish_call(jit_t *j, const wasm_functype_t *t, uint32_t area, bool foreign) {
    struct x64_buf *b = &j->b;
    uint32_t np = t->param_count, nr = t->result_count;
    if (foreign) {
        x64_load(b, X64_S64, JIT_CTX, x64_base(X64_RBP, -8));
        if (j->m->memory_count > 0) {
            x64_load(b, X64_S64, JIT_MEM, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, mem0_base)));
        }
        if (nr == 1 && t->types[np] == WASM_I32) {
            /* a C function returning 32 bits leaves the upper half of rax
             * undefined; i32 values must be zero-extended (addresses!) */
            x64_mov_rr(b, X64_W32, X64_RAX, X64_RAX);
        }
    }
    if (nr == 1) {
        jit_push_reg(j, t->types[np], jit_is_int(t->types[np]) ? (unsigned)X64_RAX : X64_XMM0);
    } else {
        int32_t results = 8 * (int32_t)stack_param_count(t);
        for (uint32_t i = 0; i < nr; i++) {
            x64_load(b, X64_S64, JIT_SCRATCH, x64_base(X64_RSP, results + 8 * (int32_t)i));
            x64_store(b, X64_S64, jit_slot_mem(j, j->sp), JIT_SCRATCH);
            jit_push(j, jit_slot_val(t->types[np + i], j->sp));
        }
    }
    if (area > 0) {
        x64_alu_ri(b, X64_ADD, X64_W64, X64_RSP, (int32_t)area);
    }
}

void jit_call(jit_t *j, uint32_t func) {
    struct x64_buf *b = &j->b;
    const wasm_functype_t *t = wasm_func_type(j->m, func);
    uint32_t area = call_area_size(t);
    bool import = func < j->m->func_import_count;
    jit_spill_all(j);
    if (area > 0) {
        x64_alu_ri(b, X64_SUB, X64_W64, X64_RSP, (int32_t)area);
    }
    jit_save_homes(j, true); /* an import, too, may be compiled code */
    load_args(j, t);
    if (import) {
        int32_t slot = (int32_t)(func * sizeof(wasm_func_ref_t));
        x64_load(b, X64_S64, JIT_SCRATCH, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, imports)));
        x64_load(b, X64_S64, X64_RDI,
                 x64_base(JIT_SCRATCH, slot + (int32_t)offsetof(wasm_func_ref_t, ctx)));
        x64_call_m(b, x64_base(JIT_SCRATCH, slot + (int32_t)offsetof(wasm_func_ref_t, code)));
    } else {
        x64_mov_rr(b, X64_W64, X64_RDI, JIT_CTX);
        x64_call_label(b, &j->func_labels[func - j->m->func_import_count]);
    }
    jit_save_homes(j, false);
    finish_call(j, t, area, import);
}

/* Home registers the System V ABI makes callee-saved: C keeps them. */
#define C_SAVED_HOMES ((1u << X64_RBX) | (1u << X64_R12) | (1u << X64_R13))

static void save_homes(jit_t *j, bool save, bool c_only) {
    for (uint32_t i = 0; i < j->local_count; i++) {
        uint8_t home = j->local_home[i];
        bool is_int = jit_is_int(j->locals[i]);
        if (home == JIT_NO_HOME || (c_only && is_int && (C_SAVED_HOMES & (1u << home)))) {
            continue;
        }
        if (is_int && save) {
            x64_store(&j->b, X64_S64, jit_local_mem(j, i), (enum x64_reg)home);
        } else if (is_int) {
            x64_load(&j->b, X64_S64, (enum x64_reg)home, jit_local_mem(j, i));
        } else if (save) {
            x64_fstore(&j->b, X64_F64, jit_local_mem(j, i), (enum x64_xmm)home);
        } else {
            x64_fload(&j->b, X64_F64, (enum x64_xmm)home, jit_local_mem(j, i));
        }
    }
}

void jit_save_homes(jit_t *j, bool save) {
    save_homes(j, save, false);
}

void jit_save_c_homes(jit_t *j, bool save) {
    save_homes(j, save, true);
}

/*
 * call_indirect (docs/threat-model.md 2.3): the index is checked against
 * the table's size, then clamped with a mask so that a mispredicted check
 * cannot load an entry out of bounds; the entry, a function reference, is
 * checked for null and its canonical type id compared with the expected
 * one. The reference waits in the call area while the arguments load.
 */
void jit_call_indirect(jit_t *j, uint32_t type_index, uint32_t table) {
    struct x64_buf *b = &j->b;
    const wasm_functype_t *t = &j->m->types[type_index];
    uint32_t area = call_area_size(t) + 16;
    jit_val_t index = jit_pop(j);
    enum x64_reg ri = jit_to_gpr(j, &index);
    jit_spill_all(j);
    enum x64_reg rm = jit_alloc_gpr(j);
    jit_load_table(j, table, JIT_SCRATCH);
    x64_alu_rm(b, X64_CMP, X64_W32, ri, x64_base(JIT_SCRATCH, (int32_t)offsetof(wasm_table_t, size)));
    jit_trap_if(j, X64_CC_AE, WASM_TRAP_UNDEFINED_ELEMENT);
    x64_alu_rr(b, X64_SBB, X64_W64, rm, rm); /* all ones: CF is set when in bounds */
    x64_alu_rr(b, X64_AND, X64_W64, ri, rm);
    x64_load(b, X64_S64, JIT_SCRATCH, x64_base(JIT_SCRATCH, (int32_t)offsetof(wasm_table_t, entries)));
    x64_load(b, X64_S64, JIT_SCRATCH, x64_sib(JIT_SCRATCH, ri, 8, 0));
    x64_test_rr(b, X64_W64, JIT_SCRATCH, JIT_SCRATCH);
    jit_trap_if(j, X64_CC_E, WASM_TRAP_UNINITIALIZED_ELEMENT);
    x64_load(b, X64_S64, rm, x64_base(JIT_CTX, (int32_t)offsetof(wasm_ctx_t, type_ids)));
    x64_load(b, X64_S32, rm, x64_base(rm, 4 * (int32_t)type_index));
    x64_alu_rm(b, X64_CMP, X64_W32, rm,
               x64_base(JIT_SCRATCH, (int32_t)offsetof(wasm_func_ref_t, type_id)));
    jit_trap_if(j, X64_CC_NE, WASM_TRAP_SIGNATURE_MISMATCH);
    jit_release(j, index);
    j->gpr_busy &= ~(1u << rm);
    x64_alu_ri(b, X64_SUB, X64_W64, X64_RSP, (int32_t)area);
    x64_store(b, X64_S64, x64_base(X64_RSP, (int32_t)area - 16), JIT_SCRATCH);
    jit_save_homes(j, true);
    load_args(j, t);
    x64_load(b, X64_S64, JIT_SCRATCH, x64_base(X64_RSP, (int32_t)area - 16));
    x64_load(b, X64_S64, X64_RDI, x64_base(JIT_SCRATCH, (int32_t)offsetof(wasm_func_ref_t, ctx)));
    x64_call_m(b, x64_base(JIT_SCRATCH, (int32_t)offsetof(wasm_func_ref_t, code)));
    jit_save_homes(j, false);
    finish_call(j, t, area, true);
}

void jit_unreachable(jit_t *j) {
    jit_trap_site(j, WASM_TRAP_UNREACHABLE);
    x64_ud2(&j->b);
    mark_unreachable(j);
}

/*
 * The entry stub of type t (docs/jit.md section 8):
 *   void stub(ctx rdi, code rsi, uint64_t *vals rdx)
 * It saves the System V callee-saved registers (compiled code preserves
 * none but rbp), loads the arguments from vals, calls, and stores the
 * results back.
 */
void jit_entry_stub(jit_t *j, const wasm_functype_t *t) {
    static const uint8_t saved[] = {X64_RBX, X64_R12, X64_R13, X64_R14, X64_R15};
    struct x64_buf *b = &j->b;
    uint32_t np = t->param_count, nr = t->result_count;
    x64_push(b, X64_RBP);
    x64_mov_rr(b, X64_W64, X64_RBP, X64_RSP);
    for (size_t i = 0; i < sizeof saved; i++) {
        x64_push(b, (enum x64_reg)saved[i]);
    }
    x64_push(b, X64_RDX); /* vals, at rbp - 48; rsp is 16-byte aligned again */
    uint32_t area = call_area_size(t);
    if (area > 0) {
        x64_alu_ri(b, X64_SUB, X64_W64, X64_RSP, (int32_t)area);
    }
    x64_mov_rr(b, X64_W64, X64_RAX, X64_RSI);
    x64_mov_rr(b, X64_W64, X64_R10, X64_RDX);
    struct param_walk w = {0, 0, 0};
    for (uint32_t i = 0; i < np; i++) {
        struct x64_mem arg = x64_base(X64_R10, 8 * (int32_t)i);
        struct param_loc p = param_next(&w, t->types[i]);
        if (!p.in_reg) {
            x64_load(b, X64_S64, JIT_SCRATCH, arg);
            x64_store(b, X64_S64, x64_base(X64_RSP, 8 * (int32_t)p.stack), JIT_SCRATCH);
        } else if (jit_is_int(t->types[i])) {
            /* i32 arguments are loaded with 32 bits: zero-extended */
            x64_load(b, jit_size(t->types[i]), (enum x64_reg)p.reg, arg);
        } else {
            x64_fload(b, jit_fp(t->types[i]), (enum x64_xmm)p.reg, arg);
        }
    }
    x64_call_r(b, X64_RAX);
    x64_load(b, X64_S64, X64_R10, x64_base(X64_RBP, -48));
    int32_t results = 8 * (int32_t)stack_param_count(t);
    for (uint32_t i = 0; i < nr; i++) {
        wasm_valtype_t rt = t->types[np + i];
        enum x64_reg r = nr == 1 ? X64_RAX : JIT_SCRATCH;
        if (nr > 1) {
            x64_load(b, X64_S64, r, x64_base(X64_RSP, results + 8 * (int32_t)i));
        } else if (!jit_is_int(rt)) {
            x64_movd_rx(b, jit_width(rt), r, X64_XMM0);
        }
        if (!jit_is_wide(rt)) {
            x64_mov_rr(b, X64_W32, r, r); /* 32-bit values leave zero-extended */
        }
        x64_store(b, X64_S64, x64_base(X64_R10, 8 * (int32_t)i), r);
    }
    x64_lea(b, X64_W64, X64_RSP, x64_base(X64_RBP, -40));
    for (size_t i = sizeof saved; i > 0; i--) {
        x64_pop(b, (enum x64_reg)saved[i - 1]);
    }
    x64_pop(b, X64_RBP);
    x64_ret(b);
}
