/*
 * The "name" custom section (spec appendix, "Name Section"): module name,
 * function names and local names, kept for diagnostics. Unlike the rest of
 * the binary a malformed name section is not an error: it is dropped whole.
 * Name maps must list their indices in increasing order, which is what lets
 * wasm.h promise local_names sorted.
 */
#include "decode.h"
#include "platform.h"
#include "read.h"

enum { NAME_MODULE = 0, NAME_FUNCS = 1, NAME_LOCALS = 2 };

static bool read_func_names(wasm_module_t *m, wasm_reader_t *r) {
    uint32_t count;
    if (!wasm_read_u32(r, &count)) {
        return false;
    }
    uint32_t previous = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t index;
        wasm_name_t name;
        if (!wasm_read_u32(r, &index) || !wasm_read_name(r, &name)) {
            return false;
        }
        if (i > 0 && index <= previous) {
            return false;
        }
        previous = index;
        if (index < m->func_count) {
            m->funcs[index].name = name;
        }
    }
    return true;
}

static bool read_local_names(wasm_module_t *m, wasm_reader_t *r) {
    uint32_t func_count;
    if (!wasm_read_u32(r, &func_count)) {
        return false;
    }
    uint32_t cap = 0, previous = 0;
    for (uint32_t i = 0; i < func_count; i++) {
        uint32_t func, count;
        if (!wasm_read_u32(r, &func) || !wasm_read_u32(r, &count)) {
            return false;
        }
        if (i > 0 && func <= previous) {
            return false;
        }
        previous = func;
        /* Each entry takes at least two bytes. */
        if (count > wasm_read_left(r) / 2) {
            return false;
        }
        if (m->local_name_count + count > cap) {
            uint32_t want =
                cap * 2 > m->local_name_count + count ? cap * 2 : m->local_name_count + count;
            wasm_local_name_t *p = wasm_realloc(m->local_names, (size_t)want * sizeof *p);
            if (p == NULL) {
                return false;
            }
            m->local_names = p;
            cap = want;
        }
        for (uint32_t k = 0; k < count; k++) {
            wasm_local_name_t *ln = &m->local_names[m->local_name_count];
            ln->func = func;
            if (!wasm_read_u32(r, &ln->local) || !wasm_read_name(r, &ln->name)) {
                return false;
            }
            if (k > 0 && ln->local <= ln[-1].local) {
                return false;
            }
            m->local_name_count++;
        }
    }
    return true;
}

static bool read_names(wasm_module_t *m, wasm_reader_t *r) {
    while (r->pos < r->end) {
        uint8_t id;
        uint32_t size;
        if (!wasm_read_u8(r, &id) || !wasm_read_u32(r, &size) || size > wasm_read_left(r)) {
            return false;
        }
        wasm_reader_t sub = {.pos = r->pos, .end = r->pos + size};
        bool ok = true;
        if (id == NAME_MODULE) {
            ok = wasm_read_name(&sub, &m->name);
        } else if (id == NAME_FUNCS) {
            ok = read_func_names(m, &sub);
        } else if (id == NAME_LOCALS) {
            ok = read_local_names(m, &sub);
        } else {
            sub.pos = sub.end; /* a subsection from a later proposal */
        }
        if (!ok || sub.pos != sub.end) {
            return false;
        }
        r->pos = sub.end;
    }
    return true;
}

void wasm_decode_names(wasm_module_t *m, const uint8_t *bytes, uint32_t size) {
    wasm_reader_t r = {.pos = bytes, .end = bytes + size};
    if (read_names(m, &r)) {
        return;
    }
    m->name.len = 0;
    for (uint32_t i = 0; i < m->func_count; i++) {
        m->funcs[i].name.len = 0;
    }
    wasm_free(m->local_names);
    m->local_names = NULL;
    m->local_name_count = 0;
}
