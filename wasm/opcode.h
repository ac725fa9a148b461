/*
 * Opcodes as one dense number space, expanded from opcodes.def, and the
 * per-opcode facts every stage shares (name, immediate kind, fixed typing).
 *
 * Dense numbering: one-byte opcodes keep their byte (0x00..0xff), 0xfc NN
 * becomes 0x100 + NN and 0xfd NN becomes 0x200 + NN, so one array indexed
 * by the opcode describes the whole instruction set.
 */
#ifndef RZ_WASM_OPCODE_H
#define RZ_WASM_OPCODE_H

#include <stdbool.h>
#include <stdint.h>

#define WASM_OP_INDEX(code)                                                                        \
    ((code) < 0x100 ? (code) : (code) >= 0xfd00 ? 0x200 + ((code)&0xff) : 0x100 + ((code)&0xff))

enum {
    WASM_OP_COUNT = 0x300,
    WASM_OP_PREFIX_FC = 0xfc, /* first byte of the 0xfc NN opcodes */
    WASM_OP_PREFIX_FD = 0xfd, /* first byte of the SIMD opcodes */
};

typedef enum wasm_op {
#define WASM_OP(id, name, code, imm, sig) WASM_OP_##id = WASM_OP_INDEX(code),
#include "opcodes.def"
#undef WASM_OP
} wasm_op_t;

/* What follows an opcode in the binary. */
typedef enum wasm_imm {
    WASM_IMM_NONE,
    WASM_IMM_BLOCKTYPE,     /* 0x40, a value type, or an s33 type index */
    WASM_IMM_LABEL,         /* u32 label depth */
    WASM_IMM_BR_TABLE,      /* vec(u32 label) then the default u32 label */
    WASM_IMM_FUNC,          /* u32 function index */
    WASM_IMM_CALL_INDIRECT, /* u32 type index, u32 table index */
    WASM_IMM_LOCAL,         /* u32 local index */
    WASM_IMM_GLOBAL,        /* u32 global index */
    WASM_IMM_TABLE,         /* u32 table index */
    WASM_IMM_MEM0,          /* memarg: u32 log2 alignment (at most 0..4), u32 offset */
    WASM_IMM_MEM1,
    WASM_IMM_MEM2,
    WASM_IMM_MEM3,
    WASM_IMM_MEM4,
    WASM_IMM_MEMIDX,      /* the byte 0x00 (memory 0) */
    WASM_IMM_I32,         /* s32 */
    WASM_IMM_I64,         /* s64 */
    WASM_IMM_F32,         /* 4 bytes */
    WASM_IMM_F64,         /* 8 bytes */
    WASM_IMM_V128,        /* 16 bytes */
    WASM_IMM_SELECT_T,    /* vec(value type) */
    WASM_IMM_REFTYPE,     /* funcref or externref byte */
    WASM_IMM_MEMORY_INIT, /* u32 data index, byte 0x00 */
    WASM_IMM_DATA,        /* u32 data index */
    WASM_IMM_MEMORY_COPY, /* bytes 0x00 0x00 */
    WASM_IMM_TABLE_INIT,  /* u32 element index, u32 table index */
    WASM_IMM_ELEM,        /* u32 element index */
    WASM_IMM_TABLE_COPY,  /* u32 destination table, u32 source table */
    WASM_IMM_SHUFFLE,     /* 16 lane bytes */
    WASM_IMM_LANE2,       /* one lane byte, below 2 / 4 / 8 / 16 */
    WASM_IMM_LANE4,
    WASM_IMM_LANE8,
    WASM_IMM_LANE16,
    WASM_IMM_MEMLANE0, /* memarg (alignment <= 2^n) then a lane byte below 16 >> n */
    WASM_IMM_MEMLANE1,
    WASM_IMM_MEMLANE2,
    WASM_IMM_MEMLANE3,
} wasm_imm_t;

/* How the validator types an instruction. */
typedef enum wasm_opkind {
    WASM_OPKIND_UNASSIGNED = 0, /* not an instruction */
    WASM_OPKIND_SPECIAL,        /* typed by hand (X in opcodes.def) */
    WASM_OPKIND_FIXED,          /* typed from npop/pop/push (S(...) in opcodes.def) */
} wasm_opkind_t;

/* What the table knows about one opcode; name == NULL for unassigned ones. */
typedef struct wasm_opinfo {
    const char *name;
    uint8_t imm;    /* wasm_imm_t */
    uint8_t kind;   /* wasm_opkind_t */
    uint8_t npop;   /* fixed typing: operands popped ... */
    uint8_t pop[3]; /* ... in push order (pop[npop - 1] is the top) */
    uint8_t push;   /* result type, 0 for none */
} wasm_opinfo_t;

extern const wasm_opinfo_t wasm_opinfo[WASM_OP_COUNT];

#endif
