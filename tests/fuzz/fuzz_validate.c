/*
 * libFuzzer target: every input goes through wasm_decode() and, when that
 * succeeds, wasm_validate(), exactly as `rz validate` runs them (rz_check).
 * A crash, a sanitizer report, a leak or a hang is a bug; a rejection is
 * the expected answer to most inputs. Also linked, without libFuzzer, into
 * build/fuzz-replay, which runs saved inputs as a test stage.
 */
#include <stddef.h>
#include <stdint.h>

#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    wasm_error_t err;
    rz_check(data, size, &err);
    return 0;
}
