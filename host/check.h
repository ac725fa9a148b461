/*
 * The one way host programs check a binary: decode, then validate, and say
 * which phase rejected it (the spec's "malformed" versus "invalid"). Used by
 * `rz validate`, the spec runner, the benchmark and the fuzz targets, so
 * they all exercise exactly the same engine calls.
 */
#ifndef RZ_HOST_CHECK_H
#define RZ_HOST_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "wasm.h"

typedef enum rz_verdict {
    RZ_VALID,     /* decoded and validated */
    RZ_MALFORMED, /* wasm_decode() rejected it */
    RZ_INVALID,   /* decoded, but wasm_validate() rejected it */
} rz_verdict_t;

/* Decodes and validates `bytes`. For RZ_VALID, `*module` is the validated
 * module (free it with wasm_module_free()); otherwise it is NULL and `err`
 * holds the engine's message. */
rz_verdict_t rz_load(const uint8_t *bytes, size_t size, wasm_error_t *err, wasm_module_t **module);

/* rz_load() for the verdict alone. */
rz_verdict_t rz_check(const uint8_t *bytes, size_t size, wasm_error_t *err);

/* "valid", "malformed", "invalid". */
const char *rz_verdict_name(rz_verdict_t verdict);

#endif
