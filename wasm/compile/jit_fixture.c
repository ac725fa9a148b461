/*
 * Test support for the compiler's end-to-end tests (see jit_fixture.h).
 */
#include "compile/jit_fixture.h"

#include "compile/x64_emit.h"
#include "platform.h"

wasm_ctx_t *jit_host_seen_ctx;

/* The host import of control.wat: (param i64) (result i64). */
static int64_t host_twice(wasm_ctx_t *ctx, int64_t x) {
    jit_host_seen_ctx = ctx;
    return 2 * x;
}

/* The "dirty" import of control.wat, in machine code since C cannot say it:
 * returns i32 4 with garbage in the upper half of rax, as the C ABI allows. */
static const void *dirty_import(void) {
    static uint8_t *code;
    if (code == NULL) {
        uint8_t bytes[16];
        struct x64_buf b;
        x64_buf_init(&b, bytes, sizeof bytes);
        x64_mov_ri(&b, X64_W64, X64_RAX, 0xdeadbeef00000004ull);
        x64_ret(&b);
        code = wasm_code_alloc(b.len);
        memcpy(code, bytes, b.len);
        wasm_code_seal(code, b.len);
    }
    return code;
}

bool fixture_open(struct ktest *t, struct fixture *f, const uint8_t *bytes, size_t size) {
    return fixture_open_with(t, f, bytes, size, NULL, NULL);
}

bool fixture_open_with(struct ktest *t, struct fixture *f, const uint8_t *bytes, size_t size,
                       const wasm_jit_options_t *options, const wasm_func_ref_t *imports) {
    const wasm_func_ref_t test_hosts[2] = {{(const void *)host_twice, NULL, 0},
                                           {dirty_import(), NULL, 0}};
    if (imports == NULL) {
        imports = test_hosts;
    }
    f->inst = NULL;
    f->m = wasm_decode(bytes, size, &f->err);
    if (f->m == NULL || !wasm_validate(f->m, &f->err) || !wasm_load(f->m, options, &f->loaded, &f->err)) {
        ktest_fail(t, __FILE__, __LINE__, "load: %s", f->err.message);
        wasm_module_free(f->m);
        return false;
    }
    f->inst = wasm_instantiate_funcs(&f->loaded, imports, &f->err);
    if (f->inst == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "instantiate: %s", f->err.message);
        wasm_unload(&f->loaded);
        wasm_module_free(f->m);
        return false;
    }
    return true;
}

void fixture_close(struct fixture *f) {
    wasm_instance_free(f->inst);
    wasm_unload(&f->loaded);
    wasm_module_free(f->m);
}

uint32_t export_func(const wasm_module_t *m, const char *name) {
    for (uint32_t i = 0; i < m->export_count; i++) {
        const wasm_export_t *e = &m->exports[i];
        if (e->kind == WASM_EXTERN_FUNC && wasm_name_eq(e->name, name, (uint32_t)strlen(name))) {
            return e->index;
        }
    }
    return UINT32_MAX;
}

/* Calls export `name` with up to 8 arguments; returns the first result, or
 * records a failure if it traps. */
uint64_t call(struct ktest *t, struct fixture *f, const char *name, uint64_t *vals) {
    wasm_trap_t trap;
    uint32_t func = export_func(f->m, name);
    if (func == UINT32_MAX || !wasm_invoke(f->inst, func, vals, &trap)) {
        ktest_fail(t, __FILE__, __LINE__, "%s: %s", name,
                   func == UINT32_MAX ? "no such export" : wasm_trap_message(trap.kind));
        return 0xdeadbeef;
    }
    return vals[0];
}

uint64_t call2(struct ktest *t, struct fixture *f, const char *name, uint64_t a, uint64_t b) {
    uint64_t vals[8] = {a, b};
    return call(t, f, name, vals);
}

/* The trap kind of calling `name`, WASM_TRAP_NONE if it returned. */
wasm_trap_t trap_of(struct fixture *f, const char *name, uint64_t a, uint64_t b) {
    uint64_t vals[8] = {a, b};
    wasm_trap_t trap = {WASM_TRAP_NONE, 0, 0};
    wasm_invoke(f->inst, export_func(f->m, name), vals, &trap);
    return trap;
}

