/*
 * End-to-end tests of the compiler: modules written in WAT
 * (wasm/compile/testdata, embedded at build time by tools/wat2c) are
 * decoded, validated, compiled, instantiated and called through the C entry
 * path, and the results and traps are checked against values computed here.
 */
#include "compile/jit_fixture.h"
#include "error.h"
#include "ktest.h"
#include "platform.h"

#include "control.wasm.h"
#include "ops.wasm.h"

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
    static const uint32_t by_target[3] = {1080, 1070, 1007}; /* $b, $c, $d */
    for (uint32_t i = 0; i < 10; i++) {
        KT_EXPECT_EQ(t, call2(t, &f, "big_switch", i, 0), by_target[i % 3]);
    }
    KT_EXPECT_EQ(t, call2(t, &f, "big_switch", 10, 0), 1070); /* the default */
    KT_EXPECT_EQ(t, call2(t, &f, "big_switch", 0xffffffff, 0), 1070);
    KT_EXPECT_EQ(t, call2(t, &f, "count_down", 5, 0), 6);
    KT_EXPECT_EQ(t, call2(t, &f, "count_down", 20, 0), 1);
    /* the loop makes 1 + 2 * (n - 1); the if adds or subtracts 5 */
    KT_EXPECT_EQ(t, call2(t, &f, "loop_params", 4, 0), 7 - 5);
    KT_EXPECT_EQ(t, call2(t, &f, "loop_params", 4, 1), 7 + 5);
    KT_EXPECT_EQ(t, call2(t, &f, "loop_params", 1, 0), (uint32_t)(1 - 5));
    uint64_t homes[8] = {10, 1ull << 40, 30};
    KT_EXPECT_EQ(t, call(t, &f, "homes", homes), (1ull << 40) + 40);
    KT_EXPECT_EQ(t, call2(t, &f, "call_homes", 9, 0), 9 + 1 + 4 + 9 + 16 + 25 + 36);
    /* the loop runs twice: b = 1 + 2 + 2, f = 3 + 5 */
    uint64_t args[8] = {2, 1, 2, 7, 9, 0};
    KT_EXPECT_EQ(t, call(t, &f, "arg_homes", args), 7000 + 900 + 5 + 8);
    KT_EXPECT_EQ(t, call2(t, &f, "swap", 1, 2), 2 * 10 - 1);
    /* 7 - 8, then 5 + 15 */
    KT_EXPECT_EQ(t, call2(t, &f, "in_place", 7, 5), 19);
    /* 10 * 1000, then (10 + 5 - 1) ^ 0xff twice */
    KT_EXPECT_EQ(t, call2(t, &f, "update", 10, 0), 10000 + 241 + 241);
    KT_EXPECT_EQ(t, call2(t, &f, "merge_live", 3, 0), 3 + 7);
    KT_EXPECT_EQ(t, call2(t, &f, "merge_live", 4, 0), 4 + 100 / 5);
    KT_EXPECT_EQ(t, call2(t, &f, "wide_if", 1, 0), 0x1122334455667788);
    KT_EXPECT_EQ(t, call2(t, &f, "wide_if", 0, 0), (uint64_t)-2);
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
    jit_host_seen_ctx = NULL;
    KT_EXPECT_EQ(t, call2(t, &f, "host", 21, 0), 43);
    KT_EXPECT(t, jit_host_seen_ctx == &f.inst->ctx);
    KT_EXPECT_EQ(t, call2(t, &f, "host_addr", 0, 0), 0xff); /* mem[16 + 4] */
    /* an imported function is callable from C through the same entry path */
    uint64_t vals[8] = {50};
    wasm_trap_t trap;
    KT_EXPECT(t, wasm_invoke(f.inst, 0, vals, &trap));
    KT_EXPECT_EQ(t, vals[0], 100);
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

#include "indirect.wasm.h"

KTEST(jit, call_indirect_checks_bounds_null_and_signature) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, indirect_wasm, sizeof indirect_wasm));
    KT_EXPECT_EQ(t, call2(t, &f, "apply", 0, 41), 42);
    KT_EXPECT_EQ(t, call2(t, &f, "apply", 1, 21), 42);
    /* a different type index with the same signature: the same canonical id */
    KT_EXPECT_EQ(t, call2(t, &f, "apply_other_type", 0, 1), 2);
    KT_EXPECT_EQ(t, call2(t, &f, "nullary", 2, 0), 7);
    KT_EXPECT_EQ(t, trap_of(&f, "apply", 2, 0).kind, WASM_TRAP_SIGNATURE_MISMATCH);
    KT_EXPECT_EQ(t, trap_of(&f, "nullary", 0, 0).kind, WASM_TRAP_SIGNATURE_MISMATCH);
    KT_EXPECT_EQ(t, trap_of(&f, "apply", 6, 0).kind, WASM_TRAP_UNINITIALIZED_ELEMENT);
    KT_EXPECT_EQ(t, trap_of(&f, "apply", 7, 0).kind, WASM_TRAP_UNINITIALIZED_ELEMENT);
    KT_EXPECT_EQ(t, trap_of(&f, "apply", 8, 0).kind, WASM_TRAP_UNDEFINED_ELEMENT);
    KT_EXPECT_EQ(t, trap_of(&f, "apply", 0xffffffff, 0).kind, WASM_TRAP_UNDEFINED_ELEMENT);
    KT_EXPECT_EQ(t, trap_of(&f, "apply", 0x80000000, 0).kind, WASM_TRAP_UNDEFINED_ELEMENT);
    fixture_close(&f);
}

