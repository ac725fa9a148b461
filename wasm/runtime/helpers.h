/*
 * The runtime functions behind the instructions compiled code does not
 * inline (memory.grow, bulk memory, table growth and bulk table
 * operations), gathered in the table every instance's context points to.
 * Their contracts are on wasm_helpers_t in compile/ctx.h.
 */
#ifndef RZ_WASM_RUNTIME_HELPERS_H
#define RZ_WASM_RUNTIME_HELPERS_H

#include "runtime/instance.h"

extern const wasm_helpers_t wasm_runtime_helpers;

static inline wasm_instance_t *wasm_instance_of(wasm_ctx_t *ctx) {
    return (wasm_instance_t *)ctx; /* the context is the instance's first member */
}

/* memory.c */
uint32_t wasm_rt_memory_grow(wasm_ctx_t *ctx, uint32_t delta_pages);
uint32_t wasm_rt_memory_fill(wasm_ctx_t *ctx, uint32_t dst, uint32_t value, uint32_t n);
uint32_t wasm_rt_memory_copy(wasm_ctx_t *ctx, uint32_t dst, uint32_t src, uint32_t n);
uint32_t wasm_rt_memory_init(wasm_ctx_t *ctx, uint32_t segment, uint32_t dst, uint32_t src,
                             uint32_t n);
void wasm_rt_data_drop(wasm_ctx_t *ctx, uint32_t segment);

/* table.c */
uint32_t wasm_rt_table_grow(wasm_ctx_t *ctx, uint32_t table, uint64_t init, uint32_t delta);
uint32_t wasm_rt_table_fill(wasm_ctx_t *ctx, uint32_t table, uint32_t dst, uint64_t ref,
                            uint32_t n);
uint32_t wasm_rt_table_copy(wasm_ctx_t *ctx, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                            uint32_t src, uint32_t n);
uint32_t wasm_rt_table_init(wasm_ctx_t *ctx, uint32_t table, uint32_t segment, uint32_t dst,
                            uint32_t src, uint32_t n);
void wasm_rt_elem_drop(wasm_ctx_t *ctx, uint32_t segment);
/* Creates the instance's tables and applies its element segments. */
bool wasm_tables_setup(wasm_instance_t *inst, wasm_error_t *err);
void wasm_tables_free(wasm_instance_t *inst);

#endif
