/*
 * The boot archive and import linking (see loader.h).
 */
#include "kernel/loader.h"

#include "arch/x86_64/layout.h"
#include "error.h"
#include "kernel/boot_info.h"
#include "kernel/syscall.h"
#include "lib/string.h"

bool loader_boot_archive(const uint8_t **base, size_t *size) {
    for (size_t i = 0; i < boot_info.module_count; i++) {
        const struct boot_module *m = &boot_info.modules[i];
        if (strcmp(m->string, LOADER_ARCHIVE_NAME) == 0 && m->end >= m->start) {
            *base = phys_to_virt(m->start);
            *size = (size_t)(m->end - m->start);
            return true;
        }
    }
    return false;
}

static char type_letter(wasm_valtype_t t) {
    return t == WASM_I32 ? 'i' : t == WASM_I64 ? 'I' : '?';
}

/* "ii:i" for (i32, i32) -> i32; '?' for types syscalls never use. */
static void signature_of(const wasm_functype_t *t, char *out, size_t size) {
    size_t n = 0;
    for (uint32_t i = 0; i < t->param_count + t->result_count && n + 2 < size; i++) {
        if (i == t->param_count) {
            out[n++] = ':';
        }
        out[n++] = type_letter(t->types[i]);
    }
    if (t->result_count == 0 && n + 1 < size) {
        out[n++] = ':';
    }
    out[n] = '\0';
}

static const struct syscall_def *syscall_named(wasm_name_t name) {
    for (unsigned i = 0; i < syscall_count; i++) {
        if (wasm_name_eq(name, syscall_table[i].name, (uint32_t)strlen(syscall_table[i].name))) {
            return &syscall_table[i];
        }
    }
    return NULL;
}

bool loader_link(const wasm_module_t *m, wasm_func_ref_t *imports, wasm_error_t *err) {
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import_t *im = &m->imports[i];
        if (im->kind != WASM_EXTERN_FUNC) {
            wasm_error_set(err, 0, "import %.*s.%.*s: only functions can be imported",
                           (int)im->module.len, im->module.bytes, (int)im->name.len,
                           im->name.bytes);
            return false;
        }
        const struct syscall_def *sys = syscall_named(im->name);
        if (!wasm_name_eq(im->module, "rz", 2) || sys == NULL) {
            wasm_error_set(err, 0, "import %.*s.%.*s: no such syscall", (int)im->module.len,
                           im->module.bytes, (int)im->name.len, im->name.bytes);
            return false;
        }
        char sig[32];
        signature_of(wasm_func_type(m, im->index), sig, sizeof sig);
        if (strcmp(sig, sys->signature) != 0) {
            wasm_error_set(err, 0, "import rz.%s: signature %s, the syscall's is %s", sys->name,
                           sig, sys->signature);
            return false;
        }
        imports[im->index] = (wasm_func_ref_t){sys->fn, NULL, 0};
    }
    return true;
}