KTEST(jit, call_indirect_reaches_imports_and_float_functions) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, indirect_wasm, sizeof indirect_wasm));
    jit_host_seen_ctx = NULL;
    KT_EXPECT_EQ(t, call2(t, &f, "long", 3, 1ull << 40), 1ull << 41);
    KT_EXPECT(t, jit_host_seen_ctx == &f.inst->ctx);
    KT_EXPECT_EQ(t, call2(t, &f, "dirty_addr", 0, 0), 0); /* mem[16 + 4], not far away */
    KT_EXPECT_EQ(t, call2(t, &f, "float", 0x3ff0000000000000 /* 1.0 */, 0), 0x3ff8000000000000);
    fixture_close(&f);
}

#include "bulk.wasm.h"

static uint64_t call3(struct ktest *t, struct fixture *f, const char *name, uint64_t a, uint64_t b,
                      uint64_t c) {
    uint64_t vals[8] = {a, b, c};
    return call(t, f, name, vals);
}

static wasm_trap_kind_t trap3(struct fixture *f, const char *name, uint64_t a, uint64_t b,
                              uint64_t c) {
    uint64_t vals[8] = {a, b, c};
    wasm_trap_t trap = {WASM_TRAP_NONE, 0, 0};
    wasm_invoke(f->inst, export_func(f->m, name), vals, &trap);
    return trap.kind;
}

KTEST(jit, memory_grow_respects_the_maximum) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, bulk_wasm, sizeof bulk_wasm));
    KT_EXPECT_EQ(t, call2(t, &f, "size", 0, 0), 1);
    KT_EXPECT_EQ(t, trap_of(&f, "load8", 65536, 0).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, call2(t, &f, "grow", 1, 0), 1);
    KT_EXPECT_EQ(t, call2(t, &f, "size", 0, 0), 2);
    KT_EXPECT_EQ(t, call2(t, &f, "load8", 65536, 0), 0); /* new pages read as zero */
    KT_EXPECT_EQ(t, call2(t, &f, "grow", 2, 0), 0xffffffff); /* beyond the maximum of 3 */
    KT_EXPECT_EQ(t, call2(t, &f, "grow", 0xffffffff, 0), 0xffffffff);
    KT_EXPECT_EQ(t, call2(t, &f, "live", 5, 0), 15 + 2 + 100);
    KT_EXPECT_EQ(t, call2(t, &f, "grow", 1, 0), 2);
    KT_EXPECT_EQ(t, trap_of(&f, "load8", 3 * 65536, 0).kind, WASM_TRAP_MEMORY_OOB);
    fixture_close(&f);
}

KTEST(jit, bulk_memory_checks_ranges_before_writing) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, bulk_wasm, sizeof bulk_wasm));
    call3(t, &f, "fill", 10, 0x1ff, 4);
    KT_EXPECT_EQ(t, call2(t, &f, "load8", 13, 0), 0xff);
    KT_EXPECT_EQ(t, call2(t, &f, "load8", 14, 0), 0);
    call3(t, &f, "copy", 1, 0, 3); /* overlapping: "abc" -> "aabc" */
    KT_EXPECT_EQ(t, call2(t, &f, "load8", 1, 0), 'a');
    KT_EXPECT_EQ(t, call2(t, &f, "load8", 3, 0), 'c');
    call3(t, &f, "init", 100, 2, 3);
    KT_EXPECT_EQ(t, call2(t, &f, "load8", 100, 0), '2');
    KT_EXPECT_EQ(t, call2(t, &f, "load8", 102, 0), '4');
    KT_EXPECT_EQ(t, trap3(&f, "fill", 65535, 0, 2), WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap3(&f, "fill", 0xffffffff, 0, 2), WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap3(&f, "copy", 0, 65000, 1000), WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap3(&f, "init", 0, 8, 3), WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap3(&f, "init_active", 0, 0, 1), WASM_TRAP_MEMORY_OOB); /* dropped */
    KT_EXPECT_EQ(t, trap3(&f, "init_active", 0, 0, 0), WASM_TRAP_NONE);
    KT_EXPECT_EQ(t, call2(t, &f, "load8", 0, 0), 'a'); /* nothing written by the traps */
    call2(t, &f, "drop", 0, 0);
    KT_EXPECT_EQ(t, trap3(&f, "init", 0, 0, 1), WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap3(&f, "init", 0, 0, 0), WASM_TRAP_NONE);
    fixture_close(&f);
}

