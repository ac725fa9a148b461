/*
 * The wasm engine's public interface: decoding a WebAssembly 2.0 binary
 * into a module description, validating it, and reading it back.
 *
 * The module is a plain public struct so that later stages (compiler,
 * runtime, spec runner, tools) read it directly instead of through a wall
 * of accessors. Two phases, split as the spec splits rejections:
 *
 *   wasm_decode()   fails on what the spec calls "malformed": sections,
 *                   counts, LEB128s, UTF-8, opcodes and immediates.
 *   wasm_validate() fails on what the spec calls "invalid": typing and the
 *                   other 2.0 validation rules. The compiler trusts a module
 *                   that passed both.
 *
 * Function bodies are read once, by wasm_decode(), which types them in the
 * same pass and keeps the first typing error for wasm_validate() to report
 * (docs/wasm-validation.md). A module that failed wasm_validate() may be
 * inspected but must not be compiled.
 *
 * Ownership: the module does not copy the binary. Names, function bodies,
 * data segments and custom sections point into `bytes`, which must stay
 * alive and unchanged until wasm_module_free().
 *
 * Index spaces: funcs, tables, memories and globals hold the whole index
 * space, imports first (entries below the *_import_count are imported).
 */
#ifndef RZ_WASM_WASM_H
#define RZ_WASM_WASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value types, by their binary encoding. */
typedef uint8_t wasm_valtype_t;
enum {
    WASM_I32 = 0x7f,
    WASM_I64 = 0x7e,
    WASM_F32 = 0x7d,
    WASM_F64 = 0x7c,
    WASM_V128 = 0x7b,
    WASM_FUNCREF = 0x70,
    WASM_EXTERNREF = 0x6f,
};

/* External kinds, by their binary encoding (imports and exports). */
typedef enum wasm_extern_kind {
    WASM_EXTERN_FUNC = 0,
    WASM_EXTERN_TABLE = 1,
    WASM_EXTERN_MEMORY = 2,
    WASM_EXTERN_GLOBAL = 3,
} wasm_extern_kind_t;

/* A name from the binary: valid UTF-8, not NUL-terminated, points into the binary. */
typedef struct wasm_name {
    const char *bytes;
    uint32_t len;
} wasm_name_t;

/* A function type: params then results in one array. */
typedef struct wasm_functype {
    uint32_t param_count;
    uint32_t result_count;
    const wasm_valtype_t *types; /* param_count + result_count entries */
} wasm_functype_t;

typedef struct wasm_limits {
    uint32_t min;
    uint32_t max; /* meaningful only when has_max */
    bool has_max;
    uint32_t offset; /* where they are in the binary, for messages */
} wasm_limits_t;

typedef struct wasm_tabletype {
    wasm_valtype_t elem; /* WASM_FUNCREF or WASM_EXTERNREF */
    wasm_limits_t limits;
} wasm_tabletype_t;

typedef struct wasm_memtype {
    wasm_limits_t limits; /* in 64 KiB pages */
} wasm_memtype_t;

typedef struct wasm_globaltype {
    wasm_valtype_t type;
    bool is_mutable;
} wasm_globaltype_t;

/*
 * A constant expression (global initializer, segment offset, element item).
 * The decoder records where it is; the validator checks that it is constant
 * and of the right type and fills in `op` and the operand, so later stages
 * never re-read the bytes.
 */
typedef enum wasm_const_op {
    WASM_CONST_NONE = 0, /* not yet validated */
    WASM_CONST_I32,      /* value.bits: the value, zero-extended */
    WASM_CONST_I64,      /* value.bits */
    WASM_CONST_F32,      /* value.bits: IEEE bits, zero-extended */
    WASM_CONST_F64,      /* value.bits: IEEE bits */
    WASM_CONST_V128,     /* value.v128: little-endian bytes */
    WASM_CONST_REF_NULL, /* value.reftype */
    WASM_CONST_REF_FUNC, /* value.index: function index */
    WASM_CONST_GLOBAL,   /* value.index: global index (global.get) */
} wasm_const_op_t;

typedef struct wasm_expr {
    uint32_t offset; /* first instruction, offset into the binary */
    uint32_t size;   /* bytes up to and including the final `end` */
    wasm_const_op_t op;
    union {
        uint64_t bits;
        uint8_t v128[16];
        uint32_t index;
        wasm_valtype_t reftype;
    } value;
} wasm_expr_t;

typedef struct wasm_import {
    wasm_name_t module;
    wasm_name_t name;
    wasm_extern_kind_t kind;
    uint32_t index; /* index in the kind's index space (funcs, tables, ...) */
} wasm_import_t;

typedef struct wasm_export {
    wasm_name_t name;
    wasm_extern_kind_t kind;
    uint32_t index;  /* index in the kind's index space */
    uint32_t offset; /* of the entry in the binary, for messages */
} wasm_export_t;

/* A run of locals of one type, as declared in a function body. */
typedef struct wasm_local_group {
    uint32_t count;
    wasm_valtype_t type;
} wasm_local_group_t;

