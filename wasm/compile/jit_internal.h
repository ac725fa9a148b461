/*
 * What the compiler's files share: the state of one module's compilation
 * and of the function being compiled, and the operations on the virtual
 * operand stack. docs/jit.md describes the scheme; the short version:
 *
 *   - every wasm operand-stack entry has a jit_val saying where the value
 *     is now (register, constant, its canonical spill slot, the flags, or
 *     a local's home register, read in place);
 *   - a register belongs to at most one value; `gpr_busy` has a bit for
 *     every register that holds a value, on the stack or just popped by the
 *     instruction being compiled (which frees it or pushes it back);
 *   - at block/loop/if entry and before calls every value is spilled, so
 *     values below a construct never move while it runs;
 *   - a label's values travel in the canonical slots of the depths they
 *     will have after the branch, except the one value of a block or if
 *     with one result and no params, which travels in rax or xmm0;
 *   - locals in home registers need nothing at merges: homes never move.
 *
 * Frame (rbp-relative): ctx at -8, local i at -16-8i, the slot of operand
 * depth d at -16-8(L+d) where L counts params and declared locals.
 *
 * Up to JIT_HOME_REGS integer locals, those used most (uses in loops count
 * most), live in registers of their own for the whole function: rbx, r12,
 * r13 (callee-saved in C, so host functions and runtime helpers keep them),
 * then r10, r9, r8. Their frame slots hold them only across calls: calls to
 * compiled code, which may use the same registers, and for r8-r10 calls to
 * C. Up to JIT_HOME_XMMS float locals likewise live in xmm8..xmm14, saved
 * around every call (C clobbers all xmm registers).
 */
#ifndef RZ_WASM_COMPILE_JIT_INTERNAL_H
#define RZ_WASM_COMPILE_JIT_INTERNAL_H

#include "compile/ctx.h"
#include "compile/jit.h"
#include "compile/x64_emit.h"
#include "instr.h"

/* Registers with a fixed role (docs/jit.md section 2). */
#define JIT_CTX X64_R15
#define JIT_MEM X64_R14
#define JIT_SCRATCH X64_R11

/* JIT_LOCAL: the current value of a local that lives in a home register,
 * read in place (`add eax, ebx`, `[r14 + r12]`). The register is the
 * local's, not the value's: an instruction that writes its operand's
 * register takes a copy (jit_to_gpr/jit_to_xmm do), and before the local
 * changes, every JIT_LOCAL entry of it on the stack is copied to a
 * register of its own (jit_materialize_local). */
enum jit_loc { JIT_REG, JIT_CONST, JIT_SLOT, JIT_FLAGS, JIT_LOCAL };

typedef struct jit_val {
    uint8_t type; /* wasm_valtype_t */
    uint8_t loc;  /* enum jit_loc */
    uint8_t reg;  /* JIT_REG, JIT_LOCAL: the register; JIT_FLAGS: the x64_cc that means "true" */
    uint64_t imm; /* JIT_CONST: the bits (i32 zero-extended); JIT_SLOT: the slot's depth;
                     JIT_LOCAL: the local's index */
} jit_val_t;

typedef struct jit_block {
    uint16_t op;      /* WASM_OP_BLOCK, _LOOP, _IF, or _CALL for the function body */
    bool unreachable; /* code from here to the block's else/end cannot run */
    bool dead;        /* opened in unreachable code: compiled to nothing */
    bool has_else;
    uint32_t height; /* operand stack height below the block's params */
    uint32_t param_count, result_count;
    const wasm_valtype_t *params, *results;
    struct x64_label label;      /* branch target: the loop head, or after the end */
    struct x64_label else_label; /* if: start of the false arm */
} jit_block_t;

/* An explicit check's out-of-line ud2, emitted after the function body. */
typedef struct jit_trap_stub {
    struct x64_label label;
    uint8_t kind;
    uint32_t wasm_offset;
} jit_trap_stub_t;

