/*
 * Host functions offered to modules as imports (WASI, the fuzzer's logging
 * imports). A table of them is matched against a module's function imports
 * by module name, field name and exact type, in one place, so no host
 * function is ever called with arguments of another type than it expects.
 *
 * A host function is a C function whose first parameter is the calling
 * instance's context (docs/jit.md section 3): i32 as uint32_t, i64 as
 * uint64_t, f32 as float, f64 as double, in the order of the wasm type.
 */
#ifndef RZ_HOST_HOST_IMPORT_H
#define RZ_HOST_HOST_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/instance.h"
#include "wasm.h"

typedef struct rz_host_func {
    const char *module;
    const char *name;
    /* The wasm type: one letter per parameter, ':', one per result, with
     * i = i32, I = i64, f = f32, F = f64; "iIii:i" is (i32 i64 i32 i32) -> i32. */
    const char *sig;
    const void *code;
} rz_host_func_t;

/* Whether `type` is spelled `sig`. */
bool rz_sig_matches(const wasm_functype_t *type, const char *sig);

/*
 * Fills imports[0..m->import_count) from `table`. Returns false, with
 * a message naming the first import that is not a function, is missing, or
 * has another type, when some import cannot be satisfied.
 */
bool rz_imports_resolve(const wasm_module_t *m, const rz_host_func_t *table, size_t count,
                        wasm_extern_t *imports, char *err, size_t err_size);

#endif
