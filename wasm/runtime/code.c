/*
 * The registry of code regions (protocol in code.h).
 */
#include "runtime/code.h"

static const wasm_code_region_t *registry[WASM_MAX_CODE_REGIONS];

bool wasm_code_register(const wasm_code_region_t *r) {
    for (int i = 0; i < WASM_MAX_CODE_REGIONS; i++) {
        const wasm_code_region_t *expected = NULL;
        if (__atomic_compare_exchange_n(&registry[i], &expected, r, false, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED)) {
            return true;
        }
    }
    return false;
}

void wasm_code_unregister(const wasm_code_region_t *r) {
    for (int i = 0; i < WASM_MAX_CODE_REGIONS; i++) {
        if (__atomic_load_n(&registry[i], __ATOMIC_RELAXED) == r) {
            __atomic_store_n(&registry[i], NULL, __ATOMIC_RELEASE);
            return;
        }
    }
}

bool wasm_code_trap_at(uintptr_t pc, wasm_trap_t *out) {
    for (int i = 0; i < WASM_MAX_CODE_REGIONS; i++) {
        const wasm_code_region_t *r = __atomic_load_n(&registry[i], __ATOMIC_ACQUIRE);
        if (r == NULL) {
            continue;
        }
        uintptr_t start = (uintptr_t)r->start;
        if (pc >= start && pc - start < r->size) {
            return wasm_trap_table_find(r->sites, r->site_count, (uint32_t)(pc - start), out);
        }
    }
    return false;
}
