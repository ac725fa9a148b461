/*
 * The registry of code regions (protocol in code.h).
 */
#include "runtime/code.h"

static const wasm_code_region_t *registry[WASM_MAX_CODE_REGIONS];
static const wasm_reservation_t *reservations[WASM_MAX_RESERVATIONS];

/* Publishes p in the first free slot of a pointer array. */
static bool publish(const void **slots, int n, const void *p) {
    for (int i = 0; i < n; i++) {
        const void *expected = NULL;
        if (__atomic_compare_exchange_n(&slots[i], &expected, p, false, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED)) {
            return true;
        }
    }
    return false;
}

static void withdraw(const void **slots, int n, const void *p) {
    for (int i = 0; i < n; i++) {
        if (__atomic_load_n(&slots[i], __ATOMIC_RELAXED) == p) {
            __atomic_store_n(&slots[i], NULL, __ATOMIC_RELEASE);
            return;
        }
    }
}

bool wasm_reservation_register(const wasm_reservation_t *r) {
    return publish((const void **)reservations, WASM_MAX_RESERVATIONS, r);
}

void wasm_reservation_unregister(const wasm_reservation_t *r) {
    withdraw((const void **)reservations, WASM_MAX_RESERVATIONS, r);
}

static bool in_reservation(uintptr_t addr) {
    for (int i = 0; i < WASM_MAX_RESERVATIONS; i++) {
        const wasm_reservation_t *r = __atomic_load_n(&reservations[i], __ATOMIC_ACQUIRE);
        if (r != NULL && addr >= r->start && addr - r->start < r->size) {
            return true;
        }
    }
    return false;
}

bool wasm_code_register(const wasm_code_region_t *r) {
    return publish((const void **)registry, WASM_MAX_CODE_REGIONS, r);
}

void wasm_code_unregister(const wasm_code_region_t *r) {
    withdraw((const void **)registry, WASM_MAX_CODE_REGIONS, r);
}

bool wasm_code_trap_at(uintptr_t pc, bool access_fault, uintptr_t fault_addr, wasm_trap_t *out) {
    for (int i = 0; i < WASM_MAX_CODE_REGIONS; i++) {
        const wasm_code_region_t *r = __atomic_load_n(&registry[i], __ATOMIC_ACQUIRE);
        if (r == NULL) {
            continue;
        }
        uintptr_t start = (uintptr_t)r->start;
        if (pc >= start && pc - start < r->size) {
            if (!wasm_trap_table_find(r->sites, r->site_count, (uint32_t)(pc - start), out)) {
                return false;
            }
            return !access_fault ||
                   (out->kind == WASM_TRAP_MEMORY_OOB && in_reservation(fault_addr));
        }
    }
    return false;
}
