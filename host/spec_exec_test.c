/*
 * Tests of the execution handlers: a script using every command that runs
 * code, with three assertions that must fail, in both memory modes; and a
 * few of the suite's scripts, so that execution is covered under ASan and
 * UBSan (the spec stages run the optimized rz).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktest.h"
#include "rz.h"
#include "spec_cache.h"
#include "spec_run.h"

static const char spec_exec_wast[] =
    "(module $m\n"
    "  (import \"spectest\" \"print_i32\" (func $print (param i32)))\n"
    "  (import \"spectest\" \"global_i32\" (global $g666 i32))\n"
    "  (memory 1)\n"
    "  (global (export \"g\") i32 (global.get $g666))\n"
    "  (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))\n"
    "  (func (export \"nan\") (result f32) (f32.div (f32.const 0) (f32.const 0)))\n"
    "  (func (export \"load\") (param i32) (result i32) (i32.load (local.get 0)))\n"
    "  (func (export \"say\") (param i32) (call $print (local.get 0)))\n"
    "  (func $deep (export \"deep\") (call $deep)))\n"
    "(register \"m\" $m)\n"
    "(module (import \"m\" \"add\" (func $add (param i32 i32) (result i32)))\n"
    "  (func (export \"twice\") (param i32) (result i32) (call $add (local.get 0) (local.get 0))))\n"
    "(assert_return (invoke \"twice\" (i32.const 21)) (i32.const 42))\n"
    "(assert_return (invoke $m \"add\" (i32.const 1) (i32.const 2)) (i32.const 3))\n"
    "(assert_return (get $m \"g\") (i32.const 666))\n"
    "(assert_return (invoke $m \"nan\") (f32.const nan:arithmetic))\n"
    "(assert_return (invoke $m \"nan\") (f32.const nan:canonical))\n"
    "(invoke $m \"say\" (i32.const 7))\n"
    "(assert_trap (invoke $m \"load\" (i32.const 65533)) \"out of bounds memory access\")\n"
    "(assert_exhaustion (invoke $m \"deep\") \"call stack exhausted\")\n"
    "(assert_unlinkable (module (import \"m\" \"none\" (func))) \"unknown import\")\n"
    "(assert_trap (module (func $s unreachable) (start $s)) \"unreachable\")\n"
    "(assert_trap (module (memory 0) (data (i32.const 1) \"x\")) \"out of bounds memory access\")\n"
    /* Modules of assertions do not become the current module. */
    "(assert_return (invoke \"twice\" (i32.const 2)) (i32.const 4))\n"
    /* lines 26 to 28: must fail */
    "(assert_return (invoke $m \"add\" (i32.const 1) (i32.const 2)) (i32.const 4))\n"
    "(assert_trap (invoke $m \"load\" (i32.const 65532)) \"out of bounds memory access\")\n"
    "(assert_return (invoke $m \"nan\") (f32.const 0))\n";

static bool write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    bool ok = f != NULL && fputs(text, f) != EOF;
    return f != NULL && fclose(f) == 0 && ok;
}

/* Converts and runs `wast` into a cache under `cache`, adding to `r`. */
static bool spec_exec_run(const char *wast, const char *cache, const wasm_jit_options_t *options,
                          spec_result_t *r) {
    char err[1024];
    spec_converted_t conv;
    rz_file_t json;
    spec_script_t script;
    if (!spec_cache_convert(wast, cache, &conv, err, sizeof err) ||
        rz_file_read(conv.json, &json) != 0) {
        return false;
    }
    char *text = realloc(json.bytes, json.size + 1);
    if (text == NULL) {
        rz_file_free(&json);
        return false;
    }
    text[json.size] = '\0';
    bool parsed = spec_script_parse(text, &script, err, sizeof err);
    free(text);
    if (parsed) {
        spec_run_script(&script, conv.dir, options, r);
        spec_script_free(&script);
    }
    return parsed;
}

static int remove_tree(const char *dir) {
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

KTEST(spec_exec, every_execution_command_passes_or_fails_in_both_modes) {
    char dir[] = "/tmp/rz-spec-exec-XXXXXX", wast[64], cache[64];
    KT_ASSERT(t, mkdtemp(dir) != NULL);
    snprintf(wast, sizeof wast, "%s/exec.wast", dir);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    KT_ASSERT(t, write_text(wast, spec_exec_wast));
    for (int checked = 0; checked <= 1; checked++) {
        wasm_jit_options_t options = {.bounds_checks = checked};
        spec_result_t r = {0};
        KT_ASSERT(t, spec_exec_run(wast, cache, &options, &r));
        KT_EXPECT_EQ(t, r.passed, 15);
        KT_EXPECT_EQ(t, r.failed, 3);
        KT_EXPECT_EQ(t, spec_result_skipped(&r), 0);
        KT_ASSERT(t, r.failure_count == 3);
        KT_EXPECT_STREQ(t, r.failures[0],
                        "line 26: assert_return: add: result 0: expected 0x4, got 0x3");
        KT_EXPECT_STREQ(t, r.failures[1], "line 27: assert_trap: load: expected trap "
                                          "\"out of bounds memory access\", got a return");
        KT_EXPECT_STREQ(t, r.failures[2],
                        "line 28: assert_return: nan: result 0: expected 0x0, got 0xffc00000");
        spec_result_free(&r);
    }
    KT_EXPECT_EQ(t, remove_tree(dir), 0);
}

/* Scripts covering memory, tables, calls, linking and NaNs, none of which
 * leaves a failed instance allocated (runtime/instance.h). */
static const char *const spec_exec_suite_scripts[] = {
    "address", "call_indirect", "exports", "float_misc", "global", "imports", "memory_grow",
    "memory_trap",
};

KTEST(spec_exec, suite_scripts_pass_in_both_modes) {
    const char *suite = getenv("WASM_TESTSUITE");
    suite = suite != NULL && suite[0] != '\0' ? suite : "../shared/wasm-testsuite";
    char wast[4096], cache[] = "/tmp/rz-spec-exec-XXXXXX";
    snprintf(wast, sizeof wast, "%s/address.wast", suite);
    if (access(wast, R_OK) != 0) {
        KT_SKIP(t, "spec testsuite not found (see docs/testing.md)");
    }
    KT_ASSERT(t, mkdtemp(cache) != NULL);
    for (int checked = 0; checked <= 1; checked++) {
        wasm_jit_options_t options = {.bounds_checks = checked};
        spec_result_t r = {0};
        for (size_t i = 0; i < sizeof spec_exec_suite_scripts / sizeof *spec_exec_suite_scripts;
             i++) {
            snprintf(wast, sizeof wast, "%s/%s.wast", suite, spec_exec_suite_scripts[i]);
            KT_EXPECT(t, spec_exec_run(wast, cache, &options, &r));
        }
        KT_EXPECT(t, r.passed > 1000);
        KT_EXPECT_EQ(t, r.failed, 0);
        for (size_t f = 0; f < r.failure_count; f++) {
            printf("# %s\n", r.failures[f]);
        }
        spec_result_free(&r);
    }
    KT_EXPECT_EQ(t, remove_tree(cache), 0);
}
