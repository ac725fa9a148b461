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
 * Not supported yet (instantiation fails with a message): imported tables,
 * memories and globals.
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

typedef struct wasm_instance {
    wasm_ctx_t ctx; /* first: runtime helpers find the instance from it */
    const wasm_loaded_t *loaded;
    uint8_t *memory; /* reservation of memory 0, or NULL */
    wasm_reservation_t reservation; /* registered while memory is set */
    uint64_t *global_cells;
    uint64_t **global_ptrs;
    wasm_func_ref_t *imports;
    wasm_table_t *tables;
    uint32_t *type_ids;
    wasm_func_ref_t *func_refs; /* per function: what funcref values point to */
    uint64_t memory_max_pages;
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
 * imports: one per imported function, in import order; an entry whose ctx
 * is NULL is a host function and receives the new instance's context (its
 * type_id is filled in from the import's declared type). On
 * failure (unsupported import, a data segment out of bounds, a trap in the
 * start function) returns NULL with err filled in.
 */
wasm_instance_t *wasm_instantiate(const wasm_loaded_t *loaded, const wasm_func_ref_t *imports,
                                  wasm_error_t *err);
void wasm_instance_free(wasm_instance_t *inst);

/*
 * Calls defined function `func` with the arguments in vals[] and leaves its
 * results there (see wasm_entry_fn for the value layout); vals needs
 * max(params, results) entries. Returns false if it trapped (*trap says
 * how) or cannot be called from C yet (trap->kind stays WASM_TRAP_NONE).
 */
bool wasm_invoke(wasm_instance_t *inst, uint32_t func, uint64_t *vals, wasm_trap_t *trap);

/* For the runtime's own files: the value of a validated constant
 * expression in this instance (globals and func_refs must be set up). */
uint64_t wasm_const_value(const wasm_instance_t *inst, const wasm_expr_t *e);

#endif
