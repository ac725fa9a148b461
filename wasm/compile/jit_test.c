/*
 * End-to-end tests of the compiler: modules written in WAT
 * (wasm/compile/testdata, embedded at build time by tools/wat2c) are
 * decoded, validated, compiled, instantiated and called through the C entry
 * path, and the results and traps are checked against values computed here.
 */
#include "compile/jit.h"
#include "compile/x64_emit.h"
#include "error.h"
#include "ktest.h"
#include "platform.h"
#include "runtime/instance.h"

#include "control.wasm.h"
#include "ops.wasm.h"

struct fixture {
    wasm_module_t *m;
    wasm_loaded_t loaded;
    wasm_instance_t *inst;
    wasm_error_t err;
};

static wasm_ctx_t *host_seen_ctx;

/* The host import of control.wat: (param i64) (result i64). */
static int64_t host_twice(wasm_ctx_t *ctx, int64_t x) {
    host_seen_ctx = ctx;
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

static bool fixture_open(struct ktest *t, struct fixture *f, const uint8_t *bytes, size_t size) {
    wasm_func_ref_t imports[] = {{(const void *)host_twice, NULL}, {dirty_import(), NULL}};
    f->inst = NULL;
    f->m = wasm_decode(bytes, size, &f->err);
    if (f->m == NULL || !wasm_validate(f->m, &f->err) || !wasm_load(f->m, &f->loaded, &f->err)) {
        ktest_fail(t, __FILE__, __LINE__, "load: %s", f->err.message);
        wasm_module_free(f->m);
        return false;
    }
    f->inst = wasm_instantiate(&f->loaded, imports, &f->err);
    if (f->inst == NULL) {
        ktest_fail(t, __FILE__, __LINE__, "instantiate: %s", f->err.message);
        wasm_unload(&f->loaded);
        wasm_module_free(f->m);
        return false;
    }
    return true;
}

static void fixture_close(struct fixture *f) {
    wasm_instance_free(f->inst);
    wasm_unload(&f->loaded);
    wasm_module_free(f->m);
}

static uint32_t export_func(const wasm_module_t *m, const char *name) {
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
static uint64_t call(struct ktest *t, struct fixture *f, const char *name, uint64_t *vals) {
    wasm_trap_t trap;
    uint32_t func = export_func(f->m, name);
    if (func == UINT32_MAX || !wasm_invoke(f->inst, func, vals, &trap)) {
        ktest_fail(t, __FILE__, __LINE__, "%s: %s", name,
                   func == UINT32_MAX ? "no such export" : wasm_trap_message(trap.kind));
        return 0xdeadbeef;
    }
    return vals[0];
}

static uint64_t call2(struct ktest *t, struct fixture *f, const char *name, uint64_t a, uint64_t b) {
    uint64_t vals[8] = {a, b};
    return call(t, f, name, vals);
}

/* The trap kind of calling `name`, WASM_TRAP_NONE if it returned. */
static wasm_trap_t trap_of(struct fixture *f, const char *name, uint64_t a, uint64_t b) {
    uint64_t vals[8] = {a, b};
    wasm_trap_t trap = {WASM_TRAP_NONE, 0, 0};
    wasm_invoke(f->inst, export_func(f->m, name), vals, &trap);
    return trap;
}

static const uint32_t i32_samples[] = {0, 1, 2, 3, 7, 31, 32, 33, 0x7fffffff, 0x80000000,
                                       0x80000001, 0xfffffffe, 0xffffffff, 0x12345678, 100};
static const uint64_t i64_samples[] = {0,
                                       1,
                                       3,
                                       63,
                                       64,
                                       65,
                                       0x7fffffff,
                                       0x80000000,
                                       0xffffffff,
                                       0x100000000,
                                       0x7fffffffffffffff,
                                       0x8000000000000000,
                                       0xffffffffffffffff,
                                       0xfedcba9876543210};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The reference semantics of the binary operators, for both widths. */
static bool ref_binop(const char *op, int bits, uint64_t a, uint64_t b, uint64_t *out) {
    uint64_t mask = bits == 32 ? 0xffffffffu : ~0ull;
    int64_t sa = bits == 32 ? (int32_t)a : (int64_t)a, sb = bits == 32 ? (int32_t)b : (int64_t)b;
    int64_t smin = bits == 32 ? INT32_MIN : INT64_MIN;
    unsigned k = (unsigned)(b & (uint64_t)(bits - 1));
    uint64_t r;
    if (ktest_streq(op, "add")) r = a + b;
    else if (ktest_streq(op, "sub")) r = a - b;
    else if (ktest_streq(op, "mul")) r = a * b;
    else if (ktest_streq(op, "and")) r = a & b;
    else if (ktest_streq(op, "or")) r = a | b;
    else if (ktest_streq(op, "xor")) r = a ^ b;
    else if (ktest_streq(op, "shl")) r = a << k;
    else if (ktest_streq(op, "shr_u")) r = a >> k;
    else if (ktest_streq(op, "shr_s")) r = (uint64_t)(sa >> k);
    else if (ktest_streq(op, "rotl")) r = k ? (a << k) | (a >> (bits - k)) : a;
    else if (ktest_streq(op, "rotr")) r = k ? (a >> k) | (a << (bits - k)) : a;
    else if (ktest_streq(op, "div_u")) { if (!b) return false; r = a / b; }
    else if (ktest_streq(op, "rem_u")) { if (!b) return false; r = a % b; }
    else if (ktest_streq(op, "div_s")) { if (!sb || (sa == smin && sb == -1)) return false; r = (uint64_t)(sa / sb); }
    else if (ktest_streq(op, "rem_s")) { if (!sb) return false; r = sb == -1 ? 0 : (uint64_t)(sa % sb); }
    else if (ktest_streq(op, "eq")) r = a == b;
    else if (ktest_streq(op, "ne")) r = a != b;
    else if (ktest_streq(op, "lt_s")) r = sa < sb;
    else if (ktest_streq(op, "lt_u")) r = a < b;
    else if (ktest_streq(op, "gt_s")) r = sa > sb;
    else if (ktest_streq(op, "gt_u")) r = a > b;
    else if (ktest_streq(op, "le_s")) r = sa <= sb;
    else if (ktest_streq(op, "le_u")) r = a <= b;
    else if (ktest_streq(op, "ge_s")) r = sa >= sb;
    else r = a >= b; /* ge_u */
    *out = r & mask;
    return true;
}

static const char *const binops[] = {
    "add",  "sub",  "mul",  "and",  "or",   "xor",  "shl",  "shr_u", "shr_s", "rotl",
    "rotr", "div_u", "rem_u", "div_s", "rem_s", "eq", "ne", "lt_s",  "lt_u",  "gt_s",
    "gt_u", "le_s", "le_u", "ge_s", "ge_u",
};

static void check_binops(struct ktest *t, struct fixture *f, int bits) {
    char name[32];
    for (size_t o = 0; o < N(binops); o++) {
        wasm_format(name, sizeof name, "i%d.%s", bits, binops[o]);
        size_t n = bits == 32 ? N(i32_samples) : N(i64_samples);
        for (size_t x = 0; x < n; x++) {
            for (size_t y = 0; y < n; y++) {
                uint64_t a = bits == 32 ? i32_samples[x] : i64_samples[x];
                uint64_t b = bits == 32 ? i32_samples[y] : i64_samples[y];
                uint64_t want;
                if (!ref_binop(binops[o], bits, a, b, &want)) {
                    KT_EXPECT(t, trap_of(f, name, a, b).kind != WASM_TRAP_NONE);
                    continue;
                }
                uint64_t got = call2(t, f, name, a, b);
                if (got != want) {
                    ktest_fail(t, __FILE__, __LINE__, "%s(0x%llx, 0x%llx) = 0x%llx, want 0x%llx",
                               name, (unsigned long long)a, (unsigned long long)b,
                               (unsigned long long)got, (unsigned long long)want);
                }
            }
        }
    }
}

KTEST(jit, i32_binary_operators_match_reference) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, ops_wasm, sizeof ops_wasm));
    check_binops(t, &f, 32);
    fixture_close(&f);
}

