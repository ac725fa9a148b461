/*
 * wasm_decode(): the binary format's structure, section by section, into a
 * wasm_module_t. Everything the spec calls "malformed" is rejected here.
 * Function bodies are read once: the code section hands each one to the
 * validator's wasm_check_func(), which checks its form and types it in the
 * same pass (validate.h explains why that can be done here), so the decoder
 * also collects C.refs, the functions ref.func may name in code.
 *
 * Every count is checked against the bytes left and against limits.h before
 * anything is allocated for it.
 */
#include "decode.h"
#include "error.h"
#include "limits.h"
#include "platform.h"
#include "validate.h"

/* Position of each section id in the required order (data count sits between element and code). */
static const uint8_t section_rank[SEC_COUNT] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};

static bool decode_types(wasm_decoder_t *d, size_t section_size) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!wasm_decode_count(d, WASM_MAX_TYPES, "types", &count)) {
        return false;
    }
    /* Every value type takes a byte of the section, so its size bounds the pool. */
    m->types = wasm_alloc((size_t)count * sizeof *m->types);
    m->type_pool = wasm_alloc(section_size + 1);
    if ((m->types == NULL && count > 0) || m->type_pool == NULL) {
        return wasm_decode_fail_at(d, d->r.pos, "out of memory");
    }
    size_t used = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint8_t form;
        if (!wasm_decode_byte(d, &form)) {
            return false;
        }
        if (form != 0x60) {
            return wasm_decode_fail_at(d, d->r.pos - 1, "malformed function type");
        }
        wasm_functype_t *t = &m->types[i];
        t->types = &m->type_pool[used];
        if (!wasm_decode_count(d, WASM_MAX_PARAMS, "params", &t->param_count)) {
            return false;
        }
        for (uint32_t k = 0; k < t->param_count; k++) {
            if (!wasm_decode_valtype(d, &m->type_pool[used++])) {
                return false;
            }
        }
        if (!wasm_decode_count(d, WASM_MAX_RESULTS, "results", &t->result_count)) {
            return false;
        }
        for (uint32_t k = 0; k < t->result_count; k++) {
            if (!wasm_decode_valtype(d, &m->type_pool[used++])) {
                return false;
            }
        }
        m->type_count = i + 1;
    }
    return true;
}

static bool decode_imports(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!wasm_decode_count(d, WASM_MAX_IMPORTS, "imports", &count)) {
        return false;
    }
    m->imports = wasm_alloc((size_t)count * sizeof *m->imports);
    if (m->imports == NULL && count > 0) {
        return wasm_decode_fail_at(d, d->r.pos, "out of memory");
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_import_t *im = &m->imports[i];
        uint8_t kind;
        if (!wasm_read_name(&d->r, &im->module) || !wasm_read_name(&d->r, &im->name)) {
            return wasm_decode_fail_read(d);
        }
        if (!wasm_decode_byte(d, &kind)) {
            return false;
        }
        switch (kind) {
        case WASM_EXTERN_FUNC: {
            if (!wasm_decode_reserve(d, (void **)&m->funcs, &d->func_cap, m->func_count + 1,
                                     sizeof *m->funcs)) {
                return false;
            }
            wasm_func_t *f = &m->funcs[m->func_count];
            memset(f, 0, sizeof *f);
            f->type_offset = (uint32_t)(d->r.pos - m->bytes);
            f->type_offset = (uint32_t)(d->r.pos - m->bytes);
        if (!wasm_decode_u32(d, &f->type_index)) {
                return false;
            }
            im->index = m->func_count++;
            break;
        }
        case WASM_EXTERN_TABLE:
            if (!wasm_decode_reserve(d, (void **)&m->tables, &d->table_cap, m->table_count + 1,
                                     sizeof *m->tables) ||
                !wasm_decode_tabletype(d, &m->tables[m->table_count])) {
                return false;
            }
            im->index = m->table_count++;
            break;
        case WASM_EXTERN_MEMORY:
            if (!wasm_decode_reserve(d, (void **)&m->memories, &d->memory_cap, m->memory_count + 1,
                                     sizeof *m->memories) ||
                !wasm_decode_limits(d, &m->memories[m->memory_count].limits)) {
                return false;
            }
            im->index = m->memory_count++;
            break;
        case WASM_EXTERN_GLOBAL: {
            if (!wasm_decode_reserve(d, (void **)&m->globals, &d->global_cap, m->global_count + 1,
                                     sizeof *m->globals)) {
                return false;
            }
            wasm_global_t *g = &m->globals[m->global_count];
            memset(g, 0, sizeof *g);
            if (!wasm_decode_globaltype(d, &g->type)) {
                return false;
            }
            im->index = m->global_count++;
            break;
        }
        default:
            return wasm_decode_fail_at(d, d->r.pos - 1, "malformed import kind");
        }
        im->kind = (wasm_extern_kind_t)kind;
        m->import_count = i + 1;
    }
    m->func_import_count = m->func_count;
    m->table_import_count = m->table_count;
    m->memory_import_count = m->memory_count;
    m->global_import_count = m->global_count;
    return true;
}

