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
#include "instr.h"
#include "limits.h"
#include "platform.h"
#include "validate.h"

/* Section ids, and the order non-custom sections must come in. */
enum {
    SEC_CUSTOM = 0,
    SEC_TYPE,
    SEC_IMPORT,
    SEC_FUNC,
    SEC_TABLE,
    SEC_MEMORY,
    SEC_GLOBAL,
    SEC_EXPORT,
    SEC_START,
    SEC_ELEM,
    SEC_CODE,
    SEC_DATA,
    SEC_DATACOUNT,
    SEC_COUNT
};

static const char *const section_names[SEC_COUNT] = {
    "custom", "type",   "import", "function", "table", "memory", "global",
    "export", "start",  "element", "code",   "data",  "data count",
};

/* Position of each section id in the required order (data count sits between element and code). */
static const uint8_t section_rank[SEC_COUNT] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};

typedef struct decoder {
    wasm_module_t *m;
    wasm_reader_t r;
    wasm_error_t *err;
    uint8_t section; /* being decoded, for messages */
    uint32_t func_decl_count;
    bool has_func_section, has_code_section, has_data_section;
    uint32_t func_cap, table_cap, memory_cap, global_cap, local_group_cap, custom_cap;
    const uint8_t *name_section; /* contents of the "name" custom section, if any */
    uint32_t name_section_size;
    uint8_t *refs;               /* C.refs as a bitmap over function indices */
    uint32_t invalid_func;       /* the function m->code_error is about */
    wasm_validator_t v;          /* types the function bodies */
    wasm_error_t body_error;     /* where v explains a rejected body */
} decoder_t;

static bool fail_at(decoder_t *d, const uint8_t *at, const char *phrase) {
    wasm_error_set(d->err, (size_t)(at - d->m->bytes), "%s section at 0x%zx: %s",
                   section_names[d->section], (size_t)(at - d->m->bytes), phrase);
    return false;
}

/* Turns the reader's recorded failure into the decoder's error. */
static bool fail_read(decoder_t *d) {
    return fail_at(d, d->r.error_at, d->r.error ? d->r.error : "unexpected end");
}

/* Grows *array (of `size`-byte elements, capacity *cap) to hold `need`. */
static bool reserve(decoder_t *d, void **array, uint32_t *cap, uint32_t need, size_t size) {
    if (need <= *cap) {
        return true;
    }
    uint64_t want = (uint64_t)*cap * 2;
    if (want < need) {
        want = need;
    }
    if (want < 4) {
        want = 4;
    }
    void *p = wasm_realloc(*array, (size_t)(want * size));
    if (p == NULL) {
        return fail_at(d, d->r.pos, "out of memory");
    }
    *array = p;
    *cap = (uint32_t)want;
    return true;
}

/* Reads a vector length, checked against the bytes left (each element takes at least one) and a limit. */
static bool read_count(decoder_t *d, uint32_t limit, const char *what, uint32_t *count) {
    const uint8_t *at = d->r.pos;
    if (!wasm_read_u32(&d->r, count)) {
        return fail_read(d);
    }
    if (*count > wasm_read_left(&d->r)) {
        return fail_at(d, at, "length out of bounds");
    }
    if (*count > limit) {
        wasm_error_set(d->err, (size_t)(at - d->m->bytes),
                       "%s section at 0x%zx: too many %s (%u, the limit is %u)",
                       section_names[d->section], (size_t)(at - d->m->bytes), what, *count, limit);
        return false;
    }
    return true;
}

/*
 * Records that function `func` is named outside function bodies (an export,
 * element segment or global initializer), so code may take a reference to
 * it. Those sections all follow the function section, so func_count is final.
 */
static bool add_ref(decoder_t *d, uint32_t func) {
    if (func >= d->m->func_count) {
        return true; /* the validator rejects the index */
    }
    if (d->refs == NULL) {
        size_t size = d->m->func_count / 8 + 1;
        d->refs = wasm_alloc(size);
        if (d->refs == NULL) {
            return fail_at(d, d->r.pos, "out of memory");
        }
        memset(d->refs, 0, size);
    }
    d->refs[func / 8] |= (uint8_t)(1u << (func % 8));
    return true;
}