#include "refs.wasm.h"

KTEST(jit, references_and_table_instructions) {
    struct fixture f;
    KT_ASSERT(t, fixture_open(t, &f, refs_wasm, sizeof refs_wasm));
    KT_EXPECT_EQ(t, call2(t, &f, "is_null", 0, 0), 1);
    KT_EXPECT_EQ(t, trap_of(&f, "is_null", 2, 0).kind, WASM_TRAP_TABLE_OOB);
    KT_EXPECT_EQ(t, call2(t, &f, "set_and_call", 0, 0), 3);
    KT_EXPECT_EQ(t, call2(t, &f, "is_null", 0, 0), 0);
    KT_EXPECT_EQ(t, trap_of(&f, "set_and_call", 2, 0).kind, WASM_TRAP_TABLE_OOB);
    KT_EXPECT_EQ(t, call2(t, &f, "via_global", 0, 0), 1 + 1);
    KT_EXPECT_EQ(t, call2(t, &f, "size", 0, 0), 2);
    KT_EXPECT_EQ(t, call2(t, &f, "grow", 3, 0), 2);
    KT_EXPECT_EQ(t, call2(t, &f, "call", 4, 0), 2); /* grown entries hold the init value */
    KT_EXPECT_EQ(t, call2(t, &f, "grow", 6, 0), 0xffffffff); /* past the maximum of 10 */
    KT_EXPECT_EQ(t, call2(t, &f, "size", 0, 0), 5);
    uint64_t v[8] = {2, 0, 3}; /* table[2..5) = one, two, three */
    call(t, &f, "init", v);
    KT_EXPECT_EQ(t, call2(t, &f, "call", 2, 0), 1);
    KT_EXPECT_EQ(t, call2(t, &f, "call", 4, 0), 3);
    uint64_t w[8] = {0, 2, 2}; /* table[0..2) = table[2..4) */
    call(t, &f, "copy", w);
    KT_EXPECT_EQ(t, call2(t, &f, "call", 1, 0), 2);
    call2(t, &f, "fill", 3, 2);
    KT_EXPECT_EQ(t, trap_of(&f, "call", 4, 0).kind, WASM_TRAP_UNINITIALIZED_ELEMENT);
    KT_EXPECT_EQ(t, trap_of(&f, "fill", 4, 2).kind, WASM_TRAP_TABLE_OOB);
    call2(t, &f, "drop", 0, 0);
    uint64_t x[8] = {0, 0, 1};
    wasm_trap_t trap;
    KT_EXPECT(t, !wasm_invoke(f.inst, export_func(f.m, "init"), x, &trap));
    KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_TABLE_OOB);
    KT_EXPECT_EQ(t, call2(t, &f, "ext_roundtrip", 0x123456789, 0), 0x123456789);
    uint64_t p[8] = {0x1000, 0, 0};
    KT_EXPECT_EQ(t, call(t, &f, "pick", p), 0);
    uint64_t q[8] = {0x1000, 0, 1};
    KT_EXPECT_EQ(t, call(t, &f, "pick", q), 0x1000);
    fixture_close(&f);
}

