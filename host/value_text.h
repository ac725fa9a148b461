/*
 * wasm values as command-line text, for `rz invoke` and `rz fuzz-exec`.
 *
 * Integers: decimal (with an optional '-') or 0x hex; an i32 takes any
 * value in [-2^31, 2^32), an i64 any in [-2^63, 2^64); printed as signed
 * decimal. Floats: anything strtod accepts (decimal, exponent, hex float,
 * inf, nan), rounded to the type, or exact bits written `bits:0x7fc00000`;
 * printed with enough digits to read back exactly (%.9g, %.17g), NaNs as
 * `nan:0xPAYLOAD` (mantissa bits, hex) with a '-' when the sign is set.
 * A value is one 64-bit slot as in wasm_entry_fn: f32 in the low bits.
 */
#ifndef RZ_HOST_VALUE_TEXT_H
#define RZ_HOST_VALUE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm.h"

/* Parses `text` as a `type`; false when it is not one (or out of range). */
bool rz_value_parse(wasm_valtype_t type, const char *text, uint64_t *bits);

/* Writes the value without its type ("-1", "1.5", "-nan:0x400000"). */
void rz_value_format(wasm_valtype_t type, uint64_t bits, char *buf, size_t size);

#endif