static bool read_u32(decoder_t *d, uint32_t *out) {
    return wasm_read_u32(&d->r, out) || fail_read(d);
}

static bool read_byte(decoder_t *d, uint8_t *out) {
    return wasm_read_u8(&d->r, out) || fail_read(d);
}

static bool read_valtype(decoder_t *d, wasm_valtype_t *out) {
    if (!read_byte(d, out)) {
        return false;
    }
    if (!wasm_is_valtype(*out)) {
        return fail_at(d, d->r.pos - 1, "malformed value type");
    }
    return true;
}

static bool read_reftype(decoder_t *d, wasm_valtype_t *out) {
    if (!read_byte(d, out)) {
        return false;
    }
    if (!wasm_is_reftype(*out)) {
        return fail_at(d, d->r.pos - 1, "malformed reference type");
    }
    return true;
}

static bool read_limits(decoder_t *d, wasm_limits_t *out) {
    uint8_t flags;
    if (!read_byte(d, &flags)) {
        return false;
    }
    if (flags & 0x80) {
        return fail_at(d, d->r.pos - 1, "integer representation too long");
    }
    if (flags > 1) {
        return fail_at(d, d->r.pos - 1, "integer too large");
    }
    out->has_max = flags == 1;
    out->max = 0;
    return read_u32(d, &out->min) && (!out->has_max || read_u32(d, &out->max));
}

static bool read_tabletype(decoder_t *d, wasm_tabletype_t *out) {
    return read_reftype(d, &out->elem) && read_limits(d, &out->limits);
}

static bool read_globaltype(decoder_t *d, wasm_globaltype_t *out) {
    uint8_t mut;
    if (!read_valtype(d, &out->type) || !read_byte(d, &mut)) {
        return false;
    }
    if (mut > 1) {
        return fail_at(d, d->r.pos - 1, "malformed mutability");
    }
    out->is_mutable = mut == 1;
    return true;
}

/*
 * Delimits a constant expression: instructions up to the `end` that closes
 * it. What it may contain is the validator's business.
 */
static bool read_expr(decoder_t *d, wasm_expr_t *out) {
    const uint8_t *start = d->r.pos;
    uint32_t depth = 0;
    for (;;) {
        wasm_instr_t in;
        if (!wasm_read_instr(&d->r, &in)) {
            return fail_read(d);
        }
        if (in.op == WASM_OP_BLOCK || in.op == WASM_OP_LOOP || in.op == WASM_OP_IF) {
            depth++;
        } else if (in.op == WASM_OP_END) {
            if (depth == 0) {
                break;
            }
            depth--;
        } else if (in.op == WASM_OP_REF_FUNC && !add_ref(d, in.imm.index)) {
            return false;
        }
    }
    out->offset = (uint32_t)(start - d->m->bytes);
    out->size = (uint32_t)(d->r.pos - start);
    out->op = WASM_CONST_NONE;
    out->value.bits = 0;
    return true;
}

static bool decode_types(decoder_t *d, size_t section_size) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!read_count(d, WASM_MAX_TYPES, "types", &count)) {
        return false;
    }
    /* Every value type takes a byte of the section, so its size bounds the pool. */
    m->types = wasm_alloc((size_t)count * sizeof *m->types);
    m->type_pool = wasm_alloc(section_size + 1);
    if (m->types == NULL || m->type_pool == NULL) {
        return fail_at(d, d->r.pos, "out of memory");
    }
    size_t used = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint8_t form;
        if (!read_byte(d, &form)) {
            return false;
        }
        if (form != 0x60) {
            return fail_at(d, d->r.pos - 1, "malformed function type");
        }
        wasm_functype_t *t = &m->types[i];
        t->types = &m->type_pool[used];
        if (!read_count(d, WASM_MAX_PARAMS, "params", &t->param_count)) {
            return false;
        }
        for (uint32_t k = 0; k < t->param_count; k++) {
            if (!read_valtype(d, &m->type_pool[used++])) {
                return false;
            }
        }
        if (!read_count(d, WASM_MAX_RESULTS, "results", &t->result_count)) {
            return false;
        }
        for (uint32_t k = 0; k < t->result_count; k++) {
            if (!read_valtype(d, &m->type_pool[used++])) {
                return false;
            }
        }
        m->type_count = i + 1;
    }
    return true;
}

