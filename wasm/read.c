/*
 * The multi-byte halves of the readers in read.h: LEB128 integers and
 * UTF-8 names.
 */
#include "read.h"

bool wasm_read_fail(wasm_reader_t *r, const uint8_t *at, const char *phrase) {
    if (r->error == NULL) {
        r->error = phrase;
        r->error_at = at;
    }
    return false;
}

/*
 * Reads an unsigned LEB128 of at most `bits` bits (bits <= 64) into *out.
 * For signed integers `sign` is true and the result is sign-extended.
 */
static bool read_leb(wasm_reader_t *r, unsigned bits, bool sign, uint64_t *out) {
    const uint8_t *start = r->pos;
    unsigned max_bytes = (bits + 6) / 7;
    uint64_t value = 0;
    for (unsigned i = 0;; i++) {
        if (r->pos >= r->end) {
            return wasm_read_fail(r, r->pos, "unexpected end");
        }
        uint8_t b = *r->pos++;
        unsigned shift = 7 * i;
        if (i + 1 == max_bytes) {
            if (b & 0x80) {
                return wasm_read_fail(r, start, "integer representation too long");
            }
            /* Bits of the last byte above the integer's width. */
            unsigned used = bits - shift; /* 1..7 */
            uint8_t extra = (uint8_t)(0x7f & ~((1u << used) - 1));
            if (!sign) {
                if (b & extra) {
                    return wasm_read_fail(r, start, "integer too large");
                }
            } else {
                /* Bits from the sign bit up must all equal it. */
                uint8_t high = (uint8_t)(0x7f & ~((1u << (used - 1)) - 1));
                if ((b & high) != 0 && (b & high) != high) {
                    return wasm_read_fail(r, start, "integer too large");
                }
            }
            value |= (uint64_t)(b & 0x7f) << shift;
            if (sign && bits < 64 && (b & 0x40)) {
                value |= ~(uint64_t)0 << bits;
            }
            break;
        }
        value |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            if (sign && (b & 0x40) && shift + 7 < 64) {
                value |= ~(uint64_t)0 << (shift + 7);
            }
            break;
        }
    }
    *out = value;
    return true;
}

bool wasm_read_u32_slow(wasm_reader_t *r, uint32_t *out) {
    uint64_t v;
    if (!read_leb(r, 32, false, &v)) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

bool wasm_read_s32_slow(wasm_reader_t *r, int32_t *out) {
    uint64_t v;
    if (!read_leb(r, 32, true, &v)) {
        return false;
    }
    *out = (int32_t)(uint32_t)v;
    return true;
}

bool wasm_read_s33(wasm_reader_t *r, int64_t *out) {
    uint64_t v;
    if (!read_leb(r, 33, true, &v)) {
        return false;
    }
    *out = (int64_t)v;
    return true;
}

bool wasm_read_s64(wasm_reader_t *r, int64_t *out) {
    uint64_t v;
    if (!read_leb(r, 64, true, &v)) {
        return false;
    }
    *out = (int64_t)v;
    return true;
}

bool wasm_utf8_valid(const uint8_t *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        uint8_t b = s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        unsigned n;
        uint32_t cp, min;
        if ((b & 0xe0) == 0xc0) {
            n = 1, cp = b & 0x1f, min = 0x80;
        } else if ((b & 0xf0) == 0xe0) {
            n = 2, cp = b & 0x0f, min = 0x800;
        } else if ((b & 0xf8) == 0xf0) {
            n = 3, cp = b & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (len - i <= n) {
            return false;
        }
        for (unsigned k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

bool wasm_read_name(wasm_reader_t *r, wasm_name_t *out) {
    uint32_t len;
    const uint8_t *bytes;
    if (!wasm_read_u32(r, &len)) {
        return false;
    }
    if (len > wasm_read_left(r)) {
        return wasm_read_fail(r, r->pos, "length out of bounds");
    }
    if (!wasm_read_bytes(r, len, &bytes)) {
        return false;
    }
    if (!wasm_utf8_valid(bytes, len)) {
        return wasm_read_fail(r, bytes, "malformed UTF-8 encoding");
    }
    out->bytes = (const char *)bytes;
    out->len = len;
    return true;
}
