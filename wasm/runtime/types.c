/*
 * The interned function types (see types.h): a growing list searched
 * linearly, since instantiation interns each of a module's types once.
 */
#include "runtime/types.h"

#include "platform.h"

struct interned {
    uint32_t param_count, result_count;
    wasm_valtype_t *types;
};

static struct interned *interned;
static uint32_t interned_count, interned_cap;

static bool same(const struct interned *a, const wasm_functype_t *t) {
    uint32_t n = t->param_count + t->result_count;
    return a->param_count == t->param_count && a->result_count == t->result_count &&
           memcmp(a->types, t->types, n) == 0;
}

uint32_t wasm_type_intern(const wasm_functype_t *t) {
    for (uint32_t i = 0; i < interned_count; i++) {
        if (same(&interned[i], t)) {
            return i + 1;
        }
    }
    if (interned_count == interned_cap) {
        uint32_t cap = interned_cap ? 2 * interned_cap : 64;
        struct interned *grown = wasm_realloc(interned, cap * sizeof *grown);
        if (grown == NULL) {
            return 0;
        }
        interned = grown;
        interned_cap = cap;
    }
    uint32_t n = t->param_count + t->result_count;
    wasm_valtype_t *types = wasm_alloc(n ? n : 1);
    if (types == NULL) {
        return 0;
    }
    memcpy(types, t->types, n);
    interned[interned_count] = (struct interned){t->param_count, t->result_count, types};
    return ++interned_count;
}