static bool decode_imports(decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!read_count(d, WASM_MAX_IMPORTS, "imports", &count)) {
        return false;
    }
    m->imports = wasm_alloc((size_t)count * sizeof *m->imports);
    if (m->imports == NULL && count > 0) {
        return fail_at(d, d->r.pos, "out of memory");
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_import_t *im = &m->imports[i];
        uint8_t kind;
        if (!wasm_read_name(&d->r, &im->module) || !wasm_read_name(&d->r, &im->name)) {
            return fail_read(d);
        }
        if (!read_byte(d, &kind)) {
            return false;
        }
        switch (kind) {
        case WASM_EXTERN_FUNC: {
            if (!reserve(d, (void **)&m->funcs, &d->func_cap, m->func_count + 1, sizeof *m->funcs)) {
                return false;
            }
            wasm_func_t *f = &m->funcs[m->func_count];
            memset(f, 0, sizeof *f);
            if (!read_u32(d, &f->type_index)) {
                return false;
            }
            im->index = m->func_count++;
            break;
        }
        case WASM_EXTERN_TABLE:
            if (!reserve(d, (void **)&m->tables, &d->table_cap, m->table_count + 1,
                         sizeof *m->tables) ||
                !read_tabletype(d, &m->tables[m->table_count])) {
                return false;
            }
            im->index = m->table_count++;
            break;
        case WASM_EXTERN_MEMORY:
            if (!reserve(d, (void **)&m->memories, &d->memory_cap, m->memory_count + 1,
                         sizeof *m->memories) ||
                !read_limits(d, &m->memories[m->memory_count].limits)) {
                return false;
            }
            im->index = m->memory_count++;
            break;
        case WASM_EXTERN_GLOBAL: {
            if (!reserve(d, (void **)&m->globals, &d->global_cap, m->global_count + 1,
                         sizeof *m->globals)) {
                return false;
            }
            wasm_global_t *g = &m->globals[m->global_count];
            memset(g, 0, sizeof *g);
            if (!read_globaltype(d, &g->type)) {
                return false;
            }
            im->index = m->global_count++;
            break;
        }
        default:
            return fail_at(d, d->r.pos - 1, "malformed import kind");
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

static bool decode_funcs(decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!read_count(d, WASM_MAX_FUNCS - m->func_count, "functions", &count) ||
        !reserve(d, (void **)&m->funcs, &d->func_cap, m->func_count + count, sizeof *m->funcs)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_func_t *f = &m->funcs[m->func_count];
        memset(f, 0, sizeof *f);
        if (!read_u32(d, &f->type_index)) {
            return false;
        }
        m->func_count++;
    }
    d->func_decl_count = count;
    d->has_func_section = true;
    return true;
}

static bool decode_tables(decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!read_count(d, WASM_MAX_TABLES - m->table_count, "tables", &count) ||
        !reserve(d, (void **)&m->tables, &d->table_cap, m->table_count + count,
                 sizeof *m->tables)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        if (!read_tabletype(d, &m->tables[m->table_count])) {
            return false;
        }
        m->table_count++;
    }
    return true;
}

static bool decode_memories(decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    /* More than one memory is invalid, not malformed: the validator says so. */
    if (!read_count(d, UINT32_MAX, "memories", &count) ||
        !reserve(d, (void **)&m->memories, &d->memory_cap, m->memory_count + count,
                 sizeof *m->memories)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        if (!read_limits(d, &m->memories[m->memory_count].limits)) {
            return false;
        }
        m->memory_count++;
    }
    return true;
}

