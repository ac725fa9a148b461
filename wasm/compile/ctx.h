/*
 * The instance context: the one structure compiled code reaches through the
 * pinned register r15. Its layout is an ABI between the compiler, which
 * bakes the field offsets into machine code, and the runtime, which fills
 * the fields in; so it is defined once, here, and both sides use offsetof.
 */
#ifndef RZ_WASM_COMPILE_CTX_H
#define RZ_WASM_COMPILE_CTX_H

#include <stddef.h>
#include <stdint.h>

struct wasm_ctx;

/* A callable function: what an import slot (and later a table entry) holds.
 * `code` follows the convention of docs/jit.md section 3 and is called
 * with `ctx` as its first argument. */
typedef struct wasm_func_ref {
    const void *code;
    struct wasm_ctx *ctx;
} wasm_func_ref_t;

typedef struct wasm_ctx {
    /* Lowest stack address compiled code may use (headroom included); set
     * by the entry path before each call from C. */
    uintptr_t stack_limit;
    /* Memory 0: base of its reservation and current size in bytes. */
    uint8_t *mem0_base;
    uint64_t mem0_size;
    /* Global i's 8-byte cell (shared with the exporter for imported
     * globals); i32 and f32 live in the low 4 bytes. */
    uint64_t **globals;
    /* One per imported function, in import order. */
    wasm_func_ref_t *imports;
} wasm_ctx_t;

#endif
