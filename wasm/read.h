/*
 * The cursor every part of the engine reads the binary with. A reader is a
 * position and an end; each read either succeeds and advances, or fails,
 * records the spec's phrase for the failure and where it happened, and
 * returns false. Nothing ever reads at or past `end`.
 *
 * LEB128 rules (the binary format's): an N-bit integer takes at most
 * ceil(N / 7) bytes ("integer representation too long"), and the unused
 * bits of the last byte must be zero, or copies of the sign bit for signed
 * integers ("integer too large").
 *
 * The one-byte cases are inline because they are nearly all of them; the
 * rest lives in read.c.
 */
#ifndef RZ_WASM_READ_H
#define RZ_WASM_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm.h"

typedef struct wasm_reader {
    const uint8_t *pos;
    const uint8_t *end;
    const char *error;       /* the first failure's spec phrase, NULL while none */
    const uint8_t *error_at; /* where it happened */
} wasm_reader_t;

/* Records a failure (the first one wins) and returns false. */
bool wasm_read_fail(wasm_reader_t *r, const uint8_t *at, const char *phrase);

bool wasm_read_u32_slow(wasm_reader_t *r, uint32_t *out);
bool wasm_read_s32_slow(wasm_reader_t *r, int32_t *out);
bool wasm_read_s33(wasm_reader_t *r, int64_t *out);
bool wasm_read_s64(wasm_reader_t *r, int64_t *out);

/* Reads a u32 length and that many bytes of valid UTF-8. */
bool wasm_read_name(wasm_reader_t *r, wasm_name_t *out);

/* Whether [bytes, bytes + len) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool wasm_utf8_valid(const uint8_t *bytes, size_t len);

static inline bool wasm_read_u8(wasm_reader_t *r, uint8_t *out) {
    if (r->pos >= r->end) {
        return wasm_read_fail(r, r->pos, "unexpected end");
    }
    *out = *r->pos++;
    return true;
}

static inline bool wasm_read_u32(wasm_reader_t *r, uint32_t *out) {
    if (r->pos < r->end && *r->pos < 0x80) {
        *out = *r->pos++;
        return true;
    }
    return wasm_read_u32_slow(r, out);
}

static inline bool wasm_read_s32(wasm_reader_t *r, int32_t *out) {
    if (r->pos < r->end && *r->pos < 0x80) {
        uint8_t b = *r->pos++;
        *out = (int32_t)b - ((b & 0x40) ? 0x80 : 0);
        return true;
    }
    return wasm_read_s32_slow(r, out);
}

/* Skips n bytes, pointing *out at them. */
static inline bool wasm_read_bytes(wasm_reader_t *r, size_t n, const uint8_t **out) {
    if ((size_t)(r->end - r->pos) < n) {
        return wasm_read_fail(r, r->pos, "unexpected end");
    }
    *out = r->pos;
    r->pos += n;
    return true;
}

static inline size_t wasm_read_left(const wasm_reader_t *r) {
    return (size_t)(r->end - r->pos);
}

#endif
