/* Parsing wast2json's value strings into exact values (see spec_value.h). */
#include <stdio.h>
#include <string.h>

#include "spec_value.h"

static const char *const spec_type_names[] = {
    [SPEC_I32] = "i32",
    [SPEC_I64] = "i64",
    [SPEC_F32] = "f32",
    [SPEC_F64] = "f64",
    [SPEC_V128] = "v128",
    [SPEC_FUNCREF] = "funcref",
    [SPEC_EXTERNREF] = "externref",
    [SPEC_I8] = "i8",
    [SPEC_I16] = "i16",
};

static bool type_from_name(const char *name, spec_type_t *type) {
    for (size_t i = 0; i < sizeof spec_type_names / sizeof spec_type_names[0]; i++) {
        if (strcmp(name, spec_type_names[i]) == 0) {
            *type = (spec_type_t)i;
            return true;
        }
    }
    return false;
}

/* Width in bits of a number or lane type; 0 for references and v128. */
static unsigned type_bits(spec_type_t type) {
    switch (type) {
    case SPEC_I8:
        return 8;
    case SPEC_I16:
        return 16;
    case SPEC_I32:
    case SPEC_F32:
        return 32;
    case SPEC_I64:
    case SPEC_F64:
        return 64;
    default:
        return 0;
    }
}

static bool is_float(spec_type_t type) {
    return type == SPEC_F32 || type == SPEC_F64;
}

/* An unsigned decimal that fits in `bits` bits, nothing else. */
static bool parse_unsigned(const char *s, unsigned bits, uint64_t *out) {
    uint64_t max = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1, value = 0;
    if (*s == '\0') {
        return false;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9') {
            return false;
        }
        unsigned digit = (unsigned)(*s - '0');
        if (value > (max - digit) / 10) {
            return false;
        }
        value = value * 10 + digit;
    }
    *out = value;
    return true;
}

static spec_nan_t parse_nan(const char *s) {
    if (strcmp(s, "nan:canonical") == 0) {
        return SPEC_NAN_CANONICAL;
    }
    if (strcmp(s, "nan:arithmetic") == 0) {
        return SPEC_NAN_ARITHMETIC;
    }
    return SPEC_NAN_NONE;
}

/* One number or lane: exact bits, or a NaN pattern when the type is a float. */
static bool parse_number(spec_type_t type, const char *s, uint64_t *bits, spec_nan_t *nan) {
    *bits = 0;
    *nan = is_float(type) ? parse_nan(s) : SPEC_NAN_NONE;
    return *nan != SPEC_NAN_NONE || parse_unsigned(s, type_bits(type), bits);
}

static bool parse_v128(spec_value_t *out, const char *const *values, size_t count) {
    unsigned lane_bytes = type_bits(out->lane_type) / 8;
    if (lane_bytes == 0 || count != 16 / lane_bytes) {
        return false;
    }
    for (size_t lane = 0; lane < count; lane++) {
        uint64_t bits;
        spec_nan_t nan;
        if (!parse_number(out->lane_type, values[lane], &bits, &nan)) {
            return false;
        }
        if (nan != SPEC_NAN_NONE) {
            out->kind = SPEC_VALUE_NAN;
            out->nan[lane] = nan;
        }
        for (unsigned b = 0; b < lane_bytes; b++) {
            out->u.v128[lane * lane_bytes + b] = (uint8_t)(bits >> (8 * b));
        }
    }
    return true;
}

static bool parse_ref(spec_value_t *out, const char *s) {
    if (strcmp(s, "null") == 0) {
        out->kind = SPEC_VALUE_REF_NULL;
        return true;
    }
    /* Only externrefs can be host references; a funcref is null or absent. */
    out->kind = SPEC_VALUE_REF_HOST;
    return out->type == SPEC_EXTERNREF && parse_unsigned(s, 32, &out->u.bits);
}

static bool parse_value(spec_value_t *out, const char *const *values, size_t count) {
    if (out->type == SPEC_V128) {
        return parse_v128(out, values, count);
    }
    if (count != 1) {
        return false;
    }
    if (out->type == SPEC_FUNCREF || out->type == SPEC_EXTERNREF) {
        return parse_ref(out, values[0]);
    }
    if (!parse_number(out->type, values[0], &out->u.bits, &out->nan[0])) {
        return false;
    }
    out->kind = out->nan[0] != SPEC_NAN_NONE ? SPEC_VALUE_NAN : SPEC_VALUE_BITS;
    return true;
}

bool spec_value_parse(const char *type, const char *lane_type, const char *const *values,
                      size_t count, spec_value_t *out, char *err, size_t err_size) {
    memset(out, 0, sizeof *out);
    if (!type_from_name(type, &out->type) || type_bits(out->type) == 8 ||
        type_bits(out->type) == 16) {
        snprintf(err, err_size, "unknown value type \"%s\"", type);
        return false;
    }
    if (lane_type != NULL &&
        (out->type != SPEC_V128 || !type_from_name(lane_type, &out->lane_type) ||
         type_bits(out->lane_type) == 0)) {
        snprintf(err, err_size, "%s value with lane type \"%s\"", type, lane_type);
        return false;
    }
    if (count == 0) {
        out->kind = SPEC_VALUE_ANY;
        return true;
    }
    if (out->type == SPEC_V128 && lane_type == NULL) {
        snprintf(err, err_size, "v128 value without a lane type");
        return false;
    }
    if (!parse_value(out, values, count)) {
        snprintf(err, err_size, "malformed %s%s%s value \"%s\"%s", type, lane_type ? " " : "",
                 lane_type ? lane_type : "", values[0], count > 1 ? " ..." : "");
        return false;
    }
    return true;
}
