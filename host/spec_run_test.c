/* Tests of the spec runner's handlers on a script over small module files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktest.h"
#include "spec_run.h"

static const uint8_t spec_run_valid[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
/* Version 2: wasm_decode() rejects it. */
static const uint8_t spec_run_malformed[] = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
/* (func i32.add): well-formed, but the operands are missing. */
static const uint8_t spec_run_invalid[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01,
                                           0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                                           0x0a, 0x05, 0x01, 0x03, 0x00, 0x6a, 0x0b};

static const char spec_run_script_json[] =
    "{\"commands\": [\n"
    "{\"type\": \"module\", \"line\": 1, \"filename\": \"valid.wasm\"},\n"
    "{\"type\": \"assert_malformed\", \"line\": 2, \"filename\": \"malformed.wasm\", "
    "\"text\": \"unknown binary version\", \"module_type\": \"binary\"},\n"
    "{\"type\": \"assert_invalid\", \"line\": 3, \"filename\": \"invalid.wasm\", "
    "\"text\": \"type mismatch\", \"module_type\": \"binary\"},\n"
    "{\"type\": \"assert_malformed\", \"line\": 4, \"filename\": \"valid.wasm\", "
    "\"text\": \"oops\", \"module_type\": \"binary\"},\n"
    "{\"type\": \"assert_malformed\", \"line\": 5, \"filename\": \"m.wat\", "
    "\"text\": \"unknown operator\", \"module_type\": \"text\"},\n"
    "{\"type\": \"assert_return\", \"line\": 6, \"action\": {\"type\": \"invoke\", "
    "\"field\": \"f\", \"args\": []}, \"expected\": []},\n"
    "{\"type\": \"assert_invalid\", \"line\": 7, \"filename\": \"malformed.wasm\", "
    "\"text\": \"type mismatch\", \"module_type\": \"binary\"},\n"
    "{\"type\": \"module\", \"line\": 8, \"filename\": \"missing.wasm\"},\n"
    "{\"type\": \"assert_unlinkable\", \"line\": 9, \"filename\": \"invalid.wasm\", "
    "\"text\": \"unknown import\", \"module_type\": \"binary\"}\n"
    "]}\n";

static bool write_file(const char *dir, const char *name, const uint8_t *bytes, size_t size) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    bool ok = f != NULL && fwrite(bytes, 1, size, f) == size;
    return f != NULL && fclose(f) == 0 && ok;
}

static void remove_file(const char *dir, const char *name) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

KTEST(spec_run, module_commands_pass_fail_and_skip) {
    char dir[] = "/tmp/rz-spec-run-XXXXXX";
    KT_ASSERT(t, mkdtemp(dir) != NULL);
    KT_ASSERT(t, write_file(dir, "valid.wasm", spec_run_valid, sizeof spec_run_valid));
    KT_ASSERT(t, write_file(dir, "malformed.wasm", spec_run_malformed, sizeof spec_run_malformed));
    KT_ASSERT(t, write_file(dir, "invalid.wasm", spec_run_invalid, sizeof spec_run_invalid));

    spec_script_t script;
    spec_result_t r = {0};
    char err[256];
    KT_ASSERT(t, spec_script_parse(spec_run_script_json, &script, err, sizeof err));
    spec_run_script(&script, dir, &(wasm_jit_options_t){0}, &r);

    KT_EXPECT_EQ(t, r.passed, 4);
    KT_EXPECT_EQ(t, r.failed, 4);
    KT_EXPECT_EQ(t, r.skipped[SPEC_SKIP_TEXT], 1);
    KT_EXPECT_EQ(t, spec_result_skipped(&r), 1);
    KT_EXPECT_EQ(t, r.other_phase, 1);
    KT_ASSERT(t, r.failure_count == 4);
    KT_EXPECT_STREQ(t, r.failures[0],
                    "line 4: assert_malformed: expected malformed (\"oops\"), got valid");
    KT_EXPECT_STREQ(t, r.failures[1], "line 6: assert_return: no export \"f\"");
    char missing[300];
    snprintf(missing, sizeof missing, "line 8: module: %s/missing.wasm: No such file or directory",
             dir);
    KT_EXPECT_STREQ(t, r.failures[2], missing);
    const char *unlinkable = "line 9: assert_unlinkable: expected valid, got invalid: ";
    KT_EXPECT(t, strncmp(r.failures[3], unlinkable, strlen(unlinkable)) == 0);

    spec_result_free(&r);
    spec_script_free(&script);
    remove_file(dir, "valid.wasm");
    remove_file(dir, "malformed.wasm");
    remove_file(dir, "invalid.wasm");
    rmdir(dir);
}

KTEST(spec_run, skip_reasons_are_named) {
    KT_EXPECT_STREQ(t, spec_skip_reason(SPEC_SKIP_TEXT), "text format, not a binary");
    KT_EXPECT_STREQ(t, spec_skip_reason(SPEC_SKIP_SIMD), "SIMD is not compiled");
}