typedef struct jit {
    const wasm_module_t *m;
    wasm_jit_options_t options;
    struct x64_buf b;
    struct x64_label *func_labels; /* per defined function */
    wasm_trap_table_t traps;
    wasm_error_t *err;
    bool failed;

    /* The function being compiled. */
    uint32_t func;
    const wasm_functype_t *type;
    uint32_t wasm_offset; /* of the instruction being compiled */
    wasm_valtype_t *locals;
    uint32_t local_count, locals_cap;
    jit_val_t *stack;
    uint32_t sp, max_sp, stack_cap;
    jit_block_t *blocks;
    uint32_t depth, blocks_cap;
    jit_trap_stub_t *stubs;
    uint32_t stub_count, stubs_cap;
    uint32_t gpr_busy;
    uint32_t xmm_busy;  /* the same for xmm0..xmm14 */
    uint32_t gpr_homes; /* registers holding locals: always busy */
    uint32_t xmm_homes; /* the same for xmm registers */
    uint8_t *local_home; /* per local: its register, or JIT_NO_HOME */
    uint32_t *local_weight; /* per local: its uses, weighted by loop depth */
    uint32_t frame_patch; /* offset of the frame size imm32 in the prologue */
} jit_t;

#define JIT_HOME_REGS 6
#define JIT_HOME_XMMS 7
#define JIT_NO_HOME 0xff

/* Records the first failure (an unsupported construct or no memory). */
void jit_fail(jit_t *j, const char *what);

/* Whether a value type lives in general registers: integers and
 * references (f32/f64 live in xmm). */
static inline bool jit_is_int(wasm_valtype_t t) {
    return t != WASM_F32 && t != WASM_F64;
}

/* Whether a value type is 64 bits wide (references are addresses). */
static inline bool jit_is_wide(wasm_valtype_t t) {
    return t != WASM_I32 && t != WASM_F32;
}

static inline enum x64_width jit_width(wasm_valtype_t t) {
    return jit_is_wide(t) ? X64_W64 : X64_W32;
}

static inline enum x64_fp jit_fp(wasm_valtype_t t) {
    return t == WASM_F64 ? X64_F64 : X64_F32;
}

static inline enum x64_size jit_size(wasm_valtype_t t) {
    return jit_is_wide(t) ? X64_S64 : X64_S32;
}

static inline struct x64_mem jit_local_mem(const jit_t *j, uint32_t i) {
    return x64_base(X64_RBP, -16 - 8 * (int32_t)i);
}

static inline struct x64_mem jit_slot_mem(const jit_t *j, uint32_t depth) {
    return x64_base(X64_RBP, -16 - 8 * (int32_t)(j->local_count + depth));
}

/* ---- the virtual operand stack (jit_stack.c) ---- */
void jit_push(jit_t *j, jit_val_t v);
/* Pushes a value of `type` held in register r (a general register for
 * integers, xmm r for floats), marking r busy. */
void jit_push_reg(jit_t *j, wasm_valtype_t type, unsigned r);
void jit_push_const(jit_t *j, wasm_valtype_t type, uint64_t bits);
jit_val_t jit_pop(jit_t *j);
/* Releases the register of a popped value, if it owns one. */
void jit_release(jit_t *j, jit_val_t v);
/* Whether v can be read from a register as it is (its own or a local's);
 * the register is v->reg. */
static inline bool jit_in_reg(const jit_val_t *v) {
    return v->loc == JIT_REG || v->loc == JIT_LOCAL;
}
/* Copies every stack entry reading local i in place into a register of
 * its own: called before the local's home register changes. */
void jit_materialize_local(jit_t *j, uint32_t i);
/* A free general register, spilling the deepest register value if none is. */
enum x64_reg jit_alloc_gpr(jit_t *j);
/* A free xmm register, spilling the deepest xmm value if none is. */
enum x64_xmm jit_alloc_xmm(jit_t *j);
/* Puts a popped float value in an xmm register it owns; returns it. */
enum x64_xmm jit_to_xmm(jit_t *j, jit_val_t *v);
/* Copies a float value into xmm x, which the caller owns. Does not touch
 * the flags. */
void jit_copy_to_xmm(jit_t *j, const jit_val_t *v, enum x64_xmm x);
/* Makes r free (moving whatever value holds it) and marks it busy. */
void jit_claim_gpr(jit_t *j, enum x64_reg r);
/* Puts a popped integer value in a register it owns; returns that register. */
enum x64_reg jit_to_gpr(jit_t *j, jit_val_t *v);
/* Copies a value (popped or on the stack) into general register r, which
 * the caller owns; v keeps its own location. A float value's bits are
 * copied (f32 zero-extended). Does not touch the flags. */
void jit_copy_to_reg(jit_t *j, const jit_val_t *v, enum x64_reg r);
/* Copies a value into the canonical slot of `depth` (nothing if it is there). */
void jit_copy_to_slot(jit_t *j, const jit_val_t *v, uint32_t depth);
/* A value in the slot of `depth`. */
jit_val_t jit_slot_val(wasm_valtype_t type, uint32_t depth);
/* Turns a flags value on top of the stack into a 0/1 register value. */
void jit_flush_flags(jit_t *j);
/* Spills every register, flags and in-place local value of the stack to
 * its slot. */
