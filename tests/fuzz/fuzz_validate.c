/*
 * libFuzzer target: every input goes through wasm_decode() and, when that
 * succeeds, wasm_validate(), exactly as `rz validate` runs them (rz_load).
 * A crash, a sanitizer report, a leak or a hang is a bug; a rejection is
 * the expected answer to most inputs. Also linked, without libFuzzer, into
 * build/fuzz-replay, which runs saved inputs as a test stage.
 *
 * A module that validates is also held to what wasm.h promises later stages
 * (the compiler trusts it): every index in range, every offset inside the
 * binary, every constant expression filled in. A broken promise aborts, so
 * the fuzzer saves the input, as it does for a crash.
 *
 * Each input then runs a second time with allocations failing from one the
 * input's last byte picks among those the first run made (platform_fuzz.c):
 * the engine must fail cleanly, without a leak or a crash, and if it still
 * accepts the module, the module must keep the same promises.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "fuzz_platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with the promise broken, so the report names it. */
#define PROMISE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "validated module breaks wasm.h: %s (%s:%d)\n", #cond, __FILE__,       \
                    __LINE__);                                                                     \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static bool is_valtype(wasm_valtype_t t) {
    return t == WASM_I32 || t == WASM_I64 || t == WASM_F32 || t == WASM_F64 || t == WASM_V128 ||
           t == WASM_FUNCREF || t == WASM_EXTERNREF;
}

static bool is_reftype(wasm_valtype_t t) {
    return t == WASM_FUNCREF || t == WASM_EXTERNREF;
}

static bool in_binary(const wasm_module_t *m, uint64_t offset, uint64_t size) {
    return offset <= m->size && size <= m->size - offset;
}

static uint32_t extern_count(const wasm_module_t *m, wasm_extern_kind_t kind) {
    switch (kind) {
    case WASM_EXTERN_FUNC:
        return m->func_count;
    case WASM_EXTERN_TABLE:
        return m->table_count;
    case WASM_EXTERN_MEMORY:
        return m->memory_count;
    case WASM_EXTERN_GLOBAL:
        return m->global_count;
    }
    return 0;
}

/* A validated constant expression: filled in, and its index in range. */
static void check_const(const wasm_module_t *m, const wasm_expr_t *e) {
    PROMISE(e->op != WASM_CONST_NONE);
    PROMISE(in_binary(m, e->offset, e->size));
    if (e->op == WASM_CONST_REF_FUNC) {
        PROMISE(e->value.index < m->func_count);
    } else if (e->op == WASM_CONST_GLOBAL) {
        PROMISE(e->value.index < m->global_count);
    } else if (e->op == WASM_CONST_REF_NULL) {
        PROMISE(is_reftype(e->value.reftype));
    }
}

static void check_funcs(const wasm_module_t *m) {
    PROMISE(m->func_import_count <= m->func_count);
    for (uint32_t i = 0; i < m->type_count; i++) {
        const wasm_functype_t *t = &m->types[i];
        for (uint32_t j = 0; j < t->param_count + t->result_count; j++) {
            PROMISE(is_valtype(t->types[j]));
        }
    }
    for (uint32_t i = 0; i < m->func_count; i++) {
        const wasm_func_t *f = &m->funcs[i];
        PROMISE(f->type_index < m->type_count);
        if (i < m->func_import_count) {
            continue;
        }
        PROMISE(f->body_offset <= f->code_offset && f->code_offset < f->code_end);
        PROMISE(f->code_end <= m->size && m->bytes[f->code_end - 1] == 0x0b); /* end */
        PROMISE(f->local_group_first <= m->local_group_count &&
                f->local_group_count <= m->local_group_count - f->local_group_first);
        uint64_t locals = 0;
        for (uint32_t g = 0; g < f->local_group_count; g++) {
            const wasm_local_group_t *lg = &m->local_groups[f->local_group_first + g];
            PROMISE(is_valtype(lg->type));
            locals += lg->count;
        }
        PROMISE(locals == f->local_count);
    }
}

