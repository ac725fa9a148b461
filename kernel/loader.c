/*
 * The boot archive and import linking (see loader.h).
 */
#include "kernel/loader.h"

#include "arch/x86_64/layout.h"
#include "error.h"
#include "kernel/boot_info.h"
#include "kernel/driver.h"
#include "kernel/syscall_table.h"
#include "kernel/wasi/wasi.h"
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

enum archive_status loader_find_program(const char *path, struct archive_entry *out) {
    const uint8_t *base;
    size_t size;
    if (!loader_boot_archive(&base, &size)) {
        return ARCHIVE_END;
    }
    return archive_find(base, size, path, out);
}

bool loader_find_named(const char *name, uint32_t len, char path[ARCHIVE_NAME_MAX],
                       struct archive_entry *out) {
    if (len >= ARCHIVE_NAME_MAX || memchr(name, '\0', len) != NULL) {
        return false; /* no archive name is that long or holds a NUL */
    }
    memcpy(path, name, len);
    path[len] = '\0';
    return loader_find_program(path, out) == ARCHIVE_OK;
}

const char *loader_program_name(const char *path) {
    const char *name = path;
    for (const char *c = path; *c != '\0'; c++) {
        if (*c == '/') {
            name = c + 1;
        }
    }
    return name;
}

static void put(char *out, size_t size, size_t *n, const char *s) {
    *n += strlcpy(out + *n, s, size - *n);
    if (*n >= size) {
        *n = size - 1;
    }
}

/* "(i32, i32) -> (i32)" */
static void format_type(uint32_t params, uint32_t results, const wasm_valtype_t *types, char *out,
                        size_t size) {
    size_t n = 0;
    put(out, size, &n, "(");
    for (uint32_t i = 0; i < params + results; i++) {
        put(out, size, &n, i == params ? ") -> (" : i == 0 ? "" : ", ");
        put(out, size, &n, wasm_valtype_name(types[i]));
    }
    put(out, size, &n, results == 0 ? ") -> ()" : ")");
}

bool loader_link(const wasm_module_t *m, wasm_extern_t *imports, wasm_error_t *err) {
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import_t *im = &m->imports[i];
        int mlen = (int)im->module.len, nlen = (int)im->name.len;
        if (driver_link_port_import(m, i, &imports[i])) {
            continue;
        }
        if (im->kind != WASM_EXTERN_FUNC) {
            wasm_error_set(err, 0, "import %.*s.%.*s: only functions can be imported", mlen,
                           im->module.bytes, nlen, im->name.bytes);
            return false;
        }
        const struct syscall_def *sys = NULL;
        if (wasm_name_eq(im->module, "rz", 2)) {
            sys = syscall_find(syscall_table, syscall_count, im->name.bytes, im->name.len);
        } else if (wasm_name_eq(im->module, WASI_MODULE, sizeof(WASI_MODULE) - 1)) {
            sys = syscall_find(wasi_table, wasi_count, im->name.bytes, im->name.len);
        }
        if (sys == NULL) {
            wasm_error_set(err, 0, "import %.*s.%.*s: no such syscall", mlen, im->module.bytes,
                           nlen, im->name.bytes);
            return false;
        }
        const wasm_functype_t *t = wasm_func_type(m, im->index);
        if (!syscall_type_matches(sys, t)) {
            char got[96], want[96];
            format_type(t->param_count, t->result_count, t->types, got, sizeof got);
            format_type(sys->param_count, sys->result_count, sys->types, want, sizeof want);
            wasm_error_set(err, 0, "import %.*s.%s: type %s, the syscall's is %s", mlen,
                           im->module.bytes, sys->name, got, want);
            return false;
        }
        imports[i] = (wasm_extern_t){.kind = WASM_EXTERN_FUNC, .func = {sys->fn, NULL, 0}};
    }
    return true;
}
