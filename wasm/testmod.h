/*
 * Building small binaries for the engine's unit tests: a byte buffer with
 * LEB128 and section helpers, so a test states the bytes that matter and
 * lets the sizes be computed.
 */
#ifndef RZ_WASM_TESTMOD_H
#define RZ_WASM_TESTMOD_H

#include <stddef.h>
#include <stdint.h>

#include "wasm.h"

typedef struct testmod {
    uint8_t bytes[8192];
    size_t len;
} testmod_t;

/* Starts a module: magic and version. */
void tm_init(testmod_t *m);

/* Appends raw bytes / a u32 LEB128. */
void tm_bytes(testmod_t *m, const void *bytes, size_t len);
void tm_u32(testmod_t *m, uint32_t v);

/* Appends a section: id, size, contents. */
void tm_section(testmod_t *m, uint8_t id, const void *contents, size_t len);

/*
 * A module around one function body: type 0 is `sig` (the bytes after 0x60:
 * param vector then result vector), then a 1-page memory, a 1-element
 * funcref table, an export "f" of function 0 (so ref.func 0 is declared),
 * and function 0 of type 0 whose body is `body` (local declarations,
 * instructions, final end).
 */
void tm_func_module(testmod_t *m, const void *sig, size_t sig_len, const void *body,
                    size_t body_len);

/* Decodes and validates; returns 'm' when malformed, 'i' when invalid, 'v' when valid.
 * The error, if any, lands in *err. */
char tm_check(const testmod_t *m, wasm_error_t *err);

/* Whether `s` contains `part`. */
int tm_contains(const char *s, const char *part);

#define TM_BYTES(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

#endif
