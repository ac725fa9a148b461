/* Tests of kernel/syscall.c over a small table of its own. */
#include "kernel/syscall_table.h"

#include "ktest.h"

static const struct syscall_def test_table[] = {
    {"wait_one", NULL, 4, 1, {WASM_I32, WASM_I32, WASM_I64, WASM_I32, WASM_I32}},
    {"wait", NULL, 0, 0, {0}},
};

KTEST(syscall, find_matches_whole_name_only) {
    KT_EXPECT(t, syscall_find(test_table, 2, "wait_one", 8) == &test_table[0]);
    KT_EXPECT(t, syscall_find(test_table, 2, "wait", 4) == &test_table[1]);
    KT_EXPECT(t, syscall_find(test_table, 2, "wait_on", 7) == NULL);
    KT_EXPECT(t, syscall_find(test_table, 2, "wait_one_", 9) == NULL);
    KT_EXPECT(t, syscall_find(test_table, 2, "", 0) == NULL);
}

KTEST(syscall, type_matches_exact_signature_only) {
    const wasm_valtype_t good[] = {WASM_I32, WASM_I32, WASM_I64, WASM_I32, WASM_I32};
    const wasm_valtype_t i64_last[] = {WASM_I32, WASM_I32, WASM_I64, WASM_I64, WASM_I32};
    wasm_functype_t ft = {4, 1, good};
    KT_EXPECT(t, syscall_type_matches(&test_table[0], &ft));
    ft.types = i64_last;
    KT_EXPECT(t, !syscall_type_matches(&test_table[0], &ft));
    wasm_functype_t no_result = {4, 0, good};
    KT_EXPECT(t, !syscall_type_matches(&test_table[0], &no_result));
    wasm_functype_t fewer = {3, 1, good};
    KT_EXPECT(t, !syscall_type_matches(&test_table[0], &fewer));
}
