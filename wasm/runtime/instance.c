/*
 * Loading, instantiation and the C entry path (see instance.h).
 */
#include "runtime/instance.h"

#include "error.h"
#include "platform.h"

bool wasm_load(const wasm_module_t *m, wasm_loaded_t *out, wasm_error_t *err) {
    *out = (wasm_loaded_t){0};
    out->module = m;
    if (!wasm_jit_compile(m, &out->code, err)) {
        return false;
    }
    out->region = (wasm_code_region_t){out->code.code, out->code.size, out->code.traps.sites,
                                       out->code.traps.count};
    if (!wasm_code_register(&out->region)) {
        wasm_error_set(err, 0, "too many modules loaded (%d)", WASM_MAX_CODE_REGIONS);
        wasm_jit_code_free(&out->code);
        return false;
    }
    return true;
}

void wasm_unload(wasm_loaded_t *l) {
    wasm_code_unregister(&l->region);
    wasm_jit_code_free(&l->code);
}

void wasm_instance_free(wasm_instance_t *inst) {
    if (inst == NULL) {
        return;
    }
    wasm_mem_release(inst->memory, WASM_MEM_RESERVATION);
    wasm_free(inst->global_cells);
    wasm_free(inst->global_ptrs);
    wasm_free(inst->imports);
    wasm_free(inst);
}

/* The value of a validated constant expression. */
static uint64_t const_value(const wasm_instance_t *inst, const wasm_expr_t *e) {
    if (e->op == WASM_CONST_GLOBAL) {
        return *inst->global_ptrs[e->value.index];
    }
    return e->value.bits;
}

static bool setup_memory(wasm_instance_t *inst, wasm_error_t *err) {
    const wasm_module_t *m = inst->loaded->module;
    if (m->memory_count == 0) {
        return true;
    }
    uint64_t size = (uint64_t)m->memories[0].limits.min * WASM_PAGE_SIZE;
    inst->memory = wasm_mem_reserve(WASM_MEM_RESERVATION);
    if (inst->memory == NULL || !wasm_mem_commit(inst->memory, size)) {
        wasm_error_set(err, 0, "cannot reserve linear memory");
        return false;
    }
    inst->ctx.mem0_base = inst->memory;
    inst->ctx.mem0_size = size;
    for (uint32_t i = 0; i < m->data_segment_count; i++) {
        const wasm_data_t *d = &m->datas[i];
        if (d->mode != WASM_SEGMENT_ACTIVE) {
            continue;
        }
        uint64_t at = (uint32_t)const_value(inst, &d->offset);
        if (at + d->data_size > size) {
            wasm_error_set(err, d->data_offset, "out of bounds memory access");
            return false;
        }
        memcpy(inst->memory + at, m->bytes + d->data_offset, d->data_size);
    }
    return true;
}

static bool setup_globals(wasm_instance_t *inst, wasm_error_t *err) {
    const wasm_module_t *m = inst->loaded->module;
    uint32_t n = m->global_count ? m->global_count : 1;
    inst->global_cells = wasm_alloc(n * sizeof *inst->global_cells);
    inst->global_ptrs = wasm_alloc(n * sizeof *inst->global_ptrs);
    if (inst->global_cells == NULL || inst->global_ptrs == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < m->global_count; i++) {
        inst->global_ptrs[i] = &inst->global_cells[i];
        inst->global_cells[i] = const_value(inst, &m->globals[i].init);
    }
    inst->ctx.globals = inst->global_ptrs;
    return true;
}

wasm_instance_t *wasm_instantiate(const wasm_loaded_t *loaded, const wasm_func_ref_t *imports,
                                  wasm_error_t *err) {
    const wasm_module_t *m = loaded->module;
    if (m->table_import_count || m->memory_import_count || m->global_import_count ||
        m->elem_count) {
        wasm_error_set(err, 0, "imported tables, memories, globals and element segments are "
                               "not supported yet");
        return NULL;
    }
    wasm_instance_t *inst = wasm_alloc(sizeof *inst);
    if (inst == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return NULL;
    }
    *inst = (wasm_instance_t){0};
    inst->loaded = loaded;
    uint32_t n = m->func_import_count;
    inst->imports = wasm_alloc((n ? n : 1) * sizeof *inst->imports);
    if (inst->imports == NULL) {
        wasm_error_set(err, 0, "out of memory");
        wasm_instance_free(inst);
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        inst->imports[i] = imports[i];
        if (inst->imports[i].ctx == NULL) {
            inst->imports[i].ctx = &inst->ctx;
        }
    }
    inst->ctx.imports = inst->imports;
    if (!setup_globals(inst, err) || !setup_memory(inst, err)) {
        wasm_instance_free(inst);
        return NULL;
    }
    if (m->has_start) {
        uint64_t vals[1] = {0};
        wasm_trap_t trap;
        if (!wasm_invoke(inst, m->start, vals, &trap)) {
            wasm_error_set(err, 0, "start function: %s", wasm_trap_message(trap.kind));
            wasm_instance_free(inst);
            return NULL;
        }
    }
    return inst;
}

struct invocation {
    wasm_entry_fn stub;
    void *ctx;
    const void *code;
    uint64_t *vals;
};

static void run_stub(void *p) {
    struct invocation *c = p;
    c->stub(c->ctx, c->code, c->vals);
}

bool wasm_invoke(wasm_instance_t *inst, uint32_t func, uint64_t *vals, wasm_trap_t *trap) {
    const wasm_module_t *m = inst->loaded->module;
    const wasm_jit_code_t *code = &inst->loaded->code;
    *trap = (wasm_trap_t){0};
    if (func < m->func_import_count || func >= m->func_count) {
        return false;
    }
    uint32_t stub = code->entry_offsets[m->funcs[func].type_index];
    if (stub == UINT32_MAX) {
        return false;
    }
    struct invocation c = {
        (wasm_entry_fn)(uintptr_t)(code->code + stub),
        &inst->ctx,
        code->code + code->func_offsets[func - m->func_import_count],
        vals,
    };
    inst->ctx.stack_limit = wasm_stack_limit();
    return wasm_run_guarded(run_stub, &c, trap);
}
