/* Matching a module's imports against a table of host functions (see host_import.h). */
#include <stdio.h>
#include <string.h>

#include "host_import.h"

static char sig_letter(wasm_valtype_t t) {
    switch (t) {
    case WASM_I32:
        return 'i';
    case WASM_I64:
        return 'I';
    case WASM_F32:
        return 'f';
    case WASM_F64:
        return 'F';
    default:
        return '?';
    }
}

bool rz_sig_matches(const wasm_functype_t *type, const char *sig) {
    size_t n = type->param_count + type->result_count;
    if (strlen(sig) != n + 1 || sig[type->param_count] != ':') {
        return false;
    }
    for (uint32_t i = 0; i < type->param_count; i++) {
        if (sig[i] != sig_letter(type->types[i])) {
            return false;
        }
    }
    for (uint32_t i = 0; i < type->result_count; i++) {
        if (sig[type->param_count + 1 + i] != sig_letter(type->types[type->param_count + i])) {
            return false;
        }
    }
    return true;
}

static const rz_host_func_t *find(const rz_host_func_t *table, size_t count,
                                  const wasm_import_t *imp) {
    for (size_t i = 0; i < count; i++) {
        if (wasm_name_eq(imp->module, table[i].module, (uint32_t)strlen(table[i].module)) &&
            wasm_name_eq(imp->name, table[i].name, (uint32_t)strlen(table[i].name))) {
            return &table[i];
        }
    }
    return NULL;
}

bool rz_imports_resolve(const wasm_module_t *m, const rz_host_func_t *table, size_t count,
                        wasm_extern_t *imports, char *err, size_t err_size) {
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import_t *imp = &m->imports[i];
        int ml = (int)imp->module.len, nl = (int)imp->name.len;
        if (imp->kind != WASM_EXTERN_FUNC) {
            snprintf(err, err_size,
                     "import %.*s.%.*s: only function imports are provided (this is a %s)", ml,
                     imp->module.bytes, nl, imp->name.bytes, wasm_extern_kind_name(imp->kind));
            return false;
        }
        const rz_host_func_t *f = find(table, count, imp);
        if (f == NULL) {
            snprintf(err, err_size, "import %.*s.%.*s: no such host function", ml,
                     imp->module.bytes, nl, imp->name.bytes);
            return false;
        }
        if (!rz_sig_matches(wasm_func_type(m, imp->index), f->sig)) {
            snprintf(err, err_size,
                     "import %.*s.%.*s: the module's type differs from the host's (%s)", ml,
                     imp->module.bytes, nl, imp->name.bytes, f->sig);
            return false;
        }
        imports[i] = (wasm_extern_t){.kind = WASM_EXTERN_FUNC, .func = {f->code, NULL, 0}};
    }
    return true;
}