typedef struct wasm_func {
    uint32_t type_index;
    uint32_t type_offset; /* where type_index is in the binary, for messages */
    /* Defined functions only (index >= func_import_count): */
    uint32_t body_offset;       /* the body's first byte (its local declarations) */
    uint32_t code_offset;       /* first instruction after the local declarations */
    uint32_t code_end;          /* one past the body's final `end` */
    uint32_t local_count;       /* declared locals, not counting params */
    uint32_t local_group_first; /* into module->local_groups */
    uint32_t local_group_count;
    wasm_name_t name; /* from the name section; len 0 when absent */
} wasm_func_t;

typedef struct wasm_global {
    wasm_globaltype_t type;
    wasm_expr_t init; /* defined globals only */
} wasm_global_t;

typedef enum wasm_segment_mode {
    WASM_SEGMENT_ACTIVE,
    WASM_SEGMENT_PASSIVE,
    WASM_SEGMENT_DECLARATIVE, /* element segments only */
} wasm_segment_mode_t;

/* An element segment. Index-list encodings are stored as ref.func items. */
typedef struct wasm_elem {
    wasm_segment_mode_t mode;
    wasm_valtype_t type; /* WASM_FUNCREF or WASM_EXTERNREF */
    uint32_t table;      /* active only */
    wasm_expr_t offset;  /* active only */
    uint32_t item_count;
    wasm_expr_t *items;
} wasm_elem_t;

typedef struct wasm_data {
    wasm_segment_mode_t mode; /* ACTIVE or PASSIVE */
    uint32_t memory;          /* active only */
    wasm_expr_t offset;       /* active only */
    uint32_t data_offset;     /* the bytes, offset into the binary */
    uint32_t data_size;
} wasm_data_t;

typedef struct wasm_custom {
    wasm_name_t name;
    uint32_t offset; /* contents after the name, offset into the binary */
    uint32_t size;
} wasm_custom_t;

/* A local's name from the name section (sorted by func, then local). */
typedef struct wasm_local_name {
    uint32_t func;
    uint32_t local;
    wasm_name_t name;
} wasm_local_name_t;

/*
 * A rejection: a human-readable message naming the section, the function
 * (index and name when known), the instruction and what was wrong, and the
 * byte offset in the binary where the problem was found, e.g.
 *   "func 12 ($parse_header) at 0x1a3f: i32.add expects i32, found f64".
 */
typedef struct wasm_error {
    char message[512];
    size_t offset;
} wasm_error_t;

typedef struct wasm_module {
    const uint8_t *bytes; /* the binary; not owned */
    size_t size;

    uint32_t type_count;
    wasm_functype_t *types;

    uint32_t import_count;
    wasm_import_t *imports;

    uint32_t func_count, func_import_count;
    wasm_func_t *funcs;
    uint32_t table_count, table_import_count;
    wasm_tabletype_t *tables;
    uint32_t memory_count, memory_import_count;
    wasm_memtype_t *memories;
    uint32_t global_count, global_import_count;
    wasm_global_t *globals;

    uint32_t export_count;
    wasm_export_t *exports;

    bool has_start;
    uint32_t start;
    uint32_t start_offset; /* of the start section's function index */

    uint32_t elem_count;
    wasm_elem_t *elems;

    bool has_data_count;
    uint32_t data_count; /* from the data count section, when present */
    uint32_t data_segment_count;
    wasm_data_t *datas;

    uint32_t local_group_count;
    wasm_local_group_t *local_groups;

    uint32_t custom_count;
    wasm_custom_t *customs;

    wasm_name_t name; /* module name from the name section; len 0 when absent */
    uint32_t local_name_count;
    wasm_local_name_t *local_names;

    /* The first typing error in a function body, found by the decoder's single
     * pass over the code and reported by wasm_validate(). */
    bool code_invalid;
    wasm_error_t code_error;

    bool validated;            /* set by a successful wasm_validate() */
    wasm_valtype_t *type_pool; /* storage behind types[].types */
} wasm_module_t;

/* Decodes the binary; NULL and a filled error when malformed (or out of memory). */
wasm_module_t *wasm_decode(const uint8_t *bytes, size_t size, wasm_error_t *err);

/* Validates a decoded module per the 2.0 rules; false and a filled error when invalid. */
bool wasm_validate(wasm_module_t *module, wasm_error_t *err);

/* Frees everything wasm_decode() allocated; NULL is a no-op. */
void wasm_module_free(wasm_module_t *module);

/* The type of function `func_index` (which must be < func_count). */
const wasm_functype_t *wasm_func_type(const wasm_module_t *module, uint32_t func_index);

/* The type of local `local_index` of defined function `func_index`, params first.
 * Requires: local_index < param_count + local_count. */
wasm_valtype_t wasm_local_type(const wasm_module_t *module, uint32_t func_index,
                               uint32_t local_index);

/* "i32", "funcref", ... ; "?" for a byte that is not a value type. */
const char *wasm_valtype_name(wasm_valtype_t type);

/* "func", "table", "memory", "global". */
const char *wasm_extern_kind_name(wasm_extern_kind_t kind);

/* Whether two names hold the same bytes. */
bool wasm_name_eq(wasm_name_t a, const char *bytes, uint32_t len);

#endif
