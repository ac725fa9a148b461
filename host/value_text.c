/* wasm values as text (see value_text.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value_text.h"

static bool parse_int(const char *text, bool wide, uint64_t *bits) {
    bool neg = text[0] == '-';
    const char *digits = neg ? text + 1 : text;
    char *end;
    if (digits[0] < '0' || digits[0] > '9') {
        return false; /* strtoull would take a second sign or leading space */
    }
    errno = 0;
    unsigned long long v = strtoull(digits, &end, 0);
    if (errno != 0 || *end != 0) {
        return false;
    }
    uint64_t max_pos = wide ? UINT64_MAX : UINT32_MAX;
    uint64_t max_neg = wide ? (1ull << 63) : (1ull << 31);
    if (neg ? v > max_neg : v > max_pos) {
        return false;
    }
    uint64_t r = neg ? 0 - (uint64_t)v : (uint64_t)v;
    *bits = wide ? r : (uint32_t)r;
    return true;
}

static bool parse_float(const char *text, bool wide, uint64_t *bits) {
    char *end;
    if (strncmp(text, "bits:", 5) == 0) {
        const char *hex = text + 5;
        if (strncmp(hex, "0x", 2) != 0 || hex[2] == 0 || hex[2] == '-' || hex[2] == '+') {
            return false;
        }
        errno = 0;
        unsigned long long v = strtoull(hex, &end, 16);
        if (errno != 0 || *end != 0 || (!wide && v > UINT32_MAX)) {
            return false;
        }
        *bits = v;
        return true;
    }
    if (text[0] == 0) {
        return false;
    }
    if (wide) {
        double d = strtod(text, &end);
        memcpy(bits, &d, 8);
    } else {
        float f = strtof(text, &end);
        uint32_t b;
        memcpy(&b, &f, 4);
        *bits = b;
    }
    return *end == 0;
}

bool rz_value_parse(wasm_valtype_t type, const char *text, uint64_t *bits) {
    switch (type) {
    case WASM_I32:
        return parse_int(text, false, bits);
    case WASM_I64:
        return parse_int(text, true, bits);
    case WASM_F32:
        return parse_float(text, false, bits);
    case WASM_F64:
        return parse_float(text, true, bits);
    default:
        return false;
    }
}

/* NaN and infinity by bits, so the payload is exact; false for finite values. */
static bool format_special(uint64_t bits, int mant_bits, int exp_bits, char *buf, size_t size) {
    uint64_t mant = bits & ((1ull << mant_bits) - 1);
    uint64_t exp = (bits >> mant_bits) & ((1ull << exp_bits) - 1);
    const char *sign = (bits >> (mant_bits + exp_bits)) & 1 ? "-" : "";
    if (exp != (1ull << exp_bits) - 1) {
        return false;
    }
    if (mant == 0) {
        snprintf(buf, size, "%sinf", sign);
    } else {
        snprintf(buf, size, "%snan:0x%" PRIx64, sign, mant);
    }
    return true;
}

void rz_value_format(wasm_valtype_t type, uint64_t bits, char *buf, size_t size) {
    switch (type) {
    case WASM_I32:
        snprintf(buf, size, "%" PRId32, (int32_t)(uint32_t)bits);
        break;
    case WASM_I64:
        snprintf(buf, size, "%" PRId64, (int64_t)bits);
        break;
    case WASM_F32: {
        uint32_t b = (uint32_t)bits;
        float f;
        memcpy(&f, &b, 4);
        if (!format_special(b, 23, 8, buf, size)) {
            snprintf(buf, size, "%.9g", (double)f);
        }
        break;
    }
    case WASM_F64: {
        double d;
        memcpy(&d, &bits, 8);
        if (!format_special(bits, 52, 11, buf, size)) {
            snprintf(buf, size, "%.17g", d);
        }
        break;
    }
    default:
        snprintf(buf, size, "0x%" PRIx64, bits);
        break;
    }
}
