/*
 * Test support for the compiler's end-to-end tests: a module taken from
 * bytes to a running instance, and calls into it by export name. Modules
 * may import "host" "twice" (i64 -> i64, records its context in
 * jit_host_seen_ctx) and "host" "dirty" (-> i32 with a dirty upper half).
 */
#ifndef RZ_WASM_COMPILE_JIT_FIXTURE_H
#define RZ_WASM_COMPILE_JIT_FIXTURE_H

#include "compile/jit.h"
#include "ktest.h"
#include "runtime/instance.h"

struct fixture {
    wasm_module_t *m;
    wasm_loaded_t loaded;
    wasm_instance_t *inst;
    wasm_error_t err;
};

extern wasm_ctx_t *jit_host_seen_ctx;

/* Decodes, validates, loads and instantiates; records a failure and
 * returns false if any step fails. fixture_open links the test host
 * functions of jit_test.c; fixture_open_with takes compile options and the
 * function imports (NULL: those same host functions). */
bool fixture_open(struct ktest *t, struct fixture *f, const uint8_t *bytes, size_t size);
bool fixture_open_with(struct ktest *t, struct fixture *f, const uint8_t *bytes, size_t size,
                       const wasm_jit_options_t *options, const wasm_func_ref_t *imports);
void fixture_close(struct fixture *f);
/* The index of function export `name`, UINT32_MAX if there is none. */
uint32_t export_func(const wasm_module_t *m, const char *name);
/* Calls `name` with vals[] (8 entries); returns vals[0] afterwards, or
 * records a failure if it trapped. */
uint64_t call(struct ktest *t, struct fixture *f, const char *name, uint64_t *vals);
uint64_t call2(struct ktest *t, struct fixture *f, const char *name, uint64_t a, uint64_t b);
/* The trap of calling `name` (kind WASM_TRAP_NONE if it returned). */
wasm_trap_t trap_of(struct fixture *f, const char *name, uint64_t a, uint64_t b);

#endif
