/*
 * Loading, instantiation and the C entry path (see instance.h).
 */
#include "runtime/instance.h"

#include "error.h"
#include "limits.h"
#include "platform.h"
#include "runtime/helpers.h"
#include "runtime/types.h"

const wasm_helpers_t wasm_runtime_helpers = {
    wasm_rt_memory_grow, wasm_rt_memory_fill, wasm_rt_memory_copy, wasm_rt_memory_init,
    wasm_rt_data_drop,   wasm_rt_table_grow,  wasm_rt_table_fill,  wasm_rt_table_copy,
    wasm_rt_table_init,  wasm_rt_elem_drop,
};

bool wasm_load(const wasm_module_t *m, const wasm_jit_options_t *options, wasm_loaded_t *out,
               wasm_error_t *err) {
    *out = (wasm_loaded_t){0};
    out->module = m;
    if (!wasm_jit_compile(m, options, &out->code, err)) {
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
    if (inst->memory != NULL) {
        wasm_reservation_unregister(&inst->reservation);
        wasm_mem_release(inst->memory, WASM_MEM_RESERVATION);
    }
    wasm_free(inst->global_cells);
    wasm_free(inst->global_ptrs);
    wasm_free(inst->imports);
    wasm_tables_free(inst);
    wasm_free(inst->table_ptrs);
    wasm_free(inst->func_refs);
    wasm_free(inst->type_ids);
    wasm_free(inst->data_dropped);
    wasm_free(inst);
}

uint64_t wasm_const_value(const wasm_instance_t *inst, const wasm_expr_t *e) {
    switch (e->op) {
    case WASM_CONST_GLOBAL:
        return *inst->global_ptrs[e->value.index];
    case WASM_CONST_REF_FUNC:
        return (uint64_t)(uintptr_t)&inst->func_refs[e->value.index];
    case WASM_CONST_REF_NULL:
        return 0;
    default:
        return e->value.bits;
    }
}

/* A memory the module defines: its reservation, committed up to its size. */
static bool setup_memory(wasm_instance_t *inst, wasm_error_t *err) {
    const wasm_module_t *m = inst->loaded->module;
    if (m->memory_count == m->memory_import_count) {
        return true;
    }
    const wasm_limits_t *lim = &m->memories[0].limits;
    uint64_t size = (uint64_t)lim->min * WASM_PAGE_SIZE;
    inst->memory = wasm_mem_reserve(WASM_MEM_RESERVATION);
    inst->reservation = (wasm_reservation_t){(uintptr_t)inst->memory, WASM_MEM_RESERVATION};
    if (inst->memory == NULL || !wasm_reservation_register(&inst->reservation)) {
        wasm_mem_release(inst->memory, WASM_MEM_RESERVATION);
        inst->memory = NULL;
        wasm_error_set(err, 0, "cannot reserve linear memory");
        return false;
    }
    if (!wasm_mem_commit(inst->memory, size)) {
        wasm_error_set(err, 0, "out of memory for linear memory");
        return false;
    }
    inst->memory_own = (wasm_memory_t){
        .base = inst->memory,
        .size = size,
        .max_pages = lim->has_max ? lim->max : WASM_MAX_MEMORY_PAGES,
    };
    inst->ctx.mem0 = &inst->memory_own;
    inst->ctx.mem0_base = inst->memory;
    return true;
}

/* Active data segments, after the element segments as the spec orders. */
static bool setup_data(wasm_instance_t *inst, wasm_error_t *err) {
    const wasm_module_t *m = inst->loaded->module;
    uint32_t n = m->data_segment_count;
    inst->data_dropped = wasm_alloc((n ? n : 1) * sizeof *inst->data_dropped);
    if (inst->data_dropped == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        const wasm_data_t *d = &m->datas[i];
        inst->data_dropped[i] = d->mode == WASM_SEGMENT_ACTIVE; /* applied, then dropped */
        if (d->mode != WASM_SEGMENT_ACTIVE) {
            continue;
        }
        uint64_t at = (uint32_t)wasm_const_value(inst, &d->offset);
        if (at + d->data_size > inst->ctx.mem0->size) {
            wasm_error_set(err, d->data_offset, "out of bounds memory access");
            return false;
        }
        if (!wasm_mem_back(inst->ctx.mem0->base + at, d->data_size)) {
            wasm_error_set(err, d->data_offset, "out of memory for a data segment");
            return false;
        }
        memcpy(inst->ctx.mem0->base + at, m->bytes + d->data_offset, d->data_size);
    }
    return true;
}

/* The index spaces' arrays, before imports are bound into them. */
static bool alloc_spaces(wasm_instance_t *inst, wasm_error_t *err) {
    const wasm_module_t *m = inst->loaded->module;
    uint32_t ng = m->global_count ? m->global_count : 1, nt = m->table_count ? m->table_count : 1;
    uint32_t nf = m->func_import_count ? m->func_import_count : 1;
    inst->global_cells = wasm_alloc(ng * sizeof *inst->global_cells);
    inst->global_ptrs = wasm_alloc(ng * sizeof *inst->global_ptrs);
    inst->table_ptrs = wasm_alloc(nt * sizeof *inst->table_ptrs);
    inst->imports = wasm_alloc(nf * sizeof *inst->imports);
    if (!inst->global_cells || !inst->global_ptrs || !inst->table_ptrs || !inst->imports) {
        wasm_error_set(err, 0, "out of memory");
        return false;
    }
    inst->ctx.globals = inst->global_ptrs;
    inst->ctx.tables = inst->table_ptrs;
    inst->ctx.imports = inst->imports;
    return true;
}

/* Defined globals, whose initialisers may read imported globals and
 * function references. */
static void setup_globals(wasm_instance_t *inst) {
    const wasm_module_t *m = inst->loaded->module;
    for (uint32_t i = m->global_import_count; i < m->global_count; i++) {
        inst->global_ptrs[i] = &inst->global_cells[i];
        inst->global_cells[i] = wasm_const_value(inst, &m->globals[i].init);
    }
}

static bool setup_types(wasm_instance_t *inst, wasm_error_t *err) {
    const wasm_module_t *m = inst->loaded->module;
    inst->type_ids = wasm_alloc((m->type_count ? m->type_count : 1) * sizeof *inst->type_ids);
    if (inst->type_ids == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return false;
    }
    for (uint32_t i = 0; i < m->type_count; i++) {
        inst->type_ids[i] = wasm_type_intern(&m->types[i]);
        if (inst->type_ids[i] == 0) {
            wasm_error_set(err, 0, "out of memory");
            return false;
        }
    }
    inst->ctx.type_ids = inst->type_ids;
    return true;
}

/* The reference of every function (ref.func, tables): imports keep their
 * slot's code and context, defined functions run in this instance. */
static bool setup_func_refs(wasm_instance_t *inst, wasm_error_t *err) {
    const wasm_module_t *m = inst->loaded->module;
    const wasm_jit_code_t *c = &inst->loaded->code;
    inst->func_refs = wasm_alloc((m->func_count ? m->func_count : 1) * sizeof *inst->func_refs);
    if (inst->func_refs == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return false;
    }
    for (uint32_t f = 0; f < m->func_count; f++) {
        uint32_t type_id = inst->type_ids[m->funcs[f].type_index];
        if (f < m->func_import_count) {
            inst->func_refs[f] = (wasm_func_ref_t){inst->imports[f].code, inst->imports[f].ctx,
                                                   type_id};
        } else {
            inst->func_refs[f] = (wasm_func_ref_t){
                c->code + c->func_offsets[f - m->func_import_count], &inst->ctx, type_id};
        }
    }
    inst->ctx.func_refs = inst->func_refs;
    return true;
}

wasm_instance_t *wasm_instantiate(const wasm_loaded_t *loaded, const wasm_extern_t *imports,
                                  wasm_error_t *err) {
    const wasm_module_t *m = loaded->module;
    wasm_instance_t *inst = wasm_alloc(sizeof *inst);
    if (inst == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return NULL;
    }
    *inst = (wasm_instance_t){0};
    inst->loaded = loaded;
    inst->ctx.helpers = &wasm_runtime_helpers;
    bool ok = alloc_spaces(inst, err) && setup_types(inst, err) &&
              wasm_link_imports(inst, imports, err) && setup_func_refs(inst, err);
    if (ok) {
        setup_globals(inst);
        ok = setup_memory(inst, err) && wasm_tables_setup(inst, err) && setup_data(inst, err);
    }
    if (ok && m->has_start) {
        uint64_t vals[1] = {0};
        wasm_trap_t trap;
        ok = wasm_invoke(inst, m->start, vals, &trap);
        if (!ok) {
            wasm_error_set(err, 0, "%s", wasm_trap_message(trap.kind));
        }
    }
    if (!ok) {
        /* Segments applied before the failure persist (Wasm 2.0), so an
         * imported table may now hold references to this instance's
         * functions: then it must stay allocated. */
        if (m->table_import_count == 0 || inst->func_refs == NULL) {
            wasm_instance_free(inst);
        }
        return NULL;
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
    if (func >= m->func_count) {
        return false;
    }
    uint32_t stub = code->entry_offsets[m->funcs[func].type_index];
    if (stub == UINT32_MAX) {
        return false;
    }
    /* an imported function follows the same convention: same stub */
    const wasm_func_ref_t *f = &inst->func_refs[func];
    struct invocation c = {(wasm_entry_fn)(uintptr_t)(code->code + stub), f->ctx, f->code, vals};
    inst->ctx.stack_limit = wasm_stack_limit();
    return wasm_run_guarded(run_stub, &c, trap);
}
