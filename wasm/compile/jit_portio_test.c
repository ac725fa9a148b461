/*
 * Port I/O imports (compile/jit_portio.c) on the compiler's side: which
 * modules the grant lets through, the message naming a constant port
 * outside it, and the run-time trap of a computed port outside it, which
 * fires before any `in` runs (so this test also runs on the host, where
 * an `in` would fault). kernel/portio_test.c talks to a real device.
 */
#include "compile/jit_fixture.h"
#include "error.h"
#include "ktest.h"
#include "platform.h"

#include "portio.wasm.h"
#include "portio_export.wasm.h"

/* Whether sub occurs in s (at_start: at its very beginning). */
static bool has(const char *s, const char *sub, bool at_start) {
    size_t n = strlen(sub);
    for (const char *p = s; *p != '\0'; p++) {
        if (strlen(p) >= n && memcmp(p, sub, n) == 0) {
            return true;
        }
        if (at_start) {
            break;
        }
    }
    return false;
}

/* The link target of imports compiled inline; never called. */
static void inline_import(void) {
}

static const wasm_port_range_t cmos_rw[] = {{0x70, 2, WASM_PORT_READ | WASM_PORT_WRITE}};

/* Decodes, validates and compiles under `ports`; the compiler's message
 * on failure, "" on success. */
static const char *compile_with(const uint8_t *bytes, size_t size, const wasm_port_range_t *ports,
                                uint32_t count) {
    static wasm_error_t err;
    err.message[0] = '\0';
    wasm_module_t *m = wasm_decode(bytes, size, &err);
    if (m == NULL || !wasm_validate(m, &err)) {
        wasm_module_free(m);
        return err.message;
    }
    wasm_jit_options_t o = {.ports = ports, .port_count = count};
    wasm_jit_code_t code;
    if (wasm_jit_compile(m, &o, &code, &err)) {
        wasm_jit_code_free(&code);
        err.message[0] = '\0';
    }
    wasm_module_free(m);
    return err.message;
}

KTEST(jit_portio, granted_module_compiles) {
    KT_EXPECT_STREQ(t, compile_with(portio_wasm, sizeof portio_wasm, cmos_rw, 1), "");
}

KTEST(jit_portio, no_grant_no_port_imports) {
    KT_EXPECT_STREQ(t, compile_with(portio_wasm, sizeof portio_wasm, NULL, 0),
                    "import rz.in8: the module has no port grant");
}

KTEST(jit_portio, constant_port_outside_grant_refused_naming_it) {
    static const wasm_port_range_t index_only[] = {{0x70, 1, WASM_PORT_READ | WASM_PORT_WRITE}};
    const char *msg = compile_with(portio_wasm, sizeof portio_wasm, index_only, 1);
    KT_EXPECT(t, has(msg, "func 3 at 0x8f: ", true)); /* the offset of the call */
    KT_EXPECT(t, has(msg, ": rz.in8 of port 0x71, which the grant does not allow", false));
    static const wasm_port_range_t read_only[] = {{0x70, 2, WASM_PORT_READ}};
    msg = compile_with(portio_wasm, sizeof portio_wasm, read_only, 1);
    KT_EXPECT(t, has(msg, "rz.out8 of port 0x70, which the grant does not allow", false));
}

KTEST(jit_portio, computed_access_needs_some_grant_for_it) {
    static const wasm_port_range_t two[] = {{0x70, 1, WASM_PORT_WRITE}, {0x71, 1, WASM_PORT_READ}};
    /* in16 of a computed port: no granted range is two ports wide */
    const char *msg = compile_with(portio_wasm, sizeof portio_wasm, two, 2);
    KT_EXPECT(t, has(msg, "read of a computed port, but no port is granted for it", false));
}

KTEST(jit_portio, referenced_import_refused) {
    KT_EXPECT_STREQ(t, compile_with(portio_export_wasm, sizeof portio_export_wasm, cmos_rw, 1),
                    "import rz.in8: may only be called directly");
}

KTEST(jit_portio, computed_port_outside_grant_traps) {
    static const wasm_port_range_t grant[] = {
        {0x70, 2, WASM_PORT_READ | WASM_PORT_WRITE},
        {0x402, 1, WASM_PORT_WRITE},
    };
    wasm_jit_options_t o = {.ports = grant, .port_count = 2};
    /* The port imports are compiled inline: their link entries are never
     * called, but linking wants code for each (the fixture links two). */
    const wasm_func_ref_t unused = {(const void *)inline_import, NULL, 0};
    const wasm_func_ref_t imports[3] = {unused, unused, unused};
    struct fixture f;
    f.m = wasm_decode(portio_wasm, sizeof portio_wasm, &f.err);
    KT_ASSERT(t, f.m != NULL && wasm_validate(f.m, &f.err));
    KT_ASSERT(t, wasm_load(f.m, &o, &f.loaded, &f.err));
    f.inst = wasm_instantiate_funcs(&f.loaded, imports, &f.err);
    KT_ASSERT(t, f.inst != NULL);
    static const uint32_t bad_in8[] = {0, 0x6f, 0x72, 0x402, 0x10070, 0xffffffff};
    for (size_t i = 0; i < sizeof bad_in8 / sizeof bad_in8[0]; i++) {
        wasm_trap_t trap = trap_of(&f, "in8_at", bad_in8[i], 0);
        KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_PORT_DENIED);
        KT_EXPECT_EQ(t, trap.func, 4);
    }
    KT_EXPECT_EQ(t, trap_of(&f, "in16_at", 0x71, 0).kind, WASM_TRAP_PORT_DENIED); /* 0x71..0x72 */
    KT_EXPECT_EQ(t, trap_of(&f, "out8_at", 0x401, 1).kind, WASM_TRAP_PORT_DENIED);
    KT_EXPECT_EQ(t, trap_of(&f, "out8_at", 0x403, 1).kind, WASM_TRAP_PORT_DENIED);
    fixture_close(&f);
}
