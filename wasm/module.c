/*
 * Reading a decoded module back (the small accessors of wasm.h) and freeing it.
 */
#include "platform.h"
#include "wasm.h"

void wasm_module_free(wasm_module_t *m) {
    if (m == NULL) {
        return;
    }
    for (uint32_t i = 0; i < m->elem_count; i++) {
        wasm_free(m->elems[i].items);
    }
    wasm_free(m->types);
    wasm_free(m->type_pool);
    wasm_free(m->imports);
    wasm_free(m->funcs);
    wasm_free(m->tables);
    wasm_free(m->memories);
    wasm_free(m->globals);
    wasm_free(m->exports);
    wasm_free(m->elems);
    wasm_free(m->datas);
    wasm_free(m->local_groups);
    wasm_free(m->customs);
    wasm_free(m->local_names);
    wasm_free(m);
}

const wasm_functype_t *wasm_func_type(const wasm_module_t *m, uint32_t func_index) {
    return &m->types[m->funcs[func_index].type_index];
}

wasm_valtype_t wasm_local_type(const wasm_module_t *m, uint32_t func_index, uint32_t local_index) {
    const wasm_func_t *f = &m->funcs[func_index];
    const wasm_functype_t *t = &m->types[f->type_index];
    if (local_index < t->param_count) {
        return t->types[local_index];
    }
    local_index -= t->param_count;
    const wasm_local_group_t *g = &m->local_groups[f->local_group_first];
    while (local_index >= g->count) {
        local_index -= g->count;
        g++;
    }
    return g->type;
}

const char *wasm_valtype_name(wasm_valtype_t type) {
    switch (type) {
    case WASM_I32:
        return "i32";
    case WASM_I64:
        return "i64";
    case WASM_F32:
        return "f32";
    case WASM_F64:
        return "f64";
    case WASM_V128:
        return "v128";
    case WASM_FUNCREF:
        return "funcref";
    case WASM_EXTERNREF:
        return "externref";
    default:
        return "?";
    }
}

const char *wasm_extern_kind_name(wasm_extern_kind_t kind) {
    static const char *const names[] = {"func", "table", "memory", "global"};
    return (unsigned)kind < 4 ? names[kind] : "?";
}

bool wasm_name_eq(wasm_name_t a, const char *bytes, uint32_t len) {
    return a.len == len && memcmp(a.bytes, bytes, len) == 0;
}
