/* Tests of the shell's command-line parser. */
#include "user/shell/parse.h"

#include <string.h>

#include "ktest.h"

/* Parses a copy of `text` into *cmd using `buf`. */
static enum shell_parse_status parse(char *buf, size_t cap, const char *text,
                                     struct shell_cmd *cmd) {
    size_t n = strlen(text);
    if (n >= cap) {
        n = cap - 1;
    }
    memcpy(buf, text, n);
    buf[n] = '\0';
    return shell_parse(buf, cmd);
}

#define PARSE(text) parse(buf, sizeof(buf), (text), &cmd)

KTEST(shell_parse, splits_words_at_blanks) {
    char buf[128];
    struct shell_cmd cmd;
    KT_EXPECT_EQ(t, PARSE("  run  hello\tworld  "), SHELL_PARSE_OK);
    KT_ASSERT(t, cmd.argc == 3);
    KT_EXPECT_STREQ(t, cmd.argv[0], "run");
    KT_EXPECT_STREQ(t, cmd.argv[1], "hello");
    KT_EXPECT_STREQ(t, cmd.argv[2], "world");
    KT_EXPECT(t, cmd.argv[3] == NULL);
    KT_EXPECT(t, !cmd.background);
}

KTEST(shell_parse, blank_line_is_empty) {
    char buf[16];
    struct shell_cmd cmd;
    KT_EXPECT_EQ(t, PARSE(""), SHELL_PARSE_EMPTY);
    KT_EXPECT_EQ(t, PARSE(" \t "), SHELL_PARSE_EMPTY);
    KT_EXPECT_EQ(t, cmd.argc, 0);
}

KTEST(shell_parse, quotes_and_escapes_are_removed) {
    char buf[128];
    struct shell_cmd cmd;
    KT_EXPECT_EQ(t, PARSE("echo 'a  b' \"c \\\"d\\\\\" e\\ f g'h'\"i\" '' \\&"), SHELL_PARSE_OK);
    KT_ASSERT(t, cmd.argc == 7);
    KT_EXPECT_STREQ(t, cmd.argv[1], "a  b");
    KT_EXPECT_STREQ(t, cmd.argv[2], "c \"d\\");
    KT_EXPECT_STREQ(t, cmd.argv[3], "e f");
    KT_EXPECT_STREQ(t, cmd.argv[4], "ghi");
    KT_EXPECT_STREQ(t, cmd.argv[5], "");
    KT_EXPECT_STREQ(t, cmd.argv[6], "&");
    KT_EXPECT(t, !cmd.background);
}

KTEST(shell_parse, backslash_in_double_quotes_stays_before_other_characters) {
    char buf[32];
    struct shell_cmd cmd;
    KT_EXPECT_EQ(t, PARSE("echo \"a\\nb\" 'c\\d'"), SHELL_PARSE_OK);
    KT_ASSERT(t, cmd.argc == 3);
    KT_EXPECT_STREQ(t, cmd.argv[1], "a\\nb");
    KT_EXPECT_STREQ(t, cmd.argv[2], "c\\d");
}

KTEST(shell_parse, ampersand_makes_a_background_command) {
    char buf[64];
    struct shell_cmd cmd;
    KT_EXPECT_EQ(t, PARSE("run spin &"), SHELL_PARSE_OK);
    KT_EXPECT(t, cmd.background);
    KT_EXPECT_EQ(t, cmd.argc, 2);
    KT_EXPECT_EQ(t, PARSE("run spin&  "), SHELL_PARSE_OK);
    KT_EXPECT(t, cmd.background);
    KT_ASSERT(t, cmd.argc == 2);
    KT_EXPECT_STREQ(t, cmd.argv[1], "spin");
    KT_EXPECT_EQ(t, PARSE("run 'a'&"), SHELL_PARSE_OK);
    KT_EXPECT(t, cmd.background);
    KT_EXPECT_STREQ(t, cmd.argv[1], "a");
}

KTEST(shell_parse, ampersand_misuse_is_refused) {
    char buf[64];
    struct shell_cmd cmd;
    KT_EXPECT_EQ(t, PARSE("run a & b"), SHELL_PARSE_AMP_NOT_LAST);
    KT_EXPECT_EQ(t, cmd.argc, 0);
    KT_EXPECT_EQ(t, PARSE("  &"), SHELL_PARSE_AMP_ALONE);
    KT_EXPECT_EQ(t, PARSE("a && "), SHELL_PARSE_AMP_NOT_LAST);
}

KTEST(shell_parse, unclosed_quotes_and_trailing_backslash_are_refused) {
    char buf[64];
    struct shell_cmd cmd;
    KT_EXPECT_EQ(t, PARSE("echo 'abc"), SHELL_PARSE_OPEN_QUOTE);
    KT_EXPECT_EQ(t, PARSE("echo \"abc\\\""), SHELL_PARSE_OPEN_QUOTE);
    KT_EXPECT_EQ(t, PARSE("echo abc\\"), SHELL_PARSE_TRAILING_ESCAPE);
    KT_EXPECT_EQ(t, cmd.argc, 0);
    KT_EXPECT(t, strcmp(shell_parse_message(SHELL_PARSE_OPEN_QUOTE), "unterminated quote") == 0);
}

KTEST(shell_parse, word_limit_is_exact) {
    char buf[128];
    struct shell_cmd cmd;
    char line[128] = "";
    for (int i = 0; i < SHELL_ARGS_MAX; i++) {
        strcat(line, "w ");
    }
    KT_EXPECT_EQ(t, PARSE(line), SHELL_PARSE_OK);
    KT_EXPECT_EQ(t, cmd.argc, SHELL_ARGS_MAX);
    KT_EXPECT(t, cmd.argv[SHELL_ARGS_MAX] == NULL);
    strcat(line, "w");
    KT_EXPECT_EQ(t, PARSE(line), SHELL_PARSE_TOO_MANY_WORDS);
}

KTEST(shell_parse, u32_accepts_only_plain_decimal_in_range) {
    uint32_t v = 7;
    KT_EXPECT(t, shell_parse_u32("0", &v) && v == 0);
    KT_EXPECT(t, shell_parse_u32("4294967295", &v) && v == 4294967295u);
    KT_EXPECT(t, !shell_parse_u32("4294967296", &v));
    KT_EXPECT(t, !shell_parse_u32("99999999999999999999999", &v));
    KT_EXPECT(t, !shell_parse_u32("", &v));
    KT_EXPECT(t, !shell_parse_u32("-1", &v));
    KT_EXPECT(t, !shell_parse_u32("+1", &v));
    KT_EXPECT(t, !shell_parse_u32("12a", &v));
    KT_EXPECT_EQ(t, v, 4294967295u);
}
