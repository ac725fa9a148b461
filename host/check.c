/* Decode-then-validate, shared by every host program (see check.h). */
#include "check.h"

rz_verdict_t rz_load(const uint8_t *bytes, size_t size, wasm_error_t *err, wasm_module_t **module) {
    *module = wasm_decode(bytes, size, err);
    if (*module == NULL) {
        return RZ_MALFORMED;
    }
    if (!wasm_validate(*module, err)) {
        wasm_module_free(*module);
        *module = NULL;
        return RZ_INVALID;
    }
    return RZ_VALID;
}

rz_verdict_t rz_check(const uint8_t *bytes, size_t size, wasm_error_t *err) {
    wasm_module_t *module;
    rz_verdict_t verdict = rz_load(bytes, size, err, &module);
    wasm_module_free(module);
    return verdict;
}

const char *rz_verdict_name(rz_verdict_t verdict) {
    switch (verdict) {
    case RZ_VALID:
        return "valid";
    case RZ_MALFORMED:
        return "malformed";
    case RZ_INVALID:
        return "invalid";
    }
    return "?";
}
