/*
 * The sections after the module's declarations: element segments (all
 * eight encodings), the code section (each body delimited here and handed
 * to the validator's single pass, see validate.h) and data segments.
 */
#include "decode.h"
#include "error.h"
#include "limits.h"
#include "platform.h"

/* The items of an element segment: function indices (as ref.func) or expressions. */
static bool decode_elem_items(wasm_decoder_t *d, wasm_elem_t *e, bool exprs) {
    uint32_t count;
    if (!wasm_decode_count(d, WASM_MAX_ELEM_ITEMS, "element items", &count)) {
        return false;
    }
    e->items = wasm_alloc((size_t)count * sizeof *e->items);
    if (e->items == NULL && count > 0) {
        return wasm_decode_fail_at(d, d->r.pos, "out of memory");
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_expr_t *x = &e->items[i];
        if (exprs) {
            if (!wasm_decode_expr(d, x)) {
                return false;
            }
        } else {
            x->offset = (uint32_t)(d->r.pos - d->m->bytes);
            if (!wasm_decode_u32(d, &x->value.index)) {
                return false;
            }
            x->size = (uint32_t)(d->r.pos - d->m->bytes) - x->offset;
            x->op = WASM_CONST_REF_FUNC;
            if (!wasm_decode_add_ref(d, x->value.index)) {
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
static bool decode_elem(wasm_decoder_t *d, wasm_elem_t *e) {
    uint32_t flags;
    const uint8_t *at = d->r.pos;
    if (!wasm_decode_u32(d, &flags)) {
        return false;
    }
    if (flags > 7) {
        return wasm_decode_fail_at(d, at, "malformed elements segment kind");
    }
    bool exprs = flags & 4;
    e->type = WASM_FUNCREF;
    e->table = 0;
    if (flags & 1) {
        e->mode = (flags & 2) ? WASM_SEGMENT_DECLARATIVE : WASM_SEGMENT_PASSIVE;
    } else {
        e->mode = WASM_SEGMENT_ACTIVE;
        if ((flags & 2) && !wasm_decode_u32(d, &e->table)) {
            return false;
        }
        if (!wasm_decode_expr(d, &e->offset)) {
            return false;
        }
    }
    if (flags & 3) {
        if (exprs) {
            if (!wasm_decode_reftype(d, &e->type)) {
                return false;
            }
        } else {
            uint8_t kind;
            if (!wasm_decode_byte(d, &kind)) {
                return false;
            }
            if (kind != 0) {
                return wasm_decode_fail_at(d, d->r.pos - 1, "malformed element kind");
            }
        }
    }
    return decode_elem_items(d, e, exprs);
}

bool wasm_decode_elem_section(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    if (!wasm_decode_count(d, WASM_MAX_ELEM_SEGMENTS, "element segments", &count)) {
        return false;
    }
    m->elems = wasm_alloc((size_t)count * sizeof *m->elems);
    if (m->elems == NULL && count > 0) {
        return wasm_decode_fail_at(d, d->r.pos, "out of memory");
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

static bool decode_code_entry(wasm_decoder_t *d, wasm_func_t *f) {
    wasm_module_t *m = d->m;
    uint32_t size;
    if (!wasm_decode_u32(d, &size)) {
        return false;
    }
    if (size > wasm_read_left(&d->r)) {
        return wasm_decode_fail_at(d, d->r.pos, "unexpected end of section or function");
    }
    if (size > WASM_MAX_FUNC_SIZE) {
        return wasm_decode_fail_at(d, d->r.pos, "function body too large");
    }
    const uint8_t *body_end = d->r.pos + size;
    f->body_offset = (uint32_t)(d->r.pos - m->bytes);
    f->code_end = (uint32_t)(body_end - m->bytes);

    /* The locals are read with the reader bounded by the body. */
    const uint8_t *section_end = d->r.end;
    d->r.end = body_end;
    uint32_t groups;
    uint64_t total = 0;
    if (!wasm_decode_count(d, UINT32_MAX, "local groups", &groups)) {
        return false;
    }
    if (!wasm_decode_reserve(d, (void **)&m->local_groups, &d->local_group_cap,
                             m->local_group_count + groups, sizeof *m->local_groups)) {
        return false;
    }
    f->local_group_first = m->local_group_count;
    for (uint32_t i = 0; i < groups; i++) {
        wasm_local_group_t *g = &m->local_groups[m->local_group_count];
        if (!wasm_decode_u32(d, &g->count)) {
            return false;
        }
        total += g->count;
        if (total > WASM_MAX_LOCALS) {
            return wasm_decode_fail_at(d, d->r.pos, "too many locals");
        }
        if (!wasm_decode_valtype(d, &g->type)) {
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
static bool check_body(wasm_decoder_t *d, uint32_t index, bool types_known) {
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

bool wasm_decode_code_section(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    const uint8_t *at = d->r.pos;
    if (!wasm_decode_count(d, WASM_MAX_FUNCS, "function bodies", &count)) {
        return false;
    }
    if (count != d->func_decl_count) {
        return wasm_decode_fail_at(d, at, "function and code section have inconsistent lengths");
    }
    if (!wasm_decode_refs(d)) {
        return false;
    }
    d->v.m = m;
    d->v.err = &d->body_error;
    d->v.refs = d->refs;
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

bool wasm_decode_data_section(wasm_decoder_t *d) {
    wasm_module_t *m = d->m;
    uint32_t count;
    const uint8_t *at = d->r.pos;
    if (!wasm_decode_count(d, WASM_MAX_DATA_SEGMENTS, "data segments", &count)) {
        return false;
    }
    if (m->has_data_count && count != m->data_count) {
        return wasm_decode_fail_at(d, at, "data count and data section have inconsistent lengths");
    }
    m->datas = wasm_alloc((size_t)count * sizeof *m->datas);
    if (m->datas == NULL && count > 0) {
        return wasm_decode_fail_at(d, d->r.pos, "out of memory");
    }
    for (uint32_t i = 0; i < count; i++) {
        wasm_data_t *s = &m->datas[i];
        uint32_t flags, size;
        const uint8_t *bytes;
        memset(s, 0, sizeof *s);
        at = d->r.pos;
        if (!wasm_decode_u32(d, &flags)) {
            return false;
        }
        if (flags > 2) {
            return wasm_decode_fail_at(d, at, "malformed data segment kind");
        }
        s->mode = flags == 1 ? WASM_SEGMENT_PASSIVE : WASM_SEGMENT_ACTIVE;
        if (flags == 2 && !wasm_decode_u32(d, &s->memory)) {
            return false;
        }
        if (flags != 1 && !wasm_decode_expr(d, &s->offset)) {
            return false;
        }
        if (!wasm_decode_u32(d, &size)) {
            return false;
        }
        if (!wasm_read_bytes(&d->r, size, &bytes)) {
            return wasm_decode_fail_read(d);
        }
        s->data_offset = (uint32_t)(bytes - m->bytes);
        s->data_size = size;
        m->data_segment_count = i + 1;
    }
    d->has_data_section = true;
    return true;
}