KTEST(jit, i64_binary_operators_match_reference) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, ops_wasm, sizeof ops_wasm));
    check_binops(t, &f, 64);
    fixture_close(&f);
}

KTEST(jit, division_traps_have_their_kinds) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, ops_wasm, sizeof ops_wasm));
    KT_EXPECT_EQ(t, trap_of(&f, "i32.div_s", 1, 0).kind, WASM_TRAP_DIV_ZERO);
    KT_EXPECT_EQ(t, trap_of(&f, "i32.div_u", 1, 0).kind, WASM_TRAP_DIV_ZERO);
    KT_EXPECT_EQ(t, trap_of(&f, "i64.rem_s", 1, 0).kind, WASM_TRAP_DIV_ZERO);
    KT_EXPECT_EQ(t, trap_of(&f, "i64.rem_u", 1, 0).kind, WASM_TRAP_DIV_ZERO);
    KT_EXPECT_EQ(t, trap_of(&f, "i32.div_s", 0x80000000, 0xffffffff).kind, WASM_TRAP_INT_OVERFLOW);
    KT_EXPECT_EQ(t, trap_of(&f, "i64.div_s", 1ull << 63, ~0ull).kind, WASM_TRAP_INT_OVERFLOW);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.rem_s", 0x80000000, 0xffffffff), 0);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.rem_s", 1ull << 63, ~0ull), 0);
    KT_EXPECT_EQ(t, trap_of(&f, "imm.div", 7, 0).kind, WASM_TRAP_NONE);
    KT_EXPECT_EQ(t, call2(t, &f, "imm.div", 7, 0), (uint32_t)-2);
    fixture_close(&f);
}

