/*
 * Trap messages and the trap-site table (see trap.h for the protocol).
 */
#include "compile/trap_table.h"

#include "platform.h"

const char *wasm_trap_message(wasm_trap_kind_t kind) {
    static const char *const messages[WASM_TRAP_KIND_COUNT] = {
        [WASM_TRAP_NONE] = "no trap",
        [WASM_TRAP_UNREACHABLE] = "unreachable",
        [WASM_TRAP_MEMORY_OOB] = "out of bounds memory access",
        [WASM_TRAP_DIV_ZERO] = "integer divide by zero",
        [WASM_TRAP_INT_OVERFLOW] = "integer overflow",
        [WASM_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
        [WASM_TRAP_UNDEFINED_ELEMENT] = "undefined element",
        [WASM_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
        [WASM_TRAP_SIGNATURE_MISMATCH] = "indirect call type mismatch",
        [WASM_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
        [WASM_TRAP_TABLE_OOB] = "out of bounds table access",
        [WASM_TRAP_PORT_DENIED] = "port access outside the grant",
    };
    if ((unsigned)kind >= WASM_TRAP_KIND_COUNT) {
        return "unknown trap";
    }
    return messages[kind];
}

bool wasm_trap_table_add(wasm_trap_table_t *t, wasm_trap_site_t site) {
    if (t->count > 0 && site.code_offset <= t->sites[t->count - 1].code_offset) {
        return false;
    }
    if (t->count == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 64;
        if (cap < t->cap) {
            return false;
        }
        wasm_trap_site_t *sites = wasm_realloc(t->sites, (size_t)cap * sizeof *sites);
        if (sites == NULL) {
            return false;
        }
        t->sites = sites;
        t->cap = cap;
    }
    t->sites[t->count++] = site;
    return true;
}

void wasm_trap_table_free(wasm_trap_table_t *t) {
    wasm_free(t->sites);
    t->sites = NULL;
    t->count = 0;
    t->cap = 0;
}

bool wasm_trap_table_find(const wasm_trap_site_t *sites, uint32_t count, uint32_t code_offset,
                          wasm_trap_t *out) {
    uint32_t lo = 0, hi = count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (sites[mid].code_offset < code_offset) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == count || sites[lo].code_offset != code_offset) {
        return false;
    }
    out->kind = (wasm_trap_kind_t)sites[lo].kind;
    out->func = sites[lo].func;
    out->wasm_offset = sites[lo].wasm_offset;
    return true;
}
