/*
 * What the validator's files share. validate.c checks the module-level
 * rules and constant expressions; validate_code.c checks function bodies.
 *
 * Function bodies are read exactly once, by the decoder: when it reaches
 * the code section everything a body's typing depends on (types, imports,
 * functions, tables, memories, globals, exports, element segments, data
 * count) is known, so it hands each body to wasm_check_func(), which reads
 * and types it in the same pass. A malformation fails wasm_decode(); the
 * first typing error is kept in the module for wasm_validate() to report.
 */
#ifndef RZ_WASM_VALIDATE_H
#define RZ_WASM_VALIDATE_H

#include "wasm.h"

/* A value type on the operand stack, or the spec's Unknown after unreachable code. */
#define WASM_UNKNOWN 0

/* A control frame (spec appendix, "Validation Algorithm"). */
typedef struct wasm_ctl {
    uint16_t op; /* WASM_OP_BLOCK, _LOOP, _IF, _ELSE, or _CALL for the function body */
    bool unreachable;
    uint32_t height; /* operand stack height below the frame's values */
    uint32_t param_count, result_count;
    const wasm_valtype_t *params, *results;
} wasm_ctl_t;

typedef struct wasm_validator {
    const wasm_module_t *m;
    wasm_error_t *err; /* where wasm_check_func() explains a rejection */

    const uint8_t *refs; /* bitmap of C.refs: the functions ref.func may name in code */

    /* Reused across functions; grown as needed. */
    wasm_valtype_t *vals;
    uint32_t vals_cap;
    wasm_ctl_t *ctls;
    uint32_t ctls_len, ctls_cap;
    wasm_valtype_t *locals; /* params then declared locals of the current function */
    uint32_t locals_cap;
} wasm_validator_t;

typedef enum wasm_func_result {
    WASM_FUNC_OK,
    WASM_FUNC_INVALID,   /* well-formed, but typing fails (v->err says why) */
    WASM_FUNC_MALFORMED, /* not even well-formed, or out of memory (v->err says why) */
} wasm_func_result_t;

/*
 * Reads the body of defined function `func_index` and, when `typing`,
 * validates it. Without typing (the module is already known to be
 * invalid) only the form is checked.
 * Requires: the function's type index is valid when `typing`.
 */
wasm_func_result_t wasm_check_func(wasm_validator_t *v, uint32_t func_index, bool typing);

/*
 * Whether every function's type index names a type (false and an error
 * otherwise). Typing a body needs the types of the functions it calls, so
 * the decoder types bodies only when this holds.
 */
bool wasm_check_func_types(const wasm_module_t *m, wasm_error_t *err);

/* Frees the validator's reusable arrays. */
void wasm_validator_release(wasm_validator_t *v);

#endif
