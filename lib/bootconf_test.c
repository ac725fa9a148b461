/*
 * boot.conf reading: commands with their arguments, comments and blank
 * lines; console services; every malformed line named with its number;
 * no read past the given length.
 */
#include "lib/bootconf.h"

#include "ktest.h"
#include "lib/string.h"

static const char *const good = "# programs init runs\n"
                                "\n"
                                "run bin/hello.wasm\n"
                                "  run\tbin/canary.wasm  a   'b  # the canary\r\n"
                                "run last.wasm";

KTEST(bootconf, reads_commands_and_arguments_skipping_comments_and_blanks) {
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, good, strlen(good));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_RUN);
    KT_EXPECT_EQ(t, cmd.count, 1);
    KT_EXPECT_STREQ(t, cmd.words[0], "bin/hello.wasm");
    KT_EXPECT_EQ(t, cmd.line, 3);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.count, 3);
    KT_EXPECT_STREQ(t, cmd.words[0], "bin/canary.wasm");
    KT_EXPECT_STREQ(t, cmd.words[1], "a");
    KT_EXPECT_STREQ(t, cmd.words[2], "'b"); /* no quoting: words are words */
    KT_EXPECT_EQ(t, cmd.line, 4);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, cmd.words[0], "last.wasm"); /* no final newline */
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
    KT_EXPECT(t, err.what == NULL);
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
}

static void expect_error(struct ktest *t, const char *text, unsigned line, const char *what) {
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, text, strlen(text));
    while (bootconf_next(&c, &cmd, &err)) {
    }
    KT_EXPECT_EQ(t, err.line, line);
    KT_EXPECT_STREQ(t, err.what, what);
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err)); /* reading stopped */
    KT_EXPECT(t, err.what == NULL);
}

KTEST(bootconf, console_names_a_program_and_maybe_a_service) {
    static const char text[] = "run a.wasm\nconsole bin/shell.wasm # the shell\n"
                               "console @vga bin/shell.wasm -q\n";
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, text, strlen(text));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_RUN);
    KT_EXPECT(t, cmd.service == NULL);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_CONSOLE);
    KT_EXPECT(t, cmd.service == NULL);
    KT_EXPECT_EQ(t, cmd.count, 1);
    KT_EXPECT_STREQ(t, cmd.words[0], "bin/shell.wasm");
    KT_EXPECT_EQ(t, cmd.line, 2);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_CONSOLE);
    KT_ASSERT(t, cmd.service != NULL);
    KT_EXPECT_STREQ(t, cmd.service, "vga");
    KT_EXPECT_EQ(t, cmd.count, 2);
    KT_EXPECT_STREQ(t, cmd.words[0], "bin/shell.wasm");
    KT_EXPECT_STREQ(t, cmd.words[1], "-q");
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
    KT_EXPECT(t, err.what == NULL);
}

KTEST(bootconf, driver_and_grant_lines_give_their_words) {
    static const char text[] = "driver bin/lspci.wasm\n\tgrant  x.wasm port 0x70 2 rw # rtc\n"
                               "grant\n";
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, text, strlen(text));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_DRIVER);
    KT_EXPECT_STREQ(t, cmd.words[0], "bin/lspci.wasm");
    KT_EXPECT_EQ(t, cmd.line, 1);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_GRANT);
    KT_EXPECT_EQ(t, cmd.count, 5);
    KT_EXPECT_STREQ(t, cmd.words[0], "x.wasm");
    KT_EXPECT_STREQ(t, cmd.words[4], "rw");
    KT_EXPECT_EQ(t, cmd.line, 2);
    /* what a grant's words mean is the kernel's to check */
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_GRANT);
    KT_EXPECT_EQ(t, cmd.count, 0);
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
    KT_EXPECT(t, err.what == NULL);
}

KTEST(bootconf, malformed_lines_are_errors_with_their_number) {
    expect_error(t, "run a\nstart b\n", 2, "unknown command");
    expect_error(t, "run\n", 1, "run: missing program path");
    expect_error(t, "runa\n", 1, "unknown command");
    expect_error(t, "console\n", 1, "console: missing program path");
    expect_error(t, "console @vga\n", 1, "console: missing program path");
    expect_error(t, "\n\nconsole @ bin/shell.wasm\n", 3, "console: bad service name");
    expect_error(t, "console @Tty a\n", 1, "console: bad service name");
    expect_error(t, "console @0123456789012345678901234567890123 a\n", 1,
                 "console: bad service name");
    expect_error(t, "driver # nothing\n", 1, "driver: missing program path");
    static char many[4 * (BOOTCONF_WORDS_MAX + 1) + 8];
    size_t n = 0;
    memcpy(many, "run", 3);
    n = 3;
    for (int i = 0; i < BOOTCONF_WORDS_MAX; i++) {
        memcpy(many + n, " ab", 3);
        n += 3;
    }
    many[n] = '\0';
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, many, n); /* the most words that fit */
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.count, BOOTCONF_WORDS_MAX);
    memcpy(many + n, " ab", 4);
    expect_error(t, many, 1, "too many words");
    static char long_line[BOOTCONF_LINE_MAX + 8];
    memset(long_line, 'x', sizeof long_line - 1);
    memcpy(long_line, "run ", 4);
    expect_error(t, long_line, 1, "line too long");
    long_line[BOOTCONF_LINE_MAX - 1] = '\0'; /* the longest line that fits */
    bootconf_begin(&c, long_line, strlen(long_line));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, strlen(cmd.words[0]), BOOTCONF_LINE_MAX - 1 - 4);
}

KTEST(bootconf, never_reads_past_the_length) {
    static const char text[] = "run abc\nrun def";
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, text, 10); /* "run abc\nru" */
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, cmd.words[0], "abc");
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, err.what, "unknown command"); /* "ru" */
    char nul[] = {'r', 'u', 'n', ' ', 'a', '\0', 'b', '\n'};
    bootconf_begin(&c, nul, sizeof nul);
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, err.what, "NUL byte");
}
