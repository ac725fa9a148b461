/*
 * What the decoder's files share and nobody else needs.
 */
#ifndef RZ_WASM_DECODE_H
#define RZ_WASM_DECODE_H

#include "wasm.h"

/*
 * Reads the "name" custom section's contents into funcs[].name, m->name and
 * m->local_names. A malformed name section is ignored, as the spec asks:
 * on any error the module is left with no names at all.
 */
void wasm_decode_names(wasm_module_t *m, const uint8_t *bytes, uint32_t size);

#endif