KTEST(jit, unary_and_conversion_operators) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, ops_wasm, sizeof ops_wasm));
    KT_EXPECT_EQ(t, call2(t, &f, "i32.eqz", 0, 0), 1);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.eqz", 0x80000000, 0), 0);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.eqz", 1ull << 40, 0), 0);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.clz", 0, 0), 32);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.clz", 0x00800000, 0), 8);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.ctz", 0, 0), 32);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.ctz", 0x80000000, 0), 31);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.popcnt", 0xf0f0f0f1, 0), 17);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.clz", 1, 0), 63);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.ctz", 0, 0), 64);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.popcnt", ~0ull, 0), 64);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.wrap_i64", 0x123456789abcdef0, 0), 0x9abcdef0);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.extend_i32_s", 0x80000000, 0), 0xffffffff80000000);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.extend_i32_u", 0x80000000, 0), 0x80000000);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.extend8_s", 0x1280, 0), 0xffffff80);
    KT_EXPECT_EQ(t, call2(t, &f, "i32.extend16_s", 0x17fff, 0), 0x7fff);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.extend8_s", 0x7f, 0), 0x7f);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.extend16_s", 0x8000, 0), 0xffffffffffff8000);
    KT_EXPECT_EQ(t, call2(t, &f, "i64.extend32_s", 0x1ffffffff, 0), ~0ull);
    fixture_close(&f);
}

KTEST(jit, constants_become_immediates_correctly) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, ops_wasm, sizeof ops_wasm));
    KT_EXPECT_EQ(t, call2(t, &f, "imm.add", 5, 0), (uint32_t)-2);
    KT_EXPECT_EQ(t, call2(t, &f, "imm.rsub", 30, 0), 70);
    KT_EXPECT_EQ(t, call2(t, &f, "imm.mul", 3000000, 0), 3000000000000ull);
    KT_EXPECT_EQ(t, call2(t, &f, "imm.and64", ~0ull, 0), 0xff00ff00ff00ff00);
    KT_EXPECT_EQ(t, call2(t, &f, "imm.shl", 1, 0), 8);
    KT_EXPECT_EQ(t, call2(t, &f, "imm.lt", 11, 0), 1);
    KT_EXPECT_EQ(t, call2(t, &f, "imm.lt", 10, 0), 0);
    uint64_t v[8] = {111, 222, 4};
    KT_EXPECT_EQ(t, call(t, &f, "imm.select", v), 111);
    uint64_t w[8] = {111, 222, 5};
    KT_EXPECT_EQ(t, call(t, &f, "imm.select", w), 222);
    uint64_t x[8] = {1ull << 40, 7, 0};
    KT_EXPECT_EQ(t, call(t, &f, "select", x), 7);
    uint64_t y[8] = {1ull << 40, 7, 0x100};
    KT_EXPECT_EQ(t, call(t, &f, "select", y), 1ull << 40);
    fixture_close(&f);
}

KTEST(jit, loops_calls_and_branches) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, control_wasm, sizeof control_wasm));
    KT_EXPECT_EQ(t, call2(t, &f, "fact", 0, 0), 1);
    KT_EXPECT_EQ(t, call2(t, &f, "fact", 20, 0), 2432902008176640000ull);
    KT_EXPECT_EQ(t, call2(t, &f, "fib", 20, 0), 6765);
    for (uint32_t i = 0; i < 6; i++) {
        KT_EXPECT_EQ(t, call2(t, &f, "switch", i, 0), 101 + (i < 3 ? i : 3));
    }
    for (uint32_t i = 0; i < 9; i++) {
        KT_EXPECT_EQ(t, call2(t, &f, "nest", i, 0), (i & 1 ? 10 : 0) + (i > 5 ? 7 : 3));
    }
    uint64_t vals[8] = {1, 2, 3, 4, 5, 6, 7, 0x100000001};
    KT_EXPECT_EQ(t, call(t, &f, "many", vals), 28 + 0x100000001ull);
    KT_EXPECT_EQ(t, vals[1], 1);
    KT_EXPECT_EQ(t, call2(t, &f, "call_many", 0, 0), 28 + 0x100000000ull);
    KT_EXPECT_EQ(t, call2(t, &f, "pressure", 5, 0), 16 * 5 * 200 + 55);
    fixture_close(&f);
}

