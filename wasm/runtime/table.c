/*
 * Tables and element segments: creation at instantiation, and the helpers
 * compiled code calls for table.grow/fill/copy/init and elem.drop. Ranges
 * are checked in 64-bit arithmetic before anything is written.
 */
#include "error.h"
#include "platform.h"
#include "runtime/helpers.h"

/* Entries a table without a declared maximum may grow to. */
#define WASM_MAX_TABLE_SIZE 10000000u

void wasm_tables_free(wasm_instance_t *inst) {
    const wasm_module_t *m = inst->loaded->module;
    if (inst->own_tables != NULL) {
        for (uint32_t i = 0; i < m->table_count - m->table_import_count; i++) {
            wasm_free(inst->own_tables[i].entries);
        }
    }
    if (inst->elem_items != NULL) {
        for (uint32_t i = 0; i < m->elem_count; i++) {
            wasm_free(inst->elem_items[i]);
        }
    }
    wasm_free(inst->own_tables);
    wasm_free(inst->elem_items);
    wasm_free(inst->elem_dropped);
}

static bool setup_segment(wasm_instance_t *inst, uint32_t i, wasm_error_t *err) {
    const wasm_elem_t *e = &inst->loaded->module->elems[i];
    uint64_t *items = wasm_alloc((e->item_count ? e->item_count : 1) * sizeof *items);
    if (items == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return false;
    }
    inst->elem_items[i] = items;
    for (uint32_t k = 0; k < e->item_count; k++) {
        items[k] = wasm_const_value(inst, &e->items[k]);
    }
    inst->elem_dropped[i] = e->mode != WASM_SEGMENT_PASSIVE;
    if (e->mode != WASM_SEGMENT_ACTIVE) {
        return true;
    }
    uint64_t at = (uint32_t)wasm_const_value(inst, &e->offset);
    wasm_table_t *tab = inst->table_ptrs[e->table];
    if (at + e->item_count > tab->size) {
        wasm_error_set(err, e->offset.offset, "out of bounds table access");
        return false;
    }
    memcpy(tab->entries + at, items, (size_t)e->item_count * sizeof *items);
    return true;
}

bool wasm_tables_setup(wasm_instance_t *inst, wasm_error_t *err) {
    const wasm_module_t *m = inst->loaded->module;
    uint32_t n = m->table_count - m->table_import_count, ne = m->elem_count;
    inst->own_tables = wasm_alloc((n ? n : 1) * sizeof *inst->own_tables);
    inst->elem_items = wasm_alloc((ne ? ne : 1) * sizeof *inst->elem_items);
    inst->elem_dropped = wasm_alloc((ne ? ne : 1) * sizeof *inst->elem_dropped);
    if (inst->own_tables == NULL || inst->elem_items == NULL || inst->elem_dropped == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return false;
    }
    memset(inst->own_tables, 0, (n ? n : 1) * sizeof *inst->own_tables);
    memset(inst->elem_items, 0, (ne ? ne : 1) * sizeof *inst->elem_items);
    for (uint32_t i = 0; i < n; i++) {
        const wasm_tabletype_t *tt = &m->tables[m->table_import_count + i];
        uint32_t size = tt->limits.min;
        /* at least one (null) entry: the clamped index 0 of a bounds check
         * must be loadable even in an empty table */
        uint32_t capacity = size ? size : 1;
        uint64_t max = tt->limits.has_max ? tt->limits.max : WASM_MAX_TABLE_SIZE;
        wasm_table_t *tab = &inst->own_tables[i];
        *tab = (wasm_table_t){wasm_alloc(capacity * sizeof(uint64_t)), size, capacity, max,
                              tt->elem};
        if (tab->entries == NULL) {
            wasm_error_set(err, 0, "out of memory");
            return false;
        }
        memset(tab->entries, 0, capacity * sizeof(uint64_t));
        inst->table_ptrs[m->table_import_count + i] = tab;
    }
    for (uint32_t i = 0; i < ne; i++) {
        if (!setup_segment(inst, i, err)) {
            return false;
        }
    }
    return true;
}

uint32_t wasm_rt_table_grow(wasm_ctx_t *ctx, uint32_t table, uint64_t init, uint32_t delta) {
    wasm_table_t *tab = ctx->tables[table];
    uint64_t size = (uint64_t)tab->size + delta;
    if (size > tab->max) {
        return 0xffffffffu;
    }
    if (size > tab->capacity) {
        uint64_t *grown = wasm_realloc(tab->entries, (size_t)size * sizeof *grown);
        if (grown == NULL) {
            return 0xffffffffu;
        }
        tab->entries = grown;
        tab->capacity = (uint32_t)size;
    }
    for (uint64_t i = tab->size; i < size; i++) {
        tab->entries[i] = init;
    }
    uint32_t old = tab->size;
    tab->size = (uint32_t)size;
    return old;
}

uint32_t wasm_rt_table_fill(wasm_ctx_t *ctx, uint32_t table, uint32_t dst, uint64_t ref,
                            uint32_t n) {
    wasm_table_t *tab = ctx->tables[table];
    if ((uint64_t)dst + n > tab->size) {
        return WASM_TRAP_TABLE_OOB;
    }
    for (uint32_t i = 0; i < n; i++) {
        tab->entries[dst + i] = ref;
    }
    return 0;
}

uint32_t wasm_rt_table_copy(wasm_ctx_t *ctx, uint32_t dst_table, uint32_t src_table, uint32_t dst,
                            uint32_t src, uint32_t n) {
    wasm_table_t *d = ctx->tables[dst_table], *s = ctx->tables[src_table];
    if ((uint64_t)dst + n > d->size || (uint64_t)src + n > s->size) {
        return WASM_TRAP_TABLE_OOB;
    }
    memmove(d->entries + dst, s->entries + src, (size_t)n * sizeof(uint64_t));
    return 0;
}

uint32_t wasm_rt_table_init(wasm_ctx_t *ctx, uint32_t table, uint32_t segment, uint32_t dst,
                            uint32_t src, uint32_t n) {
    wasm_instance_t *inst = wasm_instance_of(ctx);
    wasm_table_t *tab = ctx->tables[table];
    uint64_t size = inst->elem_dropped[segment] ? 0 : inst->loaded->module->elems[segment].item_count;
    if ((uint64_t)src + n > size || (uint64_t)dst + n > tab->size) {
        return WASM_TRAP_TABLE_OOB;
    }
    memcpy(tab->entries + dst, inst->elem_items[segment] + src, (size_t)n * sizeof(uint64_t));
    return 0;
}

void wasm_rt_elem_drop(wasm_ctx_t *ctx, uint32_t segment) {
    wasm_instance_of(ctx)->elem_dropped[segment] = true;
}
