/* Tests of spec_script_parse() on wast2json-shaped JSON. */
#include "ktest.h"
#include "spec_script.h"

static const char spec_script_sample[] =
    "{\"source_filename\": \"x.wast\", \"commands\": [\n"
    " {\"type\": \"module\", \"line\": 1, \"name\": \"$M\", \"filename\": \"x.0.wasm\"},\n"
    " {\"type\": \"assert_return\", \"line\": 5, \"action\": {\"type\": \"invoke\", \"module\": "
    "\"$M\", \"field\": \"add\", \"args\": [{\"type\": \"i32\", \"value\": \"1\"}, {\"type\": "
    "\"i64\", \"value\": \"2\"}]}, \"expected\": [{\"type\": \"f32\", \"value\": "
    "\"nan:canonical\"}]},\n"
    " {\"type\": \"assert_malformed\", \"line\": 7, \"filename\": \"x.1.wat\", \"text\": "
    "\"unknown operator\", \"module_type\": \"text\"},\n"
    " {\"type\": \"assert_invalid\", \"line\": 9, \"filename\": \"x.2.wasm\", \"text\": \"type "
    "mismatch\", \"module_type\": \"binary\"},\n"
    " {\"type\": \"register\", \"line\": 11, \"as\": \"M\"},\n"
    " {\"type\": \"assert_trap\", \"line\": 12, \"action\": {\"type\": \"get\", \"field\": "
    "\"g\"}, \"text\": \"unreachable\", \"expected\": [{\"type\": \"v128\"}]}\n"
    "]}\n";

KTEST(spec_script, parses_every_command_field) {
    spec_script_t s;
    char err[256];
    KT_ASSERT(t, spec_script_parse(spec_script_sample, &s, err, sizeof err));
    KT_ASSERT(t, s.count == 6);
    const spec_command_t *c = s.commands;
    KT_EXPECT_EQ(t, c[0].kind, SPEC_CMD_MODULE);
    KT_EXPECT_EQ(t, c[0].line, 1);
    KT_EXPECT_STREQ(t, c[0].name, "$M");
    KT_EXPECT_STREQ(t, c[0].filename, "x.0.wasm");
    KT_EXPECT(t, !c[0].text_module);

    KT_EXPECT_EQ(t, c[1].kind, SPEC_CMD_ASSERT_RETURN);
    KT_EXPECT(t, c[1].has_action);
    KT_EXPECT(t, !c[1].action.is_get);
    KT_EXPECT_STREQ(t, c[1].action.module, "$M");
    KT_EXPECT_STREQ(t, c[1].action.field, "add");
    KT_ASSERT(t, c[1].action.arg_count == 2);
    KT_EXPECT_EQ(t, c[1].action.args[1].type, SPEC_I64);
    KT_EXPECT_EQ(t, c[1].action.args[1].u.bits, 2);
    KT_ASSERT(t, c[1].expected_count == 1);
    KT_EXPECT_EQ(t, c[1].expected[0].kind, SPEC_VALUE_NAN);

    KT_EXPECT_EQ(t, c[2].kind, SPEC_CMD_ASSERT_MALFORMED);
    KT_EXPECT(t, c[2].text_module);
    KT_EXPECT_STREQ(t, c[2].text, "unknown operator");
    KT_EXPECT_EQ(t, c[3].kind, SPEC_CMD_ASSERT_INVALID);
    KT_EXPECT(t, !c[3].text_module);

    KT_EXPECT_EQ(t, c[4].kind, SPEC_CMD_REGISTER);
    KT_EXPECT_STREQ(t, c[4].as, "M");
    KT_EXPECT(t, c[4].name == NULL);

    KT_EXPECT(t, c[5].action.is_get);
    KT_EXPECT(t, c[5].action.module == NULL);
    KT_ASSERT(t, c[5].expected_count == 1);
    KT_EXPECT_EQ(t, c[5].expected[0].kind, SPEC_VALUE_ANY);
    spec_script_free(&s);
}

KTEST(spec_script, unknown_command_names_its_line) {
    spec_script_t s;
    char err[256];
    KT_EXPECT(t, !spec_script_parse("{\"commands\": [{\"type\": \"assert_frobs\", \"line\": 3}]}",
                                    &s, err, sizeof err));
    KT_EXPECT_STREQ(t, err, "command 1 (line 3): unknown command \"assert_frobs\"");
}

KTEST(spec_script, bad_value_is_an_error) {
    spec_script_t s;
    char err[256];
    KT_EXPECT(t, !spec_script_parse("{\"commands\": [{\"type\": \"action\", \"line\": 4, "
                                    "\"action\": {\"type\": \"invoke\", \"field\": \"f\", "
                                    "\"args\": [{\"type\": \"i32\", \"value\": \"x\"}]}}]}",
                                    &s, err, sizeof err));
    KT_EXPECT_STREQ(t, err, "command 1 (line 4): malformed i32 value \"x\"");
}

KTEST(spec_script, not_json_is_an_error) {
    spec_script_t s;
    char err[256];
    KT_EXPECT(t, !spec_script_parse("{\"commands\": [", &s, err, sizeof err));
    KT_EXPECT(t, !spec_script_parse("{}", &s, err, sizeof err));
}

KTEST(spec_script, kind_names_round_trip) {
    KT_EXPECT_STREQ(t, spec_command_kind_name(SPEC_CMD_ASSERT_UNINSTANTIABLE),
                    "assert_uninstantiable");
    KT_EXPECT_STREQ(t, spec_command_kind_name(SPEC_CMD_KIND_COUNT), "?");
}