static bool decode_globals(decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!read_count(d, WASM_MAX_GLOBALS - m->global_count, "globals", &count) ||
        !reserve(d, (void **)&m->globals, &d->global_cap, m->global_count + count,
                 sizeof *m->globals)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_global_t *g = &m->globals[m->global_count];
        if (!read_globaltype(d, &g->type) || !read_expr(d, &g->init)) {
            return false;
        }
        m->global_count++;
    }
    return true;
}

static bool decode_exports(decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!read_count(d, WASM_MAX_EXPORTS, "exports", &count)) {
        return false;
    }
    m->exports = wasm_alloc((size_t)count * sizeof *m->exports);
    if (m->exports == NULL && count > 0) {
        return fail_at(d, d->r.pos, "out of memory");
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_export_t *ex = &m->exports[i];
        uint8_t kind;
        if (!wasm_read_name(&d->r, &ex->name)) {
            return fail_read(d);
        }
        if (!read_byte(d, &kind)) {
            return false;
        }
        if (kind > WASM_EXTERN_GLOBAL) {
            return fail_at(d, d->r.pos - 1, "malformed export kind");
        }
        ex->kind = (wasm_extern_kind_t)kind;
        if (!read_u32(d, &ex->index)) {
            return false;
        }
        if (kind == WASM_EXTERN_FUNC && !add_ref(d, ex->index)) {
            return false;
        }
        m->export_count = i + 1;
    }
    return true;
}

/* The items of an element segment: function indices (as ref.func) or expressions. */
static bool decode_elem_items(decoder_t *d, wasm_elem_t *e, bool exprs) {
    uint32_t count;
    if (!read_count(d, WASM_MAX_ELEM_ITEMS, "element items", &count)) {
        return false;
    }
    e->items = wasm_alloc((size_t)count * sizeof *e->items);
    if (e->items == NULL && count > 0) {
        return fail_at(d, d->r.pos, "out of memory");
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_expr_t *x = &e->items[i];
        if (exprs) {
            if (!read_expr(d, x)) {
                return false;
            }
        } else {
            x->offset = (uint32_t)(d->r.pos - d->m->bytes);
            if (!read_u32(d, &x->value.index)) {
                return false;
            }
            x->size = (uint32_t)(d->r.pos - d->m->bytes) - x->offset;
            x->op = WASM_CONST_REF_FUNC;
            if (!add_ref(d, x->value.index)) {
                return false;
            }
        }
        e->item_count = i + 1;
    }
    return true;
}

/*
 * The eight element segment encodings: bit 0 passive or declarative, bit 1
 * an explicit table index (active) or declarative (otherwise), bit 2 items
 * as expressions with a reference type instead of function indices with an
 * element kind.
 */
static bool decode_elem(decoder_t *d, wasm_elem_t *e) {
    uint32_t flags;
    const uint8_t *at = d->r.pos;
    if (!read_u32(d, &flags)) {
        return false;
    }
    if (flags > 7) {
        return fail_at(d, at, "malformed elements segment kind");
    }
    bool exprs = flags & 4;
    e->type = WASM_FUNCREF;
    e->table = 0;
    if (flags & 1) {
        e->mode = (flags & 2) ? WASM_SEGMENT_DECLARATIVE : WASM_SEGMENT_PASSIVE;
    } else {
        e->mode = WASM_SEGMENT_ACTIVE;
        if ((flags & 2) && !read_u32(d, &e->table)) {
            return false;
        }
        if (!read_expr(d, &e->offset)) {
            return false;
        }
    }
    if (flags & 3) {
        if (exprs) {
            if (!read_reftype(d, &e->type)) {
                return false;
            }
        } else {
            uint8_t kind;
            if (!read_byte(d, &kind)) {
                return false;
            }
            if (kind != 0) {
                return fail_at(d, d->r.pos - 1, "malformed element kind");
            }
        }
    }
    return decode_elem_items(d, e, exprs);
}

