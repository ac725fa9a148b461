/*
 * Loading and running compiled modules: the smallest runtime the JIT needs
 * to be tested end to end, growing toward docs/jit.md's design.
 *
 * wasm_load() compiles a validated module and registers its code region
 * for the fault path; wasm_instantiate() gives an instance its context,
 * memory (an 8 GiB reservation plus a guard, committed up to the memory's
 * size) and globals, applies active data segments and runs the start
 * function; wasm_invoke() is the one C entry path into compiled code.
 *
 * Imports and exports are external values (wasm_extern_t); link.c checks
 * each import against its declared type.
 */
#ifndef RZ_WASM_RUNTIME_INSTANCE_H
#define RZ_WASM_RUNTIME_INSTANCE_H

#include "compile/ctx.h"
#include "compile/jit.h"
#include "runtime/code.h"

/* 4 GiB of index, 4 GiB of static offset, and a guard for the access size. */
#define WASM_MEM_RESERVATION ((8ull << 30) + 65536)
#define WASM_PAGE_SIZE 65536u

typedef struct wasm_loaded {
    const wasm_module_t *module;
    wasm_jit_code_t code;
    wasm_code_region_t region;
} wasm_loaded_t;

/* A value an instance imports or exports. */
typedef struct wasm_extern {
    wasm_extern_kind_t kind;
    /* FUNC: ctx NULL for a host function, which then receives the
     * importer's context; type_id 0 skips the type check (host functions
     * are trusted to match their declared import type). */
    wasm_func_ref_t func;
    wasm_memory_t *memory;         /* MEMORY */
    wasm_table_t *table;           /* TABLE */
    uint64_t *global;              /* GLOBAL: its 8-byte cell */
    wasm_globaltype_t global_type; /* GLOBAL */
} wasm_extern_t;

typedef struct wasm_instance {
    wasm_ctx_t ctx; /* first: runtime helpers find the instance from it */
    const wasm_loaded_t *loaded;
    uint8_t *memory;          /* reservation of a defined memory 0, or NULL */
    wasm_memory_t memory_own; /* that memory */
    wasm_reservation_t reservation; /* registered while memory is set */
    uint64_t *global_cells;   /* defined globals */
    uint64_t **global_ptrs;   /* every global's cell */
    wasm_func_ref_t *imports; /* per imported function */
    wasm_table_t *own_tables; /* defined tables */
    wasm_table_t **table_ptrs; /* every table */
    uint32_t *type_ids;
    wasm_func_ref_t *func_refs; /* per function: what funcref values point to */
    bool *data_dropped;    /* per data segment: active ones after instantiation */
    uint64_t **elem_items; /* per element segment: its references */
    bool *elem_dropped;    /* per element segment: active and declarative ones at once */
} wasm_instance_t;

_Static_assert(offsetof(wasm_instance_t, ctx) == 0, "helpers cast the context to the instance");

/* Compiles (options may be NULL) and registers. On failure err explains
 * and *out is empty. */
bool wasm_load(const wasm_module_t *module, const wasm_jit_options_t *options, wasm_loaded_t *out,
               wasm_error_t *err);
/* Requires: every instance of it has been freed. */
void wasm_unload(wasm_loaded_t *loaded);

/*
 * imports: one per import of the module, in import order. On failure (an
 * import of the wrong kind or type: "incompatible import type"; a segment
 * out of bounds; a trap in the start function: the trap's message)
 * returns NULL with err filled in. If the module imports a table, a failed
 * instance is not freed: segments applied before the failure persist, so
 * the table may refer to its functions.
 *
 * Lifetime: function references (in tables, globals, imports) point into
 * the instance that defines the function, so instances linked together
 * are freed together, importers first (the kernel frees a process's
 * instances at once). Reference counting is future work.
 */
wasm_instance_t *wasm_instantiate(const wasm_loaded_t *loaded, const wasm_extern_t *imports,
                                  wasm_error_t *err);

/*
 * The same for a module whose imports are all functions (a process
 * importing only syscalls): func_imports has one entry per import. A
 * module importing anything else fails with "incompatible import type".
 */
wasm_instance_t *wasm_instantiate_funcs(const wasm_loaded_t *loaded,
                                        const wasm_func_ref_t *func_imports, wasm_error_t *err);

/* The export called name[0..len) as an external value; false if none. */
bool wasm_instance_export(wasm_instance_t *inst, const char *name, uint32_t len,
                          wasm_extern_t *out);
void wasm_instance_free(wasm_instance_t *inst);

/*
 * Calls function `func` (defined or imported) with the arguments in vals[]
 * and leaves its results there (see wasm_entry_fn for the value layout);
 * vals needs max(params, results) entries. Returns false if it trapped
 * (*trap says how) or cannot be called from C (an index out of range or a
 * SIMD type: trap->kind stays WASM_TRAP_NONE).
 */
bool wasm_invoke(wasm_instance_t *inst, uint32_t func, uint64_t *vals, wasm_trap_t *trap);

/* For the runtime's own files: the value of a validated constant
 * expression in this instance (globals and func_refs must be set up). */
uint64_t wasm_const_value(const wasm_instance_t *inst, const wasm_expr_t *e);
/* link.c: binds the imports (after the type ids are known). */
bool wasm_link_imports(wasm_instance_t *inst, const wasm_extern_t *imports, wasm_error_t *err);

#endif
