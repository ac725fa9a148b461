/* The spectest host module (see spectest.h). */
#include <string.h>

#include "platform.h"
#include "spectest.h"

#define SPECTEST_TABLE_MAX 20

static uint64_t spectest_i32, spectest_i64, spectest_f32, spectest_f64;
static uint64_t spectest_entries[SPECTEST_TABLE_MAX];
static wasm_table_t spectest_table;
static wasm_memory_t spectest_memory;
static wasm_reservation_t spectest_reservation;

/* Every print_* import: the arguments are ignored. */
static void spectest_print(wasm_ctx_t *ctx) {
    (void)ctx;
}

static bool spectest_reserve(void) {
    uint8_t *base = wasm_mem_reserve(WASM_MEM_RESERVATION);
    if (base == NULL || !wasm_mem_commit(base, WASM_PAGE_SIZE)) {
        return false;
    }
    spectest_memory.base = base;
    spectest_reservation = (wasm_reservation_t){(uintptr_t)base, WASM_MEM_RESERVATION};
    return wasm_reservation_register(&spectest_reservation);
}

bool spectest_reset(void) {
    if (spectest_memory.base == NULL && !spectest_reserve()) {
        return false;
    }
    /* A script may have grown the memory to its maximum of two pages. */
    memset(spectest_memory.base, 0, spectest_memory.size);
    spectest_memory.size = WASM_PAGE_SIZE;
    spectest_memory.max_pages = 2;
    memset(spectest_entries, 0, sizeof spectest_entries);
    spectest_table = (wasm_table_t){spectest_entries, 10, SPECTEST_TABLE_MAX, SPECTEST_TABLE_MAX,
                                    WASM_FUNCREF};
    spectest_i32 = 666;
    spectest_i64 = 666;
    spectest_f32 = 0x4426a666;            /* 666.6f */
    spectest_f64 = 0x4084d4cccccccccdull; /* 666.6 */
    return true;
}

static bool name_is(wasm_name_t n, const char *s) {
    return wasm_name_eq(n, s, (uint32_t)strlen(s));
}

bool spectest_export(wasm_name_t name, wasm_extern_t *out) {
    static const struct {
        const char *name;
        uint64_t *cell;
        wasm_valtype_t type;
    } globals[] = {{"global_i32", &spectest_i32, WASM_I32},
                   {"global_i64", &spectest_i64, WASM_I64},
                   {"global_f32", &spectest_f32, WASM_F32},
                   {"global_f64", &spectest_f64, WASM_F64}};
    *out = (wasm_extern_t){0};
    if (name.len >= 5 && memcmp(name.bytes, "print", 5) == 0) {
        out->kind = WASM_EXTERN_FUNC;
        out->func.code = (const void *)spectest_print;
        return true;
    }
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++) {
        if (name_is(name, globals[i].name)) {
            out->kind = WASM_EXTERN_GLOBAL;
            out->global = globals[i].cell;
            out->global_type.type = globals[i].type;
            return true;
        }
    }
    if (name_is(name, "table")) {
        out->kind = WASM_EXTERN_TABLE;
        out->table = &spectest_table;
        return true;
    }
    if (name_is(name, "memory")) {
        out->kind = WASM_EXTERN_MEMORY;
        out->memory = &spectest_memory;
        return true;
    }
    return false;
}