static bool decode_elems(decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!read_count(d, WASM_MAX_ELEM_SEGMENTS, "element segments", &count)) {
        return false;
    }
    m->elems = wasm_alloc((size_t)count * sizeof *m->elems);
    if (m->elems == NULL && count > 0) {
        return fail_at(d, d->r.pos, "out of memory");
    }
    for (uint32_t i = 0; i < count; i++) {
        memset(&m->elems[i], 0, sizeof m->elems[i]);
        m->elem_count = i + 1;
        if (!decode_elem(d, &m->elems[i])) {
            return false;
        }
    }
    return true;
}

static bool decode_code_entry(decoder_t *d, wasm_func_t *f) {
    wasm_module_t *m = d->m;
    uint32_t size;
    if (!read_u32(d, &size)) {
        return false;
    }
    if (size > wasm_read_left(&d->r)) {
        return fail_at(d, d->r.pos, "unexpected end of section or function");
    }
    if (size > WASM_MAX_FUNC_SIZE) {
        return fail_at(d, d->r.pos, "function body too large");
    }
    const uint8_t *body_end = d->r.pos + size;
    f->body_offset = (uint32_t)(d->r.pos - m->bytes);
    f->code_end = (uint32_t)(body_end - m->bytes);

    /* The locals are read with the reader bounded by the body. */
    const uint8_t *section_end = d->r.end;
    d->r.end = body_end;
    uint32_t groups;
    uint64_t total = 0;
    if (!read_count(d, UINT32_MAX, "local groups", &groups)) {
        return false;
    }
    if (!reserve(d, (void **)&m->local_groups, &d->local_group_cap, m->local_group_count + groups,
                 sizeof *m->local_groups)) {
        return false;
    }
    f->local_group_first = m->local_group_count;
    for (uint32_t i = 0; i < groups; i++) {
        wasm_local_group_t *g = &m->local_groups[m->local_group_count];
        if (!read_u32(d, &g->count)) {
            return false;
        }
        total += g->count;
        if (total > WASM_MAX_LOCALS) {
            return fail_at(d, d->r.pos, "too many locals");
        }
        if (!read_valtype(d, &g->type)) {
            return false;
        }
        m->local_group_count++;
    }
    f->local_group_count = groups;
    f->local_count = (uint32_t)total;
    f->code_offset = (uint32_t)(d->r.pos - m->bytes);
    d->r.end = section_end;
    d->r.pos = body_end;
    return true;
}

/*
 * Reads and types the body of function `index`. Only the first typing error
 * is kept; after it bodies are only read for form. When some function's
 * type index is unknown no body is typed: wasm_validate() reports the index.
 */
static bool check_body(decoder_t *d, uint32_t index, bool types_known) {
    wasm_module_t *m = d->m;
    switch (wasm_check_func(&d->v, index, types_known && !m->code_invalid)) {
    case WASM_FUNC_OK:
        return true;
    case WASM_FUNC_INVALID:
        m->code_invalid = true;
        m->code_error = d->body_error;
        d->invalid_func = index;
        return true;
    default:
        if (d->err != NULL) {
            *d->err = d->body_error;
        }
        return false;
    }
}

static bool decode_code(decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    const uint8_t *at = d->r.pos;
    if (!read_count(d, WASM_MAX_FUNCS, "function bodies", &count)) {
        return false;
    }
    if (count != d->func_decl_count) {
        return fail_at(d, at, "function and code section have inconsistent lengths");
    }
    static const uint8_t no_refs[1];
    d->v.m = m;
    d->v.err = &d->body_error;
    d->v.refs = d->refs != NULL ? d->refs : no_refs;
    bool types_known = wasm_check_func_types(m, NULL);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t index = m->func_import_count + i;
        if (!decode_code_entry(d, &m->funcs[index]) || !check_body(d, index, types_known)) {
            return false;
        }
    }
    d->has_code_section = true;
    return true;
}