KTEST(jit, bounds_check_mode_traps_without_the_guard) {
    static const wasm_jit_options_t checked = {.bounds_checks = true};
    struct fixture f, g;
    KT_ASSERT(t, fixture_open_with(t, &f, control_wasm, sizeof control_wasm, &checked, NULL));
    KT_ASSERT(t, fixture_open(t, &g, control_wasm, sizeof control_wasm));
    /* make the page after the memory accessible: only the check stops access */
    KT_ASSERT(t, wasm_mem_commit(f.inst->memory, 2 * WASM_PAGE_SIZE));
    KT_ASSERT(t, wasm_mem_commit(g.inst->memory, 2 * WASM_PAGE_SIZE));
    KT_EXPECT_EQ(t, trap_of(&f, "load32", 65533, 0).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap_of(&g, "load32", 65533, 0).kind, WASM_TRAP_NONE);
    KT_EXPECT_EQ(t, trap_of(&f, "load64", 65528, 0).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap_of(&f, "load_far", 0x10, 0).kind, WASM_TRAP_MEMORY_OOB);
    KT_EXPECT_EQ(t, trap_of(&f, "load_far", 0xffffffff, 0).kind, WASM_TRAP_MEMORY_OOB);
    uint64_t store[8] = {65532, 1};
    wasm_trap_t trap;
    KT_EXPECT(t, !wasm_invoke(f.inst, export_func(f.m, "store"), store, &trap));
    KT_EXPECT_EQ(t, trap.kind, WASM_TRAP_MEMORY_OOB);
    /* in bounds, the same results as without checks */
    KT_EXPECT_EQ(t, call2(t, &f, "load32", 65532, 0), 0);
    KT_EXPECT_EQ(t, call2(t, &f, "load64", 65520, 0), 0);
    KT_EXPECT_EQ(t, call2(t, &f, "load8_s", 4, 0), 0xffffffff);
    KT_EXPECT_EQ(t, call2(t, &f, "load64", 8, 0), 0xfcfdfeff04030201);
    uint64_t vals[8] = {200, 0x1122334455667788};
    KT_EXPECT(t, wasm_invoke(f.inst, export_func(f.m, "store"), vals, &trap));
    KT_EXPECT_EQ(t, call2(t, &f, "load64", 192, 0), 0x11223344cd667788);
    KT_EXPECT_EQ(t, call2(t, &f, "host_addr", 0, 0), 0xff);
    fixture_close(&f);
    fixture_close(&g);
}

#include "exporter.wasm.h"
#include "importer.wasm.h"

/* Instantiates importer.wat against an instance of exporter.wat. */
static wasm_instance_t *instantiate_importer(struct fixture *ex, struct fixture *im,
                                             const char *global_name) {
    static const char *const names[] = {"mem", "tab", NULL, "get_g"};
    wasm_extern_t imports[4];
    for (int i = 0; i < 4; i++) {
        const char *n = names[i] ? names[i] : global_name;
        if (!wasm_instance_export(ex->inst, n, (uint32_t)strlen(n), &imports[i])) {
            return NULL;
        }
    }
    return wasm_instantiate(&im->loaded, imports, &im->err);
}

KTEST(jit, instances_share_imported_memory_table_global_and_functions) {
    struct fixture ex, im;
    KT_ASSERT(t, fixture_open(t, &ex, exporter_wasm, sizeof exporter_wasm));
    im.m = wasm_decode(importer_wasm, sizeof importer_wasm, &im.err);
    KT_ASSERT(t, im.m != NULL && wasm_validate(im.m, &im.err));
    KT_ASSERT(t, wasm_load(im.m, NULL, &im.loaded, &im.err));
    im.inst = instantiate_importer(&ex, &im, "g");
    KT_ASSERT(t, im.inst != NULL);
    uint64_t poke[8] = {16, 0x12345678};
    wasm_trap_t trap;
    KT_EXPECT(t, wasm_invoke(im.inst, export_func(im.m, "poke"), poke, &trap));
    KT_EXPECT_EQ(t, call2(t, &ex, "peek", 16, 0), 0x12345678);
    KT_EXPECT_EQ(t, call2(t, &im, "grow", 0, 0), 1);
    KT_EXPECT_EQ(t, call2(t, &ex, "size", 0, 0), 2); /* the exporter sees the growth */
    uint64_t poke0[8] = {0, 100};
    KT_EXPECT(t, wasm_invoke(im.inst, export_func(im.m, "poke"), poke0, &trap));
    KT_EXPECT_EQ(t, call2(t, &im, "set_g", 42, 0), 142);
    KT_EXPECT_EQ(t, call2(t, &ex, "get_g", 0, 0), 42);
    KT_EXPECT_EQ(t, call2(t, &im, "via_table", 0, 0), 42);
    fixture_close(&im);
    fixture_close(&ex);
}

KTEST(jit, import_of_the_wrong_type_is_rejected) {
    struct fixture ex, im;
    KT_ASSERT(t, fixture_open(t, &ex, exporter_wasm, sizeof exporter_wasm));
    im.m = wasm_decode(importer_wasm, sizeof importer_wasm, &im.err);
    KT_ASSERT(t, im.m != NULL && wasm_validate(im.m, &im.err));
    KT_ASSERT(t, wasm_load(im.m, NULL, &im.loaded, &im.err));
    /* only functions through the function-imports form */
    static const wasm_func_ref_t funcs[4];
    KT_EXPECT(t, wasm_instantiate_funcs(&im.loaded, funcs, &im.err) == NULL);
    KT_EXPECT(t, ktest_streq(im.err.message,
                             "incompatible import type: only function imports expected"));
    /* a function where a global is expected */
    KT_EXPECT(t, instantiate_importer(&ex, &im, "get_g") == NULL);
    KT_EXPECT(t, ktest_streq(im.err.message, "incompatible import type: import 2 (ex.g)"));
    wasm_unload(&im.loaded);
    wasm_module_free(im.m);
    fixture_close(&ex);
}