static bool decode_funcs(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!wasm_decode_count(d, WASM_MAX_FUNCS - m->func_count, "functions", &count) ||
        !wasm_decode_reserve(d, (void **)&m->funcs, &d->func_cap, m->func_count + count,
                             sizeof *m->funcs)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_func_t *f = &m->funcs[m->func_count];
        memset(f, 0, sizeof *f);
        f->type_offset = (uint32_t)(d->r.pos - m->bytes);
        if (!wasm_decode_u32(d, &f->type_index)) {
            return false;
        }
        m->func_count++;
    }
    d->func_decl_count = count;
    return true;
}

static bool decode_tables(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!wasm_decode_count(d, WASM_MAX_TABLES - m->table_count, "tables", &count) ||
        !wasm_decode_reserve(d, (void **)&m->tables, &d->table_cap, m->table_count + count,
                             sizeof *m->tables)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        if (!wasm_decode_tabletype(d, &m->tables[m->table_count])) {
            return false;
        }
        m->table_count++;
    }
    return true;
}

static bool decode_memories(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    /* More than one memory is invalid, not malformed: the validator says so. */
    if (!wasm_decode_count(d, UINT32_MAX, "memories", &count) ||
        !wasm_decode_reserve(d, (void **)&m->memories, &d->memory_cap, m->memory_count + count,
                             sizeof *m->memories)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        if (!wasm_decode_limits(d, &m->memories[m->memory_count].limits)) {
            return false;
        }
        m->memory_count++;
    }
    return true;
}

static bool decode_globals(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!wasm_decode_count(d, WASM_MAX_GLOBALS - m->global_count, "globals", &count) ||
        !wasm_decode_reserve(d, (void **)&m->globals, &d->global_cap, m->global_count + count,
                             sizeof *m->globals)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_global_t *g = &m->globals[m->global_count];
        if (!wasm_decode_globaltype(d, &g->type) || !wasm_decode_expr(d, &g->init)) {
            return false;
        }
        m->global_count++;
    }
    return true;
}

static bool decode_exports(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!wasm_decode_count(d, WASM_MAX_EXPORTS, "exports", &count)) {
        return false;
    }
    m->exports = wasm_alloc((size_t)count * sizeof *m->exports);
    if (m->exports == NULL && count > 0) {
        return wasm_decode_fail_at(d, d->r.pos, "out of memory");
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_export_t *ex = &m->exports[i];
        uint8_t kind;
        ex->offset = (uint32_t)(d->r.pos - m->bytes);
        if (!wasm_read_name(&d->r, &ex->name)) {
            return wasm_decode_fail_read(d);
        }
        if (!wasm_decode_byte(d, &kind)) {
            return false;
        }
        if (kind > WASM_EXTERN_GLOBAL) {
            return wasm_decode_fail_at(d, d->r.pos - 1, "malformed export kind");
        }
        ex->kind = (wasm_extern_kind_t)kind;
        if (!wasm_decode_u32(d, &ex->index)) {
            return false;
        }
        if (kind == WASM_EXTERN_FUNC && !wasm_decode_add_ref(d, ex->index)) {
            return false;
        }
        m->export_count = i + 1;
    }
    return true;
}

static bool decode_custom(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    wasm_name_t name;
    if (!wasm_read_name(&d->r, &name)) {
        return wasm_decode_fail_read(d);
    }
    if (!wasm_decode_reserve(d, (void **)&m->customs, &d->custom_cap, m->custom_count + 1,
                             sizeof *m->customs)) {
        return false;
    }
    wasm_custom_t *c = &m->customs[m->custom_count++];
    c->name = name;
    c->offset = (uint32_t)(d->r.pos - m->bytes);
    c->size = (uint32_t)wasm_read_left(&d->r);
    if (wasm_name_eq(name, "name", 4) && d->name_section == NULL) {
        d->name_section = d->r.pos;
        d->name_section_size = c->size;
    }
    d->r.pos = d->r.end;
    return true;
}

