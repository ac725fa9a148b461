/* Looking up and type-checking syscalls for the loader; see syscall_table.h. */
#include "kernel/syscall_table.h"

#include "lib/string.h"

const struct syscall_def *syscall_find(const struct syscall_def *table, size_t count,
                                       const char *name, size_t len) {
    for (size_t i = 0; i < count; i++) {
        if (strlen(table[i].name) == len && memcmp(table[i].name, name, len) == 0) {
            return &table[i];
        }
    }
    return NULL;
}

bool syscall_type_matches(const struct syscall_def *def, const wasm_functype_t *t) {
    if (t->param_count != def->param_count || t->result_count != def->result_count) {
        return false;
    }
    uint32_t n = t->param_count + t->result_count;
    for (uint32_t i = 0; i < n; i++) {
        if (t->types[i] != def->types[i]) {
            return false;
        }
    }
    return true;
}
