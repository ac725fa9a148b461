/*
 * The linear-memory helpers compiled code calls (wasm_helpers_t in
 * compile/ctx.h): growth and the bulk operations. Each checks its ranges
 * in 64-bit arithmetic, so no sum can wrap, before touching memory.
 */
#include "runtime/memory.h"

#include "platform.h"

static wasm_instance_t *instance_of(wasm_ctx_t *ctx) {
    return (wasm_instance_t *)ctx; /* the context is the instance's first member */
}

static uint32_t memory_grow(wasm_ctx_t *ctx, uint32_t delta) {
    wasm_instance_t *inst = instance_of(ctx);
    uint64_t old = ctx->mem0_size / WASM_PAGE_SIZE, pages = old + delta;
    if (pages > inst->memory_max_pages ||
        !wasm_mem_commit(inst->memory, pages * WASM_PAGE_SIZE)) {
        return 0xffffffffu;
    }
    ctx->mem0_size = pages * WASM_PAGE_SIZE;
    return (uint32_t)old;
}

static uint32_t memory_fill(wasm_ctx_t *ctx, uint32_t dst, uint32_t value, uint32_t n) {
    if ((uint64_t)dst + n > ctx->mem0_size) {
        return WASM_TRAP_MEMORY_OOB;
    }
    memset(ctx->mem0_base + dst, (int)(value & 0xff), n);
    return 0;
}

static uint32_t memory_copy(wasm_ctx_t *ctx, uint32_t dst, uint32_t src, uint32_t n) {
    if ((uint64_t)dst + n > ctx->mem0_size || (uint64_t)src + n > ctx->mem0_size) {
        return WASM_TRAP_MEMORY_OOB;
    }
    memmove(ctx->mem0_base + dst, ctx->mem0_base + src, n);
    return 0;
}

static uint32_t memory_init(wasm_ctx_t *ctx, uint32_t segment, uint32_t dst, uint32_t src,
                            uint32_t n) {
    wasm_instance_t *inst = instance_of(ctx);
    const wasm_module_t *m = inst->loaded->module;
    const wasm_data_t *d = &m->datas[segment];
    uint64_t size = inst->data_dropped[segment] ? 0 : d->data_size;
    if ((uint64_t)src + n > size || (uint64_t)dst + n > ctx->mem0_size) {
        return WASM_TRAP_MEMORY_OOB;
    }
    memcpy(ctx->mem0_base + dst, m->bytes + d->data_offset + src, n);
    return 0;
}

static void data_drop(wasm_ctx_t *ctx, uint32_t segment) {
    instance_of(ctx)->data_dropped[segment] = true;
}

const wasm_helpers_t wasm_memory_helpers = {
    memory_grow, memory_fill, memory_copy, memory_init, data_drop,
};
