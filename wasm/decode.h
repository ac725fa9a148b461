/*
 * What the decoder's files share and nobody else needs: the decoder's state
 * and the field readers every section uses. decode.c walks the sections and
 * decodes the module's declarations, decode_fields.c reads the pieces they
 * are made of, decode_segments.c the element, code and data sections, and
 * decode_names.c the name section.
 */
#ifndef RZ_WASM_DECODE_H
#define RZ_WASM_DECODE_H

#include "read.h"
#include "validate.h"
#include "wasm.h"

/* Section ids, and the order non-custom sections must come in. */
enum {
    SEC_CUSTOM = 0,
    SEC_TYPE,
    SEC_IMPORT,
    SEC_FUNC,
    SEC_TABLE,
    SEC_MEMORY,
    SEC_GLOBAL,
    SEC_EXPORT,
    SEC_START,
    SEC_ELEM,
    SEC_CODE,
    SEC_DATA,
    SEC_DATACOUNT,
    SEC_COUNT
};

typedef struct wasm_decoder {
    wasm_module_t *m;
    wasm_reader_t r;
    wasm_error_t *err;
    uint8_t section; /* being decoded, for messages */
    uint32_t func_decl_count;
    bool has_code_section, has_data_section;
    uint32_t func_cap, table_cap, memory_cap, global_cap, local_group_cap, custom_cap;
    const uint8_t *name_section; /* contents of the "name" custom section, if any */
    uint32_t name_section_size;
    uint8_t *refs;           /* C.refs as a bitmap over function indices */
    uint32_t invalid_func;   /* the function m->code_error is about */
    wasm_validator_t v;      /* types the function bodies */
    wasm_error_t body_error; /* where v explains a rejected body */
} wasm_decoder_t;

/*
 * Each reader reads one field at d->r and either advances or fails with a
 * message naming the section, the offset and the spec's phrase; wasm_decode_count
 * also checks the count against the bytes left and a limit, before anything
 * is allocated for it.
 */
bool wasm_decode_fail_at(wasm_decoder_t *d, const uint8_t *at, const char *phrase);
bool wasm_decode_fail_read(wasm_decoder_t *d);
bool wasm_decode_reserve(wasm_decoder_t *d, void **array, uint32_t *cap, uint32_t need,
                         size_t size);
bool wasm_decode_count(wasm_decoder_t *d, uint32_t limit, const char *what, uint32_t *count);

/*
 * C.refs: wasm_decode_refs() allocates the bitmap (one bit per function) if
 * it is not yet; wasm_decode_add_ref() records that function `func` is named
 * outside function bodies (an export, element segment or global
 * initializer), so code may take a reference to it. Those sections all
 * follow the function section, so func_count is final by then.
 */
bool wasm_decode_refs(wasm_decoder_t *d);
bool wasm_decode_add_ref(wasm_decoder_t *d, uint32_t func);

bool wasm_decode_u32(wasm_decoder_t *d, uint32_t *out);
bool wasm_decode_byte(wasm_decoder_t *d, uint8_t *out);
bool wasm_decode_valtype(wasm_decoder_t *d, wasm_valtype_t *out);
bool wasm_decode_reftype(wasm_decoder_t *d, wasm_valtype_t *out);
bool wasm_decode_limits(wasm_decoder_t *d, wasm_limits_t *out);
bool wasm_decode_tabletype(wasm_decoder_t *d, wasm_tabletype_t *out);
bool wasm_decode_globaltype(wasm_decoder_t *d, wasm_globaltype_t *out);
bool wasm_decode_expr(wasm_decoder_t *d, wasm_expr_t *out);
bool wasm_decode_elem_section(wasm_decoder_t *d);
bool wasm_decode_code_section(wasm_decoder_t *d);
bool wasm_decode_data_section(wasm_decoder_t *d);

/*
 * Reads the "name" custom section's contents into funcs[].name, m->name and
 * m->local_names. A malformed name section is ignored, as the spec asks:
 * on any error the module is left with no names at all.
 */
void wasm_decode_names(wasm_module_t *m, const uint8_t *bytes, uint32_t size);

#endif
