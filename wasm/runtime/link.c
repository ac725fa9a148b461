/*
 * Linking: binding an instance's imports to external values, each checked
 * against the import's declared type (the spec's "import matching"), and
 * reading an instance's exports as external values for others to import.
 */
#include "error.h"
#include "platform.h"
#include "runtime/instance.h"

static bool limits_match(uint64_t size, uint64_t max, const wasm_limits_t *want) {
    return size >= want->min && (!want->has_max || max <= want->max);
}

static bool link_one(wasm_instance_t *inst, const wasm_import_t *im, const wasm_extern_t *x) {
    const wasm_module_t *m = inst->loaded->module;
    if (x->kind != im->kind) {
        return false;
    }
    switch (im->kind) {
    case WASM_EXTERN_FUNC: {
        uint32_t want = inst->type_ids[m->funcs[im->index].type_index];
        if (x->func.type_id != 0 && x->func.type_id != want) {
            return false;
        }
        inst->imports[im->index] = x->func;
        if (x->func.ctx == NULL) {
            inst->imports[im->index].ctx = &inst->ctx;
        }
        return x->func.code != NULL;
    }
    case WASM_EXTERN_MEMORY: {
        const wasm_memory_t *mem = x->memory;
        if (mem == NULL ||
            !limits_match(mem->size / WASM_PAGE_SIZE, mem->max_pages, &m->memories[im->index].limits)) {
            return false;
        }
        inst->ctx.mem0 = x->memory;
        inst->ctx.mem0_base = mem->base;
        return true;
    }
    case WASM_EXTERN_TABLE: {
        const wasm_table_t *tab = x->table;
        const wasm_tabletype_t *tt = &m->tables[im->index];
        if (tab == NULL || tab->elem != tt->elem || !limits_match(tab->size, tab->max, &tt->limits)) {
            return false;
        }
        inst->table_ptrs[im->index] = x->table;
        return true;
    }
    case WASM_EXTERN_GLOBAL: {
        const wasm_globaltype_t *gt = &m->globals[im->index].type;
        if (x->global == NULL || x->global_type.type != gt->type ||
            x->global_type.is_mutable != gt->is_mutable) {
            return false;
        }
        inst->global_ptrs[im->index] = x->global;
        return true;
    }
    }
    return false;
}

bool wasm_link_imports(wasm_instance_t *inst, const wasm_extern_t *imports, wasm_error_t *err) {
    const wasm_module_t *m = inst->loaded->module;
    for (uint32_t i = 0; i < m->import_count; i++) {
        if (!link_one(inst, &m->imports[i], &imports[i])) {
            wasm_error_set(err, 0, "incompatible import type: import %u (%.*s.%.*s)", i,
                           (int)m->imports[i].module.len, m->imports[i].module.bytes,
                           (int)m->imports[i].name.len, m->imports[i].name.bytes);
            return false;
        }
    }
    return true;
}

bool wasm_instance_export(wasm_instance_t *inst, const char *name, uint32_t len,
                          wasm_extern_t *out) {
    const wasm_module_t *m = inst->loaded->module;
    for (uint32_t i = 0; i < m->export_count; i++) {
        const wasm_export_t *e = &m->exports[i];
        if (!wasm_name_eq(e->name, name, len)) {
            continue;
        }
        *out = (wasm_extern_t){0};
        out->kind = e->kind;
        switch (e->kind) {
        case WASM_EXTERN_FUNC:
            out->func = inst->func_refs[e->index];
            break;
        case WASM_EXTERN_MEMORY:
            out->memory = inst->ctx.mem0;
            break;
        case WASM_EXTERN_TABLE:
            out->table = inst->table_ptrs[e->index];
            break;
        case WASM_EXTERN_GLOBAL:
            out->global = inst->global_ptrs[e->index];
            out->global_type = m->globals[e->index].type;
            break;
        }
        return true;
    }
    return false;
}

wasm_instance_t *wasm_instantiate_funcs(const wasm_loaded_t *loaded,
                                        const wasm_func_ref_t *func_imports, wasm_error_t *err) {
    const wasm_module_t *m = loaded->module;
    uint32_t n = m->import_count;
    if (m->func_import_count != n) {
        wasm_error_set(err, 0, "incompatible import type: only function imports expected");
        return NULL;
    }
    wasm_extern_t *imports = wasm_alloc((n ? n : 1) * sizeof *imports);
    if (imports == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        imports[i] = (wasm_extern_t){.kind = WASM_EXTERN_FUNC, .func = func_imports[i]};
    }
    wasm_instance_t *inst = wasm_instantiate(loaded, imports, err);
    wasm_free(imports);
    return inst;
}
