/* Making a module file runnable, and naming traps (see program.h). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "program.h"

rz_open_status_t rz_program_open(rz_program_t *p, const char *path, const rz_host_func_t *host,
                                 size_t host_count, char *msg, size_t msg_size) {
    *p = (rz_program_t){0};
    int error = rz_file_read(path, &p->file);
    if (error != 0) {
        snprintf(msg, msg_size, "%s: %s", path, strerror(error));
        return RZ_OPEN_UNREADABLE;
    }
    wasm_error_t err;
    if (rz_load(p->file.bytes, p->file.size, &err, &p->module) != RZ_VALID) {
        snprintf(msg, msg_size, "%s: %s", path, err.message);
        rz_program_close(p);
        return RZ_OPEN_REJECTED;
    }
    uint32_t n = p->module->import_count;
    wasm_extern_t *imports = calloc(n ? n : 1, sizeof *imports);
    if (imports == NULL) {
        snprintf(msg, msg_size, "%s: out of memory", path);
        rz_program_close(p);
        return RZ_OPEN_UNSUPPORTED;
    }
    rz_open_status_t status = RZ_OPEN_OK;
    char why[256];
    if (!rz_imports_resolve(p->module, host, host_count, imports, why, sizeof why)) {
        snprintf(msg, msg_size, "%s: %s", path, why);
        status = RZ_OPEN_UNLINKABLE;
    } else if (!(p->is_loaded = wasm_load(p->module, NULL, &p->loaded, &err))) {
        snprintf(msg, msg_size, "%s: cannot compile: %s", path, err.message);
        status = RZ_OPEN_UNSUPPORTED;
    } else if ((p->instance = wasm_instantiate(&p->loaded, imports, &err)) == NULL) {
        snprintf(msg, msg_size, "%s: cannot instantiate: %s", path, err.message);
        status = RZ_OPEN_INSTANTIATE;
    }
    free(imports);
    if (status != RZ_OPEN_OK) {
        rz_program_close(p);
    }
    return status;
}

void rz_program_close(rz_program_t *p) {
    wasm_instance_free(p->instance);
    if (p->is_loaded) {
        wasm_unload(&p->loaded);
    }
    wasm_module_free(p->module);
    if (p->file.bytes != NULL) {
        rz_file_free(&p->file);
    }
    *p = (rz_program_t){0};
}

bool rz_program_export(const rz_program_t *p, const char *name, wasm_extern_kind_t kind,
                       uint32_t *index) {
    const wasm_module_t *m = p->module;
    for (uint32_t i = 0; i < m->export_count; i++) {
        if (m->exports[i].kind == kind &&
            wasm_name_eq(m->exports[i].name, name, (uint32_t)strlen(name))) {
            *index = m->exports[i].index;
            return true;
        }
    }
    return false;
}

size_t rz_program_vals(const rz_program_t *p, uint32_t func) {
    const wasm_functype_t *t = wasm_func_type(p->module, func);
    size_t n = t->param_count > t->result_count ? t->param_count : t->result_count;
    return n ? n : 1;
}

bool rz_program_call(rz_program_t *p, uint32_t func, uint64_t *vals, wasm_trap_t *trap) {
    return wasm_invoke(p->instance, func, vals, trap);
}

void rz_func_name(const wasm_module_t *m, uint32_t func, char *buf, size_t size) {
    if (func < m->func_count && m->funcs[func].name.len > 0) {
        snprintf(buf, size, "%.*s", (int)m->funcs[func].name.len, m->funcs[func].name.bytes);
        return;
    }
    for (uint32_t i = 0; i < m->export_count; i++) {
        const wasm_export_t *e = &m->exports[i];
        if (e->kind == WASM_EXTERN_FUNC && e->index == func) {
            snprintf(buf, size, "%.*s", (int)e->name.len, e->name.bytes);
            return;
        }
    }
    snprintf(buf, size, "func[%u]", func);
}

void rz_print_trap(FILE *out, const wasm_module_t *m, const wasm_trap_t *trap) {
    char name[128];
    rz_func_name(m, trap->func, name, sizeof name);
    uint32_t body = trap->func < m->func_count ? m->funcs[trap->func].body_offset : 0;
    uint32_t offset = trap->wasm_offset >= body ? trap->wasm_offset - body : trap->wasm_offset;
    fprintf(out, "trap: %s in %s+0x%x\n", wasm_trap_message(trap->kind), name, offset);
}
