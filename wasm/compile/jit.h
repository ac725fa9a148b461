/*
 * The JIT's interface: compiles a validated module into sealed x86-64 code.
 *
 * All functions of a module go into one code region, followed by one entry
 * stub per function type (the only way in from C, docs/jit.md section 8).
 * The region is read+execute and shared by every instance of the module.
 */
#ifndef RZ_WASM_COMPILE_JIT_H
#define RZ_WASM_COMPILE_JIT_H

#include "compile/trap_table.h"
#include "wasm.h"

/*
 * The entry stub of a function type: calls `code` (a compiled function of
 * that type) with instance context `ctx`, the arguments taken from
 * vals[0..params) and the results stored to vals[0..results). Every value
 * is one 64-bit slot: i32 and f32 in the low 32 bits (zero-extended on the
 * way out), i64 and f64 whole. Traps do not return here (see
 * wasm_run_guarded in platform.h).
 */
typedef void (*wasm_entry_fn)(void *ctx, const void *code, uint64_t *vals);

typedef struct wasm_jit_code {
    uint8_t *code;          /* sealed region */
    size_t size;
    uint32_t *func_offsets;  /* per defined function (index - func_import_count) */
    uint32_t *entry_offsets; /* per type index */
    wasm_trap_table_t traps;
} wasm_jit_code_t;

/* A range of I/O ports a driver may use: base .. base+count-1, with
 * access bits WASM_PORT_READ/WRITE (docs/drivers.md). */
#define WASM_PORT_READ 1
#define WASM_PORT_WRITE 2
typedef struct wasm_port_range {
    uint32_t base, count;
    uint32_t access;
} wasm_port_range_t;

/* How to compile. The zero value is the default. */
typedef struct wasm_jit_options {
    /* Check every memory access against the memory's size explicitly
     * (docs/jit.md section 6), for memories without a guard reservation. */
    bool bounds_checks;
    /* The port grant: calls to rz.in8/16/32 and rz.out8/16/32 compile to
     * in/out instructions proven (constant port) or checked (computed
     * port) to stay inside these ranges. With no ranges a module that
     * imports them is refused (compile/jit_portio.c). */
    const wasm_port_range_t *ports;
    uint32_t port_count;
} wasm_jit_options_t;

/*
 * Compiles every defined function. Requires: module passed wasm_validate().
 * options may be NULL for the defaults. On failure (a SIMD instruction, or
 * out of memory) fills err and leaves *out empty.
 */
bool wasm_jit_compile(const wasm_module_t *module, const wasm_jit_options_t *options,
                      wasm_jit_code_t *out, wasm_error_t *err);

/* Whether function func of m is one of the port I/O imports the compiler
 * turns into in/out (rz.in8 .. rz.out32): its link entry is never called. */
bool wasm_jit_is_port_import(const wasm_module_t *m, uint32_t func);

/* Frees the code and tables; safe on an empty result. */
void wasm_jit_code_free(wasm_jit_code_t *code);

#endif