static void check_tables_memories_globals(const wasm_module_t *m) {
    PROMISE(m->table_import_count <= m->table_count);
    PROMISE(m->memory_import_count <= m->memory_count && m->memory_count <= 1);
    PROMISE(m->global_import_count <= m->global_count);
    for (uint32_t i = 0; i < m->table_count; i++) {
        const wasm_tabletype_t *t = &m->tables[i];
        PROMISE(is_reftype(t->elem));
        PROMISE(!t->limits.has_max || t->limits.min <= t->limits.max);
    }
    for (uint32_t i = 0; i < m->memory_count; i++) {
        const wasm_limits_t *l = &m->memories[i].limits;
        PROMISE(l->min <= 65536 && (!l->has_max || (l->min <= l->max && l->max <= 65536)));
    }
    for (uint32_t i = 0; i < m->global_count; i++) {
        PROMISE(is_valtype(m->globals[i].type.type));
        if (i >= m->global_import_count) {
            check_const(m, &m->globals[i].init);
        }
    }
}

static void check_imports_exports(const wasm_module_t *m) {
    for (uint32_t i = 0; i < m->import_count; i++) {
        const wasm_import_t *im = &m->imports[i];
        PROMISE(im->index < extern_count(m, im->kind));
        PROMISE(
            in_binary(m, (uint64_t)(im->module.bytes - (const char *)m->bytes), im->module.len));
        PROMISE(in_binary(m, (uint64_t)(im->name.bytes - (const char *)m->bytes), im->name.len));
    }
    for (uint32_t i = 0; i < m->export_count; i++) {
        const wasm_export_t *ex = &m->exports[i];
        PROMISE(ex->index < extern_count(m, ex->kind));
        /* Export names are unique; quadratic, so only for fuzz-sized modules. */
        for (uint32_t j = i + 1; j < m->export_count && m->export_count <= 1000; j++) {
            PROMISE(!wasm_name_eq(ex->name, m->exports[j].name.bytes, m->exports[j].name.len));
        }
    }
    PROMISE(!m->has_start || m->start < m->func_count);
}

static void check_segments(const wasm_module_t *m) {
    for (uint32_t i = 0; i < m->elem_count; i++) {
        const wasm_elem_t *e = &m->elems[i];
        PROMISE(is_reftype(e->type));
        if (e->mode == WASM_SEGMENT_ACTIVE) {
            PROMISE(e->table < m->table_count && m->tables[e->table].elem == e->type);
            check_const(m, &e->offset);
        }
        for (uint32_t j = 0; j < e->item_count; j++) {
            check_const(m, &e->items[j]);
        }
    }
    PROMISE(!m->has_data_count || m->data_count == m->data_segment_count);
    for (uint32_t i = 0; i < m->data_segment_count; i++) {
        const wasm_data_t *d = &m->datas[i];
        PROMISE(d->mode == WASM_SEGMENT_ACTIVE || d->mode == WASM_SEGMENT_PASSIVE);
        PROMISE(in_binary(m, d->data_offset, d->data_size));
        if (d->mode == WASM_SEGMENT_ACTIVE) {
            PROMISE(d->memory < m->memory_count);
            check_const(m, &d->offset);
        }
    }
}

/* Decodes and validates; checks the promises when the module is accepted. */
static void load_and_check(const uint8_t *data, size_t size) {
    wasm_error_t err;
    wasm_module_t *m;
    if (rz_load(data, size, &err, &m) != RZ_VALID) {
        return;
    }
    PROMISE(m->validated && m->bytes == data && m->size == size);
    check_funcs(m);
    check_tables_memories_globals(m);
    check_imports_exports(m);
    check_segments(m);
    wasm_module_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_alloc_reset(0);
    load_and_check(data, size);
    size_t allocations = fuzz_alloc_count();
    if (allocations != 0 && size != 0) {
        fuzz_alloc_reset(1 + data[size - 1] % allocations);
        load_and_check(data, size);
        fuzz_alloc_reset(0);
    }
    return 0;
}
