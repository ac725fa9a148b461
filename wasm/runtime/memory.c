/*
 * The linear-memory helpers compiled code calls (wasm_helpers_t in
 * compile/ctx.h): growth and the bulk operations. Each checks its ranges
 * in 64-bit arithmetic, so no sum can wrap, before touching memory, and
 * never writes the memory's read-only range (a store there by compiled
 * code traps; the helper, being host code, must not fault instead). For
 * the same reason each backs the pages it touches first (wasm_mem_back):
 * a first touch finding no memory is the guest's out-of-bounds trap, as
 * it is for compiled code.
 */
#include "runtime/helpers.h"

#include "platform.h"

uint32_t wasm_rt_memory_grow(wasm_ctx_t *ctx, uint32_t delta) {
    wasm_memory_t *mem = ctx->mem0;
    uint64_t old = mem->size / WASM_PAGE_SIZE, pages = old + delta;
    if (pages > mem->max_pages || !wasm_mem_commit(mem->base, pages * WASM_PAGE_SIZE)) {
        return 0xffffffffu;
    }
    mem->size = pages * WASM_PAGE_SIZE;
    return (uint32_t)old;
}

uint32_t wasm_rt_memory_fill(wasm_ctx_t *ctx, uint32_t dst, uint32_t value, uint32_t n) {
    if ((uint64_t)dst + n > ctx->mem0->size || !wasm_memory_writable(ctx->mem0, dst, n)) {
        return WASM_TRAP_MEMORY_OOB;
    }
    if (!wasm_mem_back(ctx->mem0->base + dst, n)) {
        return WASM_TRAP_MEMORY_OOB;
    }
    memset(ctx->mem0->base + dst, (int)(value & 0xff), n);
    return 0;
}

uint32_t wasm_rt_memory_copy(wasm_ctx_t *ctx, uint32_t dst, uint32_t src, uint32_t n) {
    if ((uint64_t)dst + n > ctx->mem0->size || (uint64_t)src + n > ctx->mem0->size ||
        !wasm_memory_writable(ctx->mem0, dst, n)) {
        return WASM_TRAP_MEMORY_OOB;
    }
    if (!wasm_mem_back(ctx->mem0->base + dst, n) || !wasm_mem_back(ctx->mem0->base + src, n)) {
        return WASM_TRAP_MEMORY_OOB;
    }
    memmove(ctx->mem0->base + dst, ctx->mem0->base + src, n);
    return 0;
}

uint32_t wasm_rt_memory_init(wasm_ctx_t *ctx, uint32_t segment, uint32_t dst, uint32_t src,
                            uint32_t n) {
    wasm_instance_t *inst = wasm_instance_of(ctx);
    const wasm_module_t *m = inst->loaded->module;
    const wasm_data_t *d = &m->datas[segment];
    uint64_t size = inst->data_dropped[segment] ? 0 : d->data_size;
    if ((uint64_t)src + n > size || (uint64_t)dst + n > ctx->mem0->size ||
        !wasm_memory_writable(ctx->mem0, dst, n)) {
        return WASM_TRAP_MEMORY_OOB;
    }
    if (!wasm_mem_back(ctx->mem0->base + dst, n)) {
        return WASM_TRAP_MEMORY_OOB;
    }
    memcpy(ctx->mem0->base + dst, m->bytes + d->data_offset + src, n);
    return 0;
}

void wasm_rt_data_drop(wasm_ctx_t *ctx, uint32_t segment) {
    wasm_instance_of(ctx)->data_dropped[segment] = true;
}
