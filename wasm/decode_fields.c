/*
 * The decoder's field readers (see decode.h): integers, types, limits and
 * constant expressions, each failing with the section and offset.
 */
#include "decode.h"
#include "error.h"
#include "instr.h"
#include "limits.h"
#include "platform.h"

static const char *const section_names[SEC_COUNT] = {
    "custom", "type",  "import",  "function", "table", "memory",     "global",
    "export", "start", "element", "code",     "data",  "data count",
};

bool wasm_decode_fail_at(wasm_decoder_t *d, const uint8_t *at, const char *phrase) {
    wasm_error_set(d->err, (size_t)(at - d->m->bytes), "%s section at 0x%zx: %s",
                   section_names[d->section], (size_t)(at - d->m->bytes), phrase);
    return false;
}

/* Turns the reader's recorded failure into the decoder's error. */
bool wasm_decode_fail_read(wasm_decoder_t *d) {
    return wasm_decode_fail_at(d, d->r.error_at, d->r.error ? d->r.error : "unexpected end");
}

/* Grows *array (of `size`-byte elements, capacity *cap) to hold `need`. */
bool wasm_decode_reserve(wasm_decoder_t *d, void **array, uint32_t *cap, uint32_t need,
                         size_t size) {
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
        return wasm_decode_fail_at(d, d->r.pos, "out of memory");
    }
    *array = p;
    *cap = (uint32_t)want;
    return true;
}

/* Reads a vector length, checked against the bytes left (each element takes at least one) and a
 * limit. */
bool wasm_decode_count(wasm_decoder_t *d, uint32_t limit, const char *what, uint32_t *count) {
    const uint8_t *at = d->r.pos;
    if (!wasm_read_u32(&d->r, count)) {
        return wasm_decode_fail_read(d);
    }
    if (*count > wasm_read_left(&d->r)) {
        return wasm_decode_fail_at(d, at, "length out of bounds");
    }
    if (*count > limit) {
        wasm_error_set(d->err, (size_t)(at - d->m->bytes),
                       "%s section at 0x%zx: too many %s (%u, the limit is %u)",
                       section_names[d->section], (size_t)(at - d->m->bytes), what, *count, limit);
        return false;
    }
    return true;
}

bool wasm_decode_refs(wasm_decoder_t *d) {
    if (d->refs == NULL) {
        size_t size = d->m->func_count / 8 + 1;
        d->refs = wasm_alloc(size);
        if (d->refs == NULL) {
            return wasm_decode_fail_at(d, d->r.pos, "out of memory");
        }
        memset(d->refs, 0, size);
    }
    return true;
}

bool wasm_decode_add_ref(wasm_decoder_t *d, uint32_t func) {
    if (func >= d->m->func_count) {
        return true; /* the validator rejects the index */
    }
    if (!wasm_decode_refs(d)) {
        return false;
    }
    d->refs[func / 8] |= (uint8_t)(1u << (func % 8));
    return true;
}

bool wasm_decode_u32(wasm_decoder_t *d, uint32_t *out) {
    return wasm_read_u32(&d->r, out) || wasm_decode_fail_read(d);
}

bool wasm_decode_byte(wasm_decoder_t *d, uint8_t *out) {
    return wasm_read_u8(&d->r, out) || wasm_decode_fail_read(d);
}

bool wasm_decode_valtype(wasm_decoder_t *d, wasm_valtype_t *out) {
    if (!wasm_decode_byte(d, out)) {
        return false;
    }
    if (!wasm_is_valtype(*out)) {
        return wasm_decode_fail_at(d, d->r.pos - 1, "malformed value type");
    }
    return true;
}

bool wasm_decode_reftype(wasm_decoder_t *d, wasm_valtype_t *out) {
    if (!wasm_decode_byte(d, out)) {
        return false;
    }
    if (!wasm_is_reftype(*out)) {
        return wasm_decode_fail_at(d, d->r.pos - 1, "malformed reference type");
    }
    return true;
}

bool wasm_decode_limits(wasm_decoder_t *d, wasm_limits_t *out) {
    uint8_t flags;
    out->offset = (uint32_t)(d->r.pos - d->m->bytes);
    if (!wasm_decode_byte(d, &flags)) {
        return false;
    }
    if (flags & 0x80) {
        return wasm_decode_fail_at(d, d->r.pos - 1, "integer representation too long");
    }
    if (flags > 1) {
        return wasm_decode_fail_at(d, d->r.pos - 1, "integer too large");
    }
    out->has_max = flags == 1;
    out->max = 0;
    return wasm_decode_u32(d, &out->min) && (!out->has_max || wasm_decode_u32(d, &out->max));
}

bool wasm_decode_tabletype(wasm_decoder_t *d, wasm_tabletype_t *out) {
    return wasm_decode_reftype(d, &out->elem) && wasm_decode_limits(d, &out->limits);
}

bool wasm_decode_globaltype(wasm_decoder_t *d, wasm_globaltype_t *out) {
    uint8_t mut;
    if (!wasm_decode_valtype(d, &out->type) || !wasm_decode_byte(d, &mut)) {
        return false;
    }
    if (mut > 1) {
        return wasm_decode_fail_at(d, d->r.pos - 1, "malformed mutability");
    }
    out->is_mutable = mut == 1;
    return true;
}

/*
 * Delimits a constant expression: instructions up to the `end` that closes
 * it. What it may contain is the validator's business.
 */
bool wasm_decode_expr(wasm_decoder_t *d, wasm_expr_t *out) {
    const uint8_t *start = d->r.pos;
    uint32_t depth = 0;
    for (;;) {
        wasm_instr_t in;
        if (!wasm_read_instr(&d->r, &in)) {
            return wasm_decode_fail_read(d);
        }
        if (in.op == WASM_OP_BLOCK || in.op == WASM_OP_LOOP || in.op == WASM_OP_IF) {
            depth++;
        } else if (in.op == WASM_OP_END) {
            if (depth == 0) {
                break;
            }
            depth--;
        } else if (in.op == WASM_OP_REF_FUNC && !wasm_decode_add_ref(d, in.imm.index)) {
            return false;
        }
    }
    out->offset = (uint32_t)(start - d->m->bytes);
    out->size = (uint32_t)(d->r.pos - start);
    out->op = WASM_CONST_NONE;
    out->value.bits = 0;
    return true;
}
