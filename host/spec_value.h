/*
 * Values in spec scripts, as wast2json writes them in its JSON: action
 * arguments and expected results. Numbers are given as the unsigned decimal
 * of their bits (floats too, so no rounding is involved), v128 as one such
 * string per lane, references as "null" or a host reference number, and an
 * expected float may be a NaN pattern instead ("nan:canonical",
 * "nan:arithmetic"), per scalar or per float lane.
 *
 * This file only turns the JSON's strings into exact values; comparing a
 * result against an expectation belongs to the execution tier.
 */
#ifndef RZ_HOST_SPEC_VALUE_H
#define RZ_HOST_SPEC_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum spec_type {
    SPEC_I32,
    SPEC_I64,
    SPEC_F32,
    SPEC_F64,
    SPEC_V128,
    SPEC_FUNCREF,
    SPEC_EXTERNREF,
    SPEC_I8,  /* v128 lane type only */
    SPEC_I16, /* v128 lane type only */
} spec_type_t;

typedef enum spec_value_kind {
    SPEC_VALUE_BITS,     /* exact bits (numbers, v128) */
    SPEC_VALUE_NAN,      /* a float NaN pattern, or a v128 with some NaN-pattern lanes */
    SPEC_VALUE_REF_NULL, /* ref.null of the type */
    SPEC_VALUE_REF_HOST, /* externref: host reference number `bits` */
    SPEC_VALUE_ANY,      /* no value given, only the type (results of assert_trap) */
} spec_value_kind_t;

typedef enum spec_nan {
    SPEC_NAN_NONE, /* not a pattern: the lane's bits are exact */
    SPEC_NAN_CANONICAL,
    SPEC_NAN_ARITHMETIC,
} spec_nan_t;

typedef struct spec_value {
    spec_type_t type;
    spec_value_kind_t kind;
    spec_type_t lane_type; /* v128 only */
    /* Kind NAN: the pattern per float lane (index 0 for a scalar); lanes
     * with SPEC_NAN_NONE hold exact bits in `v128`. */
    spec_nan_t nan[4];
    union {
        uint64_t bits;    /* scalars, zero-extended; REF_HOST: the number */
        uint8_t v128[16]; /* little-endian, lane 0 first */
    } u;
} spec_value_t;

/*
 * Parses one value: `type` ("i32", ..., "externref"), `lane_type` for a
 * v128 (NULL otherwise), and the `count` strings of its "value" field (one
 * for scalars and references, one per lane for v128, none when the JSON
 * gives only the type). Returns false and a message in `err` when the value
 * is not one wast2json can write.
 */
bool spec_value_parse(const char *type, const char *lane_type, const char *const *values,
                      size_t count, spec_value_t *out, char *err, size_t err_size);

#endif