KTEST(jit, host_import_gets_the_instance_context) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, control_wasm, sizeof control_wasm));
    host_seen_ctx = NULL;
    KT_EXPECT_EQ(t, call2(t, &f, "host", 21, 0), 43);
    KT_EXPECT(t, host_seen_ctx == &f.inst->ctx);
    KT_EXPECT_EQ(t, call2(t, &f, "host_addr", 0, 0), 0xff); /* mem[16 + 4] */
    /* a call after the host call still sees its globals and memory */
    KT_EXPECT_EQ(t, call2(t, &f, "bump", 0, 0), 42);
    fixture_close(&f);
}

KTEST(jit, globals_keep_values_between_calls) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, control_wasm, sizeof control_wasm));
    KT_EXPECT_EQ(t, call2(t, &f, "bump", 0, 0), 42);
    KT_EXPECT_EQ(t, call2(t, &f, "bump", 0, 0), 44);
    KT_EXPECT_EQ(t, call2(t, &f, "big", 0, 0), ~0x123456789abcdef0ull);
    KT_EXPECT_EQ(t, call2(t, &f, "big", 0, 0), 0x123456789abcdef0ull);
    fixture_close(&f);
}

KTEST(jit, memory_loads_stores_and_data) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, control_wasm, sizeof control_wasm));
    KT_EXPECT_EQ(t, call2(t, &f, "load8_s", 4, 0), 0xffffffff);
    KT_EXPECT_EQ(t, call2(t, &f, "load8_u", 4, 0), 0xff);
    KT_EXPECT_EQ(t, call2(t, &f, "load16_s", 20, 0), (uint64_t)-257);
    KT_EXPECT_EQ(t, call2(t, &f, "load32", 16, 0), 0x04030201);
    KT_EXPECT_EQ(t, call2(t, &f, "load64", 8, 0), 0xfcfdfeff04030201);
    KT_EXPECT_EQ(t, call2(t, &f, "size", 0, 0), 1);
    uint64_t vals[8] = {200, 0x1122334455667788};
    wasm_trap_t trap;
    KT_EXPECT(t, wasm_invoke(f.inst, export_func(f.m, "store"), vals, &trap));
    KT_EXPECT_EQ(t, call2(t, &f, "load64", 192, 0), 0x11223344cd667788);
    KT_EXPECT_EQ(t, call2(t, &f, "load32", 100, 0), 0x22334455);
    KT_EXPECT_EQ(t, call2(t, &f, "load32", 65532, 0), 0);
    fixture_close(&f);
}

KTEST(jit, out_of_bounds_access_traps_at_its_instruction) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, control_wasm, sizeof control_wasm));
    wasm_trap_t trap = trap_of(&f, "load32", 65533, 0);
    KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_MEMORY_OOB);
    uint32_t func = export_func(f.m, "load32");
    KT_EXPECT_EQ(t, trap.func, func);
    /* (local.get 0) is two bytes; the load follows it */
    KT_EXPECT_EQ(t, trap.wasm_offset, f.m->funcs[func].code_offset + 2);
    KT_EXPECT_EQ(t, trap_of(&f, "load32", 0xffffffff, 0).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap_of(&f, "load_far", 0x10, 0).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap_of(&f, "load_far", 0xffffffff, 0).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap_of(&f, "load64", 65528, 0).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, call2(t, &f, "load64", 65520, 0), 0);
    fixture_close(&f);
}

KTEST(jit, unreachable_and_stack_exhaustion_trap) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, control_wasm, sizeof control_wasm));
    wasm_trap_t trap = trap_of(&f, "trap_unreachable", 0, 0);
    uint32_t func = export_func(f.m, "trap_unreachable");
    KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_UNREACHABLE);
    KT_EXPECT_EQ(t, trap.func, func);
    KT_EXPECT_EQ(t, trap.wasm_offset, f.m->funcs[func].code_offset + 3);
    KT_EXPECT_EQ(t, trap_of(&f, "recurse", 0, 0).kind, WASM_TRAP_STACK_EXHAUSTED);
    /* the instance still works after both */
    KT_EXPECT_EQ(t, call2(t, &f, "fib", 10, 0), 55);
    fixture_close(&f);
}