static bool decode_data(decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    const uint8_t *at = d->r.pos;
    if (!read_count(d, WASM_MAX_DATA_SEGMENTS, "data segments", &count)) {
        return false;
    }
    if (m->has_data_count && count != m->data_count) {
        return fail_at(d, at, "data count and data section have inconsistent lengths");
    }
    m->datas = wasm_alloc((size_t)count * sizeof *m->datas);
    if (m->datas == NULL && count > 0) {
        return fail_at(d, d->r.pos, "out of memory");
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_data_t *s = &m->datas[i];
        uint32_t flags, size;
        const uint8_t *bytes;
        memset(s, 0, sizeof *s);
        at = d->r.pos;
        if (!read_u32(d, &flags)) {
            return false;
        }
        if (flags > 2) {
            return fail_at(d, at, "malformed data segment kind");
        }
        s->mode = flags == 1 ? WASM_SEGMENT_PASSIVE : WASM_SEGMENT_ACTIVE;
        if (flags == 2 && !read_u32(d, &s->memory)) {
            return false;
        }
        if (flags != 1 && !read_expr(d, &s->offset)) {
            return false;
        }
        if (!read_u32(d, &size)) {
            return false;
        }
        if (!wasm_read_bytes(&d->r, size, &bytes)) {
            return fail_read(d);
        }
        s->data_offset = (uint32_t)(bytes - m->bytes);
        s->data_size = size;
        m->data_segment_count = i + 1;
    }
    d->has_data_section = true;
    return true;
}

static bool decode_custom(decoder_t *d) {
    wasm_module_t *m = d->m;
    wasm_name_t name;
    if (!wasm_read_name(&d->r, &name)) {
        return fail_read(d);
    }
    if (!reserve(d, (void **)&m->customs, &d->custom_cap, m->custom_count + 1,
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

static bool decode_section_body(decoder_t *d, size_t size) {
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
        return read_u32(d, &d->m->start);
    case SEC_ELEM:
        return decode_elems(d);
    case SEC_DATACOUNT:
        d->m->has_data_count = true;
        return read_u32(d, &d->m->data_count);
    case SEC_CODE:
        return decode_code(d);
    default:
        return decode_data(d);
    }
}

static bool decode_sections(decoder_t *d) {
    const uint8_t *end = d->r.end;
    uint8_t last_rank = 0;
    while (d->r.pos < end) {
        const uint8_t *at = d->r.pos;
        uint8_t id = *d->r.pos++;
        uint32_t size;
        d->section = SEC_CUSTOM;
        if (id >= SEC_COUNT) {
            wasm_error_set(d->err, (size_t)(at - d->m->bytes),
                           "at 0x%zx: malformed section id %u", (size_t)(at - d->m->bytes), id);
            return false;
        }
        d->section = id;
        if (id != SEC_CUSTOM) {
            if (section_rank[id] <= last_rank) {
                return fail_at(d, at, "unexpected content after last section");
            }
            last_rank = section_rank[id];
        }
        if (!read_u32(d, &size)) {
            return false;
        }
        if (size > (size_t)(end - d->r.pos)) {
            return fail_at(d, d->r.pos, "section size mismatch: unexpected end");
        }
        d->r.end = d->r.pos + size;
        if (!decode_section_body(d, size)) {
            return false;
        }
        if (d->r.pos != d->r.end) {
            return fail_at(d, d->r.pos, "section size mismatch");
        }
        d->r.end = end;
    }
    d->section = SEC_CUSTOM;
    if (d->func_decl_count != 0 && !d->has_code_section) {
        d->section = SEC_CODE;
        return fail_at(d, end, "function and code section have inconsistent lengths");
    }
    if (d->m->has_data_count && d->m->data_count != 0 && !d->has_data_section) {
        d->section = SEC_DATA;
        return fail_at(d, end, "data count and data section have inconsistent lengths");
    }
    return true;
}

/* Puts the function's name, known only now, into the typing error about it. */
static void name_code_error(decoder_t *d) {
    wasm_module_t *m = d->m;
    wasm_name_t name = m->funcs[d->invalid_func].name;
    if (!m->code_invalid || name.len == 0) {
        return;
    }
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

    decoder_t d;
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