void jit_spill_all(jit_t *j);
/* A constant whose bits an instruction of the value's width can take as a
 * (sign-extended) imm32. */
bool jit_is_imm32(const jit_val_t *v);

/* ---- control flow, calls, frames (jit_control.c) ---- */
void jit_prologue(jit_t *j);
void jit_finish_func(jit_t *j); /* patches the frame size, emits trap stubs */
/* jcc to a new out-of-line trap of `kind` for the current instruction. */
void jit_trap_if(jit_t *j, enum x64_cc cc, uint8_t kind);
/* Records a trap site at the current code offset (a faulting instruction). */
void jit_trap_site(jit_t *j, uint8_t kind);
/* The function body: a block whose label is the function's return. */
void jit_begin_body(jit_t *j);
void jit_block(jit_t *j, const wasm_instr_t *in);
void jit_else(jit_t *j);
void jit_end(jit_t *j);
void jit_br(jit_t *j, uint32_t depth);
void jit_br_if(jit_t *j, uint32_t depth);
void jit_br_table(jit_t *j, const wasm_instr_t *in);
void jit_return(jit_t *j);
void jit_unreachable(jit_t *j);
/* The C entry stub of function type t (docs/jit.md section 8). */
void jit_entry_stub(jit_t *j, const wasm_functype_t *t);
void jit_call(jit_t *j, uint32_t func);
void jit_call_indirect(jit_t *j, uint32_t type_index, uint32_t table);
/* Stores (before a call) or reloads (after) the locals that live in
 * registers: all of them around calls to compiled code (jit_save_homes),
 * those in registers C clobbers around calls to C (jit_save_c_homes).
 * Saving comes before any argument register is written. */
void jit_save_homes(jit_t *j, bool save);
void jit_save_c_homes(jit_t *j, bool save);
/* The block type's params and results. */
void jit_blocktype(const jit_t *j, const wasm_instr_t *in, uint32_t *np, const wasm_valtype_t **p,
                   uint32_t *nr, const wasm_valtype_t **r);

/* ---- integer operations (jit_int.c); false when op is not one of them ---- */
bool jit_int_op(jit_t *j, uint16_t op);
/* Whether op is one jit_int_update_local can fuse with a following set. */
bool jit_int_updates_local(uint16_t op);
/* `op` followed by `next`, a local.set/tee of the local its first operand
 * reads in place, compiled as one instruction on the local's home register
 * (`add r12d, 16`); false, with nothing emitted, when they do not fit. */
bool jit_int_update_local(jit_t *j, uint16_t op, const wasm_instr_t *next);

/* ---- float operations (jit_float.c); false when op is not one of them ---- */
bool jit_float_op(jit_t *j, uint16_t op);
/* Loads a 64-bit constant's bits into xmm x (through the scratch register). */
void jit_fconst(jit_t *j, enum x64_xmm x, uint64_t bits);

/* ---- locals, globals, memory (jit_mem.c); false when op is not one of them ---- */
bool jit_var_op(jit_t *j, const wasm_instr_t *in);

/* ---- references and tables (jit_table.c); false when op is not one of them ---- */
bool jit_table_op(jit_t *j, const wasm_instr_t *in);
/* Loads the address of table t's wasm_table_t into register r. */
void jit_load_table(jit_t *j, uint32_t table, enum x64_reg r);

/* ---- port I/O imports (jit_portio.c) ---- */
/* Refuses a module importing rz.in8..rz.out32 without a port grant, with
 * the wrong types, or referencing them other than by a direct call. */
bool jit_portio_check_module(jit_t *j);
/* Compiles a call to func if it is a port I/O import; false otherwise. */
bool jit_portio_call(jit_t *j, uint32_t func);

/* Calls a runtime helper (offset `fn` in wasm_helpers_t) with rdi = ctx,
 * then the `nimm` immediates, then the top `nargs` operands, in order.
 * HELPER_VALUE pushes its i32 result; HELPER_TRAPS raises a trap of
 * `kind` when it returns nonzero. */
enum helper_result { HELPER_NONE, HELPER_VALUE, HELPER_TRAPS };
void jit_call_helper(jit_t *j, size_t fn, const uint32_t *imms, uint32_t nimm, uint32_t nargs,
                     enum helper_result result, uint8_t kind);

#endif
