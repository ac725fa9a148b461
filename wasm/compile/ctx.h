/*
 * The instance context: the one structure compiled code reaches through the
 * pinned register r15. Its layout is an ABI between the compiler, which
 * bakes the field offsets into machine code, and the runtime, which fills
 * the fields in; so it is defined once, here, and both sides use offsetof.
 */
#ifndef RZ_WASM_COMPILE_CTX_H
#define RZ_WASM_COMPILE_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wasm_ctx;

/* A callable function: what an import slot holds, and what a funcref
 * value points to. `code` follows the convention of docs/jit.md section 3
 * and is called with `ctx` as its first argument. `type_id` is the
 * canonical id of the function's type (equal types, equal ids, across
 * modules; never 0). Import slots do not use it. */
typedef struct wasm_func_ref {
    const void *code;
    struct wasm_ctx *ctx;
    uint32_t type_id;
} wasm_func_ref_t;

/* A table: 8-byte reference values. A funcref is the address of a
 * wasm_func_ref_t, 0 for null; an externref is the host's value. Owned by
 * the instance that defines it; importers point at it. */
typedef struct wasm_table {
    uint64_t *entries;
    uint32_t size;     /* entries in use */
    uint32_t capacity; /* entries allocated (at least 1) */
    uint64_t max;      /* growth limit in entries */
    uint8_t elem;      /* wasm_valtype_t: WASM_FUNCREF or WASM_EXTERNREF */
} wasm_table_t;

/* A linear memory: its reservation's start (never moves) and its size.
 * Owned by the instance that defines it; importers point at it.
 *
 * [readonly_lo, readonly_hi) covers every byte the embedder has mapped
 * read-only (a driver's read-only device registers; empty, lo == hi, for
 * ordinary memory). Compiled code's stores there fault and trap; host code
 * must never fault there on the guest's behalf, so the range checks below
 * and the bulk-memory helpers refuse ranges touching it. */
typedef struct wasm_memory {
    uint8_t *base;
    uint64_t size;      /* bytes */
    uint64_t max_pages; /* growth limit */
    uint64_t readonly_lo, readonly_hi;
} wasm_memory_t;

/* Whether [addr, addr + len) (inside the memory, so no sum wraps) misses
 * its read-only range. */
static inline bool wasm_memory_writable(const wasm_memory_t *m, uint64_t addr, uint64_t len) {
    return len == 0 || addr >= m->readonly_hi || addr + len <= m->readonly_lo;
}

/*
 * Runtime functions compiled code calls for instructions too big to inline,
 * each with the calling instance's context first. Those that can trap
 * return 0 on success and a wasm_trap_kind_t otherwise; the compiled code
 * then raises the trap at its own trap site, so traps keep their location.
 */
typedef struct wasm_helpers {
    /* Returns the old size in pages, or 0xffffffff if it cannot grow. */
    uint32_t (*memory_grow)(struct wasm_ctx *ctx, uint32_t delta_pages);
    uint32_t (*memory_fill)(struct wasm_ctx *ctx, uint32_t dst, uint32_t value, uint32_t n);
    uint32_t (*memory_copy)(struct wasm_ctx *ctx, uint32_t dst, uint32_t src, uint32_t n);
    uint32_t (*memory_init)(struct wasm_ctx *ctx, uint32_t segment, uint32_t dst, uint32_t src,
                            uint32_t n);
    void (*data_drop)(struct wasm_ctx *ctx, uint32_t segment);
    /* Returns the old size, or 0xffffffff if it cannot grow. */
    uint32_t (*table_grow)(struct wasm_ctx *ctx, uint32_t table, uint64_t init, uint32_t delta);
    uint32_t (*table_fill)(struct wasm_ctx *ctx, uint32_t table, uint32_t dst, uint64_t ref,
                           uint32_t n);
    uint32_t (*table_copy)(struct wasm_ctx *ctx, uint32_t dst_table, uint32_t src_table,
                           uint32_t dst, uint32_t src, uint32_t n);
    uint32_t (*table_init)(struct wasm_ctx *ctx, uint32_t table, uint32_t segment, uint32_t dst,
                           uint32_t src, uint32_t n);
    void (*elem_drop)(struct wasm_ctx *ctx, uint32_t segment);
} wasm_helpers_t;

typedef struct wasm_ctx {
    /* Lowest stack address compiled code may use (headroom included); set
     * by the entry path before each call from C. */
    uintptr_t stack_limit;
    /* Memory 0, and a copy of its base for the prologue's single load. */
    uint8_t *mem0_base;
    wasm_memory_t *mem0;
    /* Global i's 8-byte cell (shared with the exporter for imported
     * globals); i32 and f32 live in the low 4 bytes. */
    uint64_t **globals;
    /* One per imported function, in import order. */
    wasm_func_ref_t *imports;
    /* One per table of the module (index space order, imports first). */
    wasm_table_t **tables;
    /* Canonical id of each of the module's types, by type index. */
    const uint32_t *type_ids;
    const wasm_helpers_t *helpers;
    /* The reference of each function (ref.func), by function index. */
    wasm_func_ref_t *func_refs;
} wasm_ctx_t;

/* Whether [addr, addr + len) lies inside memory 0's current size (a
 * module without memory has size 0: only empty ranges). Two comparisons
 * and no addition, so addr + len cannot wrap. */
static inline bool wasm_ctx_mem0_inside(const wasm_ctx_t *ctx, uint64_t addr, uint64_t len) {
    uint64_t size = ctx->mem0 != NULL ? ctx->mem0->size : 0;
    return len <= size && addr <= size - len;
}

/*
 * The one check every host function (WASI on Linux, syscalls in the kernel)
 * uses to turn a guest range of memory 0 into a pointer: true, with *out
 * set, when [addr, addr + len) lies inside the memory (*out NULL for a
 * module without memory) and misses its read-only range, so the pointer
 * may be read and written. The pointer stays valid while the instance
 * lives (memory never moves).
 */
static inline bool wasm_ctx_mem0_range(const wasm_ctx_t *ctx, uint64_t addr, uint64_t len,
                                       uint8_t **out) {
    if (!wasm_ctx_mem0_inside(ctx, addr, len) ||
        (ctx->mem0 != NULL && !wasm_memory_writable(ctx->mem0, addr, len))) {
        return false;
    }
    *out = ctx->mem0 != NULL ? ctx->mem0->base + addr : NULL;
    return true;
}

#endif