static bool decode_section_body(wasm_decoder_t *d, size_t size) {
    switch (d->section) {
    case SEC_CUSTOM:
        return decode_custom(d);
    case SEC_TYPE:
        return decode_types(d, size);
    case SEC_IMPORT:
        return decode_imports(d);
    case SEC_FUNC:
        return decode_funcs(d);
    case SEC_TABLE:
        return decode_tables(d);
    case SEC_MEMORY:
        return decode_memories(d);
    case SEC_GLOBAL:
        return decode_globals(d);
    case SEC_EXPORT:
        return decode_exports(d);
    case SEC_START:
        d->m->has_start = true;
        d->m->start_offset = (uint32_t)(d->r.pos - d->m->bytes);
        return wasm_decode_u32(d, &d->m->start);
    case SEC_ELEM:
        return wasm_decode_elem_section(d);
    case SEC_DATACOUNT:
        d->m->has_data_count = true;
        return wasm_decode_u32(d, &d->m->data_count);
    case SEC_CODE:
        return wasm_decode_code_section(d);
    default:
        return wasm_decode_data_section(d);
    }
}

static bool decode_sections(wasm_decoder_t *d) {
    const uint8_t *end = d->r.end;
    uint8_t last_rank = 0;
    while (d->r.pos < end) {
        const uint8_t *at = d->r.pos;
        uint8_t id = *d->r.pos++;
        uint32_t size;
        d->section = SEC_CUSTOM;
        if (id >= SEC_COUNT) {
            wasm_error_set(d->err, (size_t)(at - d->m->bytes), "at 0x%zx: malformed section id %u",
                           (size_t)(at - d->m->bytes), id);
            return false;
        }
        d->section = id;
        if (id != SEC_CUSTOM) {
            if (section_rank[id] <= last_rank) {
                return wasm_decode_fail_at(d, at, "unexpected content after last section");
            }
            last_rank = section_rank[id];
        }
        if (!wasm_decode_u32(d, &size)) {
            return false;
        }
        if (size > (size_t)(end - d->r.pos)) {
            return wasm_decode_fail_at(d, d->r.pos, "section size mismatch: unexpected end");
        }
        d->r.end = d->r.pos + size;
        if (!decode_section_body(d, size)) {
            return false;
        }
        if (d->r.pos != d->r.end) {
            return wasm_decode_fail_at(d, d->r.pos, "section size mismatch");
        }
        d->r.end = end;
    }
    d->section = SEC_CUSTOM;
    if (d->func_decl_count != 0 && !d->has_code_section) {
        d->section = SEC_CODE;
        return wasm_decode_fail_at(d, end, "function and code section have inconsistent lengths");
    }
    if (d->m->has_data_count && d->m->data_count != 0 && !d->has_data_section) {
        d->section = SEC_DATA;
        return wasm_decode_fail_at(d, end, "data count and data section have inconsistent lengths");
    }
    return true;
}

/* Puts the function's name, known only now, into the typing error about it. */
static void name_code_error(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    if (!m->code_invalid || m->funcs[d->invalid_func].name.len == 0) {
        return;
    }
    wasm_name_t name = m->funcs[d->invalid_func].name;
    char head[32];
    wasm_format(head, sizeof head, "func %u", d->invalid_func);
    wasm_error_t e = m->code_error;
    wasm_error_set(&m->code_error, e.offset, "%s ($%.*s)%s", head,
                   (int)(name.len > 64 ? 64 : name.len), name.bytes, e.message + strlen(head));
}

wasm_module_t *wasm_decode(const uint8_t *bytes, size_t size, wasm_error_t *err) {
    static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};
    static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
    if (size < 4 || memcmp(bytes, magic, 4) != 0) {
        wasm_error_set(err, 0, "at 0x0: magic header not detected");
        return NULL;
    }
    if (size < 8 || memcmp(bytes + 4, version, 4) != 0) {
        wasm_error_set(err, 4, "at 0x4: unknown binary version");
        return NULL;
    }
    if (size > WASM_MAX_MODULE_SIZE) {
        wasm_error_set(err, 0, "module too large (%zu bytes, the limit is %u)", size,
                       WASM_MAX_MODULE_SIZE);
        return NULL;
    }
    wasm_module_t *m = wasm_alloc(sizeof *m);
    if (m == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return NULL;
    }
    memset(m, 0, sizeof *m);
    m->bytes = bytes;
    m->size = size;

    wasm_decoder_t d;
    memset(&d, 0, sizeof d);
    d.m = m;
    d.err = err;
    d.r.pos = bytes + 8;
    d.r.end = bytes + size;
    bool ok = decode_sections(&d);
    wasm_validator_release(&d.v);
    wasm_free(d.refs);
    if (!ok) {
        wasm_module_free(m);
        return NULL;
    }
    if (d.name_section != NULL) {
        wasm_decode_names(m, d.name_section, d.name_section_size);
        name_code_error(&d);
    }
    return m;
}
