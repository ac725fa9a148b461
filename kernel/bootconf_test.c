/*
 * boot.conf reading: commands, comments and blank lines; every malformed
 * line named with its number; no read past the given length.
 */
#include "kernel/bootconf.h"

#include "ktest.h"
#include "lib/string.h"

static const char *const good = "# programs init runs\n"
                                "\n"
                                "run bin/hello.wasm\n"
                                "  run\tbin/canary.wasm   # the canary\r\n"
                                "run last.wasm";

KTEST(bootconf, reads_commands_skipping_comments_and_blanks) {
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, good, strlen(good));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, cmd.path, "bin/hello.wasm");
    KT_EXPECT_EQ(t, cmd.line, 3);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, cmd.path, "bin/canary.wasm");
    KT_EXPECT_EQ(t, cmd.line, 4);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, cmd.path, "last.wasm"); /* no final newline */
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

KTEST(bootconf, console_names_a_program) {
    static const char text[] = "run a.wasm\nconsole bin/shell.wasm # the shell\n";
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, text, strlen(text));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_RUN);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_CONSOLE);
    KT_EXPECT_STREQ(t, cmd.path, "bin/shell.wasm");
    KT_EXPECT_STREQ(t, cmd.service, "");
    KT_EXPECT_EQ(t, cmd.line, 2);
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
    KT_EXPECT(t, err.what == NULL);
}

KTEST(bootconf, console_names_a_service_to_attach) {
    static const char text[] = "console @console bin/shell.wasm\n";
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, text, strlen(text));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_CONSOLE);
    KT_EXPECT_STREQ(t, cmd.service, "console");
    KT_EXPECT_STREQ(t, cmd.path, "bin/shell.wasm");
}

KTEST(bootconf, driver_names_a_program_to_supervise) {
    static const char text[] = "driver bin/lspci.wasm\n\tdriver  x.wasm # again\n";
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, text, strlen(text));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_DRIVER);
    KT_EXPECT_STREQ(t, cmd.path, "bin/lspci.wasm");
    KT_EXPECT_EQ(t, cmd.line, 1);
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, cmd.kind, BOOTCONF_DRIVER);
    KT_EXPECT_STREQ(t, cmd.path, "x.wasm");
    KT_EXPECT_EQ(t, cmd.line, 2);
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
    KT_EXPECT(t, err.what == NULL);
}

KTEST(bootconf, malformed_lines_are_errors_with_their_number) {
    expect_error(t, "run a\nstart b\n", 2, "unknown command");
    expect_error(t, "run\n", 1, "run: missing program path");
    expect_error(t, "\n\nrun a b\n", 3, "run: extra words");
    expect_error(t, "runa\n", 1, "unknown command");
    expect_error(t, "console\n", 1, "console: missing program path");
    expect_error(t, "console a b\n", 1, "console: extra words");
    expect_error(t, "console @tty\n", 1, "console: missing program path");
    expect_error(t, "console @tty a b\n", 1, "console: extra words");
    expect_error(t, "console @ a\n", 1, "console: bad service name");
    expect_error(t, "console @Tty a\n", 1, "console: bad service name");
    expect_error(t, "console @0123456789012345678901234567890123 a\n", 1,
                 "console: bad service name");
    expect_error(t, "driver\n", 1, "driver: missing program path");
    expect_error(t, "driver a b\n", 1, "driver: extra words");
    static char long_line[BOOTCONF_LINE_MAX + 8];
    memset(long_line, 'x', sizeof long_line - 1);
    memcpy(long_line, "run ", 4);
    expect_error(t, long_line, 1, "line too long");
    long_line[BOOTCONF_LINE_MAX - 1] = '\0'; /* the longest line that fits */
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, long_line, strlen(long_line));
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_EQ(t, strlen(cmd.path), BOOTCONF_LINE_MAX - 1 - 4);
}

KTEST(bootconf, never_reads_past_the_length) {
    static const char text[] = "run abc\nrun def";
    struct bootconf_cursor c;
    struct bootconf_cmd cmd;
    struct bootconf_error err;
    bootconf_begin(&c, text, 10); /* "run abc\nru" */
    KT_ASSERT(t, bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, cmd.path, "abc");
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, err.what, "unknown command"); /* "ru" */
    char nul[] = {'r', 'u', 'n', ' ', 'a', '\0', 'b', '\n'};
    bootconf_begin(&c, nul, sizeof nul);
    KT_EXPECT(t, !bootconf_next(&c, &cmd, &err));
    KT_EXPECT_STREQ(t, err.what, "NUL byte");
}
